/**
 * Event-log model at 100k events.
 *   npx vitest bench --run --project bench bench/model.bench.ts
 */
import { bench, describe } from 'vitest';
import { EventLog, parseFilter, type LogInput } from '../src/log';
import { LintEngine } from '../src/log/lint';

const N = 100_000;

/** A realistic call: turns of user speech, replica speaking with streaming chunks, tool calls, twins. */
function makeInputs(n: number): LogInput[] {
  const out: LogInput[] = [];
  let seq = 1;
  let turn = 0;
  let t = 1_700_000_000_000;
  const push = (data: Record<string, unknown>, dir: 'in' | 'out' = 'in') => {
    const json = JSON.stringify(data);
    out.push({
      source: 'bench',
      cursor: out.length + 1,
      frameId: 0,
      record: {
        kind: 'app-message',
        callId: 'call-1',
        via: 'hook',
        t: (t += 7),
        dir,
        origin: dir === 'in' ? 'remote' : 'app',
        json,
        size: json.length,
      },
    });
  };
  const ev = (event_type: string, inference: string, properties?: Record<string, unknown>) => ({
    message_type: 'conversation',
    event_type,
    conversation_id: 'c9e1a2b3c4d5',
    inference_id: inference,
    seq: seq++,
    turn_idx: turn,
    timestamp: t / 1000,
    ...(properties ? { properties } : {}),
  });
  while (out.length < n) {
    turn++;
    const u = `user-${turn}-5b0c2f7e-1d3a-4e8b-9f61`;
    const r = `rep-${turn}-d41a7c90-6b2e-4f0a-8c13`;
    if (turn % 4 === 0)
      push(
        {
          message_type: 'conversation',
          event_type: 'conversation.respond',
          properties: { text: `Question number ${turn} about the refund policy` },
        },
        'out',
      );
    push(ev('conversation.user.started_speaking', u));
    push(ev('conversation.started_speaking', u, { role: 'user' }));
    push(ev('conversation.user.stopped_speaking', u));
    push(ev('conversation.stopped_speaking', u, { role: 'user', duration: 1.7 }));
    push(
      ev('conversation.utterance', u, { role: 'user', speech: `I think option ${turn} works better for me, thanks.` }),
    );
    if (turn % 5 === 0)
      push(
        ev('conversation.tool_call', u, {
          name: 'lookup_order',
          arguments: `{"order":${turn}}`,
          tool_call_id: `call_${turn}`,
        }),
      );
    push(ev('conversation.replica.started_speaking', r));
    push(ev('conversation.started_speaking', r, { role: 'pal' }));
    const answer = `Great choice. Option ${turn} includes free shipping and a longer warranty.`;
    push(ev('conversation.utterance', r, { role: 'pal', speech: answer }));
    push(ev('conversation.utterance', r, { role: 'replica', speech: answer })); // PAL-era twin
    let speech = 'Great';
    for (let k = 0; k < 8; k++) {
      speech += ` word${k}`;
      push(ev('conversation.utterance.streaming', r, { role: 'pal', speech, content_index: k, final: k === 7 }));
    }
    push(ev('conversation.replica.stopped_speaking', r, { duration: 3.2, interrupted: false }));
    push(ev('conversation.stopped_speaking', r, { role: 'pal', duration: 3.2, interrupted: false }));
  }
  return out.slice(0, n);
}

const inOrder = makeInputs(N);

/** 5% of events arrive a few positions late (what a jittery data channel does). */
function reorderLocally(inputs: LogInput[], fraction: number): LogInput[] {
  const out = [...inputs];
  let state = 12345;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < out.length - 10; i++) {
    if (random() < fraction) {
      const j = i + 1 + Math.floor(random() * 8);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  }
  return out;
}

/** Worst case: 5% of events held back and delivered at the very end, far from their place. */
function holdBack(inputs: LogInput[], fraction: number): LogInput[] {
  const early: LogInput[] = [];
  const late: LogInput[] = [];
  inputs.forEach((input, i) => ((i * 7919) % 100 < fraction * 100 ? late : early).push(input));
  return [...early, ...late];
}

const reordered = reorderLocally(inOrder, 0.05);
const heldBack = holdBack(inOrder, 0.05);

function addInBatches(log: EventLog, inputs: LogInput[], batch = 200): void {
  for (let i = 0; i < inputs.length; i += batch) log.add(inputs.slice(i, i + batch));
}

const full = new EventLog();
addInBatches(full, inOrder);

function compile(text: string) {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.filter;
}

/** Adds one event so the next view() is rebuilt rather than served from the cache. */
let touches = 0;
function touch(log: EventLog): EventLog {
  log.add([{ ...inOrder[0]!, source: 'touch', cursor: ++touches }]);
  return log;
}

const heavy = { iterations: 5, time: 0, warmupIterations: 1 };
const light = { iterations: 20, time: 0, warmupIterations: 2 };

// Machine-speed reference: the cheapest possible pass over 100k objects (compare the view numbers against it).
const plain = inOrder.map((input, id) => ({ id, kind: input.record.kind, hidden: id % 7 === 0 }));
describe('baseline', () => {
  bench(
    'iterate 100k plain objects, collect ids',
    () => {
      const rows: number[] = [];
      for (const item of plain) if (!item.hidden) rows.push(item.id);
    },
    light,
  );
  bench(
    'JSON.parse 100k payloads (retained)',
    () => void inOrder.map((input) => JSON.parse((input.record as { json: string }).json) as unknown),
    heavy,
  );
});

describe('insert 100k', () => {
  bench('in order (batches of 200)', () => addInBatches(new EventLog(), inOrder), heavy);
  bench('5% reordered locally', () => addInBatches(new EventLog(), reordered), heavy);
  bench('5% held back to the end (worst case)', () => addInBatches(new EventLog(), heldBack), heavy);
  bench('in order at cap 50k (evicting half)', () => addInBatches(new EventLog({ cap: 50_000 }), inOrder), heavy);
});

describe('view 100k (fresh filter each run: no cached results)', () => {
  bench('no filter', () => void touch(full).view({ collapseStreams: false }), light);
  bench('collapsed streams + hide twins', () => void touch(full).view({ hideTwins: true }), light);
  bench('text: refund', () => void touch(full).view({ filter: compile('refund') }), light);
  bench('text: rare phrase', () => void touch(full).view({ filter: compile('"option 4242 works"') }), light);
  bench(
    'key:value type:utterance role:pal',
    () => void touch(full).view({ filter: compile('type:conversation.utterance role:pal') }),
    light,
  );
  bench(
    'turn range + negation',
    () => void touch(full).view({ filter: compile('turn:100-400 -type:conversation.utterance.streaming') }),
    light,
  );
  bench(
    'regex /option \\d+2 works/i',
    () => void touch(full).view({ filter: compile('/option \\d+2 works/i') }),
    light,
  );
  bench(
    'arrival order, anomaly:any',
    () => void touch(full).view({ order: 'arrival', filter: compile('anomaly:any') }),
    light,
  );
});

describe('incremental', () => {
  const growing = new EventLog();
  addInBatches(growing, inOrder.slice(0, N - 10_000));
  const tail = inOrder.slice(N - 10_000);
  const filter = compile('refund');
  let next = 0;
  bench(
    'append 20 events + rebuild the filtered view (cached per-event results)',
    () => {
      growing.add(tail.slice(next, next + 20));
      next = (next + 20) % tail.length;
      growing.view({ filter });
    },
    light,
  );
});

describe('turns 100k', () => {
  bench('regroup turns after a change', () => void touch(full).turns(), {
    iterations: 10,
    time: 0,
    warmupIterations: 1,
  });
});

describe('lint 100k', () => {
  const now = 1_700_000_000_000 + 7 * (N + 100);
  bench(
    'lint every event from scratch + findings',
    () => {
      const engine = new LintEngine();
      engine.sync(full);
      void engine.findings(now);
    },
    heavy,
  );
  const growing = new EventLog();
  addInBatches(growing, inOrder.slice(0, N - 10_000));
  const engine = new LintEngine();
  engine.sync(growing);
  const tail = inOrder.slice(N - 10_000);
  let next = 0;
  bench(
    'append 20 events + incremental lint + findings (what the panel does per frame)',
    () => {
      growing.add(tail.slice(next, next + 20).map((input) => ({ ...input, source: `lint-${next}` })));
      next = (next + 20) % tail.length;
      engine.sync(growing);
      void engine.findings(now);
    },
    light,
  );
});
