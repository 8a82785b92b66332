/**
 * Turning page values into data that can cross worlds. Runs inside the page hook for every captured message,
 * so it does one JSON.stringify and nothing else on the common path.
 */
import { MAX_EVENT_JSON } from '../record/record';

export interface SerializedData {
  json: string;
  /** Length of the full JSON text in UTF-16 units (what daily-js compares against its limit). */
  size: number;
  truncated?: boolean;
  unserializable?: string;
}

/** JSON text of `value`, cut at `max` chars (flagged), or a description of why it has no JSON form. */
export function serializeForTransfer(value: unknown, max = MAX_EVENT_JSON): SerializedData {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    // Cyclic structures, BigInt, 10,000-deep nesting (RangeError), throwing toJSON/getters.
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'JSON.stringify threw';
    const description = JSON.stringify(`[unserializable ${describeType(value)}]`);
    return { json: description, size: 0, unserializable: reason.slice(0, 300) };
  }
  if (json === undefined) {
    // undefined, functions and symbols have no JSON form.
    return { json: 'null', size: 0, unserializable: `${describeType(value)} has no JSON form` };
  }
  if (json.length > max) return { json: json.slice(0, max), size: json.length, truncated: true };
  return { json, size: json.length };
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
