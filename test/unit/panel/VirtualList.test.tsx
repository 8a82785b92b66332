// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRef, render } from 'preact';
import { act } from 'preact/test-utils';
import { VirtualList, type VirtualListHandle, type VirtualListProps } from '../../../src/panel/ui/VirtualList';
import { DEFAULT_MAX_SCROLL_HEIGHT } from '../../../src/panel/ui/virtual';
import { stubClientHeight } from './layout-stub';

const ROW = 21;
const VIEWPORT = 420; // 20 rows

let container: HTMLElement;
let restoreLayout: () => void;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  restoreLayout = stubClientHeight({ vlist: VIEWPORT });
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
  restoreLayout();
  vi.useRealTimers();
});

const renderRow = (index: number, top: number) => (
  <div class="row" data-index={index} style={{ top: `${top}px` }}>
    row {index}
  </div>
);

function mount(props: Partial<VirtualListProps> & { count: number }): void {
  act(() => {
    render(<VirtualList rowHeight={ROW} renderRow={renderRow} {...props} />, container);
  });
}

const scroller = (): HTMLElement => container.querySelector('.vlist') as HTMLElement;
/** Indexes of the rendered rows in visual order (rows sit in slots, so DOM order is not index order). */
const renderedIndexes = (): number[] =>
  Array.from(container.querySelectorAll<HTMLElement>('.row'))
    .map((row) => Number(row.dataset.index))
    .sort((a, b) => a - b);
const topOf = (index: number): string | undefined =>
  container.querySelector<HTMLElement>(`.row[data-index="${index}"]`)?.style.top;

function userScrollTo(top: number): void {
  act(() => {
    scroller().scrollTop = top;
    scroller().dispatchEvent(new Event('scroll'));
  });
}

/** Scrolling stops: after a leap past every rendered row, the list then fills in the overscan (needs fake timers). */
function settle(): void {
  act(() => {
    vi.advanceTimersByTime(1000);
  });
}

describe('VirtualList windowing', () => {
  it('renders only the visible rows plus overscan out of 100,000', () => {
    mount({ count: 100_000, overscan: 6 });
    // 20 visible + 6 overscan each side + 1 partly shown: the same 33 rows at the top, reaching further down.
    expect(renderedIndexes()).toEqual(Array.from({ length: 33 }, (_, i) => i));
    const content = container.querySelector<HTMLElement>('.vlist-content')!;
    expect(content.style.height).toBe(`${100_000 * ROW}px`);
  });

  it('moves the window when scrolled, placing it at the first rendered row', () => {
    vi.useFakeTimers();
    mount({ count: 100_000, overscan: 6 });
    userScrollTo(5000 * ROW);
    settle();
    const indexes = renderedIndexes();
    expect(indexes[0]).toBe(4994);
    expect(indexes.at(-1)).toBe(5026);
    expect([topOf(4994), topOf(5026)]).toEqual([`${4994 * ROW}px`, `${5026 * ROW}px`]);
  });

  it('keeps at most ~60 rows in the DOM whatever the count', () => {
    for (const count of [0, 1, 59, 60, 1000, 100_000, 1_000_000, 50_000_000]) {
      mount({ count });
      userScrollTo(Math.floor(count * ROW * 0.37));
      expect(renderedIndexes().length).toBeLessThanOrEqual(60);
      expect(renderedIndexes().length).toBe(Math.min(count, renderedIndexes().length));
    }
  });

  it('caps the content height for lists beyond the browser limit and still reaches the last row', () => {
    const count = 10_000_000;
    mount({ count, overscan: 0 });
    const content = container.querySelector<HTMLElement>('.vlist-content')!;
    expect(content.style.height).toBe(`${DEFAULT_MAX_SCROLL_HEIGHT}px`);
    userScrollTo(DEFAULT_MAX_SCROLL_HEIGHT - VIEWPORT);
    expect(renderedIndexes().at(-1)).toBe(count - 1);
  });

  it('reuses the same row elements while scrolling instead of creating new ones', () => {
    vi.useFakeTimers();
    mount({ count: 100_000, overscan: 6 });
    userScrollTo(10_000 * ROW);
    settle();
    const before = Array.from(container.querySelectorAll('.row'));
    userScrollTo(10_003 * ROW);
    userScrollTo(40_000 * ROW);
    settle();
    const after = Array.from(container.querySelectorAll('.row'));
    expect(renderedIndexes()).toEqual(Array.from({ length: after.length }, (_, i) => 39_994 + i));
    // The same elements in the same DOM order (a window one row shorter at an aligned position leaves one slot out).
    const kept = after.filter((row) => before.includes(row));
    expect(kept.length).toBeGreaterThanOrEqual(before.length - 1);
    expect(kept.map((row) => before.indexOf(row))).toEqual(
      [...kept.map((row) => before.indexOf(row))].sort((a, b) => a - b),
    );
    expect(container.querySelector('[data-index="39994"]')!.textContent).toBe('row 39994');
    expect(topOf(39_994)).toBe(`${39_994 * ROW}px`);
  });

  it('leaves the rows that stay in view untouched when the window moves by a few rows', () => {
    vi.useFakeTimers();
    mount({ count: 100_000, overscan: 6 });
    userScrollTo(10_000 * ROW);
    settle();
    const byIndex = new Map(
      Array.from(container.querySelectorAll<HTMLElement>('.row')).map((row) => [row.dataset.index, row]),
    );
    const mutated = new Set<Node>();
    const observer = new MutationObserver((records) => records.forEach((r) => mutated.add(r.target)));
    observer.observe(container, { subtree: true, characterData: true, attributes: true });
    userScrollTo(10_002 * ROW);
    observer.takeRecords().forEach((r) => mutated.add(r.target));
    observer.disconnect();
    const rows = Array.from(container.querySelectorAll<HTMLElement>('.row'));
    const kept = rows.filter((row) => byIndex.get(row.dataset.index) === row);
    expect(kept.length).toBe(rows.length - 2); // two rows scrolled in, on recycled elements
    expect(kept.some((row) => mutated.has(row) || mutated.has(row.firstChild!))).toBe(false);
    expect(renderedIndexes()).toEqual(Array.from({ length: rows.length }, (_, i) => 9_996 + i));
  });

  it('on a leap past every rendered row, renders only the visible rows and fills in the overscan once settled', () => {
    vi.useFakeTimers();
    mount({ count: 100_000, overscan: 6 });
    userScrollTo(10_000 * ROW);
    settle();
    const settled = Array.from(container.querySelectorAll<HTMLElement>('.row'));
    expect(settled.length).toBe(33);
    const mutated = new Set<Node>();
    const observer = new MutationObserver((records) =>
      records.forEach((r) => mutated.add(r.target.nodeType === Node.TEXT_NODE ? r.target.parentNode! : r.target)),
    );
    observer.observe(container, { subtree: true, characterData: true, attributes: true, childList: true });
    // A fling frame: 1,200 px on, past all 33 rendered rows.
    userScrollTo(10_000 * ROW + 1200);
    observer
      .takeRecords()
      .forEach((r) => mutated.add(r.target.nodeType === Node.TEXT_NODE ? r.target.parentNode! : r.target));
    // The 21 rows in view (20 and a part) and no overscan were rendered, on recycled elements; the other 12 were
    // left alone.
    const firstVisible = Math.floor((10_000 * ROW + 1200) / ROW);
    const visible = Array.from({ length: 21 }, (_, i) => firstVisible + i);
    expect(visible.every((index) => topOf(index) === `${index * ROW}px`)).toBe(true);
    const rows = Array.from(container.querySelectorAll<HTMLElement>('.row'));
    expect(rows).toEqual(settled);
    expect(rows.filter((row) => mutated.has(row)).length).toBe(21);
    expect(renderedIndexes().filter((index) => index >= firstVisible)).toEqual(visible);
    // Scrolling stops: the overscan on both sides comes back.
    settle();
    observer.disconnect();
    expect(renderedIndexes()).toEqual(Array.from({ length: 33 }, (_, i) => firstVisible - 6 + i));
  });

  it('fills in the overscan only once a fling stops, with one timer rather than one per frame', () => {
    vi.useFakeTimers();
    mount({ count: 100_000, overscan: 6 });
    userScrollTo(10_000 * ROW);
    settle();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    let top = 10_000 * ROW;
    for (let frame = 0; frame < 10; frame++) {
      userScrollTo((top += 1200));
      act(() => {
        vi.advanceTimersByTime(16);
      });
    }
    expect(timers.mock.calls.length).toBeLessThanOrEqual(2);
    const firstVisible = Math.floor(top / ROW);
    // Still flinging: no overscan rows yet (other slots keep rows of earlier frames, far off).
    const overscanRows = (index: number) =>
      (index >= firstVisible - 6 && index < firstVisible) || (index >= firstVisible + 21 && index < firstVisible + 27);
    expect(renderedIndexes().filter(overscanRows)).toEqual([]);
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(renderedIndexes()).toEqual(Array.from({ length: 33 }, (_, i) => firstVisible - 6 + i));
    timers.mockRestore();
  });

  it('renders the overscan at once when a scroll keeps some rendered rows', () => {
    vi.useFakeTimers();
    mount({ count: 100_000, overscan: 6 });
    userScrollTo(10_000 * ROW);
    settle();
    // 19 rows on: rows 9,994–10,026 were rendered, and 10,019–10,026 are still in view.
    userScrollTo(10_000 * ROW + 400);
    expect(renderedIndexes()).toEqual(Array.from({ length: 33 }, (_, i) => 10_019 - 6 + i));
  });

  it('forces every row to the row height', () => {
    mount({ count: 3 });
    const windowEl = container.querySelector<HTMLElement>('.vlist-window')!;
    expect(windowEl.classList.contains('vlist-window')).toBe(true);
    expect(scroller().style.getPropertyValue('--vlist-row-height')).toBe(`${ROW}px`);
  });

  it('renders a sticky header and extra content', () => {
    act(() => {
      render(
        <VirtualList count={2} rowHeight={ROW} renderRow={renderRow} header={<b>head</b>} contentMinWidth={900}>
          <p class="empty">nothing</p>
        </VirtualList>,
        container,
      );
    });
    expect(container.querySelector('.vlist-header')?.textContent).toBe('head');
    expect(container.querySelector<HTMLElement>('.vlist-header')!.style.minWidth).toBe('900px');
    expect(container.querySelector<HTMLElement>('.vlist-content')!.style.minWidth).toBe('900px');
    expect(container.querySelector('.empty')?.textContent).toBe('nothing');
  });
});

describe('VirtualList scrollToIndex', () => {
  it('scrolls the least amount that shows the row', () => {
    mount({ count: 1000, scrollToIndex: 500 });
    expect(scroller().scrollTop).toBe(501 * ROW - VIEWPORT);
    expect(renderedIndexes()).toContain(500);
    mount({ count: 1000, scrollToIndex: 10 });
    expect(scroller().scrollTop).toBe(10 * ROW);
  });

  it('exposes a handle for the owner', () => {
    const handleRef = createRef<VirtualListHandle>();
    mount({ count: 1000, handleRef });
    expect(handleRef.current?.visibleRowCount()).toBe(20);
    act(() => handleRef.current?.scrollToIndex(300));
    expect(scroller().scrollTop).toBe(301 * ROW - VIEWPORT);
    act(() => handleRef.current?.scrollToBottom());
    expect(scroller().scrollTop).toBe(1000 * ROW - VIEWPORT);
  });
});

describe('VirtualList stickToBottom', () => {
  it('starts at the bottom and follows new rows while there', () => {
    const onScrollStateChange = vi.fn();
    mount({ count: 100, stickToBottom: true, onScrollStateChange });
    expect(scroller().scrollTop).toBe(100 * ROW - VIEWPORT);
    expect(renderedIndexes().at(-1)).toBe(99);
    mount({ count: 101, stickToBottom: true, onScrollStateChange });
    expect(scroller().scrollTop).toBe(101 * ROW - VIEWPORT);
    expect(renderedIndexes().at(-1)).toBe(100);
    expect(onScrollStateChange).toHaveBeenCalledTimes(1);
    expect(onScrollStateChange).toHaveBeenLastCalledWith(true);
  });

  it('stops following when the user scrolls up and resumes at the bottom', () => {
    const onScrollStateChange = vi.fn();
    mount({ count: 100, stickToBottom: true, onScrollStateChange });
    userScrollTo(500);
    expect(onScrollStateChange).toHaveBeenLastCalledWith(false);

    mount({ count: 150, stickToBottom: true, onScrollStateChange });
    expect(scroller().scrollTop).toBe(500); // the reader's view stays put

    userScrollTo(150 * ROW - VIEWPORT);
    expect(onScrollStateChange).toHaveBeenLastCalledWith(true);
    mount({ count: 160, stickToBottom: true, onScrollStateChange });
    expect(scroller().scrollTop).toBe(160 * ROW - VIEWPORT);
    expect(onScrollStateChange).toHaveBeenCalledTimes(3);
  });

  it('does not follow when stickToBottom is off, and reports leaving the bottom as rows arrive', () => {
    const onScrollStateChange = vi.fn();
    mount({ count: 10, onScrollStateChange });
    expect(onScrollStateChange).toHaveBeenLastCalledWith(true); // everything fits
    mount({ count: 100, onScrollStateChange });
    expect(scroller().scrollTop).toBe(0);
    expect(onScrollStateChange).toHaveBeenLastCalledWith(false);
  });

  it('jumps to the bottom when stickToBottom is switched on', () => {
    mount({ count: 500 });
    userScrollTo(100);
    mount({ count: 500, stickToBottom: true });
    expect(scroller().scrollTop).toBe(500 * ROW - VIEWPORT);
  });

  it('a scrollToIndex away from the bottom stops following', () => {
    mount({ count: 300, stickToBottom: true });
    mount({ count: 300, stickToBottom: true, scrollToIndex: 10 });
    expect(scroller().scrollTop).toBe(10 * ROW);
    mount({ count: 310, stickToBottom: true, scrollToIndex: 10 });
    expect(scroller().scrollTop).toBe(10 * ROW);
  });
});
