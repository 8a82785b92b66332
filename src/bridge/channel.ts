/**
 * The MAIN ⇄ ISOLATED channel and the record framing used on every hop.
 *
 * Channel: at document_start, before any page script runs, the relay creates a MessageChannel and hands one port to
 * the hook in a synchronous, cancelable MessageEvent (OFFER_EVENT) on `document`; the hook takes it and cancels the
 * event, which tells the relay it was taken. A relay that finds no hook listening keeps the offer for the first
 * HELLO_EVENT (the hook ran after it). After that nothing of ours is ever dispatched on the DOM: the traffic is on a
 * port no page script holds. Every hook → relay message starts with a key the hook made at the handoff and sent only
 * into the relay's end of the port (a page that somehow got the hook's end can read what the relay says, never what
 * the hook says), so the relay drops anything that does not carry it. See README, "What a page can and cannot do".
 *
 * Framing: a records frame is `R` followed, per record, by `<length>:<meta JSON><length>:<payload JSON text>`
 * (lengths in UTF-16 units). Length prefixes make every byte of a record's content safe (newlines, U+2028, NUL, lone
 * surrogates), the payload text is never escaped a second time, and a record whose meta does not validate is
 * rejected alone: its neighbours still decode.
 */
import {
  isBufferedRecord,
  isCapturedRecord,
  isObj,
  type AppMessageRecord,
  type BufferedRecord,
  type CapturedRecord,
} from '../record/record';

/** Relay → hook: the port offer (a MessageEvent whose `ports[0]` is the hook's end). */
export const OFFER_EVENT = 'cvi-devtools:offer';
/** Hook → relay: "I am here and have no port yet" (only needed when the relay ran first). */
export const HELLO_EVENT = 'cvi-devtools:hello';
/** The action of the late-attach probe message; daily-js ignores unknown actions. */
export const PROBE_ACTION = '__cvi_devtools_probe';
/** The window marker an earlier version of the hook (≤ 0.1.0) left; its presence means a stale hook runs here. */
export const LEGACY_HOOK_MARKER = 'cvi-devtools.hook';

/** First character of a records frame; every other channel message is a JSON object. */
export const RECORDS_FRAME = 'R';

/** Appends one record to a frame under construction. `stringify` is passed in: the hook uses its saved one. */
export function frameRecord(meta: object, json: string, stringify: (value: unknown) => string): string {
  const metaText = stringify(meta);
  return metaText.length + ':' + metaText + json.length + ':' + json;
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

/**
 * Cuts a frame into items. A meta that is not JSON becomes an error item and decoding goes on; only a broken length
 * prefix ends the frame (what follows cannot be located), reported as `broken`.
 */
export function splitFrame(text: string): { items: FramedItem[]; broken: boolean } | undefined {
  if (text[0] !== RECORDS_FRAME) return undefined;
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

/**
 * What the panel reads out of a relay frame: one result per cursor from `first` on, a malformed placeholder for any
 * record that does not validate, and how many cursors at the end could not be located at all.
 */
export function decodeBufferedFrame(
  text: string,
  first: number,
  count: number,
  now: number,
): { records: BufferedRecord[]; lost: number } | undefined {
  const split = splitFrame(text);
  if (!split) return undefined;
  const records: BufferedRecord[] = [];
  for (let i = 0; i < split.items.length && i < count; i++) {
    const item = split.items[i] as FramedItem;
    const cursor = first + i;
    const record = recordOf(item, isBufferedRecord) as BufferedRecord | undefined;
    if (record && record.cursor === cursor) records.push(record);
    else {
      const reason = 'error' in item ? item.error : 'record metadata does not validate';
      records.push({ ...rejectedRecord(reason, now), cursor });
    }
  }
  return { records, lost: Math.max(0, count - records.length) };
}
