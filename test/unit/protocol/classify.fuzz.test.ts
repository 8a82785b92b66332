import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyMessage } from '../../../src/protocol/classify';
import { EVENT_KINDS, KNOWN_EVENT_TYPES } from '../../../src/protocol/events';
import { previewValue, topLevelValueText, writeJson } from '../../../src/protocol/json-text';

const kinds = new Set(EVENT_KINDS);
const knownTypes = [...KNOWN_EVENT_TYPES.keys()];
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');

/** Objects shaped like Tavus messages, with every field possibly the wrong type or a hostile key. */
const messageLike = fc.record(
  {
    message_type: fc.oneof(fc.constantFrom('conversation', 'system', 'application'), fc.anything()),
    event_type: fc.oneof(fc.constantFrom(...knownTypes), fc.string(), fc.anything()),
    seq: fc.oneof(fc.nat(), fc.double(), fc.string(), fc.anything()),
    turn_idx: fc.oneof(fc.nat(), fc.anything()),
    inference_id: fc.oneof(fc.uuid(), fc.anything()),
    timestamp: fc.oneof(
      fc.double(),
      fc.string(),
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())),
    ),
    properties: fc.oneof(
      fc.dictionary(fc.oneof(fc.string(), hostileKey), fc.anything()),
      fc.record(
        {
          role: fc.oneof(fc.constantFrom('user', 'replica', 'pal'), fc.anything()),
          speech: fc.oneof(fc.string(), fc.anything()),
          arguments: fc.oneof(fc.json(), fc.string(), fc.anything()),
          audio: fc.oneof(fc.base64String(), fc.string()),
          frames: fc.oneof(fc.array(fc.record({ data: fc.oneof(fc.base64String(), fc.anything()) })), fc.anything()),
          modality: fc.oneof(fc.constantFrom('audio', 'text', 'vision', 'speech'), fc.anything()),
          done: fc.anything(),
          duration: fc.anything(),
          content_index: fc.anything(),
          final: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

function assertWellFormed(value: unknown): void {
  const c = classifyMessage(value);
  expect(kinds.has(c.kind)).toBe(true);
  expect(typeof c.summary).toBe('string');
  expect(c.summary.length).toBeLessThanOrEqual(200);
  expect(c.summary).not.toMatch(/[\r\n]/);
  expect(Array.isArray(c.problems)).toBe(true);
  if (c.kind === 'malformed' || c.kind === 'unknown') expect(c.problems.length).toBeGreaterThan(0);
}

describe('classifyMessage never throws', () => {
  it('on arbitrary values (fc.anything with null prototypes, __proto__ keys, boxed values)', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withSparseArray: true,
        }),
        assertWellFormed,
      ),
      { numRuns: 300 },
    );
  });

  it('on message-shaped objects with wrong types everywhere', () => {
    fc.assert(fc.property(messageLike, assertWellFormed), { numRuns: 400 });
  });

  it('on JSON text round-tripped through JSON.parse (own __proto__ keys)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), hostileKey, (value, key) => {
        const text = `{"${key}":${JSON.stringify(value)},"event_type":"conversation.utterance","properties":{"${key}":1}}`;
        assertWellFormed(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('on 10,000-level nesting everywhere', () => {
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const deepArr = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const texts = [
      deep(10_000),
      deepArr(10_000),
      `{"event_type":"conversation.tool_call","properties":{"name":"f","arguments":${JSON.stringify(deep(10_000))}}}`,
      `{"event_type":"conversation.tool_result","properties":{"tool_call_id":"x","output":${deep(10_000)}}}`,
      `{"event_type":"x.y","properties":${deepArr(10_000)}}`,
      `{"event_type":"conversation.utterance","properties":{"role":"user","speech":"x","extra":${deep(10_000)}}}`,
    ];
    for (const text of texts) assertWellFormed(JSON.parse(text));
  });
});

describe('json-text helpers', () => {
  it('writeJson equals JSON.stringify on JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(writeJson(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('writeJson handles 100,000-level nesting and cycles', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(writeJson(JSON.parse(text))).toBe(text);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(writeJson(cyclic)).toBe('{"a":1,"self":null}');
  });

  it('topLevelValueText slices a key’s raw value out of object text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue(), (rest, data) => {
        const obj: Record<string, unknown> = Object.create(null);
        for (const [k, v] of Object.entries(rest)) if (k !== 'data') obj[k] = v;
        obj.data = data;
        const text = JSON.stringify(obj);
        expect(topLevelValueText(text, 'data')).toBe(JSON.stringify(data));
        expect(topLevelValueText(JSON.stringify(obj, null, 2), 'data')).toBe(
          JSON.stringify(data, null, 2).replace(/\n/g, '\n  '),
        );
      }),
      { numRuns: 300 },
    );
    expect(topLevelValueText('[1]', 'data')).toBeUndefined();
    expect(topLevelValueText('{"x":1}', 'data')).toBeUndefined();
    expect(topLevelValueText('{"x":"a\\"}","data":5}', 'data')).toBe('5');
  });

  it('previewValue is bounded', () => {
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: 5, max: 300 }), (value, max) => {
        expect(previewValue(value, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
