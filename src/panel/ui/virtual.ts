/**
 * Pure windowing math for fixed-height rows (the VirtualList component is a thin shell around it).
 *
 * Browsers cap how tall an element can be: Chromium clamps layout sizes at about 33.5 million px (2^25, its
 * LayoutUnit range) and Firefox at about 17.9 million px. 100,000 rows × 21 px = 2.1 million px is far below
 * both, but to stay correct for any count the scrollable height is capped at `maxScrollHeight`; beyond it the
 * scroll position is mapped proportionally onto rows ("scaled" mode), so every row stays reachable and rows are
 * still drawn at pixel-exact spacing around the viewport. Scrolling by one pixel then moves by `scale` pixels of
 * rows, which is the only visible difference.
 */

/** Default cap on the scrollable height, comfortably below Firefox's ~17.9M px limit. */
export const DEFAULT_MAX_SCROLL_HEIGHT = 10_000_000;

export interface WindowInput {
  /** Scroll offset of the rows' viewport, in px of the scrollable content (as `element.scrollTop`). */
  scrollTop: number;
  /** Height of the area rows are visible in, in px (excluding any sticky header). */
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling doesn't show blank gaps. */
  overscan?: number;
  maxScrollHeight?: number;
}

export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last one to render (exclusive); `end - start` rows in all. */
  end: number;
  /** Where row `start` goes, in px from the top of the scrollable content. */
  offsetTop: number;
  /** Height of the scrollable content in px (rows' total height, capped at maxScrollHeight). */
  totalHeight: number;
}

/** How rows map onto the scrollable content. */
export interface ScrollGeometry {
  /** Height all rows would need: count × rowHeight. */
  rowsHeight: number;
  /** Height actually given to the scrollable content (rowsHeight capped). */
  totalHeight: number;
  /** Largest valid scrollTop. */
  maxScrollTop: number;
  /** Rows' px per scroll px: 1 normally, more than 1 in scaled mode. */
  scale: number;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function scrollGeometry(
  count: number,
  rowHeight: number,
  viewportHeight: number,
  maxScrollHeight = DEFAULT_MAX_SCROLL_HEIGHT,
): ScrollGeometry {
  const rows = Math.max(0, Math.floor(finiteOr(count, 0)));
  const height = Math.max(0, finiteOr(rowHeight, 0));
  const viewport = Math.max(0, finiteOr(viewportHeight, 0));
  const rowsHeight = rows * height;
  // The cap can never be lower than the viewport, or the last rows could not be scrolled into view.
  const cap = Math.max(finiteOr(maxScrollHeight, DEFAULT_MAX_SCROLL_HEIGHT), viewport);
  const totalHeight = Math.min(rowsHeight, cap);
  const maxScrollTop = Math.max(0, totalHeight - viewport);
  const maxRowsTop = Math.max(0, rowsHeight - viewport);
  const scale = maxScrollTop > 0 && rowsHeight > totalHeight ? maxRowsTop / maxScrollTop : 1;
  return { rowsHeight, totalHeight, maxScrollTop, scale };
}

/** Which rows to render for a scroll position, and where to put them. */
export function computeWindow(input: WindowInput): RowWindow {
  const rowHeight = finiteOr(input.rowHeight, 0);
  const count = Math.max(0, Math.floor(finiteOr(input.count, 0)));
  const viewport = Math.max(0, finiteOr(input.viewportHeight, 0));
  const overscan = Math.max(0, Math.floor(finiteOr(input.overscan ?? 0, 0)));
  if (rowHeight <= 0 || count === 0) return { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };

  const geometry = scrollGeometry(count, rowHeight, viewport, input.maxScrollHeight);
  const scrollTop = clamp(finiteOr(input.scrollTop, 0), 0, geometry.maxScrollTop);
  const rowsTop = scrollTop * geometry.scale;

  const firstVisible = Math.min(count - 1, Math.floor(rowsTop / rowHeight));
  const endVisible = Math.min(count, Math.ceil((rowsTop + viewport) / rowHeight));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(count, Math.max(endVisible, firstVisible) + overscan);
  const offsetTop = geometry.scale === 1 ? start * rowHeight : scrollTop - (rowsTop - start * rowHeight);
  return { start, end, offsetTop, totalHeight: geometry.totalHeight };
}

/** Rows `start` (inclusive) to `end` (exclusive). */
export interface RowSpan {
  start: number;
  end: number;
}

/**
 * Whether a scroll leapt past every row rendered last (a fling, a scrollbar drag): then every visible row is new,
 * and the overscan rows would be new too, for nothing — the next frame leaps past them as well. The list renders
 * only the visible rows for such a frame and fills in the overscan once scrolling settles.
 */
export function leptPastRendered(previous: RowSpan | null, visible: RowSpan): boolean {
  if (previous === null || previous.end <= previous.start || visible.end <= visible.start) return false;
  return visible.end <= previous.start || visible.start >= previous.end;
}

export interface RevealInput {
  index: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  maxScrollHeight?: number;
}

/**
 * The scrollTop that brings row `index` fully into view with the least movement, or null if it already is
 * (or doesn't exist). Rows taller than the viewport are aligned to the top.
 */
export function scrollTopToReveal(input: RevealInput): number | null {
  const { index, rowHeight, count } = input;
  if (!(rowHeight > 0) || !Number.isInteger(index) || index < 0 || index >= count) return null;
  const viewport = Math.max(0, finiteOr(input.viewportHeight, 0));
  const geometry = scrollGeometry(count, rowHeight, viewport, input.maxScrollHeight);
  const scrollTop = clamp(finiteOr(input.scrollTop, 0), 0, geometry.maxScrollTop);
  const rowsTop = scrollTop * geometry.scale;
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;

  let targetRowsTop: number;
  let alignTop: boolean;
  if (rowTop < rowsTop || rowHeight > viewport) {
    targetRowsTop = rowTop;
    alignTop = true;
  } else if (rowBottom > rowsTop + viewport) {
    targetRowsTop = rowBottom - viewport;
    alignTop = false;
  } else {
    return null;
  }

  const exact = targetRowsTop / geometry.scale;
  // In scaled mode one scroll pixel spans `scale` row pixels and scrollTop is a whole number: round towards
  // the side that keeps the row inside the view (exact whenever scale ≤ viewport − rowHeight).
  const target = geometry.scale === 1 ? exact : alignTop ? Math.floor(exact) : Math.ceil(exact);
  const clamped = clamp(target, 0, geometry.maxScrollTop);
  return Math.abs(clamped - scrollTop) < 0.5 ? null : clamped;
}

// ---------------------------------------------------------------------------------------------------------------
// Stick-to-bottom ("follow") logic, like the Console: keep showing the newest rows while the user is at the
// bottom; stop as soon as they scroll up; start again when they scroll back down.

/** Tolerance in px: fractional scroll positions on zoomed/HiDPI screens stop a pixel or so short of the end. */
export const AT_BOTTOM_TOLERANCE = 2;

export interface ScrollMetrics {
  scrollTop: number;
  /** Visible height of the scroller (`clientHeight`). */
  clientHeight: number;
  /** Height of all its content (`scrollHeight`). */
  scrollHeight: number;
}

export function maxScrollTopOf(metrics: ScrollMetrics): number {
  return Math.max(0, metrics.scrollHeight - metrics.clientHeight);
}

export function isAtBottom(metrics: ScrollMetrics, tolerance = AT_BOTTOM_TOLERANCE): boolean {
  return metrics.scrollTop >= maxScrollTopOf(metrics) - tolerance;
}

/** What a scroller that may follow new rows observes. */
export type FollowEvent =
  /** A scroll event: the user moved (or we moved it). Following resumes exactly when it ends at the bottom. */
  | { type: 'scrolled'; metrics: ScrollMetrics }
  /** Rows were added/removed or the viewport resized; the scroll position hasn't been corrected yet. */
  | { type: 'content-changed'; metrics: ScrollMetrics }
  /** The owner asked to jump to the newest row. */
  | { type: 'jump-to-bottom'; metrics: ScrollMetrics };

export interface FollowState {
  following: boolean;
  /** New scrollTop to apply, or null to leave the scroll position alone. */
  scrollTo: number | null;
}

/**
 * One step of the follow logic. Content changes never change *whether* we follow (only scrolls do), so a burst
 * of new rows can't knock the list off the bottom, and rows arriving while the user reads older ones never move
 * the view.
 */
export function nextFollowState(following: boolean, event: FollowEvent): FollowState {
  switch (event.type) {
    case 'scrolled':
      return { following: isAtBottom(event.metrics), scrollTo: null };
    case 'content-changed': {
      if (!following) return { following, scrollTo: null };
      const bottom = maxScrollTopOf(event.metrics);
      return { following, scrollTo: event.metrics.scrollTop === bottom ? null : bottom };
    }
    case 'jump-to-bottom':
      return { following: true, scrollTo: maxScrollTopOf(event.metrics) };
  }
}
