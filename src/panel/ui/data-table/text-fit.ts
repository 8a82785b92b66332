/**
 * Which cells certainly fit their column, so they need no clip, and how much text a cell can show at all.
 *
 * Every cell used to clip (`overflow: clip` for its ellipsis): in Blink each clip is a node of the paint property
 * tree and a paint chunk of its own, and while scrolling fast every visible cell is new in every frame. Drawing
 * the cells that fit without a clip cut a fling frame's rendering by about a third
 * (bench/browser/probe-row-paint.bench-e2e.ts). A cell that may not fit keeps its clip and its ellipsis.
 *
 * The proof is an upper bound of the text's width: the sum of its characters' advances in the cells' font, each
 * measured once, plus a margin for kerning; a short text that this does not prove to fit is measured whole, in the
 * same font on a canvas. Text whose width need not be the sum (combining marks, emoji sequences, scripts shaped by
 * context) has no bound here and keeps its clip.
 */

/** The width of a text in px, shaped as the DOM shapes it (a canvas in the same font); NaN when it cannot be measured. */
export type MeasureText = (text: string) => number;

/** Kerning and rounding: the bound is the sum of the advances times this, plus CHAR_SUM_SLACK px. */
const CHAR_SUM_MARGIN = 1.03;
const CHAR_SUM_SLACK = 1;
/** Texts up to this long that the sum of advances cannot prove to fit are measured whole (short columns are tight). */
const EXACT_MAX_CHARS = 24;
/** A text measured whole fits when it is this much narrower than the room: layout rounds to 1/64 px. */
const EXACT_SLACK = 0.5;
/** Whole-text widths kept (the short texts of a table repeat: seqs, times, roles); cleared when full. */
const EXACT_CACHE_SIZE = 20_000;

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
 * a short text that the sum cannot prove to fit, from its own width (measured once).
 */
export class WidthBound {
  /** Advances of the code units below 0x3000 (NaN: not measurable; -1: not measured yet); a map for the rest. */
  private readonly low = new Float32Array(0x3000).fill(-1);
  private readonly high = new Map<number, number>();
  private readonly widths = new Map<string, number>();

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

  /** Whether `text` certainly fits in `room` px. */
  fits(text: string, room: number): boolean {
    if (text.length === 0) return room >= 0;
    const limit = (room - CHAR_SUM_SLACK) / CHAR_SUM_MARGIN;
    let sum = 0;
    for (let i = 0; i < text.length; i++) {
      sum += this.advance(text.charCodeAt(i), text[i]!);
      if (!(sum <= limit))
        return Number.isFinite(sum) && text.length <= EXACT_MAX_CHARS && this.fitsExactly(text, room);
    }
    return true;
  }

  /** A short text of simple characters (see isSimpleChar) measured whole. */
  private fitsExactly(text: string, room: number): boolean {
    let width = this.widths.get(text);
    if (width === undefined) {
      for (let i = 0; i < text.length; i++) if (!isSimpleChar(text.charCodeAt(i))) return false;
      width = this.measure(text);
      if (this.widths.size >= EXACT_CACHE_SIZE) this.widths.clear();
      this.widths.set(text, width);
    }
    return width + EXACT_SLACK <= room;
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
  const context = new view.OffscreenCanvas(1, 1).getContext('2d');
  if (!context) return undefined;
  const measurer = (size: number): MeasureText => {
    const font = `${style.fontStyle} ${style.fontWeight} ${size}px ${style.fontFamily}`;
    return (text) => {
      context.font = font;
      return context.measureText(text).width;
    };
  };
  return {
    text: new WidthBound(measurer(fontSize)),
    badge: new WidthBound(measurer(badgeSize)),
    cellPaddingX: cssPx(style.getPropertyValue('--cell-padding-x'), 4),
    // Both sides' padding (`.badge`), and 2 px to spare.
    badgeInset: 2 * cssPx(style.getPropertyValue('--badge-padding-x'), 6) + 2,
    fontSize,
  };
}
