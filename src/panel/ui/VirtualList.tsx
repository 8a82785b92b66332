import { Fragment, type ComponentChildren, type RefObject, type VNode } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import {
  computeWindow,
  DEFAULT_MAX_SCROLL_HEIGHT,
  isAtBottom,
  leptPastRendered,
  maxScrollTopOf,
  nextFollowState,
  scrollGeometry,
  scrollTopToReveal,
  type FollowEvent,
  type RowSpan,
  type ScrollMetrics,
} from './virtual';

/** Imperative controls for the list's owner (e.g. a "scroll to newest" button, PageUp/PageDown sizing). */
export interface VirtualListHandle {
  /** Scroll the least amount that shows row `index` completely. */
  scrollToIndex(index: number): void;
  /** Jump to the last row and (with stickToBottom) resume following new rows. */
  scrollToBottom(): void;
  /** Rows that fit in the viewport right now. */
  visibleRowCount(): number;
}

export interface VirtualListProps {
  count: number;
  /** Every row is exactly this tall (px); the list enforces it. */
  rowHeight: number;
  /**
   * Renders row `index`, which must be placed at `top` px from the top of the content (its own `top` style: rows
   * are absolutely positioned, see the slots below). Called only for the rows in the window.
   */
  renderRow: (index: number, top: number) => VNode;
  /** Rows rendered beyond each edge of the viewport. Default 6. */
  overscan?: number;
  /**
   * Follow new rows like the Console: while the user is at the bottom, keep the newest row in view as rows are
   * added; stop when they scroll up; resume when they scroll back to the bottom.
   */
  stickToBottom?: boolean;
  /** Ensure this row is visible whenever the value changes (e.g. the selected row). */
  scrollToIndex?: number;
  /** Called with whether the view is at the bottom, each time that changes (and once after mounting). */
  onScrollStateChange?: (atBottom: boolean) => void;
  /** Sticky content above the rows inside the scroller (a table header): scrolls sideways with the rows. */
  header?: ComponentChildren;
  /** Minimum width of the rows and header in px; wider than the viewport gives a horizontal scrollbar. */
  contentMinWidth?: number;
  /** Cap on the scrollable height; see virtual.ts. */
  maxScrollHeight?: number;
  handleRef?: RefObject<VirtualListHandle | null>;
  class?: string;
  /** Drawn inside the scrollable content behind the rows (e.g. a table's column lines). */
  underlay?: ComponentChildren;
  /** Extra content inside the scroller after the rows (e.g. an empty-state message). */
  children?: ComponentChildren;
}

/** Used before the scroller has been laid out (and in DOMs without layout, such as tests). */
const FALLBACK_VIEWPORT_HEIGHT = 600;
const DEFAULT_OVERSCAN = 6;
/** How long after the last leap (see leptPastRendered) the overscan rows are filled in. */
const SETTLE_MS = 100;

/** What the last render put in each slot, and the rows it rendered. */
interface RenderedSlots {
  rows: RowSpan;
  bySlot: (VNode | undefined)[];
  /** A leap reuses old slots only while the rows' geometry is the same. */
  shape: string;
}

interface MeasuredSize {
  clientHeight: number;
  headerHeight: number;
}

function sameSize(a: MeasuredSize, b: MeasuredSize): boolean {
  return a.clientHeight === b.clientHeight && a.headerHeight === b.headerHeight;
}

/**
 * A fixed-row-height windowed list: only the rows in view (plus `overscan`) are in the DOM, so 100,000+ rows
 * scroll smoothly. See virtual.ts for the math and the browsers' height limits.
 */
export function VirtualList(props: VirtualListProps) {
  const {
    count,
    rowHeight,
    renderRow,
    overscan = DEFAULT_OVERSCAN,
    stickToBottom = false,
    scrollToIndex,
    onScrollStateChange,
    header,
    contentMinWidth,
    maxScrollHeight = DEFAULT_MAX_SCROLL_HEIGHT,
    handleRef,
  } = props;

  const scrollerRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState<MeasuredSize>({ clientHeight: 0, headerHeight: 0 });
  // Refs hold what imperative code (event handlers, effects, the handle) needs between renders.
  const sizeRef = useRef<MeasuredSize>(size);
  const followingRef = useRef(true);
  const reportedAtBottomRef = useRef<boolean | null>(null);

  const clientHeightOf = (measured: MeasuredSize): number =>
    measured.clientHeight > 0 ? measured.clientHeight : FALLBACK_VIEWPORT_HEIGHT;
  const viewportOf = (measured: MeasuredSize): number => Math.max(0, clientHeightOf(measured) - measured.headerHeight);

  const viewportHeight = viewportOf(size);
  // While following new rows, render the bottom rows straight away: the layout effect below then only moves the
  // scroller to where these rows already are, and no second render (and layout) per update is needed.
  const followingBottom = stickToBottom && followingRef.current;
  const bottomTop = maxScrollTopOf({
    scrollTop,
    clientHeight: clientHeightOf(size),
    scrollHeight: size.headerHeight + scrollGeometry(count, rowHeight, viewportHeight, maxScrollHeight).totalHeight,
  });
  const renderTop = followingBottom ? Math.round(bottomTop) : scrollTop;
  const rowWindow = computeWindow({
    scrollTop: renderTop,
    viewportHeight,
    rowHeight,
    count,
    overscan,
    maxScrollHeight,
  });

  /**
   * The last scroll position the browser reported (scroll events, our own jumps). Reading `scroller.scrollTop` after
   * every render forced a synchronous layout per frame, the largest cost of scrolling and of live updates.
   */
  const scrollTopRef = useRef(0);
  const renderedRef = useRef<RenderedSlots | null>(null);
  /** Bumped to render the overscan rows a leap left out, once the scrolling settles. */
  const [, setSettles] = useState(0);
  const settleRef = useRef<{ timer: ReturnType<typeof setTimeout> | undefined; lastLeap: number }>({
    timer: undefined,
    lastLeap: 0,
  });
  useEffect(() => () => clearTimeout(settleRef.current.timer), []);

  /** The scroller's metrics from our own model (layout-free DOMs report 0 for scrollHeight). */
  const metrics = (): ScrollMetrics => {
    const measured = sizeRef.current;
    const geometry = scrollGeometry(count, rowHeight, viewportOf(measured), maxScrollHeight);
    return {
      scrollTop: scrollTopRef.current,
      clientHeight: clientHeightOf(measured),
      scrollHeight: measured.headerHeight + geometry.totalHeight,
    };
  };

  const measure = (): void => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const next = { clientHeight: scroller.clientHeight, headerHeight: headerRef.current?.offsetHeight ?? 0 };
    if (sameSize(next, sizeRef.current)) return;
    sizeRef.current = next;
    setSize(next);
  };

  const applyScrollTop = (top: number): void => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    // Clamp as the browser will, from our own model: reading scrollTop back would force a layout on every
    // followed update (the largest cost of a live stream in the profile). The scroll event brings the exact value.
    const clamped = Math.max(0, Math.min(Math.round(top), maxScrollTopOf(metrics())));
    scroller.scrollTop = clamped;
    scrollTopRef.current = clamped;
    setScrollTop(clamped);
  };

  const reportAtBottom = (): void => {
    const atBottom = isAtBottom(metrics());
    if (reportedAtBottomRef.current === atBottom) return;
    reportedAtBottomRef.current = atBottom;
    onScrollStateChange?.(atBottom);
  };

  const follow = (event: FollowEvent): void => {
    const next = nextFollowState(followingRef.current, event);
    followingRef.current = next.following;
    if (next.scrollTo !== null) applyScrollTop(next.scrollTo);
  };

  const reveal = (index: number): void => {
    const measured = sizeRef.current;
    const target = scrollTopToReveal({
      index,
      scrollTop: scrollTopRef.current,
      viewportHeight: viewportOf(measured),
      rowHeight,
      count,
      maxScrollHeight,
    });
    if (target === null) return;
    applyScrollTop(target);
    // A programmatic jump counts like a user scroll: away from the bottom stops following.
    if (stickToBottom) follow({ type: 'scrolled', metrics: metrics() });
  };

  // Measure first, so the effects below (which read sizeRef) see real sizes on the first commit.
  useLayoutEffect(() => {
    measure();
    const scroller = scrollerRef.current;
    if (!scroller || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => measure());
    observer.observe(scroller);
    if (headerRef.current) observer.observe(headerRef.current);
    return () => observer.disconnect();
    // The header element exists or not for the component's lifetime in practice; re-observe if that changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- measure reads refs
  }, [header === undefined]);

  // Turning stickToBottom on jumps to the newest row, like re-enabling auto-scroll in a log.
  const wasStickingRef = useRef(stickToBottom);
  useLayoutEffect(() => {
    if (stickToBottom && !wasStickingRef.current) follow({ type: 'jump-to-bottom', metrics: metrics() });
    wasStickingRef.current = stickToBottom;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow and metrics read refs; react to the switch only
  }, [stickToBottom]);

  useLayoutEffect(() => {
    if (stickToBottom) follow({ type: 'content-changed', metrics: metrics() });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow and metrics read refs; these are what move the end
  }, [count, rowHeight, size.clientHeight, size.headerHeight, stickToBottom, maxScrollHeight]);

  useLayoutEffect(() => {
    if (scrollToIndex !== undefined) reveal(scrollToIndex);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reveal reads refs; act when the target changes
  }, [scrollToIndex]);

  // Rows added or removed can move the bottom away from (or onto) the view without any scroll event.
  useLayoutEffect(() => {
    reportAtBottom();
  });

  const onScroll = (): void => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    scrollTopRef.current = scroller.scrollTop;
    setScrollTop(scrollTopRef.current);
    if (stickToBottom) follow({ type: 'scrolled', metrics: metrics() });
    reportAtBottom();
  };

  useEffect(() => {
    if (!handleRef) return;
    handleRef.current = {
      scrollToIndex: (index) => reveal(index),
      scrollToBottom: () => follow({ type: 'jump-to-bottom', metrics: metrics() }),
      visibleRowCount: () => Math.max(1, Math.floor(viewportOf(sizeRef.current) / rowHeight)),
    };
    return () => {
      handleRef.current = null;
    };
  });

  // Each row element is a slot: row `index` lives in slot `index % slots`, placed by its own `top`, and the slots
  // stay in one DOM order. A row that stays in view keeps its element untouched; a row scrolled out hands its
  // element to the row scrolled in, which only changes its text and top. Nothing is created, discarded or moved
  // while scrolling (creating a row per row scrolled past was half the frame time of a fast scroll; keeping rows
  // in index order made every new row at the bottom rewrite all the others). The window is always `slots` rows
  // (or all of them): at either end it reaches further the other way, so no slot comes or goes as it moves.
  const slots = Math.max(rowWindow.end - rowWindow.start, Math.ceil(viewportHeight / rowHeight) + 1 + 2 * overscan);
  let end = Math.min(count, Math.max(rowWindow.end, rowWindow.start + slots));
  let start = Math.max(0, Math.min(rowWindow.start, end - slots));
  // A leap past every row rendered last (a fling, a scrollbar drag) renders only the visible rows; the other slots
  // keep their old rows, untouched (off screen: a row in view always has its own slot). The overscan comes back
  // once the scrolling settles. This cut a quarter of the rows laid out and painted per frame of a fling.
  const shape = `${count} ${rowHeight} ${viewportHeight} ${slots} ${rowWindow.totalHeight}`;
  const last = renderedRef.current;
  const visible = computeWindow({ scrollTop: renderTop, viewportHeight, rowHeight, count, maxScrollHeight });
  const leap = !followingBottom && last !== null && last.shape === shape && leptPastRendered(last.rows, visible);
  const bySlot: (VNode | undefined)[] = leap ? [...last.bySlot] : new Array<VNode | undefined>(slots);
  if (leap) {
    start = visible.start;
    end = visible.end;
  }
  for (let index = start; index < end; index++) {
    const slot = index % slots;
    const top = rowWindow.offsetTop + (index - rowWindow.start) * rowHeight;
    bySlot[slot] = <Fragment key={slot}>{renderRow(index, top)}</Fragment>;
  }
  const rows = bySlot.filter((row): row is VNode => row !== undefined);
  const rendered: RenderedSlots = { rows: { start, end }, bySlot, shape };
  useLayoutEffect(() => {
    renderedRef.current = rendered;
    if (!leap) return;
    // One timer per settle, not one per frame: setting and clearing a timeout on every frame of a fling showed in
    // its profile. The timer checks, when it fires, whether the list leapt again meanwhile.
    const settle = settleRef.current;
    settle.lastLeap = Date.now();
    const wait = (ms: number): void => {
      settle.timer = setTimeout(() => {
        const quiet = Date.now() - settle.lastLeap;
        if (quiet < SETTLE_MS) return wait(SETTLE_MS - quiet);
        settle.timer = undefined;
        setSettles((n) => n + 1);
      }, ms);
    };
    if (settle.timer === undefined) wait(SETTLE_MS);
  });
  const minWidth = contentMinWidth === undefined ? undefined : `${contentMinWidth}px`;

  return (
    <div
      ref={scrollerRef}
      class={props.class ? `vlist ${props.class}` : 'vlist'}
      onScroll={onScroll}
      style={{ '--vlist-row-height': `${rowHeight}px` }}
    >
      {header !== undefined && (
        <div ref={headerRef} class="vlist-header" style={{ minWidth }}>
          {header}
        </div>
      )}
      <div class="vlist-content" style={{ height: `${rowWindow.totalHeight}px`, minWidth }}>
        {props.underlay}
        <div class="vlist-window">{rows}</div>
      </div>
      {props.children}
    </div>
  );
}
