/**
 * Offline join, the background's part: it answers a relay's `offline-join?` for the browser-given sender tab, and
 * pushes a change of the tab's mock-replica flag to the tab's frames. What the page hook then does with it is in
 * src/page/offline-join.ts; why it needs no permission, in src/bridge/offline-join.ts.
 */
import { BRIDGE_VERSION, type OfflineJoinNotice } from '../bridge/messages';
import { mockConversationResponse, mockEndConversationResponse } from '../protocol/tavus-rest-mock';

/** What a tab's frames are told when its flag is `on` or off (the REST mock's answers dated `now`). */
export function offlineJoinNotice(on: boolean, now: Date): OfflineJoinNotice {
  if (!on) return { v: BRIDGE_VERSION, type: 'offline-join', on: false };
  return {
    v: BRIDGE_VERSION,
    type: 'offline-join',
    on: true,
    conversation: JSON.stringify(mockConversationResponse(now)),
    conversationEnded: JSON.stringify(mockEndConversationResponse()),
  };
}
