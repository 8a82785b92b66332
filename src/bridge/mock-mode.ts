/**
 * The mock-replica flag: ONE per tab, the single source of truth for "mock mode is on in this tab", shared by the
 * mock replica (which runs in the panel) and offline join (which substitutes Daily's call machine in that tab).
 *
 * - Who sets it: only the panel, with a `{ type: 'mock-replica', on }` PanelToBackground message. The router applies
 *   it to the tab that panel watches (browser-given, never a tab id from the message) and tells every panel of the
 *   tab with a `{ type: 'mock-replica', on }` BackgroundToPanel message (also sent in reply to `watch`).
 * - Where it lives: `storage.session` under `mockReplicaKey(tabId)` (`true` when on; the key is removed when off),
 *   written by the background. storage.session survives the service worker being stopped but not a browser restart,
 *   and content scripts cannot read it (its default access level), so a page can neither see nor set it.
 * - Who reads it: the background (`readMockReplica`, or the router's `mockReplicaOn(tabId)` mirror); anything in the
 *   tab that needs it asks the background, which answers for the browser-given `sender.tab.id`.
 * - When it goes off: when the panel switches it off, when the last panel of the tab closes (the mock answers from
 *   the panel, so with no panel nothing would answer and nothing would show that the mode is on), and when the tab
 *   closes.
 */
import type { ExtApi } from './ext';

export type MockReplicaFlag = boolean;

export const MOCK_REPLICA_KEY_PREFIX = 'mockReplica:';

export const mockReplicaKey = (tabId: number): string => `${MOCK_REPLICA_KEY_PREFIX}${tabId}`;

/** The storage the flag lives in (storage.session; tests pass an in-memory one). */
export type MockReplicaStorage = NonNullable<ExtApi['storage']['session']>;

export async function readMockReplica(storage: MockReplicaStorage, tabId: number): Promise<MockReplicaFlag> {
  const stored = await storage.get(mockReplicaKey(tabId));
  return stored[mockReplicaKey(tabId)] === true;
}

export async function writeMockReplica(storage: MockReplicaStorage, tabId: number, on: MockReplicaFlag): Promise<void> {
  if (on) await storage.set({ [mockReplicaKey(tabId)]: true });
  else await storage.remove(mockReplicaKey(tabId));
}
