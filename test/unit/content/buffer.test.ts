import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecordBuffer, chunkForTransfer, recordBytes } from '../../../src/content/buffer';
import type { CapturedRecord } from '../../../src/record/record';

const rec = (n: number): CapturedRecord => ({
  kind: 'app-message',
  callId: 'c',
  via: 'hook',
  t: n,
  dir: 'in',
  origin: 'remote',
  json: `{"n":${n}}`,
  size: 7,
});

describe('RecordBuffer', () => {
  it('numbers records densely from 1 and returns everything after a cursor', () => {
    const buffer = new RecordBuffer(10);
    for (let i = 0; i < 5; i++) buffer.push(rec(i));
    expect(buffer.head).toBe(5);
    expect(buffer.since(0).events.map((e) => e.cursor)).toEqual([1, 2, 3, 4, 5]);
    expect(buffer.since(3).events.map((e) => e.cursor)).toEqual([4, 5]);
    expect(buffer.since(5).events).toEqual([]);
    expect(buffer.since(2, 2).events.map((e) => e.cursor)).toEqual([3, 4]);
  });

  it('evicts the oldest at the bound and counts them', () => {
    const buffer = new RecordBuffer(3);
    for (let i = 0; i < 7; i++) buffer.push(rec(i));
    const slice = buffer.since(0);
    expect(slice.events.map((e) => e.cursor)).toEqual([5, 6, 7]);
    expect(slice.firstCursor).toBe(5);
    expect(slice.dropped).toBe(4);
  });

  it('resizing down evicts (counted) and keeps cursors', () => {
    const buffer = new RecordBuffer(10);
    for (let i = 0; i < 8; i++) buffer.push(rec(i));
    buffer.resize(3);
    expect(buffer.since(0).events.map((e) => e.cursor)).toEqual([6, 7, 8]);
    expect(buffer.dropped).toBe(5);
    buffer.push(rec(9));
    expect(buffer.since(0).events.map((e) => e.cursor)).toEqual([7, 8, 9]);
    buffer.resize(5);
    buffer.push(rec(10));
    expect(buffer.since(0).events.map((e) => e.cursor)).toEqual([7, 8, 9, 10]);
  });

  it('evicts by bytes too, counting records and bytes; a resize applies both bounds', () => {
    const big = (n: number): CapturedRecord => ({ ...rec(n), json: JSON.stringify('x'.repeat(10_000)) });
    const weight = recordBytes(big(0));
    const buffer = new RecordBuffer(1000, weight * 3);
    for (let i = 0; i < 10; i++) buffer.push(big(i));
    expect(buffer.since(0).events.map((e) => e.cursor)).toEqual([8, 9, 10]);
    expect(buffer.bytes).toBe(weight * 3);
    expect(buffer.since(0)).toMatchObject({ dropped: 7, droppedBytes: weight * 7 });
    buffer.resize(1000, weight * 2);
    expect(buffer.since(0).events.map((e) => e.cursor)).toEqual([9, 10]);
    expect(buffer.droppedBytes).toBe(weight * 8);
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.dropped).toBe(10);
    expect(buffer.push(big(11)).cursor).toBe(11); // cursors go on after a clear
  });

  it('rejects nonsense bounds', () => {
    expect(() => new RecordBuffer(0)).toThrow(RangeError);
    expect(() => new RecordBuffer(1.5)).toThrow(RangeError);
  });

  it('property: any reader cursor gets exactly the held records after it, and held + dropped = pushed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 210 }),
        (cap, pushes, after) => {
          const buffer = new RecordBuffer(cap);
          for (let i = 0; i < pushes; i++) buffer.push(rec(i));
          const slice = buffer.since(after);
          const expectedFrom = Math.max(after + 1, pushes - Math.min(cap, pushes) + 1);
          const expected = [];
          for (let c = expectedFrom; c <= pushes; c++) expected.push(c);
          expect(slice.events.map((e) => e.cursor)).toEqual(expected);
          expect(buffer.size + buffer.dropped).toBe(pushes);
        },
      ),
    );
  });
});

describe('chunkForTransfer', () => {
  it('bounds both the count and the characters of a chunk, keeping order', () => {
    const buffer = new RecordBuffer(100);
    for (let i = 0; i < 25; i++) buffer.push(rec(i));
    const chunks = chunkForTransfer(buffer.since(0).events, 10, 1_000_000);
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(chunks.flat().map((e) => e.cursor)).toEqual(buffer.since(0).events.map((e) => e.cursor));
    const big = chunkForTransfer(buffer.since(0).events, 1000, 450);
    expect(big.every((c) => c.length <= 2)).toBe(true);
  });
});
