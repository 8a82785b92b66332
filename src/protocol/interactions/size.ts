/**
 * How big an app-message is, counted exactly the way daily-js counts it before it refuses to send:
 * `JSON.stringify(data).length`, i.e. UTF-16 code units of the JSON text (not UTF-8 bytes).
 * See docs/daily-internals.md §3.
 */

/** Daily's default app-message limit. After join the call may report another value (`_maxAppMessageSize`). */
export const DAILY_MAX_APP_MESSAGE_SIZE = 4096;

export type AppMessageMeasurement = { ok: true; size: number; json: string } | { ok: false; reason: string };

/** Serialises `data` like daily-js does and reports the length, or why it cannot be serialised. Never throws. */
export function measureAppMessage(data: unknown): AppMessageMeasurement {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    // Circular structures and BigInt make JSON.stringify throw; daily-js would throw the same way.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not JSON-serialisable: ${detail}` };
  }
  if (json === undefined) {
    // daily-js would crash on `undefined.length`; a bare function or symbol has no JSON form at all.
    return { ok: false, reason: `not JSON-serialisable: ${describeType(data)} has no JSON form` };
  }
  return { ok: true, size: json.length, json };
}

/**
 * `JSON.stringify(data).length`, the number daily-js compares with its limit.
 * Returns `Infinity` for data that cannot be serialised at all, so `size > limit` still reads as "cannot send".
 */
export function appMessageSize(data: unknown): number {
  const measured = measureAppMessage(data);
  return measured.ok ? measured.size : Number.POSITIVE_INFINITY;
}

/** The exact sentence the composer shows when a message is over the limit. */
export function describeOversize(size: number, maxSize: number): string {
  return `${size} chars; Daily's limit is ${maxSize} (JSON.stringify length)`;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'undefined';
  return typeof value === 'function' ? 'a function' : typeof value;
}
