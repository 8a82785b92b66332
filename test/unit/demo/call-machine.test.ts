// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The daily-js side of the postMessage protocol, recorded. */
interface Posted {
  what?: string;
  from?: string;
  action?: string;
  callClientId?: string;
  callFrameId?: string;
  data?: { event_type?: string; properties?: Record<string, unknown> };
  fromId?: string;
  participant?: { user_id: string; user_name: string; session_id: string; local: boolean };
  participants?: Record<string, { local: boolean; user_name: string }>;
  callbackStamp?: string;
}

type Win = Window & { _daily?: unknown; __cviDemoConfig?: unknown; store?: unknown };
const win = window as Win;
let received: Posted[] = [];
const record = (event: MessageEvent) => {
  const data = event.data as Posted;
  if (data?.what === 'iframe-call-message' && data.from === 'embedded') received.push(data);
};

async function waitFor<T>(find: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh instance id per test, so machines left over from earlier tests stay out of the way. */
let testCount = 0;
let currentId = '';

function fromDailyJs(
  message: Record<string, unknown>,
  idKey: 'callClientId' | 'callFrameId' = 'callClientId',
  id = currentId,
): void {
  window.postMessage({ what: 'iframe-call-message', from: 'module', [idKey]: id, ...message }, '*');
}

const appMessage = (eventType: string) => () =>
  received.find((m) => m.action === 'app-message' && m.data?.event_type === eventType);

async function loadMachine(ids: string[] = [currentId]): Promise<void> {
  win._daily = { pendings: [...ids], instances: Object.fromEntries(ids.map((id) => [id, {}])) };
  vi.resetModules();
  await import('../../../src/demo/call-machine');
}

beforeEach(() => {
  testCount++;
  currentId = `id-${testCount}`;
  received = [];
  win.__cviDemoConfig = { seed: 5, speed: 20, perception: 0 };
  delete win.store;
  window.addEventListener('message', record);
  vi.spyOn(console, 'info').mockImplementation(() => {});
});

afterEach(() => {
  // Ending the call (and dropping the registry entry) lets each test's machine detach itself.
  fromDailyJs({ action: 'leave-meeting' });
  win._daily = undefined;
  window.removeEventListener('message', record);
  vi.restoreAllMocks();
});

describe('offline call machine', () => {
  it('registers itself for every pending call instance, the way daily-js expects', async () => {
    await loadMachine();
    const registry = win._daily as { pendings: string[]; instances: Record<string, Record<string, unknown>> };
    expect(registry.pendings).toEqual([]);
    const machine = registry.instances[currentId]?.callMachine as { reset: unknown; store: { getState(): unknown } };
    expect(typeof machine.reset).toBe('function');
    expect(machine.store.getState()).toMatchObject({ local: { streams: {} }, participants: {}, streams: {} });
    expect(typeof registry.instances[currentId]?.resetCallMachine).toBe('function');
  });

  it('joins, announces the local user and the replica, then relays the replica events', async () => {
    await loadMachine();
    fromDailyJs({ action: 'join-meeting', properties: { userName: 'Ada' }, callbackStamp: 'stamp-1' });
    const joined = await waitFor(() => received.find((m) => m.action === 'joined-meeting'));
    expect(joined).toMatchObject({ callClientId: currentId, callbackStamp: 'stamp-1' });
    expect(joined.participants?.local).toMatchObject({ local: true, user_name: 'Ada' });
    const replica = await waitFor(() => received.find((m) => m.action === 'participant-joined')).then(
      (m) => m.participant,
    );
    expect(replica?.user_id).toContain('tavus-replica');
    expect(replica).toMatchObject({ user_name: 'Replica', local: false });

    const announce = await waitFor(appMessage('system.replica_joined'));
    expect(announce.fromId).toBe(replica?.session_id);
    expect(announce.callClientId).toBe(currentId);

    fromDailyJs({
      action: 'app-msg',
      to: '*',
      data: { message_type: 'conversation', event_type: 'conversation.respond', properties: { text: 'hello' } },
    });
    const reply = await waitFor(() =>
      received.find((m) => m.data?.event_type === 'conversation.utterance' && m.data.properties?.role === 'replica'),
    );
    expect(reply.fromId).toBe(replica?.session_id);
  });

  it('only hears app messages addressed to everyone or to the replica', async () => {
    await loadMachine();
    fromDailyJs({ action: 'join-meeting' });
    await waitFor(appMessage('system.replica_joined'));
    const replicaId = received.find((m) => m.action === 'participant-joined')?.participant?.session_id;
    fromDailyJs({
      action: 'app-msg',
      to: 'someone-else',
      data: { event_type: 'conversation.respond', properties: { text: 'psst' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(appMessage('conversation.utterance')()).toBeUndefined();
    fromDailyJs({
      action: 'app-msg',
      to: [replicaId],
      data: { event_type: 'conversation.respond', properties: { text: 'hi' } },
    });
    await waitFor(appMessage('conversation.utterance'));
  });

  it('flushes the perception analysis before left-meeting', async () => {
    await loadMachine();
    fromDailyJs({ action: 'join-meeting' });
    await waitFor(appMessage('system.replica_joined'));
    fromDailyJs({ action: 'leave-meeting' });
    await waitFor(() => received.find((m) => m.action === 'left-meeting'));
    const actions = received.map((m) => m.data?.event_type ?? m.action);
    expect(actions.slice(-2)).toEqual(['conversation.perception_analysis', 'left-meeting']);
  });

  it('speaks the daily-js 0.60 dialect: callFrameId replies and a global store', async () => {
    await loadMachine();
    fromDailyJs({ action: 'join-meeting' }, 'callFrameId');
    const joined = await waitFor(() => received.find((m) => m.action === 'joined-meeting'));
    expect(joined.callFrameId).toBe(currentId);
    expect(joined.callClientId).toBeUndefined();
    expect(typeof (win.store as { getState?: unknown } | undefined)?.getState).toBe('function');
    fromDailyJs({ action: 'leave-meeting' }, 'callFrameId');
    await waitFor(() => received.find((m) => m.action === 'left-meeting'));
  });

  it('ignores other instances and answers unknown requests that await a reply', async () => {
    await loadMachine();
    fromDailyJs({ action: 'join-meeting' }, 'callClientId', 'id-other');
    fromDailyJs({ action: 'get-something', callbackStamp: 'stamp-9' });
    const ack = await waitFor(() => received.find((m) => m.callbackStamp === 'stamp-9'));
    expect(ack.callClientId).toBe(currentId);
    expect(received.some((m) => m.action === 'joined-meeting')).toBe(false);
  });
});
