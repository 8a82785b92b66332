/**
 * Which cells certainly fit their column, so they need no clip, and how much text a cell can show at all.
 *
 * Every cell used to clip (`overflow: clip` for its ellipsis): in Blink each clip is a node of the paint property
 * tree and a paint chunk of its own, and while scrolling fast every visible cell is new in every frame. Drawing
 * the cells that fit without a clip cut a fling frame's rendering by about a third
 * (bench/browser/probe-row-paint.bench-e2e.ts). A cell that may not fit keeps its clip and its ellipsis.
 *
 * The proof is an upper bound of the text's width: the sum of its characters' advances in the cells' font (measured
 * once each, on a canvas), plus a margin for kerning; for a short text that this leaves in doubt, the sum plus each
 * pair's kerning (measured once per pair). Text whose width need not be such a sum (combining marks, emoji
 * sequences, scripts shaped by context) has no bound here and keeps its clip.
 */

/** The width of a text in px, shaped as the DOM shapes it (a canvas in the same font); NaN when it cannot be measured. */
export type MeasureText = (text: string) => number;

/** A sum of advances proves a text fits with this margin (for kerning) and slack (px) to spare. */
const CHAR_SUM_MARGIN = 1.03;
const CHAR_SUM_SLACK = 1;
/** Texts up to this long that the plain sum leaves in doubt get their pairs' kerning added, as shaping does. */
const KERNED_MAX_CHARS = 48;
/** What a kerned sum must leave to spare: layout rounds to 1/64 px, and shaping may differ a little beyond pairs. */
const KERNED_MARGIN = 1.005;
const KERNED_SLACK = 0.5;

/**
 * Code points whose advance in a run is their advance alone (no combining, joining or reordering): Latin, Greek,
 * Cyrillic, punctuation, symbols, arrows, CJK.
 */
export function isSimpleChar(code: number): boolean {
  if (code < 0x20) return false;
  if (code <= 0x2ff) return code < 0x7f || code >= 0xa0;
  if (code <= 0x36f) return false; // combining diacritics
  if (code <= 0x482) return true; // Greek, Cyrillic
  if (code <= 0x489) return false; // Cyrillic combining marks
  if (code <= 0x52f) return true;
  if (code < 0x2000) return false; // Hebrew, Arabic, Indic…: shaped by context
  if (code <= 0x200f) return code <= 0x200a; // spaces; not the zero-width and direction marks
  if (code <= 0x2027) return true;
  if (code <= 0x202f) return false; // separators, embeddings
  if (code <= 0x205e) return true;
  if (code < 0x2070) return false; // invisible operators, isolates
  if (code <= 0x20cf) return true; // super/subscripts, currency
  if (code < 0x2100) return false; // combining marks for symbols
  if (code <= 0x2bff) return true; // letterlike, arrows, maths, technical, shapes, symbols, dingbats
  if (code < 0x3000) return false;
  if (code <= 0x30ff) return code !== 0x3099 && code !== 0x309a; // CJK punctuation, kana (not the combining voicing)
  if (code < 0x4e00) return false;
  return code <= 0x9fff; // CJK ideographs (the rest, surrogates included, have no bound)
}

/**
 * Whether texts fit a width, in one font: from the sum of their characters' advances (each measured once), and for
 * a short text that the sum leaves in doubt, with its pairs' kerning added (each pair measured once). Measuring each
 * text whole instead cost 2.3 ms of a fling frame (every seq and time is new).
 */
export class WidthBound {
  /** Advances of the code units below 0x3000 (NaN: not measurable; -1: not measured yet); a map for the rest. */
  private readonly low = new Float32Array(0x3000).fill(-1);
  private readonly high = new Map<number, number>();
  private readonly kerns = new Map<number, number>();

  constructor(private readonly measure: MeasureText) {}

  private advance(code: number, char: string): number {
    let advance = code < 0x3000 ? this.low[code]! : (this.high.get(code) ?? -1);
    if (advance === -1) {
      advance = isSimpleChar(code) ? this.measure(char) : NaN;
      // An unmeasurable character never gets a bound (NaN fails every comparison).
      if (!(advance >= 0)) advance = NaN;
      if (code < 0x3000) this.low[code] = advance;
      else this.high.set(code, advance);
    }
    return advance;
  }

  /** How shaping moves a pair of characters from their two advances (kerning), measured once per pair. */
  private kerning(text: string, i: number): number {
    const key = text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);
    let kern = this.kerns.get(key);
    if (kern === undefined) {
      kern =
        this.measure(text.slice(i, i + 2)) -
        this.advance(text.charCodeAt(i), text[i]!) -
        this.advance(text.charCodeAt(i + 1), text[i + 1]!);
      if (!Number.isFinite(kern)) kern = NaN;
      this.kerns.set(key, kern);
    }
    return kern;
  }

  /** Whether `text` certainly fits in `room` px. */
  fits(text: string, room: number): boolean {
    if (text.length === 0) return room >= 0;
    let sum = 0;
    for (let i = 0; i < text.length; i++) {
      sum += this.advance(text.charCodeAt(i), text[i]!);
      // Over the room before any kerning (or unmeasurable, NaN): not proven; the cell keeps its clip.
      if (!(sum <= room)) return false;
    }
    if (sum * CHAR_SUM_MARGIN + CHAR_SUM_SLACK <= room) return true;
    // In doubt (short columns are tight: a seq, a time): add each pair's kerning, measured once per pair.
    if (text.length > KERNED_MAX_CHARS) return false;
    let shaped = sum;
    for (let i = 0; i + 1 < text.length; i++) shaped += this.kerning(text, i);
    return shaped * KERNED_MARGIN + KERNED_SLACK <= room;
  }
}

/** What the table needs to know about its cells' boxes and fonts (read from the rendered table and its CSS). */
export interface CellMetrics {
  /** Bounds in the cells' font. */
  text: WidthBound;
  /** Bounds in the pills' font (DataTableColumn.badge). */
  badge: WidthBound;
  /** A cell's padding on either side, px (its left border, 1 px, is theme.css's too). */
  cellPaddingX: number;
  /** A pill's horizontal padding and border, px. */
  badgeInset: number;
  /** The cells' font size in px. */
  fontSize: number;
}

/**
 * How many characters a column `room` px wide can show at most: a quarter of an em per character is narrower than
 * any character of a proportional UI font but a few (i, l, ', |) in a row of their own, and a run of those is
 * then cut early, with an ellipsis and its full text in the tooltip. Shaping a whole 300-character answer for a
 * column that shows 40 of them costs layout time on every scrolled frame.
 */
export function maxCharsFor(room: number, fontSize: number): number {
  return Math.max(1, Math.ceil(room / Math.max(1, fontSize / 4)));
}

/** The px a column `width` px wide leaves its text: less the cell's padding, and its left border but in the first. */
export function roomOf(width: number, column: number, metrics: CellMetrics): number {
  return Math.max(0, width - 2 * metrics.cellPaddingX - (column > 0 ? 1 : 0));
}

/** A px length from CSS (`4px`), or `fallback` for anything else. */
function cssPx(value: string, fallback: number): number {
  const px = /^\s*(-?[\d.]+)px\s*$/.exec(value);
  const n = px ? Number(px[1]) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/**
 * The metrics of a table rendered in `root` (the `.dt` element), its text measured with a canvas in the cells' font
 * and the pills' (`--badge-font-size`); undefined where there is no canvas or no layout (a DOM without them, such
 * as unit tests: every cell then keeps its clip).
 */
export function measureCellMetrics(root: HTMLElement): CellMetrics | undefined {
  const view = root.ownerDocument.defaultView;
  if (!view || typeof view.OffscreenCanvas !== 'function') return undefined;
  const style = view.getComputedStyle(root);
  const fontSize = cssPx(style.fontSize, NaN);
  if (!(fontSize > 0) || !style.fontFamily) return undefined;
  const badgeSize = cssPx(style.getPropertyValue('--badge-font-size'), fontSize);
  const Canvas = view.OffscreenCanvas;
  /** One canvas per font: setting a canvas's font parses it, and texts are measured one by one as rows render. */
  const measurer = (size: number): MeasureText | undefined => {
    const context = new Canvas(1, 1).getContext('2d');
    if (!context) return undefined;
    context.font = `${style.fontStyle} ${style.fontWeight} ${size}px ${style.fontFamily}`;
    return (text) => context.measureText(text).width;
  };
  const text = measurer(fontSize);
  const badge = measurer(badgeSize);
  if (!text || !badge) return undefined;
  return {
    text: new WidthBound(text),
    badge: new WidthBound(badge),
    cellPaddingX: cssPx(style.getPropertyValue('--cell-padding-x'), 4),
    // Both sides' padding (`.badge`), and 2 px to spare.
    badgeInset: 2 * cssPx(style.getPropertyValue('--badge-padding-x'), 6) + 2,
    fontSize,
  };
}
