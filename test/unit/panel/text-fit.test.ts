import { describe, expect, it } from 'vitest';
import {
  isSimpleChar,
  maxCharsFor,
  roomOf,
  WidthBound,
  type CellMetrics,
} from '../../../src/panel/ui/data-table/text-fit';

/** A font where every character is `advance` px wide, and each pair of characters `kern` px tighter. */
function font(advance: (char: string) => number, kern = 0) {
  const calls: string[] = [];
  const measure = (text: string) => {
    calls.push(text);
    return [...text].reduce((sum, char) => sum + advance(char), 0) - Math.max(0, text.length - 1) * kern;
  };
  return { bound: new WidthBound(measure), calls };
}

describe('isSimpleChar', () => {
  it('accepts characters whose advance in a run is their own', () => {
    for (const char of ['a', 'Z', '0', ' ', '~', 'é', 'Ω', 'Ж', '…', '–', '↓', '↻', '◇', '⤓', '•', '€', '東', 'カ'])
      expect(isSimpleChar(char.charCodeAt(0)), char).toBe(true);
  });

  it('refuses controls, combining marks, joiners, direction marks, contextual scripts and surrogates', () => {
    for (const code of [0x09, 0x7f, 0x0301, 0x0489, 0x05d0, 0x0627, 0x0915, 0x200b, 0x200d, 0x200f, 0x202e, 0x2066])
      expect(isSimpleChar(code), code.toString(16)).toBe(false);
    expect(isSimpleChar('😀'.charCodeAt(0))).toBe(false);
    expect(isSimpleChar('😀'.charCodeAt(1))).toBe(false);
    expect(isSimpleChar(0xfe0f)).toBe(false); // emoji presentation selector
    expect(isSimpleChar(0x3099)).toBe(false); // combining kana voicing
  });
});

describe('WidthBound', () => {
  it('proves a text fits from the sum of its advances, with a margin for kerning', () => {
    const { bound } = font(() => 6);
    const text = 'x'.repeat(40); // 240 px
    expect(bound.fits(text, 260)).toBe(true);
    expect(bound.fits(text, 240)).toBe(false); // exactly the sum: no margin left, and too long to kern
    expect(bound.fits(text, 200)).toBe(false);
  });

  it('measures each character once, however many texts use it', () => {
    const { bound, calls } = font(() => 6);
    bound.fits('abcabc', 100);
    bound.fits('cab', 100);
    expect(calls.sort()).toEqual(['a', 'b', 'c']);
  });

  it('adds the kerning of each pair when the sum leaves a short text in doubt, measuring each pair once', () => {
    const { bound, calls } = font(() => 7, 0.5); // "12345": 35 px summed, 33 px shaped
    expect(bound.fits('12345', 36)).toBe(true); // 35 px and a 3 % margin would not fit; shaped, it does
    expect(bound.fits('12345', 33.5)).toBe(false); // over the room before any kerning
    expect(calls.filter((text) => text.length > 2)).toEqual([]); // no text measured whole
    expect(bound.fits('54321', 36)).toBe(true);
    expect(calls.filter((text) => text === '12')).toHaveLength(1);
    const unkerned = font(() => 7).bound;
    expect(unkerned.fits('12345', 36)).toBe(true); // 35 × 1.005 + 0.5 px to spare
    expect(unkerned.fits('12345', 35.5)).toBe(false);
  });

  it('never proves a text with characters it cannot bound', () => {
    const { bound } = font(() => 6);
    expect(bound.fits('e\u0301', 1000)).toBe(false); // combining accent
    expect(bound.fits('hi 👋', 1000)).toBe(false);
    expect(bound.fits('a\u200db', 1000)).toBe(false);
    expect(bound.fits('שלום', 1000)).toBe(false);
  });

  it('never proves a text when the font cannot be measured', () => {
    const bound = new WidthBound(() => NaN);
    expect(bound.fits('abc', 1000)).toBe(false);
    expect(bound.fits('', 10)).toBe(true);
  });

  it('gives up on a long text as soon as its sum is over the room', () => {
    const { bound, calls } = font((char) => (char === 'w' ? 20 : 5));
    expect(bound.fits(`ww${'abcdefghijklmnopqrstuvwxyz'.repeat(4)}`, 30)).toBe(false);
    expect(calls).toEqual(['w']);
  });
});

describe('maxCharsFor and roomOf', () => {
  it('lets a column show a quarter of an em per character, so no real text is cut before its edge', () => {
    expect(maxCharsFor(120, 12)).toBe(40);
    expect(maxCharsFor(121, 12)).toBe(41);
    expect(maxCharsFor(0, 12)).toBe(1);
  });

  it('leaves a column its width less the padding, and the left border but in the first column', () => {
    const metrics = { cellPaddingX: 4 } as CellMetrics;
    expect(roomOf(48, 0, metrics)).toBe(40);
    expect(roomOf(48, 1, metrics)).toBe(39);
    expect(roomOf(5, 1, metrics)).toBe(0);
  });
});
