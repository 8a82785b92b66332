/**
 * Turning page values into data that can cross worlds. Runs inside the page hook for every captured message, so the
 * common path is one JSON.stringify and nothing else. The hook passes the built-ins it saved at document_start.
 */
import { MAX_EVENT_JSON, cutMarker } from '../record/record';

export interface SerializedData {
  json: string;
  /** Length of the full JSON text in UTF-16 units (what daily-js compares against its limit). */
  size: number;
  truncated?: boolean;
  unserializable?: string;
}

export interface SerializeTools {
  stringify: typeof JSON.stringify;
  /** `String.prototype.slice`, uncurried. */
  slice: (s: string, start: number, end: number) => string;
  /** `String.prototype.charCodeAt`, uncurried. */
  charCodeAt: (s: string, index: number) => number;
}

const nativeTools: SerializeTools = {
  stringify: JSON.stringify,
  slice: (s, start, end) => s.slice(start, end),
  charCodeAt: (s, i) => s.charCodeAt(i),
};

/** Kept strings are cut to at most this many characters first, then shorter until the text fits. */
const FIRST_STRING_LIMIT = 64 * 1024;
const LAST_STRING_LIMIT = 16;

export type Serialize = (value: unknown, max?: number) => SerializedData;

export function createSerializer(tools: SerializeTools): Serialize {
  const { stringify, slice, charCodeAt } = tools;

  /** A copy of `json`'s value with every string longer than `limit` cut and marked; undefined if it throws. */
  function cutStrings(value: unknown, limit: number): string | undefined {
    const replacer = (_key: string, v: unknown) => {
      if (typeof v !== 'string' || v.length <= limit) return v;
      let end = limit;
      const last = charCodeAt(v, end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
      return slice(v, 0, end) + cutMarker(v.length - end);
    };
    try {
      return stringify(value, replacer);
    } catch {
      return undefined;
    }
  }

  return (value, max = MAX_EVENT_JSON) => {
    let json: string | undefined;
    try {
      json = stringify(value);
    } catch (err) {
      // Cyclic structures, BigInt, 10,000-deep nesting (RangeError), throwing toJSON/getters.
      let reason = 'JSON.stringify threw';
      try {
        reason = `${(err as Error).name}: ${(err as Error).message}`;
      } catch {
        /* a hostile error object */
      }
      const description = stringify(`[unserializable ${describeType(value)}]`);
      return { json: description, size: 0, unserializable: slice(reason, 0, 300) };
    }
    if (json === undefined) {
      // undefined, functions and symbols have no JSON form.
      return { json: 'null', size: 0, unserializable: `${describeType(value)} has no JSON form` };
    }
    if (json.length <= max) return { json, size: json.length };
    // Too big: keep the structure (valid JSON, every key, the start of every string) by cutting long strings.
    for (let limit = FIRST_STRING_LIMIT; limit >= LAST_STRING_LIMIT; limit = (limit / 4) | 0) {
      const cut = cutStrings(value, limit);
      if (cut !== undefined && cut.length <= max) return { json: cut, size: json.length, truncated: true };
    }
    // Even the skeleton is too big (millions of keys or huge keys): keep the start of the text, as a JSON string
    // (escaping can double its length, hence the halving).
    for (let keep = (max / 2 - 64) | 0; ; keep = (keep / 2) | 0) {
      const head = slice(json, 0, keep > 0 ? keep : 0);
      const text = stringify(head + cutMarker(json.length - head.length));
      if (text.length <= max || keep <= 0) return { json: text, size: json.length, truncated: true };
    }
  };
}

/** JSON text of `value`; an oversized value keeps its structure with long strings cut (flagged `truncated`). */
export const serializeForTransfer: Serialize = /* @__PURE__ */ createSerializer(nativeTools);

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (Array.isArray as (x: unknown) => boolean)(value) ? 'array' : 'object';
  return typeof value;
}
