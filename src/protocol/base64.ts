/**
 * Standard base64 (RFC 4648 §4), the one module for it: encoding and decoding written out by hand so the protocol
 * layer needs neither `btoa` (Latin-1 strings only) nor Node's Buffer, and so large buffers never go through one
 * huge argument list; plus the checks and the decoded size that the classifier, the session redaction, the panel's
 * payload viewer and the demo use without decoding.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
const PAD_CODE = 0x3d; // '='
const NOT_IN_ALPHABET = 255;
const VALUE_OF_CODE = (() => {
  const table = new Uint8Array(128).fill(NOT_IN_ALPHABET);
  ALPHABET_CODES.forEach((code, value) => (table[code] = value));
  return table;
})();

// String.fromCharCode.apply takes one argument per char; engines cap argument counts around 64k-500k.
const CHARS_PER_STRING_PIECE = 0x2000;

export function base64FromBytes(bytes: Uint8Array): string {
  const out = new Uint8Array(base64Length(bytes.length));
  let write = 0;
  let read = 0;
  const wholeGroupsEnd = bytes.length - (bytes.length % 3);
  while (read < wholeGroupsEnd) {
    const triple = (bytes[read]! << 16) | (bytes[read + 1]! << 8) | bytes[read + 2]!;
    out[write++] = ALPHABET_CODES[triple >> 18]!;
    out[write++] = ALPHABET_CODES[(triple >> 12) & 63]!;
    out[write++] = ALPHABET_CODES[(triple >> 6) & 63]!;
    out[write++] = ALPHABET_CODES[triple & 63]!;
    read += 3;
  }
  const remaining = bytes.length - read;
  if (remaining > 0) {
    const first = bytes[read]!;
    const second = remaining === 2 ? bytes[read + 1]! : 0;
    const pair = (first << 8) | second;
    out[write++] = ALPHABET_CODES[pair >> 10]!;
    out[write++] = ALPHABET_CODES[(pair >> 4) & 63]!;
    out[write++] = remaining === 2 ? ALPHABET_CODES[(pair << 2) & 63]! : PAD_CODE;
    out[write++] = PAD_CODE;
  }
  return asciiToString(out);
}

/** Length of the padded base64 text for `byteCount` bytes. */
export function base64Length(byteCount: number): number {
  return Math.ceil(byteCount / 3) * 4;
}

/** Strict standard base64: alphabet, then at most two `=`; no whitespace, no URL-safe characters. */
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Whether `text` is standard base64 an encoder can produce: strict alphabet, padding only at the end, and a length
 * that fits (padded text is whole groups of 4; unpadded text never leaves one character over).
 */
export function isBase64(text: string): boolean {
  if (!BASE64_TEXT.test(text)) return false;
  return text.endsWith('=') ? text.length % 4 === 0 : text.length % 4 !== 1;
}

/**
 * Number of bytes `text` decodes to, without decoding it: padded or not; ASCII whitespace (wrapped lines) and
 * anything outside the alphabet are not counted. Exact for valid base64, an estimate for anything else.
 */
export function base64DecodedLength(text: string): number {
  let significant = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 128 && VALUE_OF_CODE[code] !== NOT_IN_ALPHABET) significant++;
  }
  return Math.floor((significant * 3) / 4);
}

export type Base64DecodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/**
 * Decodes standard base64. ASCII whitespace is ignored (pasted text wraps); missing final padding is accepted.
 * Anything else is reported with its position, never thrown.
 */
export function bytesFromBase64(text: string): Base64DecodeResult {
  const values = new Uint8Array(text.length);
  let count = 0;
  let padding = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    if (code === PAD_CODE) {
      padding++;
      continue;
    }
    const value = code < 128 ? VALUE_OF_CODE[code]! : NOT_IN_ALPHABET;
    if (value === NOT_IN_ALPHABET) {
      const hint = code === 0x2d || code === 0x5f ? ' (that is base64url; use standard base64 with + and /)' : '';
      return {
        ok: false,
        error: `invalid base64 character ${JSON.stringify(text[index])} at position ${index}${hint}`,
      };
    }
    if (padding > 0)
      return { ok: false, error: `base64 padding "=" in the middle of the text (before position ${index})` };
    values[count++] = value;
  }
  const tail = count % 4;
  if (tail === 1)
    return { ok: false, error: `base64 text has ${count} significant characters; a length of 4n+1 is impossible` };
  const expectedPadding = tail === 0 ? 0 : 4 - tail;
  if (padding !== 0 && padding !== expectedPadding) {
    return { ok: false, error: `base64 text has ${padding} "=" but needs ${expectedPadding}` };
  }

  const bytes = new Uint8Array(Math.floor((count * 3) / 4));
  let write = 0;
  let read = 0;
  for (; read + 4 <= count; read += 4) {
    const quad = (values[read]! << 18) | (values[read + 1]! << 12) | (values[read + 2]! << 6) | values[read + 3]!;
    bytes[write++] = quad >> 16;
    bytes[write++] = (quad >> 8) & 255;
    bytes[write++] = quad & 255;
  }
  if (tail >= 2) {
    const partial = (values[read]! << 18) | (values[read + 1]! << 12) | (tail === 3 ? values[read + 2]! << 6 : 0);
    bytes[write++] = partial >> 16;
    if (tail === 3) bytes[write++] = (partial >> 8) & 255;
  }
  return { ok: true, bytes };
}

function asciiToString(codes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < codes.length; start += CHARS_PER_STRING_PIECE) {
    pieces.push(
      String.fromCharCode.apply(null, codes.subarray(start, start + CHARS_PER_STRING_PIECE) as unknown as number[]),
    );
  }
  return pieces.join('');
}
