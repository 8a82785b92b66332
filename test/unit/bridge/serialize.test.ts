import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serializeForTransfer } from '../../../src/bridge/serialize';
import { CUT_MARKER_PATTERN, MAX_EVENT_JSON } from '../../../src/record/record';

describe('serializeForTransfer', () => {
  it('gives JSON text and the size daily-js would count (UTF-16 units)', () => {
    expect(serializeForTransfer({ a: 'é' })).toEqual({ json: '{"a":"é"}', size: 9 });
  });
  it('cuts long strings inside an oversized value and keeps its structure, flagged, with the full size', () => {
    const out = serializeForTransfer({ s: 'x'.repeat(1000), n: 1 }, 200);
    expect(out.truncated).toBe(true);
    expect(out.json.length).toBeLessThanOrEqual(200);
    expect(out.size).toBe(1014);
    const parsed = JSON.parse(out.json) as { s: string; n: number };
    expect(parsed.n).toBe(1);
    expect(parsed.s).toMatch(/^x+…\[\+\d+ chars cut\]$/);
    expect(CUT_MARKER_PATTERN.test(parsed.s)).toBe(true);
  });
  it('a 2 MB utterance becomes valid JSON within MAX_EVENT_JSON with the start of the speech readable', () => {
    const speech = 'Hello there. ' + 'word '.repeat(400_000);
    const out = serializeForTransfer({
      message_type: 'conversation',
      event_type: 'conversation.utterance',
      seq: 7,
      properties: { role: 'replica', speech },
    });
    expect(out.truncated).toBe(true);
    expect(out.json.length).toBeLessThanOrEqual(MAX_EVENT_JSON);
    const parsed = JSON.parse(out.json) as { seq: number; event_type: string; properties: { speech: string } };
    expect(parsed.seq).toBe(7);
    expect(parsed.event_type).toBe('conversation.utterance');
    expect(parsed.properties.speech.startsWith('Hello there. word word')).toBe(true);
    const cut = CUT_MARKER_PATTERN.exec(parsed.properties.speech);
    expect(Number(cut?.[1]) + parsed.properties.speech.length - cut![0].length).toBe(speech.length);
  });
  it('never splits a surrogate pair and stays within the bound when even the keys are too big', () => {
    const out = serializeForTransfer({ s: 'a' + '😀'.repeat(5000) }, 1000);
    expect(JSON.parse(out.json).s.isWellFormed()).toBe(true);
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key-${i}-${'"'.repeat(20)}`, i]));
    const skeleton = serializeForTransfer(keys, 10_000);
    expect(skeleton.truncated).toBe(true);
    expect(skeleton.json.length).toBeLessThanOrEqual(10_000);
    expect(typeof JSON.parse(skeleton.json)).toBe('string');
  });
  it('describes values with no JSON form instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(serializeForTransfer(cyclic).unserializable).toMatch(/TypeError/);
    expect(serializeForTransfer(10n).unserializable).toMatch(/BigInt/);
    expect(serializeForTransfer(undefined)).toMatchObject({
      json: 'null',
      unserializable: 'undefined has no JSON form',
    });
    let deep: unknown = 0;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const r = serializeForTransfer(deep);
    expect(r.unserializable ?? r.json.length > 0).toBeTruthy();
    expect(
      serializeForTransfer({
        toJSON() {
          throw new Error('boom');
        },
      }).unserializable,
    ).toBe('Error: boom');
  });
  it('its output always parses back to JSON (when not truncated)', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        const out = serializeForTransfer(x);
        if (!out.truncated) expect(() => JSON.parse(out.json)).not.toThrow();
      }),
    );
  });
});
