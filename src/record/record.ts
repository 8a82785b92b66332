/**
 * The captured-record model: what the capture layer saw in the page, as it crosses every world and lands in the log.
 * Ground floor: no imports. The page hook bundles this file, so it stays small and free of anything the page could
 * have patched at run time beyond what the guards below touch (they run in the relay and panel, not in the hook).
 */

/** Largest JSON text of one event that crosses worlds; longer text is cut and flagged `truncated`. */
export const MAX_EVENT_JSON = 1_000_000;

/**
 * Ends a string that the capture cut so the record fits MAX_EVENT_JSON. The payload keeps its structure (the JSON
 * stays valid, the start of every string stays readable) and the record is flagged `truncated`.
 */
export const cutMarker = (removed: number): string => `…[+${removed} chars cut]`;
/** Matches a cutMarker at the end of a string; group 1 is the number of characters removed. */
export const CUT_MARKER_PATTERN = /…\[\+(\d+) chars cut\]$/;

// Records: what the capture layer saw

export type Direction = 'in' | 'out';
/**
 * Who produced an app-message: the remote side (replica/Tavus), the page's own code, our composer, or events played
 * into the page's call by a DevTools replay or the mock replica (incoming, but not from anyone in the call).
 */
export type MessageOrigin = 'remote' | 'app' | 'devtools' | 'replay' | 'mock';
export const MESSAGE_ORIGINS: readonly MessageOrigin[] = ['remote', 'app', 'devtools', 'replay', 'mock'];
/** Which capture path saw it: the MAIN-world hook on the call object, or the passive postMessage sniffer. */
export type CaptureVia = 'hook' | 'sniffer';

export interface AppMessageRecord {
  kind: 'app-message';
  callId: string;
  via: CaptureVia;
  /** Local receive/send time, ms since the epoch (with sub-ms precision where the page gives it). */
  t: number;
  dir: Direction;
  origin: MessageOrigin;
  /** JSON text of the message `data` (cut at MAX_EVENT_JSON when `truncated`). */
  json: string;
  /** Length of the full JSON text (UTF-16 units, as daily-js counts). */
  size: number;
  truncated?: boolean;
  /** Why the data could not be turned into JSON (cyclic, BigInt, too deep…); `json` then holds a description. */
  unserializable?: string;
  /** Incoming: the sender's Daily session id. */
  fromId?: string;
  /** Outgoing: the recipient(s) given to sendAppMessage. */
  to?: string | string[];
  /** Outgoing: sendAppMessage threw this; the message did not leave the page. */
  sendError?: string;
}

export type CallStateKind =
  'captured' | 'joined' | 'left' | 'participant-joined' | 'participant-left' | 'error' | 'destroyed';

export interface CallStateRecord {
  kind: 'call-state';
  callId: string;
  via: CaptureVia;
  t: number;
  state: CallStateKind;
  /** JSON text of a small, sanitised detail object (participant, error message, …). */
  json: string;
}

export type CapturedRecord = AppMessageRecord | CallStateRecord;

/** A record once the relay has numbered it: `cursor` is dense and increasing per document. */
export type BufferedRecord = CapturedRecord & { cursor: number };

// ---------------------------------------------------------------------------------------------------------------
// Guards shared by every receiver of records (relay, background, panel).

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
export const isStr = (x: unknown): x is string => typeof x === 'string';
export const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const isInt = (x: unknown): x is number => Number.isSafeInteger(x);
export const isBool = (x: unknown): x is boolean => typeof x === 'boolean';
export const optStr = (x: unknown) => x === undefined || isStr(x);
/** A recipient list of any length: daily-js accepts thousands of session ids, and so must every guard. */
export const isRecipient = (x: unknown): x is string | string[] => isStr(x) || (Array.isArray(x) && x.every(isStr));
export const oneOf = <T extends string>(x: unknown, values: readonly T[]): x is T => values.includes(x as T);

export const CALL_STATES: readonly CallStateKind[] = [
  'captured',
  'joined',
  'left',
  'participant-joined',
  'participant-left',
  'error',
  'destroyed',
];

export function isCapturedRecord(x: unknown): x is CapturedRecord {
  if (!isObj(x) || !isStr(x.callId) || !isNum(x.t) || !oneOf(x.via, ['hook', 'sniffer'] as const)) return false;
  if (x.kind === 'call-state') return oneOf(x.state, CALL_STATES) && isStr(x.json);
  if (x.kind !== 'app-message') return false;
  return (
    oneOf(x.dir, ['in', 'out'] as const) &&
    oneOf(x.origin, MESSAGE_ORIGINS) &&
    isStr(x.json) &&
    x.json.length <= MAX_EVENT_JSON + 64 &&
    isInt(x.size) &&
    (x.truncated === undefined || isBool(x.truncated)) &&
    optStr(x.unserializable) &&
    optStr(x.fromId) &&
    (x.to === undefined || isRecipient(x.to)) &&
    optStr(x.sendError)
  );
}

export function isBufferedRecord(x: unknown): x is BufferedRecord {
  if (!isCapturedRecord(x)) return false;
  const cursor = (x as unknown as Obj).cursor;
  return isInt(cursor) && cursor > 0;
}
