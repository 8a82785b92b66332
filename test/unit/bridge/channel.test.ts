import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  appMessageMetaText,
  decodeBufferedFrame,
  decodeRelayFrame,
  decodeRecords,
  encodeBatch,
  encodeRecords,
  frameRecord,
  framePiece,
  recordOf,
  splitFrame,
  type FramedItem,
} from '../../../src/bridge/channel';
import { serializeForTransfer } from '../../../src/bridge/serialize';
import { MESSAGE_ORIGINS, isCapturedRecord, type CapturedRecord } from '../../../src/record/record';

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

describe('relay batches (relay → panel): positional metas', () => {
  const arbRecord: fc.Arbitrary<CapturedRecord> = fc.oneof(
    fc.record(
      {
        kind: fc.constant('app-message' as const),
        callId: fc.constantFrom('c1', 'c2', '', '0', 'c\n"\u2028'),
        via: fc.constantFrom('hook' as const, 'sniffer' as const),
        t: fc.double({ noNaN: true, noDefaultInfinity: true }).map((t) => t + 0), // JSON has no -0
        dir: fc.constantFrom('in' as const, 'out' as const),
        origin: fc.constantFrom(...MESSAGE_ORIGINS),
        json: fc.jsonValue().map((v) => JSON.stringify(v)),
        size: fc.nat(),
        truncated: fc.boolean(),
        unserializable: fc.string(),
        fromId: fc.constantFrom('r', 'u', '', '1'),
        to: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
        sendError: fc.string(),
      },
      { requiredKeys: ['kind', 'callId', 'via', 't', 'dir', 'origin', 'json', 'size'] },
    ),
    fc.record({
      kind: fc.constant('call-state' as const),
      callId: fc.constantFrom('c1', 'c2'),
      via: fc.constantFrom('hook' as const, 'sniffer' as const),
      t: fc.double({ noNaN: true, noDefaultInfinity: true }).map((t) => t + 0), // JSON has no -0
      state: fc.constantFrom('captured' as const, 'joined' as const, 'participant-left' as const),
      json: fc.jsonValue().map((v) => JSON.stringify(v)),
    }),
  );

  it('round-trips any records, numbered densely from the batch’s first cursor', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 12 }), fc.integer({ min: 1, max: 1e9 }), (records, first) => {
        const decoded = decodeBufferedFrame(encodeBatch(records), first, records.length, 0)!;
        expect(decoded.lost).toBe(0);
        expect(decoded.records).toEqual(records.map((r, i) => ({ ...r, cursor: first + i })));
      }),
    );
  });

  it('is much smaller than named metas for a realistic stream, with far fewer quotes', () => {
    const records = Array.from({ length: 100 }, (_, i) =>
      record(
        { event_type: 'conversation.utterance.streaming', seq: i },
        {
          callId: 'f3c1e9a0-6c4f-4a57-9a0b-2f6e1d7c8b90',
          fromId: '5b0c2f7e-1d3a-4f0a-8c13-d41a7c906b2e',
          t: 1733420000123.4 + i,
        },
      ),
    );
    const named = encodeRecords(records.map((r, i) => ({ ...r, cursor: i + 1 }) as unknown as CapturedRecord));
    const batch = encodeBatch(records);
    const payload = records.reduce((n, r) => n + r.json.length, 0);
    const quotes = (s: string) => s.split('"').length - 1;
    expect(batch.length - payload).toBeLessThan((named.length - payload) / 3);
    expect(quotes(batch) - quotes(records.map((r) => r.json).join(''))).toBeLessThanOrEqual(4);
  });

  it('a reference to a record that was rejected rejects the referrer too (never another record’s id)', () => {
    const records = ['c1', 'c2', 'c3'].map((callId) => record(1, { callId, fromId: callId }));
    const again = record(2, { callId: 'c2', fromId: 'c2' });
    const frame = encodeBatch([...records, again]);
    // Break the second record's meta (it spelled out c2); the fourth refers to it by position.
    const broken = frame.replace('[0,"c2",', '[9,"c2",');
    const decoded = decodeBufferedFrame(broken, 1, 4, 0)!;
    expect(decoded.records.map((r) => (r.kind === 'app-message' && r.unserializable ? 'rejected' : r.callId))).toEqual([
      'c1',
      'rejected',
      'c3',
      'rejected',
    ]);
  });

  it('rejects metas that do not validate, record by record', () => {
    const item = (meta: string, json = '1') => `${meta.length}:${meta}${json.length}:${json}`;
    const ok = '[0,"c",0,1,0,0,1]';
    const bad = [
      '[0,"c",2,1,0,0,1]', // via out of range
      '[0,"c",0,"1",0,0,1]', // t not a number
      '[0,"c",0,1,0,5,1]', // origin out of range
      '[0,"c",0,1,0,0,1.5]', // size not an integer
      '[0,5,0,1,0,0,1]', // a reference forward
      '[0,"c",0,1,0,0,1,null,{"to":[1]}]', // recipients not strings
      '[0,"c",0,1,0,0,1,null,{},1]', // too long
      '[1,"c",0,1,"joined-twice"]', // unknown state
      '{"kind":"app-message"}', // a named meta without a cursor
    ];
    const frame = 'R' + item(ok) + bad.map((m) => item(m)).join('') + item(ok);
    const decoded = decodeBufferedFrame(frame, 1, bad.length + 2, 0)!;
    const rejected = decoded.records.map((r) => r.kind === 'app-message' && r.unserializable !== undefined);
    expect(rejected).toEqual([false, ...bad.map(() => true), false]);
    fc.assert(
      fc.property(fc.string(), (s) => {
        decodeBufferedFrame('R' + s, 1, 10, 0);
      }),
    );
  });
});

/** splitFrame as first written (a regex on each sliced length prefix): the reader must cut frames exactly so. */
function referenceSplit(text: string): ReturnType<typeof splitFrame> {
  if (text[0] !== 'R') return undefined;
  const items: FramedItem[] = [];
  let at = 1;
  const readPart = (): string | undefined => {
    const colon = text.indexOf(':', at);
    if (colon < 0 || colon - at > 10 || colon === at) return undefined;
    const digits = text.slice(at, colon);
    if (!/^\d+$/.test(digits)) return undefined;
    const length = Number(digits);
    if (colon + 1 + length > text.length) return undefined;
    const part = text.slice(colon + 1, colon + 1 + length);
    at = colon + 1 + length;
    return part;
  };
  while (at < text.length) {
    const metaText = readPart();
    const json = metaText === undefined ? undefined : readPart();
    if (metaText === undefined || json === undefined) return { items, broken: true };
    try {
      items.push({ meta: JSON.parse(metaText) as unknown, json });
    } catch {
      items.push({ error: 'record metadata is not JSON' });
    }
  }
  return { items, broken: false };
}

describe('reading frames on the panel’s thread (the fast paths)', () => {
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => record({ seq: i, text: 'x'.repeat(i * 7) }, { fromId: i % 2 ? 'r' : 'u' }));
  /** A valid frame, then edits where length prefixes and colons live: digits, colons, other characters. */
  const mangled = fc
    .tuple(
      fc.integer({ min: 0, max: 6 }),
      fc.boolean(),
      fc.array(
        fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('0', '1', '9', ':', 'x', '[', '"', '12345678901', '')),
        { maxLength: 4 },
      ),
    )
    .map(([n, positional, edits]) => {
      let text = positional ? encodeBatch(records(n)) : encodeRecords(records(n));
      for (const [at, cut, put] of edits) {
        const i = 1 + (at % Math.max(1, text.length));
        text = text.slice(0, i) + put + text.slice(i + cut);
      }
      return text;
    });

  it('cuts any frame, valid or mangled, exactly as the regex reader did (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mangled,
          fc.string().map((s) => 'R' + s),
        ),
        (text) => {
          expect(splitFrame(text)).toEqual(referenceSplit(text));
        },
      ),
      { numRuns: 500 },
    );
    // Prefix edge cases: 10 digits is the most, leading zeros count, a length past the end is broken.
    for (const text of ['R0000000002:[]1:1', 'R00000000002:[]1:1', 'R:2:[]', 'R2:[]9:1', 'R2:[]1:12:[]']) {
      expect(splitFrame(text)).toEqual(referenceSplit(text));
    }
  });

  it('decodes one record per located item, up to the count, with the rest counted lost (property)', () => {
    fc.assert(
      fc.property(mangled, fc.integer({ min: 0, max: 8 }), (text, count) => {
        const split = referenceSplit(text)!;
        const decoded = decodeRelayFrame(text, 1, count, 0)!;
        const located = Math.min(count, split.items.length);
        expect(decoded.records).toHaveLength(located);
        expect(decoded.lost).toBe(count - located);
        split.items.slice(0, located).forEach((item, i) => {
          const r = decoded.records[i]!;
          expect(r).not.toHaveProperty('cursor');
          if ('error' in item) expect(r).toMatchObject({ unserializable: 'rejected: record metadata is not JSON' });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the relay’s records as they were sent, without a cursor, and named metas at their own cursor only', () => {
    const sent = records(5);
    expect(decodeRelayFrame(encodeBatch(sent), 41, 5, 0)).toEqual({ records: sent, lost: 0 });
    const named = encodeRecords(sent.map((r, i) => ({ ...r, cursor: 41 + i }) as unknown as CapturedRecord));
    const decoded = decodeRelayFrame(named, 41, 5, 0)!;
    expect(decoded.records).toEqual(sent);
    for (const r of decoded.records) expect(Object.keys(r)).not.toContain('cursor');
    // Off by one: every named meta is at the wrong place, so every record is a placeholder.
    const shifted = decodeRelayFrame(named, 40, 5, 0)!;
    expect(shifted.records.every((r) => r.kind === 'app-message' && r.unserializable !== undefined)).toBe(true);
  });
});

describe('the hook’s app-message meta, written as text', () => {
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('"', '\\', '\n', '\u2028', '\ud800', '</script>'),
  );
  const fields = fc.record({
    callId: text,
    via: fc.constantFrom('hook', 'sniffer' as const),
    t: fc.oneof(fc.double({ min: 0, max: 2e12, noNaN: true }), fc.constant(1765000000123.457)),
    dir: fc.constantFrom('in', 'out' as const),
    origin: fc.constantFrom(...MESSAGE_ORIGINS),
    size: fc.nat(),
    truncated: fc.boolean(),
    unserializable: fc.option(text, { nil: undefined }),
    fromId: fc.option(text, { nil: undefined }),
    to: fc.option(fc.oneof(text, fc.array(text, { maxLength: 3 })), { nil: undefined }),
    sendError: fc.option(text, { nil: undefined }),
    req: fc.option(text, { nil: undefined }),
  });

  it('parses to exactly the object the object path wrote, and frames the same record', () => {
    fc.assert(
      fc.property(fields, fc.jsonValue(), (f, payload) => {
        const meta = appMessageMetaText(
          JSON.stringify,
          f.callId,
          f.via,
          f.t,
          f.dir,
          f.origin,
          f.size,
          f.truncated,
          f.unserializable,
          f.fromId,
          f.to,
          f.sendError,
          f.req,
        );
        const asObject = {
          kind: 'app-message',
          callId: f.callId,
          via: f.via,
          t: f.t,
          dir: f.dir,
          origin: f.origin,
          size: f.size,
          ...(f.truncated ? { truncated: true } : {}),
          ...(f.unserializable !== undefined ? { unserializable: f.unserializable } : {}),
          ...(f.fromId !== undefined ? { fromId: f.fromId } : {}),
          ...(f.to !== undefined ? { to: f.to } : {}),
          ...(f.sendError !== undefined ? { sendError: f.sendError } : {}),
          ...(f.req !== undefined ? { req: f.req } : {}),
        };
        expect(JSON.parse(meta)).toEqual(asObject);
        const json = JSON.stringify(payload) ?? 'null';
        const ours = splitFrame('R' + framePiece(meta, json));
        const reference = splitFrame('R' + frameRecord(asObject, json, JSON.stringify));
        expect(ours).toEqual(reference);
        expect(ours?.items[0] && recordOf(ours.items[0], () => true)).toEqual({ ...asObject, json });
      }),
    );
  });

  it('is a valid record for the relay when its fields are', () => {
    const meta = appMessageMetaText(
      JSON.stringify,
      'c1',
      'hook',
      12.5,
      'out',
      'app',
      2,
      false,
      undefined,
      undefined,
      ['p1', 'p2'],
      'boom',
      'req-1',
    );
    const item = splitFrame('R' + framePiece(meta, '{}'))!.items[0]!;
    const { req, ...fields } = JSON.parse(meta) as Record<string, unknown>;
    expect(req).toBe('req-1');
    expect(isCapturedRecord({ ...fields, json: '{}' })).toBe(true);
    expect(item).toEqual({ meta: JSON.parse(meta), json: '{}' });
  });
});
