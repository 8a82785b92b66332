/**
 * Property tests: generate Tavus event streams (several turns, seq 1..n, PAL twins and speaking twins), deliver them
 * with omissions, duplications and any reordering, and check the model against expectations computed here,
 * independently, from the delivery list.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog, exportSession, parseFilter, parseSessionFile, type LogInput } from '../../../src/log';
import { app } from './helpers';

interface Logical {
  m: number;
  callId: string;
  dir: 'in' | 'out';
  seq: number | undefined;
  turnIdx: number | undefined;
  /** Members of one twin set describe one happening; -1 = no twins. */
  twinSet: number;
  streamKey: string | undefined;
  data: Record<string, unknown>;
}

interface TurnPlan {
  chunks: number;
  respond: boolean;
  echo: boolean;
  sameSeq: boolean;
  pal: boolean;
}

const turnPlan: fc.Arbitrary<TurnPlan> = fc.record({
  chunks: fc.integer({ min: 1, max: 3 }),
  respond: fc.boolean(),
  echo: fc.boolean(),
  sameSeq: fc.boolean(),
  pal: fc.boolean(),
});

const planArb = fc.record({
  calls: fc.array(fc.array(turnPlan, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  seqBase: fc.integer({ min: 0, max: 50 }),
});

function buildStream(plan: { calls: TurnPlan[][]; seqBase: number }): Logical[] {
  const out: Logical[] = [];
  let twinSetId = 0;
  plan.calls.forEach((turns, ci) => {
    const callId = `call-${ci}`;
    let seq = plan.seqBase;
    const outgoing = (data: Record<string, unknown>) =>
      out.push({
        m: out.length,
        callId,
        dir: 'out',
        seq: undefined,
        turnIdx: undefined,
        twinSet: -1,
        streamKey: undefined,
        data,
      });
    const incoming = (
      variants: Array<Record<string, unknown>>,
      sameSeq: boolean,
      turnIdx: number,
      inference: string,
      streamKey?: string,
    ) => {
      const set = variants.length > 1 ? twinSetId++ : -1;
      const base = seq;
      variants.forEach((variant, k) => {
        const s = sameSeq ? base : base + k;
        out.push({
          m: out.length,
          callId,
          dir: 'in',
          seq: s,
          turnIdx,
          twinSet: set,
          streamKey,
          data: {
            message_type: 'conversation',
            conversation_id: 'c1',
            inference_id: inference,
            seq: s,
            turn_idx: turnIdx,
            ...variant,
          },
        });
      });
      seq = sameSeq ? base + 1 : base + variants.length;
    };
    turns.forEach((tp, ti) => {
      const turn = ti + 1;
      const user = `u-${ci}-${turn}`;
      const rep = `r-${ci}-${turn}`;
      const roles = tp.pal ? ['pal', 'replica'] : ['replica'];
      if (tp.respond) outgoing({ event_type: 'conversation.respond', properties: { text: `question ${turn}` } });
      incoming(
        [
          { event_type: 'conversation.user.started_speaking' },
          { event_type: 'conversation.started_speaking', properties: { role: 'user' } },
        ],
        tp.sameSeq,
        turn,
        user,
      );
      incoming(
        [
          { event_type: 'conversation.user.stopped_speaking' },
          { event_type: 'conversation.stopped_speaking', properties: { role: 'user', duration: 1.5 } },
        ],
        tp.sameSeq,
        turn,
        user,
      );
      incoming(
        [{ event_type: 'conversation.utterance', properties: { role: 'user', speech: `user says ${turn}` } }],
        false,
        turn,
        user,
      );
      incoming(
        [
          { event_type: 'conversation.replica.started_speaking' },
          ...roles.map((role) => ({ event_type: 'conversation.started_speaking', properties: { role } })),
        ],
        tp.sameSeq,
        turn,
        rep,
      );
      for (let k = 0; k < tp.chunks; k++) {
        incoming(
          roles.map((role) => ({
            event_type: 'conversation.utterance.streaming',
            properties: { role, speech: `reply ${turn}`.slice(0, 6 + k), content_index: k, final: k === tp.chunks - 1 },
          })),
          tp.sameSeq,
          turn,
          rep,
          `${callId}|${rep}`,
        );
      }
      incoming(
        roles.map((role) => ({
          event_type: 'conversation.utterance',
          properties: { role, speech: `reply ${turn} in full` },
        })),
        tp.sameSeq,
        turn,
        rep,
      );
      if (tp.echo)
        outgoing({ event_type: 'conversation.echo', properties: { modality: 'text', text: `echo ${turn}` } });
      incoming(
        [
          { event_type: 'conversation.replica.stopped_speaking', properties: { duration: 2, interrupted: false } },
          ...roles.map((role) => ({
            event_type: 'conversation.stopped_speaking',
            properties: { role, duration: 2, interrupted: false },
          })),
        ],
        tp.sameSeq,
        turn,
        rep,
      );
    });
  });
  return out;
}

type Order = { type: 'inorder' } | { type: 'local'; offsets: number[] } | { type: 'shuffle'; keys: number[] };

/** Which logical messages arrive, how many times, in what order. */
function deliveryArb(n: number) {
  return fc.record({
    omit: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
    dup: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
    order: fc.oneof(
      fc.constant<Order>({ type: 'inorder' }),
      fc
        .array(fc.integer({ min: -4, max: 4 }), { minLength: 2 * n, maxLength: 2 * n })
        .map((offsets): Order => ({ type: 'local', offsets })),
      fc.array(fc.integer(), { minLength: 2 * n, maxLength: 2 * n }).map((keys): Order => ({ type: 'shuffle', keys })),
    ),
  });
}

function deliver<T>(items: T[], ops: { omit: number[]; dup: number[]; order: Order }): T[] {
  const copies: Array<{ item: T; pos: number }> = [];
  items.forEach((item, i) => {
    if (ops.omit[i] === 0) return;
    copies.push({ item, pos: i });
    if (ops.dup[i] === 0) copies.push({ item, pos: i + 0.5 });
  });
  const keyed = copies.map((copy, i) => {
    const o = ops.order;
    const key =
      o.type === 'inorder' ? copy.pos : o.type === 'local' ? copy.pos + (o.offsets[i] ?? 0) : (o.keys[i] ?? 0);
    return { ...copy, key, i };
  });
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed.map((k) => k.item);
}

function toInputs(delivered: Logical[]): LogInput[] {
  return delivered.map((l, i) =>
    app(l.data, { callId: l.callId, dir: l.dir, source: 'prop', cursor: i + 1, t: 10_000 + i * 10 }),
  );
}

interface Expected {
  dup: boolean;
  ooo: boolean;
  late: boolean;
  turn: number | undefined;
}

/** A replica event that finishes its turn: its final stopped_speaking or final streaming chunk. */
function finishesTurn(item: Logical): boolean {
  if (item.dir !== 'in') return false;
  const type = item.data.event_type;
  const props = (item.data.properties ?? {}) as Record<string, unknown>;
  const replica = props.role === 'replica' || props.role === 'pal';
  if (type === 'conversation.replica.stopped_speaking') return true;
  if (type === 'conversation.stopped_speaking') return replica;
  if (type === 'conversation.utterance.streaming') return replica && props.final === true;
  return false;
}

/**
 * The spec, computed naively from the arrival list. Sends: a respond starts the turn after the latest (the first
 * turn_idx to arrive when there is none yet); other sends join the latest turn unless the replica finished it
 * (between turns: no turn), or wait with a respond made before any turn.
 */
function expectations(delivered: Logical[]): Expected[] {
  const turns: Array<number | undefined> = [];
  delivered.forEach((item, i) => {
    if (item.dir === 'in') {
      turns.push(item.turnIdx);
      return;
    }
    const before = delivered.slice(0, i).map((p, j) => ({ p, j, turn: turns[j] }));
    const same = before.filter(({ p }) => p.callId === item.callId);
    // The latest turn: the highest turn of an incoming event or of a respond before this send.
    const latest = same
      .filter(({ p, turn }) => turn !== undefined && (p.dir === 'in' || p.data.event_type === 'conversation.respond'))
      .map(({ turn }) => turn!);
    const maxTurn = latest.length ? Math.max(...latest) : undefined;
    const firstTurnAfter = delivered
      .slice(i + 1)
      .find((p) => p.callId === item.callId && p.turnIdx !== undefined)?.turnIdx;
    const isRespond = item.data.event_type === 'conversation.respond';
    if (maxTurn === undefined) {
      // Responds before the first turn_idx: the first takes it, each later one the next.
      const responds =
        same.filter(({ p }) => p.data.event_type === 'conversation.respond').length + (isRespond ? 1 : 0);
      turns.push(responds > 0 && firstTurnAfter !== undefined ? firstTurnAfter + responds - 1 : undefined);
      return;
    }
    if (isRespond) {
      turns.push(maxTurn + 1);
      return;
    }
    // Finished: a finishing event of the latest turn arrived since the event that made it the latest.
    const since = same.findIndex(
      ({ p, turn }) => turn === maxTurn && (p.dir === 'in' || p.data.event_type === 'conversation.respond'),
    );
    const done = same.slice(since).some(({ p }) => p.turnIdx === maxTurn && finishesTurn(p));
    turns.push(done ? undefined : maxTurn);
  });
  return delivered.map((item, i) => {
    if (item.dir === 'out') return { dup: false, ooo: false, late: false, turn: turns[i] };
    const before = delivered.slice(0, i).filter((p) => p.callId === item.callId);
    const prior = before.filter((p) => p.dir === 'in' && p.seq !== undefined);
    const seqs = prior.map((p) => p.seq!);
    const seen = seqs.includes(item.seq!);
    const copyBefore = prior.some((p) => p.m === item.m);
    const partnerBefore = prior.some(
      (p) => p.seq === item.seq && p.twinSet >= 0 && p.twinSet === item.twinSet && p.m !== item.m,
    );
    const dup = seen && (copyBefore || !partnerBefore);
    const max = seqs.length ? Math.max(...seqs) : -Infinity;
    const min = seqs.length ? Math.min(...seqs) : Infinity;
    const ooo = !dup && item.seq! < max;
    const late = !dup && !seen && item.seq! > min && item.seq! < max;
    return { dup, ooo, late, turn: item.turnIdx };
  });
}

function missingRuns(seqs: number[]): Array<[number, number]> {
  const set = new Set(seqs);
  const runs: Array<[number, number]> = [];
  if (set.size === 0) return runs;
  const min = Math.min(...set);
  const max = Math.max(...set);
  for (let s = min; s <= max; s++) {
    if (set.has(s)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === s - 1) last[1] = s;
    else runs.push([s, s]);
  }
  return runs;
}

const stableSortBySeq = (ids: number[], seqOf: (id: number) => number) =>
  ids
    .map((id, i) => ({ id, i }))
    .sort((a, b) => seqOf(a.id) - seqOf(b.id) || a.i - b.i)
    .map((x) => x.id);

describe('EventLog properties', () => {
  it('seq order, anomaly counts, twins, streams and turn grouping match the spec under any delivery', () => {
    const scenario = planArb.chain((plan) => {
      const logicals = buildStream(plan);
      return fc.tuple(fc.constant(logicals), deliveryArb(logicals.length));
    });
    fc.assert(
      fc.property(scenario, ([logicals, ops]) => {
        const delivered = deliver(logicals, ops);
        const log = new EventLog();
        log.add(toInputs(delivered));
        const expected = expectations(delivered);
        const events = [...log.events()];
        expect(events.length).toBe(delivered.length);

        // Per-event flags and turn attachment (id === arrival index in a fresh log).
        events.forEach((event, id) => {
          const want = expected[id]!;
          expect([event.id, event.duplicate, event.outOfOrder, event.late, event.turn]).toEqual([
            id,
            want.dup,
            want.ooo,
            want.late,
            want.turn,
          ]);
        });

        // Counters.
        const calls = [...new Set(delivered.map((l) => l.callId))];
        const runs = calls.flatMap((callId) =>
          missingRuns(delivered.filter((l) => l.callId === callId && l.seq !== undefined).map((l) => l.seq!)),
        );
        expect(log.stats().anomalies).toEqual({
          outOfOrder: expected.filter((e) => e.ooo).length,
          duplicate: expected.filter((e) => e.dup).length,
          late: expected.filter((e) => e.late).length,
          gapSeqs: runs.reduce((sum, [a, b]) => sum + b - a + 1, 0),
          gapRanges: runs.length,
        });

        // Seq order per call (stable for equal seqs), unsequenced events in arrival order.
        const flat = log.view({ collapseStreams: false, showGaps: false });
        const order = flat.eventIds();
        expect([...order].sort((a, b) => a - b)).toEqual(delivered.map((_, i) => i));
        for (const callId of calls) {
          const ids = order.filter((id) => delivered[id]!.callId === callId && delivered[id]!.dir === 'in');
          const arrival = delivered
            .map((l, i) => ({ l, i }))
            .filter(({ l }) => l.callId === callId && l.dir === 'in')
            .map(({ i }) => i);
          expect(ids).toEqual(stableSortBySeq(arrival, (id) => delivered[id]!.seq!));
          expect(log.gaps(callId).map((g) => [g.fromSeq, g.toSeq])).toEqual(
            missingRuns(
              delivered
                .filter((l) => l.callId === callId)
                .map((l) => l.seq)
                .filter((s): s is number => s !== undefined),
            ),
          );
        }
        const outIds = order.filter((id) => delivered[id]!.dir === 'out');
        expect(outIds).toEqual([...outIds].sort((a, b) => a - b));
        expect(log.view().gapCount).toBe(runs.length);

        // Twins: the first copy of every delivered member of a twin set shares one group; re-sent copies have none.
        const firstCopy = new Map<number, number>();
        delivered.forEach((l, id) => {
          if (!firstCopy.has(l.m)) firstCopy.set(l.m, id);
        });
        const bySet = new Map<number, number[]>();
        for (const [m, id] of firstCopy) {
          const set = logicals[m]!.twinSet;
          if (set >= 0) bySet.set(set, [...(bySet.get(set) ?? []), id]);
        }
        const groupsSeen = new Set<number>();
        for (const ids of bySet.values()) {
          const groups = new Set(ids.map((id) => log.get(id)!.twinGroup));
          expect(groups.size).toBe(1);
          const [group] = groups;
          if (ids.length > 1) {
            expect(group).toBeDefined();
            expect(groupsSeen.has(group!)).toBe(false);
            groupsSeen.add(group!);
            expect(ids.filter((id) => !log.get(id)!.twinSecondary).length).toBe(1);
          } else expect(group).toBeUndefined();
        }
        delivered.forEach((l, id) => {
          if (firstCopy.get(l.m) !== id || l.twinSet < 0) expect(log.get(id)!.twinGroup).toBeUndefined();
        });

        // Streams: chunks of one inference collapse into one group.
        const streams = new Map<string, number[]>();
        delivered.forEach((l, id) => {
          if (l.streamKey) streams.set(l.streamKey, [...(streams.get(l.streamKey) ?? []), id]);
        });
        for (const ids of streams.values()) {
          for (const id of ids) expect([...log.stream(id)!.chunkIds].sort((a, b) => a - b)).toEqual(ids);
        }
        expect(log.view().eventCount).toBe(
          delivered.length - [...streams.values()].reduce((sum, ids) => sum + ids.length - 1, 0),
        );

        // Turns: the events of each (call, turn), except replica speech moved into a between-turns block; every
        // send without a turn is in a between-turns block.
        const inTurn = new Map<number, string>();
        for (const t of log.turns()) for (const id of t.eventIds) inTurn.set(id, `${t.callId}|${t.turnIdx}`);
        const inBetween = new Map<number, number | undefined>();
        for (const b of log.betweenTurns()) for (const id of b.eventIds) inBetween.set(id, b.afterTurn);
        expected.forEach((e, id) => {
          const item = delivered[id]!;
          if (e.turn === undefined) {
            expect(inTurn.has(id)).toBe(false);
            expect(inBetween.has(id)).toBe(item.dir === 'out');
          } else if (inBetween.has(id)) {
            expect(inTurn.has(id)).toBe(false);
            expect(item.dir).toBe('in');
            expect(/^conversation\.(replica\.|started_|stopped_|utterance)/.test(String(item.data.event_type))).toBe(
              true,
            );
            expect(e.turn).toBeLessThanOrEqual(inBetween.get(id)!);
          } else expect(inTurn.get(id)).toBe(`${item.callId}|${e.turn}`);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('eviction by cap keeps order, flags and counters consistent', () => {
    const scenario = fc
      .record({ n: fc.integer({ min: 1, max: 60 }), base: fc.integer({ min: 0, max: 10 }) })
      .chain(({ n, base }) =>
        fc.tuple(
          fc.constant(Array.from({ length: n }, (_, i) => base + i)),
          deliveryArb(n),
          fc.integer({ min: 1, max: 2 * n + 1 }),
        ),
      );
    fc.assert(
      fc.property(scenario, ([seqs, ops, cap]) => {
        const delivered = deliver(seqs, ops);
        const log = new EventLog({ cap });
        // Deliver in a few batches to exercise eviction between and within batches.
        const inputs = delivered.map((seq, i) =>
          app(
            { event_type: 'conversation.utterance', seq, turn_idx: 1, properties: { role: 'user', speech: `s${seq}` } },
            { source: 'cap', cursor: i + 1, t: i },
          ),
        );
        for (let i = 0; i < inputs.length; i += 7) log.add(inputs.slice(i, i + 7));

        const flags = delivered.map((seq, i) => {
          const prior = delivered.slice(0, i);
          const seen = prior.includes(seq);
          const ooo = !seen && prior.length > 0 && seq < Math.max(...prior);
          const late = ooo && seq > Math.min(...prior);
          return { dup: seen, ooo, late };
        });
        const retained = delivered.map((_, id) => id).slice(Math.max(0, delivered.length - cap));
        expect(log.size).toBe(retained.length);
        expect(log.stats().evictedByCap).toBe(delivered.length - retained.length);
        expect(log.view({ showGaps: false }).eventIds()).toEqual(stableSortBySeq(retained, (id) => delivered[id]!));
        expect(log.view({ order: 'arrival' }).eventIds()).toEqual(retained);
        const runs = missingRuns(delivered);
        expect(log.stats().anomalies).toEqual({
          outOfOrder: retained.filter((id) => flags[id]!.ooo).length,
          duplicate: retained.filter((id) => flags[id]!.dup).length,
          late: retained.filter((id) => flags[id]!.late).length,
          gapSeqs: runs.reduce((sum, [a, b]) => sum + b - a + 1, 0),
          gapRanges: runs.length,
        });
        for (const id of retained) {
          const e = log.get(id)!;
          expect([e.duplicate, e.outOfOrder, e.late]).toEqual([flags[id]!.dup, flags[id]!.ooo, flags[id]!.late]);
        }
        const maxRetained = Math.max(...retained.map((id) => delivered[id]!));
        const view = log.view();
        const gapRows = Array.from({ length: view.length }, (_, i) => view.at(i)!).flatMap((r) =>
          r.type === 'gap' ? [[r.gap.fromSeq, r.gap.toSeq]] : [],
        );
        expect(gapRows).toEqual(runs.filter(([from]) => from < maxRetained));
        expect(log.turns().map((t) => t.eventIds.length)).toEqual(retained.length ? [retained.length] : []);
      }),
      { numRuns: 200 },
    );
  });
});

describe('EventLog incremental views', () => {
  /** Rows of a view as comparable values: event ids, gap ranges. */
  const rowsOf = (view: ReturnType<EventLog['view']>): string[] =>
    Array.from({ length: view.length }, (_, i) => {
      const row = view.at(i);
      return row?.type === 'gap'
        ? `gap ${row.gap.callId} ${row.gap.fromSeq}-${row.gap.toSeq}`
        : `event ${row?.event.id}`;
    });

  const optionsArb = fc.record({
    order: fc.constantFrom<'seq' | 'arrival'>('seq', 'arrival'),
    hideTwins: fc.boolean(),
    collapseStreams: fc.boolean(),
    filter: fc.constantFrom('', 'type:utterance', 'role:replica', '-is:dup', 'speaking'),
    callId: fc.constantFrom(undefined, 'call-0'),
  });

  it('a view and turns extended after each batch equal ones rebuilt from scratch, for any delivery, batching and cap', () => {
    const scenario = planArb.chain((plan) => {
      const logicals = buildStream(plan);
      return fc.tuple(
        fc.constant(logicals),
        deliveryArb(logicals.length),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 40 }),
        optionsArb,
        fc.constantFrom(1000, 12),
      );
    });
    fc.assert(
      fc.property(scenario, ([logicals, ops, batchSizes, opts, cap]) => {
        const inputs = toInputs(deliver(logicals, ops));
        const filter = parseFilter(opts.filter);
        if (!filter.ok) throw new Error(filter.error);
        const options = {
          order: opts.order,
          hideTwins: opts.hideTwins,
          collapseStreams: opts.collapseStreams,
          filter: filter.filter,
          callId: opts.callId,
        };
        const live = new EventLog({ cap });
        let at = 0;
        let batch = 0;
        while (at < inputs.length) {
          const size = batchSizes[batch++ % batchSizes.length]!;
          live.add(inputs.slice(at, at + size));
          at += size;
          const before = live.view(options);
          // The same log read without the cache: a fresh view of identical content.
          const fresh = new EventLog({ cap });
          fresh.add(inputs.slice(0, at));
          const want = fresh.view(options);
          // Both logs number events in arrival order, so ids compare directly.
          expect(rowsOf(before)).toEqual(rowsOf(want));
          expect([before.gapCount, before.eventCount]).toEqual([want.gapCount, want.eventCount]);
          for (const event of fresh.events()) expect(before.indexOfId(event.id)).toBe(want.indexOfId(event.id));
          // Stream summaries, kept between batches while their stream did not change.
          for (const event of fresh.events()) expect(live.stream(event.id)).toEqual(fresh.stream(event.id));
          // Turns, continued the same way.
          expect(live.turns(opts.callId)).toEqual(fresh.turns(opts.callId));
          expect(live.betweenTurns(opts.callId)).toEqual(fresh.betweenTurns(opts.callId));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('extends the cached view when events are only appended, and rebuilds when one lands earlier', () => {
    const log = new EventLog();
    const inputs = [1, 2, 3, 4, 6, 7].map((seq) =>
      app({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        seq,
        properties: { role: 'user', speech: `s${seq}` },
      }),
    );
    log.add(inputs.slice(0, 3));
    const first = log.view();
    log.add(inputs.slice(3, 5));
    const appended = log.view();
    expect(appended).not.toBe(first);
    expect(first.length).toBe(3); // an older snapshot keeps its rows
    expect(appended.length).toBe(6); // 4, gap 5, 6
    expect(appended.at(4)?.type).toBe('gap');
    log.add([
      app({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        seq: 5,
        properties: { role: 'user', speech: 's5' },
      }),
    ]);
    const rebuilt = log.view();
    expect(rebuilt.gapCount).toBe(0);
    expect(rebuilt.length).toBe(6);
    expect(appended.length).toBe(6);
  });
});

describe('EventLog never throws', () => {
  const hostile = fc.oneof(
    fc.constant('{"__proto__":{"event_type":"conversation.respond"},"event_type":"conversation.utterance","seq":1}'),
    fc.constant(
      '{"constructor":{"prototype":{"x":1}},"event_type":"conversation.tool_call","properties":{"arguments":"{\\"__proto__\\":1}"}}',
    ),
    fc.constant('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)),
    fc.constant(
      `{"event_type":"conversation.utterance","seq":3,"properties":{"role":"pal","speech":"x","deep":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
    ),
  );
  const jsonText = fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    hostile,
  );
  const record = fc.record(
    {
      kind: fc.oneof(fc.constantFrom('app-message', 'call-state'), fc.anything()),
      callId: fc.oneof(fc.constantFrom('a', 'b'), fc.anything()),
      via: fc.constantFrom('hook', 'sniffer'),
      t: fc.oneof(fc.double(), fc.anything()),
      dir: fc.oneof(fc.constantFrom('in', 'out'), fc.anything()),
      origin: fc.constantFrom('remote', 'app', 'devtools'),
      json: fc.oneof(jsonText, fc.anything()),
      size: fc.nat(),
      truncated: fc.boolean(),
      unserializable: fc.option(fc.string(), { nil: undefined }),
      state: fc.constantFrom('joined', 'left', 'error'),
    },
    { requiredKeys: ['kind', 'json'] },
  );
  const input = fc.oneof(
    fc.record({
      source: fc.constantFrom('x', 'y'),
      cursor: fc.oneof(fc.nat(20), fc.double()),
      frameId: fc.nat(),
      record,
    }),
    fc.anything(),
  );

  it('on arbitrary inputs, filters, views, turns and session round trips', () => {
    fc.assert(
      fc.property(
        fc.array(input, { maxLength: 25 }),
        fc.string(),
        fc.integer({ min: 1, max: 30 }),
        (inputs, filterText, cap) => {
          const log = new EventLog({ cap });
          log.add(inputs as LogInput[]);
          const parsed = parseFilter(filterText);
          for (const order of ['seq', 'arrival'] as const) {
            const view = log.view({ order, ...(parsed.ok ? { filter: parsed.filter } : {}), hideTwins: true });
            for (let i = 0; i < view.length; i++) view.at(i);
          }
          log.turns();
          log.stats();
          for (const e of log.events()) {
            log.stream(e.id);
            log.inferenceGroup(e.id);
          }
          for (const redact of [true, false]) {
            const text = exportSession(log, { redact });
            const back = parseSessionFile(text);
            expect(back.ok).toBe(true);
            if (back.ok) expect(back.inputs.length).toBe(log.size);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
