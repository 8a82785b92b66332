/**
 * Small, safe helpers for untrusted JSON values: own-property reads, bounded one-line previews, and an iterative JSON
 * writer. Page data can be 10,000 levels deep (JSON.parse copes, JSON.stringify overflows the stack), carry
 * `__proto__`/`constructor` keys, or hold megabytes of base64, so nothing here recurses without a depth bound and
 * nothing reads through the prototype chain.
 */

export type JsonObject = Record<string, unknown>;

/** A plain (non-array) object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an own property only, so inherited names (`constructor`, `toString`, a polluted prototype) read as absent. */
export function own(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Short type name for problem messages: "a string", "an array", "null", … */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a non-finite number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    case 'undefined':
      return 'undefined';
    default:
      return `a ${typeof value}`;
  }
}

export const SUMMARY_MAX = 200;

/** One line, at most `max` characters (an ellipsis marks the cut). */
export function oneLine(text: string, max = SUMMARY_MAX): string {
  // Only look at a little more than we keep: summaries of megabyte strings must stay cheap.
  const head = text.length > max + 1 ? text.slice(0, max + 1) : text;
  const flat = head.replace(/[\r\n\t]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A quoted, one-line, bounded rendering of user text. */
export function quoted(text: string, max = 120): string {
  return `"${oneLine(text, max)}"`;
}

/**
 * Compact JSON-like preview of any value, bounded in depth (6) and length (`max`). Strings inside are shortened too.
 * Not valid JSON when cut; it is only for summaries.
 */
export function previewValue(value: unknown, max = 120): string {
  const out: string[] = [];
  let budget = max + 1;
  const push = (s: string): boolean => {
    if (budget <= 0) return false;
    out.push(s.length > budget ? s.slice(0, budget) : s);
    budget -= s.length;
    return budget > 0;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return push(JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v));
    if (typeof v === 'number') return push(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'boolean' || v === null) return push(String(v));
    if (typeof v !== 'object') return push(typeof v);
    if (depth >= 6) return push(Array.isArray(v) ? '[…]' : '{…}');
    if (Array.isArray(v)) {
      if (!push('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !push(',')) return false;
        if (!walk(v[i], depth + 1)) return false;
      }
      return push(']');
    }
    if (!push('{')) return false;
    let first = true;
    for (const key of Object.keys(v)) {
      if (!first && !push(',')) return false;
      first = false;
      if (!push(`${JSON.stringify(key)}:`)) return false;
      if (!walk((v as JsonObject)[key], depth + 1)) return false;
    }
    return push('}');
  };
  try {
    walk(value, 0);
  } catch {
    push('…');
  }
  const text = out.join('');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Decision for one string value while writing JSON: keep it, replace it, or write another JSON value. */
export type StringMapper = (value: string, key: string | undefined, ancestorKeys: readonly string[]) => unknown;

export interface WriteJsonOptions {
  /** Sort object keys (for stable comparison keys). */
  sortKeys?: boolean;
  /** Stop once the output is this long; the result is then cut (and not valid JSON). */
  maxChars?: number;
  /**
   * Called for every string value (not keys). `key` is the object key that holds it (for strings directly in an
   * array: the array's key); `ancestorKeys` are the object keys on the path above it. Return the value to write.
   */
  mapString?: StringMapper;
}

interface ObjectFrame {
  type: 'object';
  obj: JsonObject;
  keys: string[];
  index: number;
  wrote: boolean;
  key: string | undefined;
}
interface ArrayFrame {
  type: 'array';
  arr: readonly unknown[];
  index: number;
  key: string | undefined;
}
type Frame = ObjectFrame | ArrayFrame;

/**
 * JSON.stringify without recursion: handles any nesting depth. Cycles are written as null. Non-JSON values follow
 * JSON.stringify (undefined/functions dropped in objects, null in arrays; non-finite numbers become null).
 */
export function writeJson(value: unknown, options: WriteJsonOptions = {}): string {
  const { sortKeys = false, maxChars = Infinity, mapString } = options;
  const out: string[] = [];
  let length = 0;
  const stack: Frame[] = [];
  const onPath = new Set<object>();
  const ancestorKeys: string[] = [];
  const emit = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const isSkippable = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

  // Writes a scalar or opens a container (pushing a frame). `key` is the owning key (for mapString).
  const open = (v: unknown, key: string | undefined, viaMapper: boolean): void => {
    if (typeof v === 'string') {
      if (mapString && !viaMapper) {
        const mapped = mapString(v, key, ancestorKeys);
        if (mapped !== v) {
          open(mapped, key, true);
          return;
        }
      }
      emit(JSON.stringify(v));
      return;
    }
    if (typeof v === 'number') return emit(Number.isFinite(v) ? String(v) : 'null');
    if (typeof v === 'boolean') return emit(v ? 'true' : 'false');
    if (typeof v === 'bigint') return emit(JSON.stringify(v.toString()));
    if (v === null || typeof v !== 'object' || onPath.has(v)) return emit('null');
    onPath.add(v);
    if (key !== undefined) ancestorKeys.push(key);
    if (Array.isArray(v)) {
      emit('[');
      stack.push({ type: 'array', arr: v, index: 0, key });
    } else {
      const keys = Object.keys(v);
      if (sortKeys) keys.sort();
      emit('{');
      stack.push({ type: 'object', obj: v as JsonObject, keys, index: 0, wrote: false, key });
    }
  };

  const close = (frame: Frame) => {
    emit(frame.type === 'array' ? ']' : '}');
    onPath.delete(frame.type === 'array' ? frame.arr : frame.obj);
    if (frame.key !== undefined) ancestorKeys.pop();
    stack.pop();
  };

  try {
    open(value, undefined, false);
    while (stack.length > 0 && length <= maxChars) {
      const frame = stack[stack.length - 1]!;
      if (frame.type === 'array') {
        if (frame.index >= frame.arr.length) {
          close(frame);
          continue;
        }
        if (frame.index > 0) emit(',');
        const item = frame.arr[frame.index++];
        open(isSkippable(item) ? null : item, frame.key, false);
      } else {
        if (frame.index >= frame.keys.length) {
          close(frame);
          continue;
        }
        const key = frame.keys[frame.index++]!;
        const item = frame.obj[key];
        if (isSkippable(item)) continue;
        if (frame.wrote) emit(',');
        frame.wrote = true;
        emit(`${JSON.stringify(key)}:`);
        open(item, key, false);
      }
    }
  } catch {
    // A getter or proxy threw: what was written so far is all we can give.
    emit('null');
  }
  const text = out.join('');
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}

/**
 * Finds the raw JSON text of a top-level key's value inside an object's JSON text, without parsing the value (so a
 * 10,000-deep value can be carried as text). Returns undefined when the text is not an object or the key is absent.
 */
export function topLevelValueText(objectText: string, key: string): string | undefined {
  const text = objectText;
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const skipString = (): boolean => {
    // at opening quote
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92 /* \ */) i += 2;
      else if (c === 34 /* " */) {
        i++;
        return true;
      } else i++;
    }
    return false;
  };
  const skipValue = (): boolean => {
    skipSpace();
    if (i >= n) return false;
    let depth = 0;
    while (i < n) {
      const c = text[i];
      if (c === '"') {
        if (!skipString()) return false;
        if (depth === 0) return true;
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) return true;
        depth--;
        i++;
        if (depth === 0) return true;
        continue;
      } else if (depth === 0 && (c === ',' || c === ' ' || c === '\n' || c === '\r' || c === '\t')) return true;
      i++;
    }
    return depth === 0;
  };
  skipSpace();
  if (text[i] !== '{') return undefined;
  i++;
  for (;;) {
    skipSpace();
    if (text[i] !== '"') return undefined;
    const keyStart = i;
    if (!skipString()) return undefined;
    let name: unknown;
    try {
      name = JSON.parse(text.slice(keyStart, i));
    } catch {
      return undefined;
    }
    skipSpace();
    if (text[i] !== ':') return undefined;
    i++;
    skipSpace();
    const valueStart = i;
    if (!skipValue()) return undefined;
    if (name === key) return text.slice(valueStart, i).trim();
    skipSpace();
    if (text[i] === ',') {
      i++;
      continue;
    }
    return undefined;
  }
}
