/**
 * The MAIN ⇄ ISOLATED channel and the record framing used on every hop.
 *
 * Channel: at document_start, before any page script runs, the relay makes a private EventTarget (the channel target,
 * `new EventTarget()`, never in any document) and hands it to the hook in a synchronous, cancelable PointerEvent
 * (OFFER_EVENT) on `document`: the target as its `relatedTarget`, a key of the relay's own as its `pointerType` (the
 * one string field of the mouse event family). The hook takes both and cancels the event, which tells the relay it
 * was taken. A relay that finds no hook listening keeps the offer for the first HELLO_EVENT (the hook ran after it).
 * After that both sides speak only by dispatching CustomEvents on the channel target, whose `detail` is a string
 * (TO_HOOK_EVENT one way, FROM_HOOK_EVENT the other): the worlds share one JavaScript heap, so a string crosses
 * without a copy, where a MessagePort cloned it at ~5.7 ns per char and charged ~18 µs per post
 * (bench/browser/probe-port-bytes.bench-e2e.ts). The target is reachable only from the two listeners that were
 * given it, so no page script can listen to or dispatch on it. Dispatch is synchronous, so each side only queues what
 * it hears and handles it after the dispatch returns: the relay in a task of its own (as a port message was, off the
 * page's task), the hook in a microtask (page code the hook calls must never run while `window.event` is an event on
 * the channel target). Every hook → relay message starts with the key, which only the offer's listener at
 * document_start ever saw (a page that somehow got the target can read what the relay says, never speak for the
 * hook), so the relay drops anything that does not carry it. See README, "What a page can and cannot do".
 *
 * Framing: a records frame is `R` followed, per record, by `<length>:<meta JSON><length>:<payload JSON text>`
 * (lengths in UTF-16 units). Length prefixes make every byte of a record's content safe (newlines, U+2028, NUL, lone
 * surrogates), the payload text is never escaped a second time, and a record whose meta does not validate is
 * rejected alone: its neighbours still decode.
 */
import {
  CALL_STATES,
  MAX_EVENT_JSON,
  isBufferedRecord,
  isCapturedRecord,
  isObj,
  oneOf,
  type AppMessageRecord,
  type BufferedRecord,
  type CapturedRecord,
  type CaptureVia,
  type Direction,
  type MessageOrigin,
} from '../record/record';

/** Relay → hook: the channel offer (a PointerEvent: `relatedTarget` the channel target, `pointerType` the key). */
export const OFFER_EVENT = 'cvi-devtools:offer';
/** Hook → relay: "I am here and have no channel yet" (only needed when the relay ran first). */
export const HELLO_EVENT = 'cvi-devtools:hello';
/** On the channel target: a CustomEvent whose `detail` is the relay's message to the hook. */
export const TO_HOOK_EVENT = 'cvi-devtools:to-hook';
/** On the channel target: a CustomEvent whose `detail` is the hook's message (key, newline, body) to the relay. */
export const FROM_HOOK_EVENT = 'cvi-devtools:from-hook';
/** The action of the late-attach probe message; daily-js ignores unknown actions. */
export const PROBE_ACTION = '__cvi_devtools_probe';
/** The window marker an earlier version of the hook (≤ 0.1.0) left; its presence means a stale hook runs here. */
export const LEGACY_HOOK_MARKER = 'cvi-devtools.hook';

/** First character of a records frame; every other channel message is a JSON object. */
export const RECORDS_FRAME = 'R';

/** Appends one record to a frame under construction. `stringify` is passed in: the hook uses its saved one. */
export function frameRecord(meta: object, json: string, stringify: (value: unknown) => string): string {
  return framePiece(stringify(meta), json);
}

/** One record's piece of a frame, from its meta text and payload text. */
export function framePiece(metaText: string, json: string): string {
  return metaText.length + ':' + metaText + json.length + ':' + json;
}

/**
 * The meta text of an app-message record, written as text: it is the page hook's per-message hot path, where an
 * object would first need its prototype cut (JSON.stringify looks `toJSON` up the chain, where a page getter may
 * wait), and V8 charges more for that than for the JSON itself. `quote` is the hook's saved JSON.stringify; given a
 * string (or the hook's null-prototype recipient list) it reads nothing a page can reach. Numbers are ours and
 * finite, so their text is their JSON. Positional parameters: an options object would be read through
 * Object.prototype. Parses to exactly the object `frameRecord` would have written (test/unit/bridge/channel.test.ts).
 */
export function appMessageMetaText(
  quote: (value: unknown) => string,
  callId: string,
  via: CaptureVia,
  t: number,
  dir: Direction,
  origin: MessageOrigin,
  size: number,
  truncated: boolean,
  unserializable: string | undefined,
  fromId: string | undefined,
  to: string | readonly string[] | undefined,
  sendError: string | undefined,
  req: string | undefined,
): string {
  let text =
    '{"kind":"app-message","callId":' +
    quote(callId) +
    ',"via":"' +
    via +
    '","t":' +
    t +
    ',"dir":"' +
    dir +
    '","origin":"' +
    origin +
    '","size":' +
    size;
  if (truncated) text += ',"truncated":true';
  if (unserializable !== undefined) text += ',"unserializable":' + quote(unserializable);
  if (fromId !== undefined) text += ',"fromId":' + quote(fromId);
  if (to !== undefined) text += ',"to":' + quote(to);
  if (sendError !== undefined) text += ',"sendError":' + quote(sendError);
  if (req !== undefined) text += ',"req":' + quote(req);
  return text + '}';
}

export function encodeRecords(records: readonly CapturedRecord[]): string {
  let frame = RECORDS_FRAME;
  for (const record of records) {
    const { json, ...meta } = record;
    frame += frameRecord(meta, json, JSON.stringify);
  }
  return frame;
}

/** One framed item: its meta (not yet validated) and payload text, or why it could not be cut out of the frame. */
export type FramedItem = { meta: unknown; json: string } | { error: string };

/** Reads a frame's length-prefixed parts in order (shared by splitFrame and the panel's decodeRelayFrame). */
class FrameReader {
  /** Where the next part's length prefix starts. */
  at = 1;

  constructor(readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  /**
   * The next part, or undefined when its prefix is broken: not 1–10 ASCII digits and a colon, or a length past the
   * end. Read by char code, not sliced and tested with a regex: this runs twice per record on the panel's thread.
   */
  readPart(): string | undefined {
    const text = this.text;
    const start = this.at;
    let i = start;
    let length = 0;
    for (; i < text.length && i - start <= 10; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      length = length * 10 + digit;
    }
    if (i === start || i - start > 10 || text.charCodeAt(i) !== 58 /* : */) return undefined;
    const end = i + 1 + length;
    if (end > text.length) return undefined;
    this.at = end;
    return text.slice(i + 1, end);
  }
}

/**
 * Cuts a frame into items. A meta that is not JSON becomes an error item and decoding goes on; only a broken length
 * prefix ends the frame (what follows cannot be located), reported as `broken`.
 */
export function splitFrame(text: string): { items: FramedItem[]; broken: boolean } | undefined {
  if (text[0] !== RECORDS_FRAME) return undefined;
  const items: FramedItem[] = [];
  const reader = new FrameReader(text);
  while (!reader.done) {
    const metaText = reader.readPart();
    const json = metaText === undefined ? undefined : reader.readPart();
    if (metaText === undefined || json === undefined) return { items, broken: true };
    let meta: unknown;
    try {
      meta = JSON.parse(metaText);
    } catch {
      items.push({ error: 'record metadata is not JSON' });
      continue;
    }
    items.push({ meta, json });
  }
  return { items, broken: false };
}

/** Joins a framed item into a record if it validates (`json` is never taken from the meta). */
export function recordOf(item: FramedItem, isValid: (x: unknown) => boolean = isCapturedRecord): unknown {
  if ('error' in item || !isObj(item.meta) || 'json' in item.meta) return undefined;
  const record = { ...item.meta, json: item.json };
  return isValid(record) ? record : undefined;
}

/** The records of a frame, or undefined when any part of it is not a valid record (tests and strict readers). */
export function decodeRecords(
  text: string,
  isValid: (x: unknown) => boolean = isCapturedRecord,
): CapturedRecord[] | undefined {
  const split = splitFrame(text);
  if (!split || split.broken) return undefined;
  const records: CapturedRecord[] = [];
  for (const item of split.items) {
    const record = recordOf(item, isValid);
    if (!record) return undefined;
    records.push(record as CapturedRecord);
  }
  return records;
}

/**
 * The placeholder that stands for a record a receiver rejected: a malformed app-message row (the log counts it),
 * with the reason, so nothing vanishes silently and the cursors around it stay dense.
 */
export function rejectedRecord(reason: string, t: number, callId = 'unknown'): AppMessageRecord {
  return {
    kind: 'app-message',
    callId,
    via: 'hook',
    t,
    dir: 'in',
    origin: 'remote',
    json: JSON.stringify('[rejected record]'),
    size: 0,
    unserializable: `rejected: ${reason}`.slice(0, 300),
  };
}

// ---- relay → panel batches -------------------------------------------------------------------------------------
//
// A relay batch is the same `R` frame with a positional meta per record, a JSON array (fewer bytes than an object
// with named keys, and almost no quotes: extension messaging charges the relay's page per byte, and a Chrome older
// than 148, which ignores the manifest's `message_serialization: structured_clone`, JSON-encodes the frame and escapes
// every quote). Cursors are not sent: a batch is dense from its `first`. `callId` and `fromId` repeat for nearly every
// record, so after the first spelling a record may give the position (0-based, in this frame) of an earlier record
// whose same field it shares.
//
//   app-message: [0, callId, via, t, dir, origin, size]  (+ fromId, + extras when present)
//   call-state:  [1, callId, via, t, state]
//
// via 0 hook / 1 sniffer; dir 0 in / 1 out; origin 0 remote / 1 app / 2 devtools / 3 replay / 4 mock; fromId a string, a position, or
// null; extras an object with any of `truncated`, `unserializable`, `to`, `sendError`.

const VIAS = ['hook', 'sniffer'] as const;
const DIRS = ['in', 'out'] as const;
const ORIGINS = ['remote', 'app', 'devtools', 'replay', 'mock'] as const;

/** A relay batch frame: every record's meta positional, payload text untouched. */
export function encodeBatch(records: readonly CapturedRecord[]): string {
  let frame = RECORDS_FRAME;
  const callAt = new Map<string, number>();
  const fromAt = new Map<string, number>();
  const ref = (seen: Map<string, number>, value: string, i: number): string | number => {
    const at = seen.get(value);
    if (at !== undefined) return at;
    seen.set(value, i);
    return value;
  };
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as CapturedRecord;
    const callId = ref(callAt, r.callId, i);
    let meta: unknown[];
    if (r.kind === 'call-state') meta = [1, callId, VIAS.indexOf(r.via), r.t, r.state];
    else {
      meta = [0, callId, VIAS.indexOf(r.via), r.t, DIRS.indexOf(r.dir), ORIGINS.indexOf(r.origin), r.size];
      const extras =
        r.truncated !== undefined || r.unserializable !== undefined || r.to !== undefined || r.sendError !== undefined
          ? {
              ...(r.truncated !== undefined ? { truncated: r.truncated } : {}),
              ...(r.unserializable !== undefined ? { unserializable: r.unserializable } : {}),
              ...(r.to !== undefined ? { to: r.to } : {}),
              ...(r.sendError !== undefined ? { sendError: r.sendError } : {}),
            }
          : undefined;
      if (r.fromId !== undefined || extras) meta.push(r.fromId === undefined ? null : ref(fromAt, r.fromId, i));
      if (extras) meta.push(extras);
    }
    const metaText = JSON.stringify(meta);
    frame += metaText.length + ':' + metaText + r.json.length + ':' + r.json;
  }
  return frame;
}

/** A code in 0 … n-1 as the value it stands for. */
const code = <T>(values: readonly T[], x: unknown): T | undefined => (typeof x === 'number' ? values[x] : undefined);

/** The fields of the records before one in its frame (undefined where one was rejected), for references. */
type EarlierFields = readonly ({ callId: string; fromId?: string } | undefined)[];

/** A field given as a string, or as the position of an earlier record in the frame that has it. */
function resolveRef(x: unknown, field: 'callId' | 'fromId', earlier: EarlierFields): string | undefined {
  return typeof x === 'string' ? x : Number.isSafeInteger(x) ? earlier[x as number]?.[field] : undefined;
}

/**
 * One positional meta (see encodeBatch) and its payload as a record, or why not. `earlier` gives the fields of the
 * records before it in the frame (undefined where one was rejected), for references by position.
 */
function batchRecord(meta: unknown, json: string, earlier: EarlierFields): CapturedRecord | string {
  if (!Array.isArray(meta)) return 'record metadata does not validate';
  const callId = resolveRef(meta[1], 'callId', earlier);
  const via = code(VIAS, meta[2]);
  const t: unknown = meta[3];
  if (callId === undefined || via === undefined || typeof t !== 'number' || !Number.isFinite(t))
    return 'record metadata does not validate';
  if (json.length > MAX_EVENT_JSON + 64) return 'record text is too long';
  if (meta[0] === 1) {
    const state = meta[4];
    if (meta.length !== 5 || !oneOf(state, CALL_STATES)) return 'record metadata does not validate';
    return { kind: 'call-state', callId, via, t, state, json };
  }
  const dir = code(DIRS, meta[4]);
  const origin = code(ORIGINS, meta[5]);
  const size: unknown = meta[6];
  if (meta[0] !== 0 || meta.length > 9 || dir === undefined || origin === undefined || !Number.isSafeInteger(size))
    return 'record metadata does not validate';
  const record: AppMessageRecord = { kind: 'app-message', callId, via, t, dir, origin, json, size: size as number };
  if (meta.length > 7 && meta[7] !== null) {
    const fromId = resolveRef(meta[7], 'fromId', earlier);
    if (fromId === undefined) return 'record metadata does not validate';
    record.fromId = fromId;
  }
  if (meta.length > 8) {
    const extras: unknown = meta[8];
    if (!isObj(extras)) return 'record metadata does not validate';
    const { truncated, unserializable, to, sendError } = extras;
    if (truncated !== undefined) record.truncated = truncated as boolean;
    if (unserializable !== undefined) record.unserializable = unserializable as string;
    if (to !== undefined) record.to = to as string | string[];
    if (sendError !== undefined) record.sendError = sendError as string;
    if (!isCapturedRecord(record)) return 'record metadata does not validate';
  }
  return record;
}

/**
 * What the panel reads out of a relay frame: one record per cursor from `first` on (records[i] is cursor first + i),
 * a malformed placeholder for any record that does not validate, and how many cursors at the end could not be
 * located at all. Reads relay batches (positional metas, encodeBatch) and, record by record, the named metas of
 * `encodeRecords` (whose cursor must be the one of their place). The records carry no cursor: the panel's log keeps
 * each record as it arrives here, so one made with a cursor would have to be copied without it (an object per event).
 */
export function decodeRelayFrame(
  text: string,
  first: number,
  count: number,
  now: number,
): { records: CapturedRecord[]; lost: number } | undefined {
  if (text[0] !== RECORDS_FRAME) return undefined;
  const reader = new FrameReader(text);
  const records: CapturedRecord[] = [];
  const fields: ({ callId: string; fromId?: string } | undefined)[] = [];
  // The same walk as splitFrame, without its list of items: a record is decoded as soon as its parts are cut out.
  while (records.length < count && !reader.done) {
    const metaText = reader.readPart();
    const json = metaText === undefined ? undefined : reader.readPart();
    if (metaText === undefined || json === undefined) break;
    let meta: unknown;
    let parsed = true;
    try {
      meta = JSON.parse(metaText);
    } catch {
      parsed = false;
    }
    let reason: string;
    if (!parsed) reason = 'record metadata is not JSON';
    else if (Array.isArray(meta)) {
      const record = batchRecord(meta, json, fields);
      if (typeof record !== 'string') {
        fields.push(record.kind === 'app-message' ? record : { callId: record.callId });
        records.push(record);
        continue;
      }
      reason = record;
    } else {
      const buffered = recordOf({ meta, json }, isBufferedRecord) as BufferedRecord | undefined;
      if (buffered && buffered.cursor === first + records.length) {
        const { cursor: _cursor, ...record } = buffered;
        fields.push(record.kind === 'app-message' ? record : { callId: record.callId });
        records.push(record as CapturedRecord);
        continue;
      }
      reason = 'record metadata does not validate';
    }
    fields.push(undefined);
    records.push(rejectedRecord(reason, now));
  }
  return { records, lost: Math.max(0, count - records.length) };
}

/** decodeRelayFrame's records with their cursors (tests and readers that want them on the record). */
export function decodeBufferedFrame(
  text: string,
  first: number,
  count: number,
  now: number,
): { records: BufferedRecord[]; lost: number } | undefined {
  const decoded = decodeRelayFrame(text, first, count, now);
  if (!decoded) return undefined;
  return {
    records: decoded.records.map((record, i) => ({ ...record, cursor: first + i }) as BufferedRecord),
    lost: decoded.lost,
  };
}
