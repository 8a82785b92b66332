import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serializeForTransfer } from '../../../src/bridge/serialize';

describe('serializeForTransfer', () => {
  it('gives JSON text and the size daily-js would count (UTF-16 units)', () => {
    expect(serializeForTransfer({ a: 'é' })).toEqual({ json: '{"a":"é"}', size: 9 });
  });
  it('cuts long text and flags it, keeping the full size', () => {
    const out = serializeForTransfer({ s: 'x'.repeat(100) }, 20);
    expect(out.truncated).toBe(true);
    expect(out.json).toHaveLength(20);
    expect(out.size).toBe(108);
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
