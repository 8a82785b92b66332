/**
 * Facts derived from a payload (character counts, audio and frame sizes) that a redacted session file carries beside
 * the redacted data, so an imported row shows the same summaries as the live one although its text and media are gone.
 * Also: reading the original length of a string that the capture cut to fit the event size cap.
 */
import { CUT_MARKER_PATTERN } from '../record/record';
import { isObject, own } from './json-text';

export interface PayloadFacts {
  /** Length of the message's main text: speech, text, context or analysis. */
  textChars?: number;
  /** Audio echo: length of the base64 text, the PCM bytes it held, and their duration. */
  audioBase64Chars?: number;
  audioBytes?: number;
  durationMs?: number;
  /** Perception tool call: frames and their decoded bytes. */
  frameCount?: number;
  frameBytes?: number;
}

const FACT_KEYS = ['textChars', 'audioBase64Chars', 'audioBytes', 'durationMs', 'frameCount', 'frameBytes'] as const;

/** Only non-negative finite numbers under known names; anything else is dropped (files are untrusted input). */
export function readPayloadFacts(value: unknown): PayloadFacts | undefined {
  if (!isObject(value)) return undefined;
  const facts: PayloadFacts = {};
  let any = false;
  for (const key of FACT_KEYS) {
    const v = own(value, key);
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
      facts[key] = v;
      any = true;
    }
  }
  return any ? facts : undefined;
}

/** Length a string had before the capture cut it (its cut marker says how much was removed). */
export function originalLength(text: string): number {
  const cut = cutOf(text);
  return cut ? cut.kept + cut.removed : text.length;
}

/** Characters the capture cut from the end of this string, or undefined when it was not cut. */
export function charsCut(text: string): number | undefined {
  return cutOf(text)?.removed;
}

/** The marker sits at the end: look at the tail only, so megabyte strings cost nothing. */
function cutOf(text: string): { kept: number; removed: number } | undefined {
  const start = Math.max(0, text.length - 48);
  const match = CUT_MARKER_PATTERN.exec(start === 0 ? text : text.slice(start));
  return match ? { kept: start + match.index, removed: Number(match[1]) } : undefined;
}
