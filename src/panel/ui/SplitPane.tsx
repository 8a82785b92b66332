import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export type SplitDirection = 'horizontal' | 'vertical';

export interface SplitPaneProps {
  /** 'horizontal': panes side by side with a vertical divider; 'vertical': stacked with a horizontal divider. */
  direction: SplitDirection;
  /** Size in px (width or height) of the sized pane; owned by the parent so it can be persisted. */
  size: number;
  /** Called with the new size when a drag ends or a keyboard step is taken (not on every pointer move). */
  onSizeChange: (size: number) => void;
  /** Which pane has the fixed size; the other takes the rest. Default 'second' (a DevTools sidebar). */
  sizedPane?: 'first' | 'second';
  /** Smallest size of the sized pane. Default 80. */
  minSize?: number;
  /** Smallest size left for the other pane. Default 80. */
  minOtherSize?: number;
  first: ComponentChildren;
  second: ComponentChildren;
  /** Show only the first pane (e.g. the details pane is closed); sizes are kept. */
  secondHidden?: boolean;
  /** Accessible name of the divider, e.g. "Resize details". */
  dividerLabel?: string;
  class?: string;
}

const KEYBOARD_STEP = 10;
const KEYBOARD_BIG_STEP = 50;

/**
 * The allowed size for the sized pane: at least `minSize`, and leaving `minOtherSize` for the other pane when the
 * container size is known (> 0). When both can't be met, the sized pane's minimum wins.
 */
export function clampPaneSize(size: number, containerSize: number, minSize: number, minOtherSize: number): number {
  const wanted = Number.isFinite(size) ? size : minSize;
  const max = containerSize > 0 ? containerSize - minOtherSize : Number.POSITIVE_INFINITY;
  return Math.round(Math.max(minSize, Math.min(wanted, max)));
}

/** Size after dragging the divider by `delta` px (right/down positive). */
export function sizeAfterDrag(startSize: number, delta: number, sizedPane: 'first' | 'second'): number {
  return sizedPane === 'first' ? startSize + delta : startSize - delta;
}

interface Drag {
  pointerId: number;
  startPosition: number;
  startSize: number;
}

export function SplitPane(props: SplitPaneProps) {
  const { direction, size, onSizeChange, sizedPane = 'second', minSize = 80, minOtherSize = 80 } = props;
  const horizontal = direction === 'horizontal';
  const containerRef = useRef<HTMLDivElement>(null);
  const dragRef = useRef<Drag | null>(null);
  const [draftSize, setDraftSize] = useState<number | null>(null);
  const [containerSize, setContainerSize] = useState(0);

  const measureContainer = (): number => {
    const container = containerRef.current;
    if (!container) return 0;
    const rect = container.getBoundingClientRect();
    return horizontal ? rect.width : rect.height;
  };

  useLayoutEffect(() => {
    setContainerSize(measureContainer());
    const container = containerRef.current;
    if (!container || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setContainerSize(measureContainer()));
    observer.observe(container);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- measureContainer reads refs; only the axis matters
  }, [horizontal]);

  const clamp = (value: number): number => clampPaneSize(value, containerSize, minSize, minOtherSize);
  const shownSize = clamp(draftSize ?? size);

  const onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    const divider = event.currentTarget as HTMLElement;
    divider.setPointerCapture?.(event.pointerId);
    dragRef.current = {
      pointerId: event.pointerId,
      startPosition: horizontal ? event.clientX : event.clientY,
      startSize: shownSize,
    };
    setDraftSize(shownSize);
  };

  const onPointerMove = (event: PointerEvent): void => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const delta = (horizontal ? event.clientX : event.clientY) - drag.startPosition;
    setDraftSize(clamp(sizeAfterDrag(drag.startSize, delta, sizedPane)));
  };

  const endDrag = (event: PointerEvent): void => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    dragRef.current = null;
    const delta = (horizontal ? event.clientX : event.clientY) - drag.startPosition;
    const finalSize =
      event.type === 'pointercancel' ? drag.startSize : clamp(sizeAfterDrag(drag.startSize, delta, sizedPane));
    setDraftSize(null);
    if (finalSize !== size) onSizeChange(finalSize);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const decrease = horizontal ? 'ArrowLeft' : 'ArrowUp';
    const increase = horizontal ? 'ArrowRight' : 'ArrowDown';
    if (event.key !== decrease && event.key !== increase) return;
    event.preventDefault();
    const step = event.shiftKey ? KEYBOARD_BIG_STEP : KEYBOARD_STEP;
    const next = clamp(sizeAfterDrag(shownSize, event.key === increase ? step : -step, sizedPane));
    if (next !== size) onSizeChange(next);
  };

  const sizedStyle = horizontal ? { width: `${shownSize}px` } : { height: `${shownSize}px` };
  const dragging = draftSize !== null;
  const classes = ['split', direction, dragging ? 'dragging' : '', props.class ?? ''].filter(Boolean).join(' ');

  if (props.secondHidden) {
    return (
      <div ref={containerRef} class={classes}>
        <div class="split-pane flexible">{props.first}</div>
      </div>
    );
  }

  return (
    <div ref={containerRef} class={classes}>
      <div
        class={sizedPane === 'first' ? 'split-pane sized' : 'split-pane flexible'}
        style={sizedPane === 'first' ? sizedStyle : undefined}
      >
        {props.first}
      </div>
      <div
        class={dragging ? 'split-divider dragging' : 'split-divider'}
        role="separator"
        aria-orientation={horizontal ? 'vertical' : 'horizontal'}
        aria-label={props.dividerLabel}
        aria-valuenow={shownSize}
        aria-valuemin={minSize}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onKeyDown={onKeyDown}
      />
      <div
        class={sizedPane === 'second' ? 'split-pane sized' : 'split-pane flexible'}
        style={sizedPane === 'second' ? sizedStyle : undefined}
      >
        {props.second}
      </div>
    </div>
  );
}
