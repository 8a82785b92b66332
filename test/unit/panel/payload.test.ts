// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  childRanges,
  isProbablyBase64,
  jpegDataUrl,
  MIN_BASE64_LENGTH,
  summarizeBase64,
} from '../../../src/panel/ui/payload';

/** Deterministic pseudo-random bytes (a small LCG), so fixtures are stable. */
function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

const toBase64 = (data: Uint8Array): string => Buffer.from(data).toString('base64');

describe('isProbablyBase64', () => {
  it('accepts long encoded binary data', () => {
    expect(isProbablyBase64(toBase64(bytes(300)))).toBe(true);
    expect(isProbablyBase64(toBase64(bytes(301)))).toBe(true); // '=' padding
    expect(isProbablyBase64(toBase64(bytes(302)))).toBe(true); // '==' padding
  });

  it('accepts unpadded output', () => {
    const padded = toBase64(bytes(301));
    expect(isProbablyBase64(padded.replace(/=+$/, ''))).toBe(true);
  });

  it('rejects short strings, prose, ids, hex hashes and URLs', () => {
    expect(isProbablyBase64(toBase64(bytes(30)))).toBe(false);
    expect(isProbablyBase64('Hello there, how are you doing today? '.repeat(5))).toBe(false);
    expect(isProbablyBase64('a'.repeat(200))).toBe(false);
    expect(isProbablyBase64('deadbeef'.repeat(8))).toBe(false);
    expect(isProbablyBase64(`https://example.com/${'x1Y'.repeat(40)}`)).toBe(false);
  });

  it('rejects impossible lengths and misplaced padding', () => {
    const valid = toBase64(bytes(300)); // 400 chars, no padding
    expect(isProbablyBase64(`${valid}A`)).toBe(false); // length % 4 === 1
    expect(isProbablyBase64(`${valid.slice(0, -1)}=`)).toBe(true);
    expect(isProbablyBase64(`${valid.slice(0, -2)}=A`)).toBe(false);
    expect(isProbablyBase64(`${valid}===`.slice(0, -1) + '=')).toBe(false);
    expect(isProbablyBase64(`${valid.slice(0, 100)} ${valid.slice(100)}`)).toBe(false); // whitespace
    expect(isProbablyBase64(valid.replace(/\+/g, '-').replace(/\//g, '_') + '-_')).toBe(false); // URL-safe alphabet
  });

  it('accepts any base64 of ≥ 75 random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 75, maxLength: 2000 }), (data) => {
        const encoded = toBase64(data);
        // Random bytes nearly always mix cases and digits; skip the rare exceptions the heuristic rejects.
        fc.pre(/[A-Z]/.test(encoded) && /[a-z]/.test(encoded) && /[0-9]/.test(encoded));
        return encoded.length >= MIN_BASE64_LENGTH && isProbablyBase64(encoded);
      }),
    );
  });
});

describe('summarizeBase64', () => {
  it('describes the decoded size', () => {
    const summary = summarizeBase64(toBase64(bytes(12_345)));
    expect(summary).toEqual({ byteLength: 12_345, format: null, label: 'base64, 12,345 bytes' });
  });

  it('recognises common formats from their magic bytes', () => {
    const withMagic = (magic: number[]): string => toBase64(new Uint8Array([...magic, ...bytes(200)]));
    expect(summarizeBase64(withMagic([0xff, 0xd8, 0xff, 0xe0]))?.format).toBe('jpeg');
    expect(summarizeBase64(withMagic([0xff, 0xd8, 0xff, 0xe0]))?.label).toBe('base64 JPEG, 204 bytes');
    expect(summarizeBase64(withMagic([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))?.format).toBe('png');
    expect(summarizeBase64(withMagic([...Buffer.from('GIF89a')]))?.format).toBe('gif');
    expect(summarizeBase64(withMagic([...Buffer.from('%PDF-1.7')]))?.format).toBe('pdf');
    const riff = (form: string): number[] => [...Buffer.from('RIFF'), 0x24, 0x08, 0x00, 0x00, ...Buffer.from(form)];
    expect(summarizeBase64(withMagic(riff('WAVE')))?.format).toBe('wav');
    expect(summarizeBase64(withMagic(riff('WEBP')))?.format).toBe('webp');
    expect(summarizeBase64(withMagic(riff('AVI ')))?.format).toBe(null);
  });

  it('returns null for strings that are not base64', () => {
    expect(summarizeBase64('hello')).toBeNull();
    expect(summarizeBase64('x'.repeat(500))).toBeNull();
  });
});

describe('jpegDataUrl', () => {
  const jpeg = toBase64(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...bytes(100)]));

  it('builds a data URL for strict base64 JPEG data', () => {
    expect(jpeg.startsWith('/9j/')).toBe(true);
    expect(jpegDataUrl(jpeg)).toBe(`data:image/jpeg;base64,${jpeg}`);
    expect(jpegDataUrl('/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ');
  });

  it('refuses anything that is not a JPEG or not strictly base64', () => {
    expect(jpegDataUrl(toBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...bytes(100)])))).toBeNull();
    expect(jpegDataUrl(`${jpeg}"><script>`)).toBeNull();
    expect(jpegDataUrl(`/9j/${'A'.repeat(10)})`)).toBeNull();
    expect(jpegDataUrl(`/9j/ABC\nDEF`)).toBeNull();
    expect(jpegDataUrl(`/9j/AB==CD`)).toBeNull();
    expect(jpegDataUrl('/9j/AB-_')).toBeNull();
    expect(jpegDataUrl('')).toBeNull();
  });
});

describe('childRanges', () => {
  it('shows up to 100 entries directly', () => {
    expect(childRanges(0, 0)).toBeNull();
    expect(childRanges(0, 100)).toBeNull();
    expect(childRanges(300, 400)).toBeNull();
  });

  it('groups 101..10,000 entries by 100, the last range shorter', () => {
    expect(childRanges(0, 101)).toEqual([
      { start: 0, end: 100 },
      { start: 100, end: 101 },
    ]);
    expect(childRanges(0, 250)).toEqual([
      { start: 0, end: 100 },
      { start: 100, end: 200 },
      { start: 200, end: 250 },
    ]);
    expect(childRanges(0, 10_000)).toHaveLength(100);
  });

  it('uses ranges of 10,000 (then 100) for larger containers', () => {
    const top = childRanges(0, 1_000_000)!;
    expect(top).toHaveLength(100);
    expect(top[0]).toEqual({ start: 0, end: 10_000 });
    expect(top[99]).toEqual({ start: 990_000, end: 1_000_000 });
    expect(childRanges(0, 10_001)).toEqual([
      { start: 0, end: 10_000 },
      { start: 10_000, end: 10_001 },
    ]);
    const second = childRanges(10_000, 20_000)!;
    expect(second).toHaveLength(100);
    expect(second[0]).toEqual({ start: 10_000, end: 10_100 });
  });

  it('always covers [start, end) exactly with at most 100 contiguous ranges (property)', () => {
    fc.assert(
      fc.property(fc.nat(5_000_000), fc.nat(3_000_000), (start, length) => {
        const end = start + length;
        const ranges = childRanges(start, end);
        if (ranges === null) return length <= 100;
        if (ranges.length > 100 || ranges.length < 2) return false;
        let cursor = start;
        for (const range of ranges) {
          if (range.start !== cursor || range.end <= range.start) return false;
          cursor = range.end;
        }
        return cursor === end;
      }),
    );
  });
});
