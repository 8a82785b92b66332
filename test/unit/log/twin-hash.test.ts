import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propertiesHash, twinKeys } from '../../../src/log/entry';
import type { JsonObject } from '../../../src/protocol/json-text';
import { app, ev } from './helpers';
import { entryOf } from './parts';

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

/**
 * The hash as first written, with its state in closures made per call: propertiesHash keeps its state at module
 * level for speed, and must give exactly these hashes (twin links depend on them).
 */
function referenceHash(props: JsonObject): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  let budget = 8000;
  const mix = (code: number): void => {
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  };
  const text = (value: string): void => {
    const n = Math.min(value.length, budget);
    budget -= n;
    mix(value.length);
    for (let i = 0; i < n; i++) mix(value.charCodeAt(i));
  };
  const walk = (value: unknown, depth: number): void => {
    if (budget <= 0) return;
    if (typeof value === 'string') {
      mix(1);
      text(value);
    } else if (typeof value === 'number') {
      mix(2);
      text(String(value));
    } else if (typeof value === 'boolean') mix(value ? 3 : 4);
    else if (value === null || typeof value !== 'object') mix(5);
    else if (depth >= 32) mix(6);
    else if (Array.isArray(value)) {
      mix(7);
      mix(value.length);
      for (const item of value) walk(item, depth + 1);
    } else {
      const keys = Object.keys(value);
      keys.sort();
      mix(8);
      mix(keys.length);
      for (const name of keys) {
        if (depth === 0 && name === 'role') continue;
        text(name);
        walk((value as JsonObject)[name], depth + 1);
      }
    }
  };
  walk(props, 0);
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

describe('propertiesHash, the fast path', () => {
  it('gives exactly the reference hash on any JSON, including past its read budget and depth bound (property)', () => {
    // Long strings and wide objects run the 8,000-unit budget out part-way (names still mix their length after).
    const long = fc
      .tuple(fc.string({ unit: 'binary' }), fc.nat({ max: 6000 }), fc.string({ unit: 'binary' }))
      .map(([head, n, tail]) => head + String.fromCharCode(97 + (n % 26)).repeat(n) + tail);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = i % 2 ? { d: deep, role: i } : [deep, i];
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.oneof(fc.jsonValue({ maxDepth: 5 }), long, fc.array(long, { maxLength: 6 }))),
        fc.boolean(),
        (props, withDeep) => {
          const value = (withDeep ? { ...props, deep } : props) as JsonObject;
          expect(propertiesHash(value)).toBe(referenceHash(value));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('twinKeys', () => {
  const keysOf = (data: Record<string, unknown>, dir: 'in' | 'out' = 'in') => twinKeys(entryOf(app(data, { dir })));

  it('spells the keys as the template strings they replaced (joined pieces, one flat string each)', () => {
    const pal = keysOf(
      ev('conversation.utterance', 7, { role: 'pal', speech: 'Hi' }, { inference_id: 'R', turn_idx: 1 }),
    );
    const props = { role: 'pal', speech: 'Hi' };
    expect(pal).toEqual({
      key: `pal\u0000call-1\u0000conversation.utterance\u0000R\u00001\u0000${referenceHash(props)}`,
      identity: 'pal',
    });
    // No inference id or turn: empty pieces, as `${undefined ?? ''}` wrote them.
    const bare = keysOf({ message_type: 'conversation', event_type: 'conversation.utterance', properties: props });
    expect(bare?.key).toBe(`pal\u0000call-1\u0000conversation.utterance\u0000\u0000\u0000${referenceHash(props)}`);
    const speaking = keysOf(ev('conversation.started_speaking', 3, { role: 'replica' }, { inference_id: 'R' }));
    expect(speaking).toEqual({
      key: 'speak\u0000call-1\u0000R\u0000replica\u0000started',
      identity: 'conversation.started_speaking\u0000replica',
    });
    const joined = keysOf(ev('system.replica_joined', 1));
    expect(joined).toEqual({ key: 'joined\u0000call-1', identity: 'system.replica_joined' });
    expect(keysOf(ev('conversation.utterance', 7, { role: 'pal', speech: 'Hi' }), 'out')).toBeUndefined();
  });
});
