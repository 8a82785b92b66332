import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeRecords, encodeRecords } from '../../../src/bridge/channel';
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

describe('record framing between hook and relay', () => {
  it('round-trips records without touching the payload text', () => {
    const records = [
      record({ a: 'line\nbreak', b: '\u2028' }),
      record([1, 2]),
      { kind: 'call-state', callId: 'c1', via: 'hook', t: 1, state: 'joined', json: '{}' } as CapturedRecord,
    ];
    const text = encodeRecords(records);
    expect(decodeRecords(text)).toEqual(records);
    expect(text.split('\n')[2]).toBe(records[0]!.json); // the payload line is the JSON text itself
  });

  it('round-trips any JSON-able payload', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (values) => {
        const records = values.map((v) => record(v));
        expect(decodeRecords(encodeRecords(records))).toEqual(records);
      }),
    );
  });

  it('rejects anything that is not a frame of valid records', () => {
    expect(decodeRecords('R')).toEqual([]);
    expect(decodeRecords('X\n{}\n{}')).toBeUndefined();
    expect(decodeRecords('R\n{"kind":"app-message"}')).toBeUndefined(); // odd line count
    expect(decodeRecords('R\nnot json\n{}')).toBeUndefined();
    expect(
      decodeRecords(
        'R\n{"kind":"app-message","callId":"c","via":"hook","t":1,"dir":"sideways","origin":"remote","size":2}\n{}',
      ),
    ).toBeUndefined();
    expect(decodeRecords('R\n{"json":"x","kind":"app-message"}\n{}')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (s) => {
        decodeRecords('R\n' + s);
      }),
    );
  });
});
