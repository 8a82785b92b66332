// The shared simulated call machine (offline join and the demo), driven through a fake page: what daily-js sends,
// what the machine answers.
import { describe, expect, it, vi } from 'vitest';
import {
  SILENT_REPLICA,
  installPendingMachines,
  readFromDailyJs,
  type DailyRegistry,
  type JoinedRoom,
  type MachineBrain,
  type MachineEnv,
} from '../../../src/page/offline/call-machine-core';

type Posted = Record<string, unknown> & {
  action?: string;
  participant?: Record<string, unknown>;
  participants?: Record<string, Record<string, unknown>>;
};

function fakePage(ids: string[]) {
  const registry: DailyRegistry = { pendings: [...ids], instances: Object.fromEntries(ids.map((id) => [id, {}])) };
  const listeners = new Set<(data: unknown) => void>();
  const posted: Posted[] = [];
  let legacyStore: unknown;
  let counter = 0;
  const env: MachineEnv = {
    registry: () => registry,
    post: (message) => posted.push(message as Posted),
    listen: (listener) => listeners.add(listener),
    unlisten: (listener) => listeners.delete(listener),
    provideLegacyStore: (store) => (legacyStore = store),
    randomId: () => `session-${++counter}`,
  };
  const fromDailyJs = (id: string, message: Record<string, unknown>, idKey = 'callClientId') => {
    for (const listener of [...listeners])
      listener({ what: 'iframe-call-message', from: 'module', [idKey]: id, ...message });
  };
  return { env, registry, posted, listeners, fromDailyJs, legacyStore: () => legacyStore };
}

const byAction = (posted: Posted[], action: string) => posted.filter((m) => m.action === action);

describe('offline call machine', () => {
  it('registers with daily-js for each pending call, once', () => {
    const page = fakePage(['a', 'b']);
    const machines = installPendingMachines(page.env, () => SILENT_REPLICA);
    expect(machines).toHaveLength(2);
    expect(page.registry.pendings).toEqual([]);
    const entry = page.registry.instances?.a as { callMachine: { reset: unknown; store: { getState(): unknown } } };
    expect(typeof entry.callMachine.reset).toBe('function');
    expect(entry.callMachine.store.getState()).toMatchObject({ participants: {}, streams: {} });
    // A second evaluation of the bundle (daily-js retried) leaves the served instances alone.
    page.registry.pendings = ['a'];
    expect(installPendingMachines(page.env, () => SILENT_REPLICA)).toHaveLength(0);
  });

  it('answers join with a joined meeting, the local user, a replica participant and the counts', () => {
    const page = fakePage(['a']);
    const [machine] = installPendingMachines(page.env, () => SILENT_REPLICA);
    page.fromDailyJs('a', {
      action: 'join-meeting',
      callbackStamp: 'stamp-1',
      properties: { userName: 'Ada', url: 'https://tavus.daily.co/c123' },
    });
    const [joined] = byAction(page.posted, 'joined-meeting');
    expect(joined).toMatchObject({ what: 'iframe-call-message', from: 'embedded', callClientId: 'a' });
    expect(joined?.callbackStamp).toBe('stamp-1');
    expect(joined?.participants?.local).toMatchObject({ local: true, user_name: 'Ada' });
    const [replica] = byAction(page.posted, 'participant-joined');
    expect(replica?.participant).toMatchObject({
      local: false,
      user_name: 'Replica',
      session_id: machine?.sessions.replica,
    });
    expect(byAction(page.posted, 'participant-counts-updated')[0]).toMatchObject({
      participantCounts: { present: 2, hidden: 0 },
    });
  });

  it('accepts app messages for the replica and hands them to the brain; the silent replica says nothing', () => {
    const page = fakePage(['a']);
    const receive = vi.fn();
    const brain: MachineBrain = { ...SILENT_REPLICA, receive };
    const [machine] = installPendingMachines(page.env, () => brain);
    const respond = { event_type: 'conversation.respond', properties: { text: 'hi' } };
    page.fromDailyJs('a', { action: 'app-msg', data: respond, to: '*' });
    expect(receive).not.toHaveBeenCalled(); // not joined yet
    page.fromDailyJs('a', { action: 'join-meeting' });
    const before = page.posted.length;
    page.fromDailyJs('a', { action: 'app-msg', data: respond, to: '*' });
    page.fromDailyJs('a', { action: 'app-msg', data: respond, to: 'someone-else' });
    page.fromDailyJs('a', { action: 'app-msg', data: respond, to: [machine?.sessions.replica] });
    expect(receive).toHaveBeenCalledTimes(2);
    expect(receive.mock.calls[0]?.[0]).toEqual(respond);
    expect(page.posted.length).toBe(before); // accepted silently: no error, no echo
  });

  it('lets a brain speak in the room and add participants; leave flushes, then left-meeting', () => {
    const page = fakePage(['a']);
    let room: JoinedRoom | undefined;
    const brain: MachineBrain = {
      ...SILENT_REPLICA,
      joined: (r) => {
        room = r;
        r.addParticipant({ sessionId: 'bot', userId: 'pipecat-bot', userName: 'Bot' });
      },
      leave: (r) => r.postAppMessage({ event_type: 'conversation.perception_analysis' }, r.replicaSessionId),
    };
    installPendingMachines(page.env, () => brain);
    page.fromDailyJs('a', { action: 'join-meeting' });
    expect(byAction(page.posted, 'participant-counts-updated')[0]).toMatchObject({ participantCounts: { present: 3 } });
    room?.postAppMessage({ event_type: 'conversation.utterance' }, room.replicaSessionId);
    expect(byAction(page.posted, 'app-message')[0]).toMatchObject({ fromId: room?.replicaSessionId });
    page.fromDailyJs('a', { action: 'leave-meeting', callbackStamp: 's2' });
    expect(page.posted.slice(-2).map((m) => m.action)).toEqual(['app-message', 'left-meeting']);
    expect(page.posted.at(-1)?.callbackStamp).toBe('s2');
    // After leaving, the room is closed: nothing more reaches daily-js.
    const count = page.posted.length;
    room?.postAppMessage({ event_type: 'late' }, 'x');
    expect(page.posted.length).toBe(count);
  });

  it('speaks the daily-js 0.60 dialect: callFrameId and a global store', () => {
    const page = fakePage(['old']);
    installPendingMachines(page.env, () => SILENT_REPLICA);
    page.fromDailyJs('old', { action: 'join-meeting' }, 'callFrameId');
    expect(byAction(page.posted, 'joined-meeting')[0]).toMatchObject({ callFrameId: 'old' });
    expect(byAction(page.posted, 'joined-meeting')[0]?.callClientId).toBeUndefined();
    expect(typeof (page.legacyStore() as { getState?: unknown }).getState).toBe('function');
  });

  it('acks unknown requests that await a reply, ignores other calls and its own messages, detaches when destroyed', () => {
    const page = fakePage(['a']);
    installPendingMachines(page.env, () => SILENT_REPLICA);
    page.fromDailyJs('other', { action: 'join-meeting' });
    page.fromDailyJs('a', { action: 'set-network-topology', callbackStamp: 's9' });
    expect(page.posted).toEqual([expect.objectContaining({ callbackStamp: 's9', callClientId: 'a' })]);
    expect(readFromDailyJs({ what: 'iframe-call-message', from: 'embedded', action: 'app-message' })).toBeUndefined();
    expect(readFromDailyJs({ what: 'something-else', action: 'join-meeting' })).toBeUndefined();
    delete page.registry.instances?.a; // daily-js destroy()
    page.fromDailyJs('a', { action: 'join-meeting' });
    expect(byAction(page.posted, 'joined-meeting')).toHaveLength(0);
    expect(page.listeners.size).toBe(0);
  });

  it('gives the replica a synthetic video the way daily-js finds remote tracks (store streams), when it can', () => {
    const page = fakePage(['a']);
    const track = { kind: 'video', readyState: 'live' } as unknown as MediaStreamTrack;
    page.env.replicaVideo = () => track;
    const [machine] = installPendingMachines(page.env, () => SILENT_REPLICA);
    page.fromDailyJs('a', { action: 'join-meeting' });
    const replica = byAction(page.posted, 'participant-joined')[0]?.participant as {
      video: boolean;
      tracks: { video: { state: string } };
    };
    expect(replica.video).toBe(true);
    expect(replica.tracks.video.state).toBe('playable');
    const entry = page.registry.instances?.a as { callMachine: { store: { getState(): { streams: object } } } };
    expect(Object.values(entry.callMachine.store.getState().streams)).toEqual([
      expect.objectContaining({ participantId: machine?.sessions.replica, type: 'cam', pendingTrack: track }),
    ]);
  });

  it('joins without video where no track can be made', () => {
    const page = fakePage(['a']);
    page.env.replicaVideo = () => {
      throw new Error('no canvas');
    };
    installPendingMachines(page.env, () => SILENT_REPLICA);
    page.fromDailyJs('a', { action: 'join-meeting' });
    const replica = byAction(page.posted, 'participant-joined')[0]?.participant as { video: boolean };
    expect(replica.video).toBe(false);
    expect(byAction(page.posted, 'joined-meeting')).toHaveLength(1);
  });
});
