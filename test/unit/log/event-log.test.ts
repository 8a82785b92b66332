import { describe, expect, it } from 'vitest';
import { EventLog, parseFilter, timeDeltaMs, type LogEvent, type LogInput, type ViewRow } from '../../../src/log';
import { app, callState, ev } from './helpers';

const utter = (seq: number | undefined, extra: Record<string, unknown> = {}) =>
  app(ev('conversation.utterance', seq, { role: 'user', speech: `s${seq}` }, extra));

function rows(log: EventLog, options: Parameters<EventLog['view']>[0] = {}): ViewRow[] {
  const view = log.view(options);
  return Array.from({ length: view.length }, (_, i) => view.at(i)!);
}

const seqsOf = (log: EventLog, options: Parameters<EventLog['view']>[0] = {}) =>
  rows(log, options).map((r) =>
    r.type === 'gap' ? `gap ${r.gap.fromSeq}-${r.gap.toSeq}` : (r.event.seq ?? r.event.eventType),
  );

describe('EventLog ordering and anomalies', () => {
  it('orders by seq, keeps arrival order alongside', () => {
    const log = new EventLog();
    log.add([utter(1), utter(3), utter(2), utter(4)]);
    expect(seqsOf(log)).toEqual([1, 2, 3, 4]);
    expect(seqsOf(log, { order: 'arrival' })).toEqual([1, 3, 2, 4]);
    const late = log.view().at(1);
    expect(late?.type === 'event' && late.event).toMatchObject({
      seq: 2,
      outOfOrder: true,
      late: true,
      duplicate: false,
    });
    expect(log.stats().anomalies).toEqual({ outOfOrder: 1, duplicate: 0, late: 1, gapSeqs: 0, gapRanges: 0 });
  });

  it('shows gap markers and resolves them when the seq arrives', () => {
    const log = new EventLog();
    log.add([utter(1), utter(2), utter(5), utter(6), utter(9)]);
    expect(seqsOf(log)).toEqual([1, 2, 'gap 3-4', 5, 6, 'gap 7-8', 9]);
    expect(log.stats().anomalies).toMatchObject({ gapSeqs: 4, gapRanges: 2 });
    expect(log.gaps('call-1')).toEqual([
      { callId: 'call-1', fromSeq: 3, toSeq: 4, count: 2 },
      { callId: 'call-1', fromSeq: 7, toSeq: 8, count: 2 },
    ]);
    log.add([utter(4)]);
    expect(seqsOf(log)).toEqual([1, 2, 'gap 3-3', 4, 5, 6, 'gap 7-8', 9]);
    log.add([utter(3), utter(7), utter(8)]);
    expect(seqsOf(log)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.stats().anomalies).toEqual({ outOfOrder: 4, duplicate: 0, late: 4, gapSeqs: 0, gapRanges: 0 });
    expect(seqsOf(log, { showGaps: false })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a seq below the lowest seen is out of order but not late', () => {
    const log = new EventLog();
    log.add([utter(5), utter(6), utter(3)]);
    expect(seqsOf(log)).toEqual([3, 'gap 4-4', 5, 6]);
    const first = log.get(2)!;
    expect(first).toMatchObject({ outOfOrder: true, late: false });
  });

  it('duplicates: same seq twice, both kept, the second flagged', () => {
    const log = new EventLog();
    log.add([utter(1), utter(2), utter(2), utter(3), utter(1)]);
    expect(seqsOf(log)).toEqual([1, 1, 2, 2, 3]);
    const dups = [...log.events()].filter((e) => e.duplicate);
    expect(dups.map((e) => [e.id, e.seq, e.duplicateOf, e.outOfOrder])).toEqual([
      [2, 2, 1, false],
      [4, 1, 0, false],
    ]);
    expect(log.stats().anomalies).toMatchObject({ duplicate: 2, outOfOrder: 0 });
  });

  it('seq is per call', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.utterance', 1, { role: 'user', speech: 'a' }), { callId: 'A' }),
      app(ev('conversation.utterance', 1, { role: 'user', speech: 'b' }), { callId: 'B' }),
      app(ev('conversation.utterance', 3, { role: 'user', speech: 'c' }), { callId: 'B' }),
      app(ev('conversation.utterance', 2, { role: 'user', speech: 'd' }), { callId: 'A' }),
    ]);
    expect(log.stats().anomalies).toMatchObject({ duplicate: 0, outOfOrder: 0, gapSeqs: 1 });
    expect(log.stats('A').anomalies.gapSeqs).toBe(0);
    expect(log.stats('B').anomalies.gapSeqs).toBe(1);
    expect(seqsOf(log, { callId: 'B' })).toEqual([1, 'gap 2-2', 3]);
    expect(log.callIds()).toEqual(['A', 'B']);
  });

  it('events without seq keep their arrival position and are never anomalies', () => {
    const log = new EventLog();
    log.add([
      callState('joined'),
      utter(1),
      app(ev('conversation.respond', undefined, { text: 'hi' }), { dir: 'out' }),
      utter(3),
      app(ev('conversation.echo', 99, { modality: 'text', text: 'x' }), { dir: 'out' }), // outgoing seq is ignored
      utter(2),
      app(ev('conversation.utterance', undefined, { role: 'user', speech: 'old protocol' })),
    ]);
    // (the outgoing echo's own seq 99 is shown but not used for ordering)
    expect(seqsOf(log)).toEqual(['daily.joined', 1, 'conversation.respond', 2, 3, 99, 'conversation.utterance']);
    const unseq = [...log.events()].filter((e) => !(e.dir === 'in' && e.seq !== undefined));
    expect(unseq.every((e) => !e.outOfOrder && !e.duplicate && !e.late)).toBe(true);
    expect(log.stats().anomalies).toEqual({ outOfOrder: 1, duplicate: 0, late: 1, gapSeqs: 0, gapRanges: 0 });
  });

  it('re-delivery of the same (source, cursor) is ignored and counted', () => {
    const log = new EventLog();
    const a = utter(1);
    const b = utter(2);
    expect(log.add([a, b])).toEqual({ added: 2, redelivered: 0, evicted: 0 });
    const revision = log.revision;
    expect(log.add([a, b, { ...a, source: 'other' }])).toEqual({ added: 1, redelivered: 2, evicted: 0 });
    expect(log.revision).toBe(revision + 1);
    expect(log.stats()).toMatchObject({ redelivered: 2, total: 3 });
    expect(log.add([a]).added).toBe(0);
    expect(log.revision).toBe(revision + 1); // nothing changed
  });
});

describe('EventLog twins', () => {
  it('PAL-era copies with the same seq are twins, not duplicates', () => {
    const log = new EventLog();
    const props = { speech: 'Hello', content_index: 0, final: false };
    log.add([
      app(ev('conversation.utterance.streaming', 7, { role: 'pal', ...props }, { inference_id: 'R', turn_idx: 1 })),
      app(ev('conversation.utterance.streaming', 7, { role: 'replica', ...props }, { inference_id: 'R', turn_idx: 1 })),
      app(ev('conversation.utterance.streaming', 7, { role: 'replica', ...props }, { inference_id: 'R', turn_idx: 1 })),
    ]);
    const [pal, replica, again] = [log.get(0)!, log.get(1)!, log.get(2)!];
    expect(pal.duplicate).toBe(false);
    expect(replica.duplicate).toBe(false);
    expect(replica.twinGroup).toBe(pal.twinGroup);
    expect(pal.twinSecondary).toBe(false);
    expect(replica.twinSecondary).toBe(true);
    expect(again).toMatchObject({ duplicate: true, duplicateOf: 0, twinGroup: undefined });
    expect(log.twins(0).map((e) => e.id)).toEqual([0, 1]);
    expect(log.view({ hideTwins: true, collapseStreams: false }).eventCount).toBe(2);
  });

  it('same seq but different content is a duplicate', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.utterance', 7, { role: 'pal', speech: 'Hello' }, { inference_id: 'R' })),
      app(ev('conversation.utterance', 7, { role: 'replica', speech: 'Goodbye' }, { inference_id: 'R' })),
    ]);
    expect(log.get(1)).toMatchObject({ duplicate: true, twinGroup: undefined });
  });

  it('PAL twins with different seqs are linked too', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.utterance', 7, { role: 'replica', speech: 'Hello' }, { inference_id: 'R', turn_idx: 2 })),
      app(ev('conversation.utterance', 8, { role: 'pal', speech: 'Hello' }, { inference_id: 'R', turn_idx: 2 })),
    ]);
    expect(log.get(0)!.twinGroup).toBeDefined();
    expect(log.get(0)!.twinGroup).toBe(log.get(1)!.twinGroup);
    expect(log.get(0)!.twinSecondary).toBe(true); // "pal" is the preferred copy
    expect(log.get(1)!.twinSecondary).toBe(false);
  });

  it('role-agnostic and legacy speaking events are linked; the legacy one is secondary', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.replica.stopped_speaking', 10, { duration: 2, interrupted: false }, { inference_id: 'R' })),
      app(
        ev(
          'conversation.stopped_speaking',
          11,
          { role: 'pal', duration: 2, interrupted: false },
          { inference_id: 'R' },
        ),
      ),
      app(
        ev(
          'conversation.stopped_speaking',
          12,
          { role: 'replica', duration: 2, interrupted: false },
          { inference_id: 'R' },
        ),
      ),
      app(ev('conversation.user.stopped_speaking', 13, {}, { inference_id: 'R' })), // other speaker: not a twin
      app(ev('conversation.replica.stopped_speaking', 14, {}, { inference_id: 'OTHER' })),
    ]);
    const group = log.get(0)!.twinGroup;
    expect(group).toBeDefined();
    expect([1, 2].map((id) => log.get(id)!.twinGroup)).toEqual([group, group]);
    expect([0, 1, 2].map((id) => log.get(id)!.twinSecondary)).toEqual([true, false, true]);
    expect(log.get(3)!.twinGroup).toBeUndefined();
    expect(log.get(4)!.twinGroup).toBeUndefined();
    expect(seqsOf(log, { hideTwins: true })).toEqual([11, 13, 14]);
    expect(log.view({ hideTwins: true }).indexOfId(0)).toBe(0); // a hidden twin points at the copy shown
    expect(log.view({ hideTwins: true }).indexOfId(2)).toBe(0);
  });

  it('twins are linked within a window of recent twin keys, not across the whole log', () => {
    const log = new EventLog();
    const pal = (seq: number, n: number) =>
      app(ev('conversation.utterance', seq, { role: 'pal', speech: `line ${n}` }, { inference_id: `R${n}` }));
    const replica = (seq: number, n: number) =>
      app(ev('conversation.utterance', seq, { role: 'replica', speech: `line ${n}` }, { inference_id: `R${n}` }));
    log.add([pal(1, 0)]);
    log.add(Array.from({ length: 2100 }, (_, i) => pal(i + 2, i + 1)));
    log.add([replica(3000, 0), replica(3001, 2100)]);
    expect(log.get(2101)!.twinGroup).toBeUndefined(); // 2100 twin keys later: too far apart
    expect(log.get(2102)!.twinGroup).toBe(log.get(2100)!.twinGroup);
  });

  it('system.pal_joined beside system.replica_joined', () => {
    const log = new EventLog();
    log.add([
      app({ message_type: 'system', event_type: 'system.replica_joined', properties: { replica_id: 'r1' } }),
      app({ message_type: 'system', event_type: 'system.pal_joined', properties: { replica_id: 'r1' } }),
    ]);
    expect(log.twins(1).map((e) => e.eventType)).toEqual(['system.replica_joined', 'system.pal_joined']);
    expect(log.get(0)!.twinSecondary).toBe(true);
  });
});

describe('EventLog streams and inference links', () => {
  function streamLog() {
    const log = new EventLog();
    const chunk = (seq: number, ci: number, speech: string, extra: Record<string, unknown> = {}) =>
      app(
        ev(
          'conversation.utterance.streaming',
          seq,
          { role: 'replica', speech, content_index: ci, ...extra },
          { inference_id: 'R', turn_idx: 1 },
        ),
      );
    log.add([
      app(
        ev(
          'conversation.utterance',
          1,
          { role: 'replica', speech: 'Great choice. The second option includes free shipping.' },
          { inference_id: 'R', turn_idx: 1 },
        ),
      ),
      chunk(2, 0, 'Great'),
      chunk(4, 2, 'Great choice. The second option includes free', { final: true, is_interrupted: true }),
      chunk(3, 1, 'Great choice.'),
      app(
        ev(
          'conversation.replica.stopped_speaking',
          5,
          { interrupted: true, duration: 1.5 },
          { inference_id: 'R', turn_idx: 1 },
        ),
      ),
    ]);
    return log;
  }

  it('collapses streaming chunks into one growing row, expandable to every chunk', () => {
    const log = streamLog();
    const collapsed = rows(log);
    expect(collapsed.length).toBe(3);
    const row = collapsed[1]!;
    expect(row.type).toBe('event');
    if (row.type !== 'event') return;
    expect(row.event.seq).toBe(2);
    expect(row.stream).toMatchObject({
      type: 'utterance',
      chunkIds: [1, 3, 2],
      latestId: 2,
      speech: 'Great choice. The second option includes free',
      contentIndex: 2,
      final: true,
      isInterrupted: true,
      generatedText: 'Great choice. The second option includes free shipping.',
      spokenText: 'Great choice. The second option includes free',
    });
    const view = log.view();
    expect(view.indexOfId(3)).toBe(1);
    expect(view.indexOfId(2)).toBe(1);
    expect(view.eventIds({ expandStreams: true })).toEqual([0, 1, 2, 3, 4]);
    expect(rows(log, { collapseStreams: false }).length).toBe(5);
    expect(log.stream(3)?.chunkIds).toEqual([1, 3, 2]);
  });

  it('inferenceGroup returns every event sharing the inference_id', () => {
    const log = streamLog();
    expect(log.inferenceGroup(4).map((e) => e.id)).toEqual([0, 1, 2, 3, 4]);
    log.add([utter(6)]);
    expect(log.inferenceGroup(5).map((e) => e.id)).toEqual([5]);
  });

  it('audio echo chunks sharing an inference_id collapse with total size and duration', () => {
    const log = new EventLog();
    const chunk = (done: boolean) =>
      app(
        ev('conversation.echo', undefined, {
          modality: 'audio',
          audio: 'AAAA'.repeat(800),
          sample_rate: 24000,
          inference_id: 'E1',
          done,
        }),
        { dir: 'out' },
      );
    log.add([chunk(false), chunk(false), chunk(true)]);
    const view = log.view();
    expect(view.length).toBe(1);
    const row = view.at(0);
    expect(row?.type === 'event' && row.stream).toMatchObject({
      type: 'echo',
      audioBytes: 7200,
      durationMs: 150,
      done: true,
      chunkIds: [0, 1, 2],
    });
  });
});

describe('EventLog turns', () => {
  function voiceTurn(): { log: EventLog; ids: Record<string, number> } {
    const log = new EventLog();
    const inputs: Array<[string, LogInput]> = [
      [
        'uStartLegacy',
        app(ev('conversation.user.started_speaking', 10, undefined, { inference_id: 'U', turn_idx: 1 }), { t: 100 }),
      ],
      [
        'uStart',
        app(ev('conversation.started_speaking', 11, { role: 'user' }, { inference_id: 'U', turn_idx: 1 }), { t: 101 }),
      ],
      [
        'uStopLegacy',
        app(
          ev('conversation.user.stopped_speaking', 12, undefined, { inference_id: 'U', turn_idx: 1, timestamp: 1000 }),
          { t: 200 },
        ),
      ],
      [
        'uStop',
        app(
          ev(
            'conversation.stopped_speaking',
            13,
            { role: 'user', duration: 1.2 },
            { inference_id: 'U', turn_idx: 1, timestamp: 1000.001 },
          ),
          { t: 201 },
        ),
      ],
      [
        'uUtt',
        app(ev('conversation.utterance', 14, { role: 'user', speech: 'hello' }, { inference_id: 'U', turn_idx: 1 }), {
          t: 230,
        }),
      ],
      [
        'tool',
        app(
          ev(
            'conversation.tool_call',
            15,
            { name: 'f', arguments: '{}', tool_call_id: 'tc1' },
            { inference_id: 'U', turn_idx: 1 },
          ),
          { t: 250 },
        ),
      ],
      [
        'result',
        app(ev('conversation.tool_result', undefined, { tool_call_id: 'tc1', output: 'ok' }), { dir: 'out', t: 300 }),
      ],
      [
        'rStartLegacy',
        app(
          ev('conversation.replica.started_speaking', 16, undefined, {
            inference_id: 'R',
            turn_idx: 1,
            timestamp: 1000.45,
          }),
          { t: 700 },
        ),
      ],
      [
        'rStart',
        app(ev('conversation.started_speaking', 17, { role: 'replica' }, { inference_id: 'R', turn_idx: 1 }), {
          t: 701,
        }),
      ],
      [
        'rUtt',
        app(
          ev(
            'conversation.utterance',
            18,
            { role: 'replica', speech: 'Hi there, how can I help?' },
            { inference_id: 'R', turn_idx: 1 },
          ),
          { t: 702 },
        ),
      ],
      [
        'c0',
        app(
          ev(
            'conversation.utterance.streaming',
            19,
            { role: 'replica', speech: 'Hi', content_index: 0 },
            { inference_id: 'R', turn_idx: 1 },
          ),
          { t: 710 },
        ),
      ],
      [
        'c1',
        app(
          ev(
            'conversation.utterance.streaming',
            20,
            { role: 'replica', speech: 'Hi there,', content_index: 1, final: true, is_interrupted: true },
            { inference_id: 'R', turn_idx: 1 },
          ),
          { t: 900 },
        ),
      ],
      [
        'rStop',
        app(
          ev(
            'conversation.replica.stopped_speaking',
            21,
            { interrupted: true, duration: 0.8 },
            { inference_id: 'R', turn_idx: 1 },
          ),
          { t: 901 },
        ),
      ],
      ['respond', app(ev('conversation.respond', undefined, { text: 'and refunds?' }), { dir: 'out', t: 1000 })],
      [
        'next',
        app(
          ev(
            'conversation.utterance',
            22,
            { role: 'replica', speech: 'Refunds take 5 days.' },
            { inference_id: 'R2', turn_idx: 2 },
          ),
          { t: 1300 },
        ),
      ],
      ['late', app(ev('conversation.replica_interrupted', undefined, undefined, { inference_id: 'R2' }), { t: 1400 })],
    ];
    log.add(inputs.map(([, input]) => input));
    const ids = Object.fromEntries(inputs.map(([name], i) => [name, i]));
    return { log, ids };
  }

  it('groups by turn_idx, attaches outgoing interactions, computes latencies', () => {
    const { log, ids } = voiceTurn();
    const turns = log.turns();
    expect(turns.map((t) => [t.callId, t.turnIdx, t.state, t.interrupted])).toEqual([
      ['call-1', 1, 'done', true],
      ['call-1', 2, 'running', true],
    ]);
    const [one, two] = turns as [(typeof turns)[number], (typeof turns)[number]];
    expect(one.eventIds).toContain(ids.result);
    expect(log.get(ids.result!)!.turn).toBe(1);
    expect(log.get(ids.respond!)!.turn).toBe(2);
    expect(log.get(ids.late!)!.turn).toBe(2); // via inference_id R2
    expect(two.eventIds).toEqual([ids.respond, ids.next, ids.late]);
    expect(one).toMatchObject({
      userText: 'hello',
      replicaGeneratedText: 'Hi there, how can I help?',
      replicaSpokenText: 'Hi there,',
      firstReceivedAt: 100,
      lastReceivedAt: 901,
    });
    expect(one.latencies.userStopToReplicaStart).toEqual({
      fromId: ids.uStopLegacy,
      toId: ids.rStartLegacy,
      ms: 500,
      tavusMs: 450,
    });
    expect(one.latencies.toolCalls).toEqual([
      {
        callEventId: ids.tool,
        toolCallId: 'tc1',
        name: 'f',
        resultEventId: ids.result,
        matchedBy: 'tool_call_id',
        ms: 50,
      },
    ]);
    expect(one.latencies.utterances).toEqual([
      { eventId: ids.uStop, role: 'user', durationS: 1.2, interrupted: false },
      { eventId: ids.rStop, role: 'replica', durationS: 0.8, interrupted: true },
    ]);
    expect(two.latencies.respondToFirstReplica).toEqual({
      fromId: ids.respond,
      toId: ids.next,
      ms: 300,
      tavusMs: undefined,
    });
    expect(log.turns('nope')).toEqual([]);
    expect(log.turns()).toBe(turns); // cached until the log changes
  });

  it('continues the grouping event by event to the same turns, latencies and replies', () => {
    const { log: whole } = voiceTurn();
    const inputs = [...whole.events()].map((event) => ({
      source: event.source,
      cursor: event.cursor,
      frameId: event.frameId,
      record: event.record,
    }));
    const live = new EventLog();
    const seen: Array<readonly unknown[]> = [];
    for (const input of inputs) {
      live.add([input]);
      seen.push(live.turns());
    }
    expect(live.turns()).toEqual(whole.turns());
    // A turn nothing touched keeps its object; the one a late reply or event changed gets a new one.
    expect(seen.at(-1)![0]).toBe(seen.at(-2)![0]);
    expect(seen.at(-1)![1]).not.toBe(seen.at(-2)![1]);
  });

  it('updates an earlier turn when a later echo answers its tool call', () => {
    const inputs = [
      app(ev('conversation.tool_call', 1, { name: 'lookup', arguments: '{}' }, { turn_idx: 1, inference_id: 'A' }), {
        t: 10,
      }),
      app(
        ev('conversation.utterance', 2, { role: 'user', speech: 'next question' }, { turn_idx: 2, inference_id: 'B' }),
        { t: 20 },
      ),
      app(ev('conversation.echo', undefined, { modality: 'text', text: 'lookup result' }), { dir: 'out', t: 70 }),
    ];
    const whole = new EventLog();
    whole.add(inputs);
    const live = new EventLog();
    for (const input of inputs) {
      live.add([input]);
      live.turns();
    }
    expect(whole.turns()[0]!.latencies.toolCalls[0]).toMatchObject({ matchedBy: 'next-outgoing', ms: 60 });
    expect(live.turns()).toEqual(whole.turns());
  });

  it('tool calls without an id are answered by the next outgoing echo or append_context', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.tool_call', 1, { name: 'lookup', arguments: '{"id":4471}' }, { turn_idx: 3 }), { t: 10 }),
      app(ev('conversation.echo', undefined, { modality: 'text', text: 'Order shipped' }), { dir: 'out', t: 95 }),
      app(ev('conversation.tool_call', 2, { name: 'other', arguments: '{}' }, { turn_idx: 3 }), { t: 100 }),
      app(ev('conversation.append_llm_context', undefined, { context: 'result: ok' }), { dir: 'out', t: 180 }),
    ]);
    const [turn] = log.turns();
    expect(turn!.latencies.toolCalls.map((t) => [t.name, t.resultEventId, t.matchedBy, t.ms])).toEqual([
      ['lookup', 1, 'next-outgoing', 85],
      ['other', 3, 'next-outgoing', 80],
    ]);
    expect(log.get(1)!.turn).toBe(3);
  });

  it('a turn with only user activity is open', () => {
    const log = new EventLog();
    log.add([app(ev('conversation.user.started_speaking', 1, undefined, { inference_id: 'U', turn_idx: 7 }))]);
    expect(log.turns().map((t) => t.state)).toEqual(['open']);
  });
});

describe('EventLog bounds', () => {
  it('evicts the oldest arrivals beyond the cap and keeps every index consistent', () => {
    const log = new EventLog({ cap: 4 });
    log.add([
      app(
        ev(
          'conversation.utterance.streaming',
          1,
          { role: 'replica', speech: 'a', content_index: 0 },
          { inference_id: 'R', turn_idx: 1 },
        ),
      ),
      app(
        ev(
          'conversation.utterance.streaming',
          2,
          { role: 'replica', speech: 'ab', content_index: 1 },
          { inference_id: 'R', turn_idx: 1 },
        ),
      ),
      utter(4, { turn_idx: 2 }),
      utter(4, { turn_idx: 2 }), // duplicate
      utter(3, { turn_idx: 2 }), // late
      app(
        ev(
          'conversation.utterance.streaming',
          5,
          { role: 'replica', speech: 'abc', content_index: 2 },
          { inference_id: 'R', turn_idx: 1 },
        ),
      ),
    ]);
    expect(log.size).toBe(4);
    expect(log.stats()).toMatchObject({
      total: 4,
      received: 6,
      evictedByCap: 2,
      anomalies: { duplicate: 1, late: 1, outOfOrder: 1, gapSeqs: 0 },
    });
    expect(log.get(0)).toBeUndefined();
    expect(log.get(1)).toBeUndefined();
    expect(seqsOf(log, { collapseStreams: false })).toEqual([3, 4, 4, 5]);
    expect(log.stream(5)?.chunkIds).toEqual([5]);
    expect(log.inferenceGroup(5).map((e) => e.id)).toEqual([5]);
    expect(log.turns().map((t) => [t.turnIdx, t.eventIds])).toEqual([
      [1, [5]],
      [2, [4, 2, 3]],
    ]);
    log.setCap(2);
    expect(log.stats()).toMatchObject({
      total: 2,
      evictedByCap: 4,
      anomalies: { duplicate: 0, late: 1, outOfOrder: 1 },
    });
    expect(seqsOf(log)).toEqual([3, 5]); // 4 was seen, so no gap appears where it was evicted
    expect(() => log.setCap(0)).toThrow(RangeError);
  });

  it('lets a large cap go 1 % over, then evicts back down to it in one step, counting every eviction', () => {
    const log = new EventLog({ cap: 10_000 });
    const input = (i: number) =>
      app(ev('conversation.utterance', i + 1, { role: 'user', speech: `s${i}` }), { source: 'slack', cursor: i + 1 });
    log.add(Array.from({ length: 10_100 }, (_, i) => input(i)));
    expect(log.stats()).toMatchObject({ total: 10_100, evictedByCap: 0 });
    log.add([input(10_100)]);
    expect(log.stats()).toMatchObject({ total: 10_000, evictedByCap: 101 });
    log.add(Array.from({ length: 100 }, (_, i) => input(10_101 + i)));
    expect(log.stats()).toMatchObject({ total: 10_100, evictedByCap: 101 }); // within the slack again: nothing went
    expect([...log.events()][0]!.seq).toBe(102); // the oldest arrivals went
  });

  it('survives long runs far past the cap (arrival compaction)', () => {
    const log = new EventLog({ cap: 100 });
    for (let start = 1; start <= 6_000; start += 1000) {
      log.add(Array.from({ length: 1000 }, (_, i) => utter(start + i)));
    }
    expect(log.size).toBe(100);
    expect(log.get(5_950)?.seq).toBe(5_951);
    expect(log.get(5_899)).toBeUndefined();
    expect(log.view().length).toBe(100);
    expect(log.stats()).toMatchObject({ evictedByCap: 5_900, anomalies: { gapSeqs: 0 } });
  });

  it('clear() empties everything but remembers delivered keys unless asked', () => {
    const log = new EventLog();
    const a = utter(1);
    log.add([a, utter(3)]);
    log.clear();
    expect(log.size).toBe(0);
    expect(log.stats()).toMatchObject({ total: 0, anomalies: { gapSeqs: 0 } });
    expect(log.view().length).toBe(0);
    expect(log.add([a]).redelivered).toBe(1);
    log.clear({ forgetDelivered: true });
    expect(log.add([a]).added).toBe(1);
    expect(log.get(log.view().idAt(0)!)?.seq).toBe(1);
  });
});

describe('EventLog malformed records and call-state rows', () => {
  it('invalid JSON, truncated and unserialisable records become malformed rows with reasons', () => {
    const log = new EventLog();
    const cut =
      '{"event_type":"conversation.perception_tool_call","seq":7,"turn_idx":2,"properties":{"frames":[{"data":"AAAA';
    log.add([
      app(null, { json: '{"event_type":' }),
      app(null, { json: cut, extra: { truncated: true, size: 2_000_000 } }),
      app(null, { json: '[object with cycle]', extra: { unserializable: 'cyclic structure' } }),
      utter(6),
    ]);
    const [bad, truncated, unserializable] = [log.get(0)!, log.get(1)!, log.get(2)!];
    expect(bad.kind).toBe('malformed');
    expect(bad.problems[0]).toMatch(/^not valid JSON/);
    expect(bad.parsed).toBe(false);
    expect(truncated).toMatchObject({
      kind: 'malformed',
      seq: 7,
      turnIdx: 2,
      eventType: 'conversation.perception_tool_call',
    });
    expect(truncated.problems).toContain(`truncated at ${cut.length} of 2000000 chars`);
    expect(unserializable.problems[0]).toBe("the page's data could not be serialised: cyclic structure");
    expect(log.stats().malformed).toBe(3);
    // The truncated event's recovered seq places it and prevents a false gap.
    expect(seqsOf(log)).toEqual(['', 6, 7, '']);
    expect(log.view().eventCount).toBe(4);
    expect(log.stats().anomalies.outOfOrder).toBe(1);
  });

  it('garbage inputs never throw and are kept as malformed rows', () => {
    const log = new EventLog();
    const junk = [
      null,
      5,
      'x',
      {},
      { source: 's', cursor: 1 },
      { source: 's', cursor: 2, record: { kind: 'weird' } },
      { record: { kind: 'app-message', callId: 5, t: 'x', json: 5 } },
    ];
    expect(() => log.add(junk as unknown as LogInput[])).not.toThrow();
    expect(log.size).toBe(junk.length);
    expect([...log.events()].every((e) => e.kind === 'malformed' && e.problems.length > 0)).toBe(true);
  });

  it('parsed data is released after indexing and re-parsed once on first use', () => {
    const log = new EventLog();
    const data = ev('conversation.utterance', 1, { role: 'user', speech: 'hi' });
    log.add([app(data), app(null, { json: '{bad' })]);
    const first = log.get(0)!.data;
    expect(first).toEqual(data);
    expect(log.get(0)!.data).toBe(first);
    expect(log.get(1)!.data).toBeUndefined();
  });

  it('call-state records become context rows', () => {
    const log = new EventLog();
    log.add([
      callState('participant-joined', { session_id: 'abc', user_name: 'Tavus Replica' }),
      callState('left', {}),
    ]);
    expect(log.get(0)).toMatchObject({
      kind: 'call_state',
      eventType: 'daily.participant-joined',
      dir: undefined,
      recordKind: 'call-state',
    });
    expect(log.get(0)!.summary).toBe('participant-joined {"session_id":"abc","user_name":"Tavus Replica"}');
    expect(log.get(1)!.summary).toBe('left');
    expect(log.view({ hiddenKinds: new Set(['call_state']) }).length).toBe(0);
  });

  it('sendError on an outgoing record is reported as a problem', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.respond', undefined, { text: 'x' }), { dir: 'out', extra: { sendError: 'not joined' } }),
    ]);
    expect(log.get(0)!.problems).toContain('send failed: not joined');
  });
});

describe('EventLog views', () => {
  it('filters, kind toggles, call selection, caching, time deltas', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.utterance', 1, { role: 'user', speech: 'Refund please' }, { turn_idx: 1 }), { t: 100 }),
      app(ev('conversation.utterance', 3, { role: 'replica', speech: 'Sure' }, { turn_idx: 1 }), { t: 150 }),
      app(ev('conversation.respond', undefined, { text: 'refund policy?' }), { dir: 'out', t: 175 }),
    ]);
    const parsed = parseFilter('refund');
    if (!parsed.ok) throw new Error(parsed.error);
    const view = log.view({ filter: parsed.filter });
    expect(view.eventCount).toBe(2);
    expect(view.gapCount).toBe(0); // gap rows only match anomaly:/call: terms
    expect(log.view({ filter: parsed.filter })).toBe(view);
    expect(log.view({ filter: parsed.filter, hiddenKinds: new Set(['respond']) }).eventCount).toBe(1);
    const all = log.view();
    expect(all.length).toBe(4);
    expect(all.at(1)).toMatchObject({ type: 'gap', gap: { fromSeq: 2, toSeq: 2, count: 1 } });
    expect(timeDeltaMs(all, 2)).toBe(50);
    expect(timeDeltaMs(all, 3)).toBe(25);
    expect(timeDeltaMs(all, 0)).toBeUndefined();
    expect(all.indexOfId(2)).toBe(3);
    expect(all.indexOfId(99)).toBe(-1);
    expect(all.at(99)).toBeUndefined();
    log.add([utter(2)]);
    expect(log.view()).not.toBe(all);
    expect(all.length).toBe(4); // old views are snapshots
  });

  it('filter results are cached per event and per filter', () => {
    const log = new EventLog();
    log.add(Array.from({ length: 50 }, (_, i) => utter(i + 1)));
    const parsed = parseFilter('s1');
    if (!parsed.ok) throw new Error(parsed.error);
    let calls = 0;
    const counting = { ...parsed.filter, matches: (e: LogEvent) => (calls++, parsed.filter.matches(e)) };
    log.view({ filter: counting });
    log.add([utter(51)]);
    log.view({ filter: counting });
    expect(calls).toBe(51);
  });

  it('vocabulary lists what was seen', () => {
    const log = new EventLog();
    log.add([
      app(ev('conversation.utterance', 1, { role: 'pal', speech: 'x' }, { turn_idx: 4, inference_id: 'i1' })),
      app(ev('conversation.utterance', 2, { role: 'user', speech: 'x' }, { turn_idx: 2, inference_id: 'i2' })),
    ]);
    expect(log.vocabulary()).toEqual({
      eventTypes: ['conversation.utterance'],
      kinds: ['utterance'],
      roles: ['pal', 'user'],
      turns: [2, 4],
      calls: ['call-1'],
      inferenceIds: ['i2', 'i1'],
    });
  });
});
