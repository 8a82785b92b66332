/**
 * Pure text formatting for the panel: durations, clock times, sizes, counts, truncation.
 * Everything here returns plain strings that the UI renders as text.
 */

import { NOT_AVAILABLE } from '../../protocol/sizes';

// Sizes are formatted where the classifier formats them too, so every size in the panel uses one unit convention.
export { NOT_AVAILABLE, formatBytes } from '../../protocol/sizes';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;

/** Rounds to `digits` decimals, dropping trailing zeros ("1.50" → "1.5", "2.00" → "2"). */
function trimmedFixed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/**
 * A duration with a unit that keeps 2–3 significant digits, like DevTools' timing columns:
 * `850 µs`, `4.2 ms`, `12 ms`, `1.25 s`, `12.3 s`, `2 min 5 s`, `1 h 3 min`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_AVAILABLE;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0 ms';
  if (ms < 1) {
    const micros = Math.round(ms * 1000);
    // 0.9996 ms rounds to 1000 µs; say 1 ms instead.
    return micros >= 1000 ? '1 ms' : `${micros} µs`;
  }
  if (ms < MS_PER_SECOND) {
    const text = ms < 10 ? trimmedFixed(ms, 1) : String(Math.round(ms));
    if (Number(text) < MS_PER_SECOND) return `${text} ms`;
    // 999.6 ms would print "1000 ms": fall through to seconds.
  }
  if (ms < MS_PER_MINUTE) {
    const seconds = ms / MS_PER_SECOND;
    const text = seconds < 10 ? trimmedFixed(seconds, 2) : trimmedFixed(seconds, 1);
    if (Number(text) < 60) return `${text} s`;
  }
  const totalSeconds = Math.round(ms / MS_PER_SECOND);
  if (totalSeconds < 60 * 60) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const totalMinutes = Math.round(ms / MS_PER_MINUTE);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** A signed gap between two events: `+12 ms`, `-1.5 s`, `+0 ms`. */
export function formatDelta(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_AVAILABLE;
  return ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Local wall-clock time with milliseconds, `HH:MM:SS.mmm` (24 h), as in the Console's timestamps. */
export function formatClockTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return NOT_AVAILABLE;
  // Sub-millisecond precision (performance.timeOrigin + now()) is dropped, not rounded up into the next second.
  const date = new Date(Math.floor(epochMs));
  return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`;
}

/** Integer with thousands separators, independent of the user's locale: `12,345`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NOT_AVAILABLE;
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Where to cut `text` so at most `maxChars` UTF-16 units remain, without splitting a surrogate pair
 * (half an emoji would render as a replacement character). Returns `text.length` when no cut is needed.
 */
export function truncationPoint(text: string, maxChars: number): number {
  const limit = Math.max(0, Math.floor(maxChars));
  if (text.length <= limit) return text.length;
  const before = text.charCodeAt(limit - 1);
  const isHighSurrogate = before >= 0xd800 && before <= 0xdbff;
  return isHighSurrogate ? limit - 1 : limit;
}
