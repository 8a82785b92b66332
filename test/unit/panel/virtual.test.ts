// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeWindow,
  DEFAULT_MAX_SCROLL_HEIGHT,
  isAtBottom,
  leptPastRendered,
  nextFollowState,
  scrollGeometry,
  scrollTopToReveal,
  type ScrollMetrics,
} from '../../../src/panel/ui/virtual';

/** Rows whose pixels intersect the viewport [top, top + height), computed the slow, obvious way. */
function visibleRowsBruteForce(scrollTop: number, viewport: number, rowHeight: number, count: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < count; i++) {
    const top = i * rowHeight;
    if (top < scrollTop + viewport && top + rowHeight > scrollTop) rows.push(i);
  }
  return rows;
}

describe('computeWindow (unscaled)', () => {
  it('returns an empty window for no rows or a zero/invalid row height', () => {
    const empty = { start: 0, end: 0, offsetTop: 0, totalHeight: 0 };
    expect(computeWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 21, count: 0, overscan: 5 })).toEqual(empty);
    expect(computeWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 0, count: 10, overscan: 5 })).toEqual(empty);
    expect(computeWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: Number.NaN, count: 10 })).toEqual(empty);
    expect(computeWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: -3, count: 10 })).toEqual(empty);
  });

  it('renders the first screenful plus overscan at the top', () => {
    expect(computeWindow({ scrollTop: 0, viewportHeight: 210, rowHeight: 21, count: 1000, overscan: 3 })).toEqual({
      start: 0,
      end: 13,
      offsetTop: 0,
      totalHeight: 21_000,
    });
  });

  it('renders the last screenful at the bottom of 100,000 rows', () => {
    const count = 100_000;
    const viewportHeight = 420;
    const scrollTop = count * 21 - viewportHeight;
    expect(computeWindow({ scrollTop, viewportHeight, rowHeight: 21, count, overscan: 6 })).toEqual({
      start: count - 20 - 6,
      end: count,
      offsetTop: (count - 26) * 21,
      totalHeight: 2_100_000,
    });
  });

  it('includes partially visible rows at both edges', () => {
    const w = computeWindow({ scrollTop: 10, viewportHeight: 50, rowHeight: 20, count: 100, overscan: 0 });
    expect([w.start, w.end]).toEqual([0, 3]); // rows 0 (10px), 1, 2 (partly: 40..60 vs view 10..60)
    const w2 = computeWindow({ scrollTop: 20, viewportHeight: 40, rowHeight: 20, count: 100, overscan: 0 });
    expect([w2.start, w2.end]).toEqual([1, 3]); // exactly rows 1 and 2, nothing of row 3
  });

  it('clamps scrollTop outside the scrollable range', () => {
    const below = computeWindow({ scrollTop: -500, viewportHeight: 100, rowHeight: 20, count: 50, overscan: 0 });
    expect([below.start, below.end]).toEqual([0, 5]);
    const beyond = computeWindow({ scrollTop: 1e9, viewportHeight: 100, rowHeight: 20, count: 50, overscan: 0 });
    expect([beyond.start, beyond.end]).toEqual([45, 50]);
    const nan = computeWindow({ scrollTop: Number.NaN, viewportHeight: 100, rowHeight: 20, count: 50, overscan: 0 });
    expect([nan.start, nan.end]).toEqual([0, 5]);
  });

  it('renders all rows when they fit, whatever the scrollTop says', () => {
    expect(computeWindow({ scrollTop: 300, viewportHeight: 1000, rowHeight: 21, count: 7, overscan: 2 })).toEqual({
      start: 0,
      end: 7,
      offsetTop: 0,
      totalHeight: 147,
    });
  });

  it('matches a brute-force visibility check over a grid of sizes and positions', () => {
    const counts = [1, 2, 3, 7, 20, 21, 100, 1000];
    const rowHeights = [1, 13, 20, 21];
    const viewports = [0, 1, 20, 21, 22, 100, 420, 2000];
    const overscans = [0, 1, 6];
    let cases = 0;
    for (const count of counts) {
      for (const rowHeight of rowHeights) {
        for (const viewportHeight of viewports) {
          const maxTop = Math.max(0, count * rowHeight - viewportHeight);
          const tops = new Set([
            0,
            1,
            rowHeight - 1,
            rowHeight,
            rowHeight + 1,
            Math.floor(maxTop / 2),
            maxTop - 1,
            maxTop,
          ]);
          for (const scrollTop of tops) {
            if (scrollTop < 0 || scrollTop > maxTop) continue;
            for (const overscan of overscans) {
              cases++;
              const w = computeWindow({ scrollTop, viewportHeight, rowHeight, count, overscan });
              const visible = visibleRowsBruteForce(scrollTop, viewportHeight, rowHeight, count);
              expect(w.start).toBeGreaterThanOrEqual(0);
              expect(w.end).toBeLessThanOrEqual(count);
              expect(w.start).toBeLessThanOrEqual(w.end);
              for (const row of visible) {
                expect(row).toBeGreaterThanOrEqual(w.start);
                expect(row).toBeLessThan(w.end);
              }
              // Never more than the visible rows + the overscan on each side (+1 for a row cut at each edge).
              expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(viewportHeight / rowHeight) + 1 + 2 * overscan);
              // Overscan is honoured where rows exist.
              const first = visible[0];
              if (first !== undefined) expect(w.start).toBe(Math.max(0, first - overscan));
              expect(w.offsetTop).toBe(w.start * rowHeight);
              expect(w.totalHeight).toBe(count * rowHeight);
            }
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(2000);
  });

  it('keeps the DOM small for any list size (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 16, max: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, rowHeight, viewportHeight, position) => {
          const g = scrollGeometry(count, rowHeight, viewportHeight);
          const w = computeWindow({
            scrollTop: position * g.maxScrollTop,
            viewportHeight,
            rowHeight,
            count,
            overscan: 6,
          });
          return w.end - w.start <= Math.ceil(viewportHeight / rowHeight) + 1 + 12 && w.end <= count;
        },
      ),
    );
  });
});

describe('computeWindow (scaled, beyond the browser height limit)', () => {
  const rowHeight = 21;
  const viewportHeight = 400;

  it('caps the scrollable height and maps the scroll range onto all rows', () => {
    const count = 10_000_000; // 210M px of rows
    const g = scrollGeometry(count, rowHeight, viewportHeight);
    expect(g.totalHeight).toBe(DEFAULT_MAX_SCROLL_HEIGHT);
    expect(g.scale).toBeCloseTo((count * rowHeight - viewportHeight) / (DEFAULT_MAX_SCROLL_HEIGHT - viewportHeight), 9);

    const top = computeWindow({ scrollTop: 0, viewportHeight, rowHeight, count, overscan: 2 });
    expect(top).toMatchObject({ start: 0, offsetTop: 0 });

    const bottom = computeWindow({ scrollTop: g.maxScrollTop, viewportHeight, rowHeight, count, overscan: 2 });
    expect(bottom.end).toBe(count);
    // The last row ends exactly at the bottom of the scrollable content.
    expect(bottom.offsetTop + (bottom.end - bottom.start) * rowHeight).toBeCloseTo(g.totalHeight, 3);
  });

  it('places rows so the visible ones fill the viewport exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500_000, max: 50_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, position) => {
          const maxScrollHeight = 2_000_000;
          const g = scrollGeometry(count, rowHeight, viewportHeight, maxScrollHeight);
          const scrollTop = Math.round(position * g.maxScrollTop);
          const w = computeWindow({ scrollTop, viewportHeight, rowHeight, count, overscan: 0, maxScrollHeight });
          const windowTop = w.offsetTop;
          const windowBottom = w.offsetTop + (w.end - w.start) * rowHeight;
          // Rendered rows cover the whole viewport (unless we ran out of rows) and not much more.
          return (
            windowTop <= scrollTop + 1e-6 &&
            (windowBottom >= scrollTop + viewportHeight - 1e-6 || w.end === count) &&
            w.end - w.start <= Math.ceil(viewportHeight / rowHeight) + 1
          );
        },
      ),
    );
  });

  it('is unscaled right up to the cap', () => {
    const count = Math.floor(DEFAULT_MAX_SCROLL_HEIGHT / rowHeight);
    expect(scrollGeometry(count, rowHeight, viewportHeight).scale).toBe(1);
    expect(scrollGeometry(count + 1, rowHeight, viewportHeight).scale).toBeGreaterThan(1);
  });
});

describe('scrollTopToReveal', () => {
  const base = { rowHeight: 20, viewportHeight: 100, count: 100 };

  it('does nothing for a fully visible row or an invalid index', () => {
    expect(scrollTopToReveal({ ...base, index: 2, scrollTop: 0 })).toBeNull();
    expect(scrollTopToReveal({ ...base, index: 4, scrollTop: 0 })).toBeNull();
    expect(scrollTopToReveal({ ...base, index: -1, scrollTop: 0 })).toBeNull();
    expect(scrollTopToReveal({ ...base, index: 100, scrollTop: 0 })).toBeNull();
    expect(scrollTopToReveal({ ...base, index: 1.5, scrollTop: 0 })).toBeNull();
  });

  it('scrolls down just enough to show a row below the view', () => {
    expect(scrollTopToReveal({ ...base, index: 5, scrollTop: 0 })).toBe(20);
    expect(scrollTopToReveal({ ...base, index: 50, scrollTop: 0 })).toBe(51 * 20 - 100);
    expect(scrollTopToReveal({ ...base, index: 99, scrollTop: 0 })).toBe(1900);
  });

  it('scrolls up to align a row above the view with the top', () => {
    expect(scrollTopToReveal({ ...base, index: 10, scrollTop: 500 })).toBe(200);
    expect(scrollTopToReveal({ ...base, index: 24, scrollTop: 485 })).toBe(480); // partly hidden at the top
  });

  it('aligns rows taller than the viewport to the top', () => {
    expect(scrollTopToReveal({ rowHeight: 50, viewportHeight: 30, count: 10, index: 3, scrollTop: 0 })).toBe(150);
  });

  it('brings the row into the computed window in scaled mode (property)', () => {
    // Exact as long as one scroll pixel (scale row px) is less than viewport − rowHeight: here scale ≤ 210.
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000_000, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, from, target) => {
          const input = { rowHeight: 21, viewportHeight: 400, count, maxScrollHeight: 1_000_000 };
          const g = scrollGeometry(count, 21, 400, 1_000_000);
          const scrollTop = Math.round(from * g.maxScrollTop);
          const index = Math.min(count - 1, Math.floor(target * count));
          const next = scrollTopToReveal({ ...input, index, scrollTop }) ?? scrollTop;
          const w = computeWindow({ ...input, scrollTop: next, overscan: 0 });
          return index >= w.start && index < w.end;
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('stick-to-bottom logic', () => {
  const metrics = (scrollTop: number, scrollHeight: number, clientHeight = 400): ScrollMetrics => ({
    scrollTop,
    scrollHeight,
    clientHeight,
  });

  it('isAtBottom allows a couple of pixels of slack', () => {
    expect(isAtBottom(metrics(600, 1000))).toBe(true);
    expect(isAtBottom(metrics(598, 1000))).toBe(true);
    expect(isAtBottom(metrics(597, 1000))).toBe(false);
    expect(isAtBottom(metrics(0, 300))).toBe(true); // content shorter than the view
  });

  it('follows new rows while at the bottom, stops when the user scrolls up, resumes at the bottom', () => {
    // A tiny simulated scroller: rows are 20px, the view is 400px.
    const scroller = { scrollTop: 0, scrollHeight: 0, clientHeight: 400 };
    let following = true;
    const addRows = (n: number): void => {
      scroller.scrollHeight += n * 20;
      const step = nextFollowState(following, { type: 'content-changed', metrics: { ...scroller } });
      following = step.following;
      if (step.scrollTo !== null) scroller.scrollTop = step.scrollTo;
    };
    const userScrollsTo = (top: number): void => {
      scroller.scrollTop = Math.max(0, Math.min(top, scroller.scrollHeight - scroller.clientHeight));
      following = nextFollowState(following, { type: 'scrolled', metrics: { ...scroller } }).following;
    };

    addRows(10); // fits: nothing to scroll
    expect(scroller.scrollTop).toBe(0);
    addRows(40); // 1000px: follows to the bottom
    expect(scroller.scrollTop).toBe(600);
    addRows(1);
    expect(scroller.scrollTop).toBe(620);

    userScrollsTo(300); // reading older rows
    expect(following).toBe(false);
    addRows(5);
    expect(scroller.scrollTop).toBe(300); // the view doesn't move under the reader

    userScrollsTo(1e9); // back to the bottom
    expect(following).toBe(true);
    addRows(3);
    expect(scroller.scrollTop).toBe(scroller.scrollHeight - 400);
  });

  it('content changes alone never stop or start following', () => {
    const m = metrics(100, 5000);
    expect(nextFollowState(true, { type: 'content-changed', metrics: m })).toEqual({ following: true, scrollTo: 4600 });
    expect(nextFollowState(false, { type: 'content-changed', metrics: m })).toEqual({
      following: false,
      scrollTo: null,
    });
    // Already at the bottom: nothing to do.
    expect(nextFollowState(true, { type: 'content-changed', metrics: metrics(4600, 5000) })).toEqual({
      following: true,
      scrollTo: null,
    });
  });

  it('jump-to-bottom always resumes following', () => {
    expect(nextFollowState(false, { type: 'jump-to-bottom', metrics: metrics(10, 5000) })).toEqual({
      following: true,
      scrollTo: 4600,
    });
  });
});

describe('leptPastRendered', () => {
  it('is true only when the visible rows share none with the rows rendered last', () => {
    const last = { start: 100, end: 148 };
    expect(leptPastRendered(last, { start: 148, end: 184 })).toBe(true); // just past the end
    expect(leptPastRendered(last, { start: 60, end: 100 })).toBe(true); // just before the start
    expect(leptPastRendered(last, { start: 147, end: 183 })).toBe(false); // one row still in view
    expect(leptPastRendered(last, { start: 64, end: 101 })).toBe(false);
    expect(leptPastRendered(last, { start: 110, end: 140 })).toBe(false);
  });

  it('is false with nothing rendered before or nothing to show', () => {
    expect(leptPastRendered(null, { start: 500, end: 536 })).toBe(false);
    expect(leptPastRendered({ start: 0, end: 0 }, { start: 500, end: 536 })).toBe(false);
    expect(leptPastRendered({ start: 0, end: 48 }, { start: 0, end: 0 })).toBe(false);
  });
});
