import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBufferedFrame, decodeRecords, encodeRecords, recordOf, splitFrame } from '../../../src/bridge/channel';
import { serializeForTransfer } from '../../../src/bridge/serialize';
import type { CapturedRecord } from '../../../src/record/record';

const record = (data: unknown, extra: Partial<CapturedRecord> = {}): CapturedRecord =>
  ({
    kind: 'app-message',
    callId: 'c1',
    via: 'hook',
    t: 12.5,
    dir: 'in',
    origin: 'remote',
    fromId: 'r',
    ...serializeForTransfer(data),
    ...extra,
  }) as CapturedRecord;

describe('record framing (hook → relay → panel)', () => {
  it('round-trips records without touching the payload text', () => {
    const records = [
      record({ a: 'line\nbreak', b: '\u2028' }),
      record([1, 2]),
      { kind: 'call-state', callId: 'c1', via: 'hook', t: 1, state: 'joined', json: '{}' } as CapturedRecord,
    ];
    const text = encodeRecords(records);
    expect(decodeRecords(text)).toEqual(records);
    expect(text).toContain(records[0]!.json); // the payload is the JSON text itself, not escaped again
  });

  it('round-trips any JSON-able payload', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (values) => {
        const records = values.map((v) => record(v));
        expect(decodeRecords(encodeRecords(records))).toEqual(records);
      }),
    );
  });

  it('no record content can break a frame: raw newlines, U+2028, NUL, lone surrogates, 10 MB', () => {
    const odd = ['{"a":"x\ny"}', '"\u2028\u2029"', '"\u0000"', '"\ud800"', '"\udfff"', '\n\n\n', 'R', '5:{}', ''];
    const records = odd.map((json) => record(null, { json, size: json.length }));
    records.push(record(null, { json: JSON.stringify('y'.repeat(10_000_000)), size: 10_000_002 }));
    records.push(record({ after: true }));
    const split = splitFrame(encodeRecords(records));
    expect(split?.broken).toBe(false);
    expect(split?.items.map((item) => ('json' in item ? item.json : item.error))).toEqual(records.map((r) => r.json));
    // Metadata strings with the same characters are escaped by JSON.stringify: still one item each.
    const meta = record({}, { callId: 'c\n\u2028\ud800\u0000', fromId: '1:2' });
    expect(decodeRecords(encodeRecords([meta, record(1)]))).toEqual([meta, record(1)]);
  });

  it('a record that does not validate is rejected alone; a broken length ends only the rest', () => {
    const good = encodeRecords([record(1)]);
    const bad = '7:{"x":1}2:{}';
    const split = splitFrame(good + bad + encodeRecords([record(2)]).slice(1))!;
    expect(split.items.map((item) => recordOf(item) !== undefined)).toEqual([true, false, true]);
    const truncated = splitFrame(good + '99:{"kind"')!;
    expect(truncated.broken).toBe(true);
    expect(truncated.items).toHaveLength(1);
    expect(splitFrame('R5:nope!2:{}')!.items[0]).toEqual({ error: 'record metadata is not JSON' });
  });

  it('the panel gets one record per cursor: a placeholder for what does not validate, the lost tail counted', () => {
    const buffered = (cursor: number) => ({ ...record(cursor), cursor });
    const frame = encodeRecords([buffered(5)]) + '2:{}2:{}' + encodeRecords([buffered(7)]).slice(1) + '9:{';
    const decoded = decodeBufferedFrame(frame, 5, 4, 1)!;
    expect(decoded.records.map((r) => r.cursor)).toEqual([5, 6, 7]);
    expect(decoded.records[1]!).toMatchObject({
      kind: 'app-message',
      unserializable: expect.stringMatching(/rejected/),
    });
    expect(decoded.lost).toBe(1);
  });

  it('rejects anything that is not a frame of valid records', () => {
    expect(decodeRecords('R')).toEqual([]);
    expect(decodeRecords('X2:{}2:{}')).toBeUndefined();
    expect(decodeRecords('R2:{}')).toBeUndefined();
    expect(decodeRecords('R8:not json2:{}')).toBeUndefined();
    const sideways =
      '{"kind":"app-message","callId":"c","via":"hook","t":1,"dir":"sideways","origin":"remote","size":2}';
    expect(decodeRecords(`R${sideways.length}:${sideways}2:{}`)).toBeUndefined();
    expect(decodeRecords('R32:{"json":"x","kind":"app-message"}2:{}')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (s) => {
        decodeRecords('R' + s);
        splitFrame('R' + s);
      }),
    );
  });
});
