/**
 * Pure helpers for showing page payloads: spotting base64 blobs (audio chunks, video frames) so the viewer can
 * summarise them instead of printing megabytes, a safe JPEG preview URL, and DevTools-style index ranges for
 * large arrays/objects.
 */

import { base64DecodedLength, isBase64 } from '../../protocol/base64';
import { formatCount } from './format';

/**
 * Shorter strings are left alone: they are cheap to show, and short ids, words and hex hashes (64 chars) would
 * otherwise be mistaken for base64.
 */
export const MIN_BASE64_LENGTH = 100;

/**
 * Whether `s` is most likely a base64 blob rather than prose or an identifier: long, strictly base64 (see
 * isBase64), and the mix of upper case, lower case and digits that random bytes give (a 100-char run of letters
 * without a single digit is very unlikely to be encoded data).
 */
export function isProbablyBase64(s: string): boolean {
  if (s.length < MIN_BASE64_LENGTH) return false;
  if (!isBase64(s)) return false;
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}

/** File types recognised from the first bytes of a base64 blob (its "magic number", already base64-encoded). */
export type Base64Format = 'jpeg' | 'png' | 'gif' | 'webp' | 'wav' | 'pdf';

/** Leading base64 characters of each format's magic bytes. */
const FORMAT_PREFIXES: ReadonlyArray<readonly [prefix: string, format: Base64Format]> = [
  ['/9j/', 'jpeg'], // FF D8 FF
  ['iVBORw0KGg', 'png'], // 89 50 4E 47 0D 0A 1A 0A (the 11th char already depends on the next byte)
  ['R0lGOD', 'gif'], // "GIF8"
  ['JVBERi0', 'pdf'], // "%PDF-"
];

/** "RIFF" (bytes 0–3) encodes to "UklGR"; bytes 9–11 of the form type ("WEBP"/"WAVE") are base64 chars 12–15. */
const RIFF_PREFIX = 'UklGR';
const RIFF_FORMS: ReadonlyArray<readonly [encodedTail: string, format: Base64Format]> = [
  ['RUJQ', 'webp'], // "EBP" of "WEBP"
  ['QVZF', 'wav'], // "AVE" of "WAVE"
];

function detectFormat(s: string): Base64Format | null {
  for (const [prefix, format] of FORMAT_PREFIXES) {
    if (s.startsWith(prefix)) return format;
  }
  if (s.startsWith(RIFF_PREFIX)) {
    const formTail = s.slice(12, 16);
    for (const [encodedTail, format] of RIFF_FORMS) {
      if (formTail === encodedTail) return format;
    }
  }
  return null;
}

export interface Base64Summary {
  /** Decoded size in bytes. */
  byteLength: number;
  /** Recognised file type, from the leading bytes; null when unknown. */
  format: Base64Format | null;
  /** One-line text for the viewer: `base64, 12,345 bytes` (with the format when recognised). */
  label: string;
}

/** A short description of a base64 blob, or null when `s` does not look like one (see isProbablyBase64). */
export function summarizeBase64(s: string): Base64Summary | null {
  if (!isProbablyBase64(s)) return null;
  const byteLength = base64DecodedLength(s);
  const format = detectFormat(s);
  const kind = format === null ? 'base64' : `base64 ${format.toUpperCase()}`;
  return { byteLength, format, label: `${kind}, ${formatCount(byteLength)} bytes` };
}

/**
 * A `data:image/jpeg;base64,…` URL for an <img> preview, or null. Only for strict base64 starting with the JPEG
 * magic (`/9j/` = FF D8 FF): the URL then cannot contain anything but base64 characters, so it is safe as an
 * image source (the panel CSP allows `img-src data:`).
 */
export function jpegDataUrl(s: string): string | null {
  if (!s.startsWith('/9j/') || !isBase64(s)) return null;
  return `data:image/jpeg;base64,${s}`;
}

/** A half-open slice [start, end) of the entries of a large array or object. */
export interface IndexRange {
  start: number;
  end: number;
}

/** Most children one tree node shows before grouping them into ranges, as in the DevTools console. */
export const MAX_CHILDREN_PER_NODE = 100;

/**
 * How to show the entries [start, end) of an array or object under one node: null when there are at most
 * `maxChildren` (show them directly), otherwise at most `maxChildren` ranges, each a power of `maxChildren`
 * in size (the last one shorter), so 250 entries give [0…99] [100…199] [200…249] and 1,000,000 give
 * [0…9999] … [990000…999999], each of which opens into ranges of 100.
 */
export function childRanges(start: number, end: number, maxChildren = MAX_CHILDREN_PER_NODE): IndexRange[] | null {
  const count = end - start;
  if (count <= maxChildren) return null;
  let bucket = maxChildren;
  while (Math.ceil(count / bucket) > maxChildren) bucket *= maxChildren;
  const ranges: IndexRange[] = [];
  for (let from = start; from < end; from += bucket) {
    ranges.push({ start: from, end: Math.min(from + bucket, end) });
  }
  return ranges;
}
