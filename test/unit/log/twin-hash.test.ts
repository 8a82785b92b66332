import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propertiesHash } from '../../../src/log/entry';
import type { JsonObject } from '../../../src/protocol/json-text';

describe('propertiesHash (twin linking)', () => {
  it('ignores the top-level role and the order of keys at every level', () => {
    const pal = { role: 'pal', speech: 'Hi there', extra: { b: 1, a: [1, { y: 2, x: 'z' }] } };
    const replica = { extra: { a: [1, { x: 'z', y: 2 }], b: 1 }, speech: 'Hi there', role: 'replica' };
    expect(propertiesHash(pal)).toBe(propertiesHash(replica));
  });

  it('tells apart values, types, nesting and key names', () => {
    const variants: JsonObject[] = [
      { speech: 'a' },
      { speech: 'b' },
      { speech: 1 },
      { speech: '1' },
      { speech: true },
      { speech: null },
      { speech: ['a'] },
      { speech: { a: 'a' } },
      { speeches: 'a' },
      { speech: 'a', role2: 'x' },
      { nested: { role: 'pal' } },
      { nested: { role: 'replica' } },
    ];
    const hashes = variants.map(propertiesHash);
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it('equal values give equal hashes, whatever the key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (props) => {
        const reversed = Object.fromEntries(Object.entries(props).reverse()) as JsonObject;
        expect(propertiesHash(reversed)).toBe(propertiesHash(props as JsonObject));
      }),
      { numRuns: 300 },
    );
  });

  it('stays bounded on hostile shapes: 10,000 levels deep, 10 MB strings', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(propertiesHash({ deep } as JsonObject)).toMatch(/^[0-9a-z]+\.[0-9a-z]+$/);
    // Only a bounded prefix is read: strings that differ only beyond it hash alike (and no 10 MB scan happens).
    const huge = 'x'.repeat(10_000_000);
    expect(propertiesHash({ huge: `${huge}a` })).toBe(propertiesHash({ huge: `${huge}b` }));
    expect(propertiesHash({ huge: `a${huge}` })).not.toBe(propertiesHash({ huge: `b${huge}` }));
  });
});
