import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntervalSet } from '../../../src/log/interval-set';
import { SeqIndex } from '../../../src/log/seq-index';
import { ChunkedList, type Chunk } from '../../../src/log/chunked-list';

describe('IntervalSet', () => {
  it('behaves like a Set of integers, with missing runs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 60 }), { maxLength: 80 }),
        fc.integer({ min: -25, max: 65 }),
        fc.integer({ min: -25, max: 65 }),
        (values, a, b) => {
          const set = new IntervalSet();
          const model = new Set<number>();
          for (const v of values) {
            expect(set.add(v)).toBe(!model.has(v));
            model.add(v);
          }
          expect(set.size).toBe(model.size);
          for (let x = -25; x <= 65; x++) expect(set.has(x)).toBe(model.has(x));
          if (model.size) {
            const min = Math.min(...model);
            const max = Math.max(...model);
            expect([set.min, set.max]).toEqual([min, max]);
            expect(set.missingCount()).toBe(max - min + 1 - model.size);
          } else expect(set.missingCount()).toBe(0);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const missing: number[] = [];
          for (let x = lo + 1; x < hi; x++) if (!model.has(x)) missing.push(x);
          expect(
            set
              .missingBetween(lo, hi)
              .flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i)),
          ).toEqual(missing);
        },
      ),
    );
  });
});

describe('SeqIndex', () => {
  it('keeps items sorted by seq with buckets, supporting removal anywhere', () => {
    type Op = { type: 'insert'; seq: number } | { type: 'remove'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ type: fc.constant('insert' as const), seq: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const index = new SeqIndex<{ seq: number; n: number }>();
        const model: Array<{ seq: number; n: number }> = [];
        let n = 0;
        for (const o of ops) {
          if (o.type === 'insert') {
            const item = { seq: o.seq, n: n++ };
            index.insert(o.seq, item);
            model.push(item);
          } else if (model.length) {
            // Mostly remove the oldest (eviction), sometimes any.
            const at = o.pick % 3 === 0 ? o.pick % model.length : 0;
            const [item] = model.splice(at, 1);
            index.remove(item!.seq, item!);
          }
        }
        for (let s = -1; s <= 31; s++) {
          const bucket = model.filter((m) => m.seq === s);
          expect(index.bucket(s) ?? []).toEqual(bucket);
          const higher = model.filter((m) => m.seq > s);
          const next = higher.length ? Math.min(...higher.map((m) => m.seq)) : undefined;
          expect(index.successor(s)).toBe(next === undefined ? undefined : model.find((m) => m.seq === next));
        }
        expect(index.size).toBe(new Set(model.map((m) => m.seq)).size);
      }),
    );
  });

  it('compacts after many removals from the low end', () => {
    const index = new SeqIndex<number>();
    for (let i = 0; i < 5000; i++) index.insert(i, i);
    for (let i = 0; i < 4990; i++) index.remove(i, i);
    expect(index.size).toBe(10);
    expect(index.successor(0)).toBe(4990);
    index.insert(3, 3); // reuses the dead slot below head
    expect(index.successor(0)).toBe(3);
  });
});

describe('ChunkedList', () => {
  interface Item {
    n: number;
    chunk: Chunk<Item> | undefined;
  }
  it('matches an array under append, insertBefore/After and remove', () => {
    const op = fc.oneof(
      fc.record({ type: fc.constant('append' as const) }),
      fc.record({ type: fc.constant('before' as const), pick: fc.nat() }),
      fc.record({ type: fc.constant('after' as const), pick: fc.nat() }),
      fc.record({ type: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const list = new ChunkedList<Item>();
        const model: Item[] = [];
        let n = 0;
        for (const o of ops) {
          const item: Item = { n: n++, chunk: undefined };
          if (o.type === 'append' || model.length === 0) {
            if (o.type === 'remove') continue;
            list.append(item);
            model.push(item);
          } else {
            const at = o.pick % model.length;
            const ref = model[at]!;
            if (o.type === 'before') {
              list.insertBefore(ref, item);
              model.splice(at, 0, item);
            } else if (o.type === 'after') {
              list.insertAfter(ref, item);
              model.splice(at + 1, 0, item);
            } else {
              list.remove(ref);
              model.splice(at, 1);
            }
          }
        }
        expect(list.toArray()).toEqual(model);
        expect(list.size).toBe(model.length);
        for (const chunk of list.chunks) {
          expect(chunk.items.length).toBeGreaterThan(0);
          expect(chunk.items.length).toBeLessThanOrEqual(1024);
          for (const item of chunk.items) expect(item.chunk).toBe(chunk);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('splits a chunk that grows past its limit', () => {
    const list = new ChunkedList<Item>();
    const first: Item = { n: -1, chunk: undefined };
    list.append(first);
    const model: Item[] = [first];
    for (let i = 0; i < 3000; i++) {
      const item: Item = { n: i, chunk: undefined };
      list.insertBefore(model[model.length - 1]!, item); // always just before the last one
      model.splice(model.length - 1, 0, item);
    }
    expect(list.chunks.length).toBeGreaterThan(3);
    expect(list.toArray()).toEqual(model);
    for (const chunk of list.chunks) for (const item of chunk.items) expect(item.chunk).toBe(chunk);
    for (const item of model.slice(0, 2000)) list.remove(item);
    expect(list.toArray()).toEqual(model.slice(2000));
  });
});
