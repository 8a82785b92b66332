/** Derived protocol data: heartbeats collapsed, readiness, objectives over time, names seen. */
import { describe, expect, it } from 'vitest';
import { EventLog, type LogInput } from '../../../src/log';
import { describeHeartbeats, summariseHeartbeats } from '../../../src/log/heartbeats';
import { SessionInsights } from '../../../src/log/insights';
import { objectivesOf } from '../../../src/log/objectives';
import { readinessOf } from '../../../src/log/readiness';
import { nameInfo } from '../../../src/protocol/names';
import { app, callState, ev } from './helpers';

const T0 = 1_767_802_000_000;
const at = (s: number, extra: Record<string, unknown> = {}) => ({ t: T0 + s * 1000, ...extra });
const heartbeat = (attempt: number, s: number) =>
  app(ev('system.replica_present', undefined, { attempt }, { message_type: 'system' }), at(s));
const objective = (phase: string, name: string, s: number, properties: Record<string, unknown> = {}) =>
  app(ev(`conversation.objective.${phase}`, undefined, { objective_name: name, ...properties }), at(s));

function logOf(inputs: LogInput[]): EventLog {
  const log = new EventLog();
  log.add(inputs);
  return log;
}

describe('heartbeats', () => {
  const beats = [heartbeat(1, 0), heartbeat(2, 5), heartbeat(3, 10), heartbeat(4, 21)];

  it('collapse into one row per call in the view (expanded: one row each)', () => {
    const log = logOf([app(ev('conversation.utterance', 1, { role: 'user', speech: 'hi' }), at(1)), ...beats]);
    const collapsed = log.view({ collapseStreams: true, order: 'arrival' });
    expect(collapsed.length).toBe(2);
    const row = collapsed.at(1);
    expect(row?.type === 'event' && row.stream?.type).toBe('heartbeat');
    expect(row?.type === 'event' && row.stream?.chunkIds.length).toBe(4);
    expect(log.view({ collapseStreams: false, order: 'arrival' }).length).toBe(5);
  });

  it('summarise count, interval and last attempt', () => {
    const log = logOf(beats);
    const summary = summariseHeartbeats([...log.events()]);
    expect(summary).toMatchObject({ count: 4, meanIntervalMs: 7000, maxIntervalMs: 11000, lastAttempt: 4 });
    expect(describeHeartbeats(summary!)).toBe('replica present × 4 · every 7.0 s (max 11.0 s) · last attempt 4');
    expect(summariseHeartbeats([])).toBeUndefined();
  });
});

describe('readiness', () => {
  it('keeps the first join, heartbeat and replica speech per call; ready is the earliest', () => {
    const log = logOf([
      callState('joined', {}, at(0)),
      app(ev('conversation.respond', undefined, { text: 'early' }), at(0.5, { dir: 'out' })),
      heartbeat(1, 2),
      callState('participant-joined', { user_id: 'tavus-replica-r1', replica: true }, at(3)),
      app(ev('conversation.replica.started_speaking', 2), at(4)),
      heartbeat(2, 7),
      app(
        ev('conversation.utterance', 3, { role: 'replica', speech: 'x' }, { inference_id: 'i' }),
        at(8, { callId: 'call-2' }),
      ),
    ]);
    const [call, other] = readinessOf(log.events());
    expect(other).toMatchObject({ callId: 'call-2', ready: { signal: 'speech' }, sawCallStart: false });
    expect(call).toMatchObject({
      callId: 'call-1',
      sawCallStart: true,
      firstHeartbeat: { signal: 'heartbeat', at: T0 + 2000 },
      joined: { signal: 'joined', at: T0 + 3000 },
      firstReplicaSpeech: { signal: 'speech', at: T0 + 4000 },
      ready: { signal: 'heartbeat', at: T0 + 2000 },
    });
  });

  it("a Daily join of the replica is shown but is not ready: Tavus's own signals are", () => {
    const log = logOf([callState('participant-joined', { user_id: 'tavus-replica-r1', replica: true }, at(1))]);
    const [call] = readinessOf(log.events());
    expect(call).toMatchObject({ joined: { signal: 'joined', source: 'daily' }, ready: undefined });
  });

  it('a user event or an outgoing send is no sign of the replica', () => {
    const log = logOf([
      app(ev('conversation.utterance', 1, { role: 'user', speech: 'hi' }), at(0)),
      app(ev('conversation.respond', undefined, { text: 'x' }), at(1, { dir: 'out' })),
    ]);
    expect(readinessOf(log.events())).toEqual([]);
  });
});

describe('objectives over time', () => {
  it('pending → confirm → activated → completed, with output variables, per name in first-seen order', () => {
    const log = logOf([
      objective('activated', 'greet', 1),
      objective('pending', 'confirm_identity', 2),
      app(
        ev('conversation.objective.confirm', undefined, { objective_name: 'confirm_identity' }),
        at(3, { dir: 'out' }),
      ),
      objective('completed', 'greet', 4, { output_variables: { name: 'Priya' } }),
      objective('activated', 'confirm_identity', 5),
    ]);
    const [greet, identity] = objectivesOf(log.events());
    expect(greet).toMatchObject({
      name: 'greet',
      status: 'completed',
      outputVariables: { name: 'Priya' },
      awaitingConfirm: false,
    });
    expect(greet!.steps.map((s) => s.phase)).toEqual(['activated', 'completed']);
    expect(identity).toMatchObject({ name: 'confirm_identity', status: 'activated', awaitingConfirm: false });
    expect(identity!.steps.map((s) => s.phase)).toEqual(['pending', 'confirm', 'activated']);
  });

  it('a pending objective without a confirm is awaiting one', () => {
    const [only] = objectivesOf(logOf([objective('pending', 'consent', 1)]).events());
    expect(only).toMatchObject({ status: 'pending', awaitingConfirm: true });
  });
});

describe('names seen', () => {
  it('marks documented, legacy, variant, undocumented and unknown names', () => {
    expect(nameInfo('conversation.utterance').standing).toBe('documented');
    expect(nameInfo('conversation.replica.started_speaking').standing).toBe('legacy');
    expect(nameInfo('conversation.replica_interrupted').standing).toBe('legacy');
    expect(nameInfo('conversation.perception-analysis')).toMatchObject({
      standing: 'variant',
      canonical: 'conversation.perception_analysis',
    });
    expect(nameInfo('Conversation.Utterance').standing).toBe('variant');
    expect(nameInfo('system.replica_present').standing).toBe('undocumented');
    expect(nameInfo('conversation.objective.completed').standing).toBe('undocumented');
    expect(nameInfo('conversation.replica.start_speaking').standing).toBe('unknown');
  });

  it('counts every name seen, by direction, most frequent first', () => {
    const insights = new SessionInsights();
    insights.sync(
      logOf([
        heartbeat(1, 0),
        heartbeat(2, 5),
        app(ev('conversation.replica.start_speaking', 1), at(1)),
        app(ev('conversation.respond', undefined, { text: 'x' }), at(2, { dir: 'out' })),
      ]),
    );
    expect(insights.names.list().map((n) => [n.eventType, n.count, n.incoming, n.outgoing, n.standing])).toEqual([
      ['system.replica_present', 2, 2, 0, 'undocumented'],
      ['conversation.replica.start_speaking', 1, 1, 0, 'unknown'],
      ['conversation.respond', 1, 0, 1, 'documented'],
    ]);
  });
});

describe('SessionInsights', () => {
  it('feeds every consumer once per event, incrementally, and forgets on reset', () => {
    const log = new EventLog();
    const insights = new SessionInsights();
    log.add([objective('pending', 'consent', 1)]);
    expect(insights.sync(log)).toBe(1);
    log.add([heartbeat(1, 2)]);
    expect(insights.sync(log)).toBe(1);
    expect(insights.objectives.list()).toHaveLength(1);
    expect(insights.readiness.isReady('call-1')).toBe(true);
    log.clear();
    insights.reset();
    log.add([app(ev('conversation.respond', undefined, { text: 'x' }), at(3, { dir: 'out' }))]);
    expect(insights.sync(log)).toBe(1);
    expect(insights.objectives.list()).toEqual([]);
    expect(insights.lint.findings(T0).map((f) => f.ruleId)).toEqual(['send-before-ready']);
  });
});
