// Hostile input against every pure entry point that page data reaches. Over 100,000 generated cases in all:
// nothing may throw, and each result must still be a well-formed answer (a verdict, a reason, a row).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyMessage } from '../../../src/protocol/classify';
import { validateInteraction } from '../../../src/protocol/interactions';
import { EventLog, parseFilter, parseSessionFile } from '../../../src/log';
import { serializeForTransfer } from '../../../src/bridge/serialize';
import * as bridge from '../../../src/bridge/messages';
import { sniffAppMessage } from '../../../src/bridge/sniffer';

/** Strings a hostile page would pick: markup, script, prototype keys, lone surrogates, control characters. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '<script>window.__pwned=1</script>',
    '<img src=x onerror=alert(1)>',
    '__proto__',
    'constructor',
    'prototype',
    '\ud800',
    '\udfff\ud800',
    '\u0000\u2028\u2029',
    'javascript:alert(1)',
    '{"seq":',
    '9'.repeat(400),
  ),
);

const tavusKeys = [
  'message_type',
  'event_type',
  'conversation_id',
  'properties',
  'seq',
  'turn_idx',
  'inference_id',
  'timestamp',
  'role',
  'speech',
  'arguments',
  'name',
  'frames',
  'audio',
  '__proto__',
  'constructor',
];
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...tavusKeys), hostileString), tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Near-miss Tavus events: real event types with every field possibly the wrong type. */
const nearMissEvent = fc.record(
  {
    message_type: fc.oneof(fc.constant('conversation'), hostileValue),
    event_type: fc.oneof(
      fc.constantFrom(
        'conversation.utterance',
        'conversation.utterance.streaming',
        'conversation.tool_call',
        'conversation.perception_tool_call',
        'conversation.started_speaking',
        'conversation.replica.stopped_speaking',
        'conversation.echo',
        'conversation.respond',
        'conversation.sensitivity',
        'system.replica_joined',
      ),
      hostileValue,
    ),
    seq: fc.oneof(fc.integer(), hostileValue),
    turn_idx: fc.oneof(fc.nat(), hostileValue),
    inference_id: fc.oneof(fc.uuid(), hostileValue),
    properties: fc.oneof(fc.dictionary(fc.constantFrom(...tavusKeys), hostileValue), hostileValue),
  },
  { requiredKeys: [] },
);

/** 104,600 generated cases in all (log batches hold ~15 records each). */
const RUNS = {
  classify: 30_000,
  validate: 15_000,
  guards: 20_000,
  filter: 15_000,
  session: 8_000,
  serialize: 8_000,
  sniff: 8_000,
  log: 600,
};

describe('fuzz: hostile app-messages', () => {
  it(`classifyMessage answers every input with a kind and a summary (${RUNS.classify} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, nearMissEvent), (data) => {
        const c = classifyMessage(data);
        expect(typeof c.kind).toBe('string');
        expect(typeof c.summary).toBe('string');
        expect(c.summary.length).toBeLessThanOrEqual(400);
        expect(Array.isArray(c.problems)).toBe(true);
      }),
      { numRuns: RUNS.classify },
    );
  });

  it(`validateInteraction gives a verdict, never a throw (${RUNS.validate} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(hostileValue, nearMissEvent), (data) => {
        const v = validateInteraction(data, { allowUnknownType: true });
        expect(typeof v.ok).toBe('boolean');
        if (!v.ok) expect(v.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS.validate },
    );
  });

  it(`bridge guards reject or accept, never throw (${RUNS.guards} cases)`, () => {
    const guards = [
      bridge.isPageToRelay,
      bridge.isContentToBackground,
      bridge.isBackgroundToContent,
      bridge.isPanelToBackground,
      bridge.isBackgroundToPanel,
    ];
    const message = fc.record(
      {
        v: fc.oneof(fc.constant(1), hostileValue),
        type: fc.oneof(
          fc.constantFrom(
            'records',
            'call',
            'send',
            'sync',
            'events',
            'hello',
            'frame',
            'watch',
            'attach',
            'send-result',
            'probe',
          ),
          hostileValue,
        ),
        records: hostileValue,
        events: hostileValue,
        json: hostileValue,
        callId: hostileValue,
        frameId: hostileValue,
        after: hostileValue,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(message, hostileValue), (x) => {
        for (const g of guards) expect(typeof g(x)).toBe('boolean');
      }),
      { numRuns: RUNS.guards },
    );
  });

  it(`the filter language parses or explains, never throws (${RUNS.filter} cases)`, () => {
    const filterText = fc.oneof(
      hostileString,
      fc
        .array(
          fc.oneof(
            hostileString,
            fc.constantFrom('type:', 'role:', 'turn:', '-', '/', '"', 'anomaly:', 'dir:in', '/(?:a+)+$/', '/[/'),
          ),
          { maxLength: 6 },
        )
        .map((p) => p.join(' ')),
    );
    fc.assert(
      fc.property(filterText, (text) => {
        const r = parseFilter(text);
        if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS.filter },
    );
  });

  it(`session files: anything that is not a session gives a reason (${RUNS.session} cases)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileString,
          fc
            .array(
              hostileValue.map((v) => JSON.stringify(v) ?? 'x'),
              { maxLength: 5 },
            )
            .map((l) => l.join('\n')),
        ),
        (text) => {
          const r = parseSessionFile(text, 'fuzz.ndjson');
          if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: RUNS.session },
    );
  });

  it(`serialization for transfer always yields text (${RUNS.serialize} cases)`, () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(typeof serializeForTransfer(x).json).toBe('string');
      }),
      { numRuns: RUNS.serialize },
    );
  });

  it(`the postMessage sniffer ignores or reads, never throws (${RUNS.sniff} cases)`, () => {
    const wire = fc.record(
      {
        what: fc.oneof(fc.constant('iframe-call-message'), hostileValue),
        action: fc.oneof(fc.constantFrom('app-message', 'app-msg'), hostileValue),
        from: fc.oneof(fc.constantFrom('embedded', 'module'), hostileValue),
        callClientId: hostileValue,
        data: hostileValue,
        to: hostileValue,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(wire, hostileValue), (x) => {
        sniffAppMessage(x);
      }),
      { numRuns: RUNS.sniff },
    );
  });

  it(`the event log keeps every hostile record as a row (${RUNS.log} batches of up to 30)`, () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(nearMissEvent, hostileValue), { maxLength: 30 }), (batch) => {
        const log = new EventLog({ cap: 1000 });
        log.add(
          batch.map((data, i) => ({
            source: 'fuzz',
            cursor: i + 1,
            frameId: 0,
            record: {
              kind: 'app-message' as const,
              callId: 'c',
              via: 'hook' as const,
              t: i,
              dir: 'in' as const,
              origin: 'remote' as const,
              ...serializeForTransfer(data),
            },
          })),
        );
        expect(log.stats().total).toBe(batch.length);
        const view = log.view({ order: 'seq', collapseStreams: false, showGaps: false });
        expect(view.eventCount).toBe(batch.length);
        log.turns();
      }),
      { numRuns: RUNS.log },
    );
  });
});
