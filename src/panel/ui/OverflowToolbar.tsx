/**
 * A toolbar that fits its width like DevTools' own: items keep their order, the least important fold into a "»"
 * menu when the panel is narrow (and items with a compact form use it first). Widths are measured in the DOM
 * (ResizeObserver on the bar, each item after it renders); which items fit is decided by fitToolbar (pure).
 * Folded items stay mounted but hidden, so their state (an open menu, an input's ref) survives a resize.
 */
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ContextMenu, type ContextMenuItem } from './ContextMenu';
import { fitToolbar, type FitItem } from './toolbar-fit';
import { useResizeReports } from './use-resize-reports';

export interface OverflowToolbarItem {
  id: string;
  /** Lower is more important (folds last). */
  priority: number;
  /** Never folds (Record, Clear, the filter). */
  pinned?: boolean;
  /** A thin separator before the item, folded with it. */
  separatorBefore?: boolean;
  /** Starts the right-aligned group (the first such item gets the free space before it). */
  pushRight?: boolean;
  /** Takes free space up to its CSS max-width; fitted at `minWidth` instead of its measured width. */
  minWidth?: number;
  /** The item in the bar; `compact` asks for its compact form. */
  render(compact: boolean): ComponentChildren;
  /** The compact form's content, rendered invisibly only to measure it; items without one never compact. */
  measureCompact?: ComponentChildren;
  /** What the item becomes in the overflow menu (checkbox items for toggles, actions for buttons). */
  menuItems(): ContextMenuItem[];
}

export interface OverflowToolbarProps {
  ariaLabel: string;
  class?: string;
  items: readonly OverflowToolbarItem[];
}

const OVERFLOW_BUTTON_FALLBACK = 28;
const SEPARATOR_WIDTH = 9;
const MAX_MEASURE_PASSES_PER_FRAME = 8;

export function OverflowToolbar({ ariaLabel, class: className, items }: OverflowToolbarProps) {
  const barRef = useRef<HTMLDivElement>(null);
  const widths = useRef(new Map<string, { full?: number; compact?: number }>());
  const overflowWidth = useRef(OVERFLOW_BUTTON_FALLBACK);
  const [available, setAvailable] = useState(Number.POSITIVE_INFINITY);
  const [, setMeasured] = useState(0);
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const measurePasses = useRef(0);

  useLayoutEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    const measure = (): void => setAvailable(innerWidth(bar));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);

  const fitItems: FitItem[] = items.map((item) => {
    const known = widths.current.get(item.id) ?? {};
    const separator = item.separatorBefore ? SEPARATOR_WIDTH : 0;
    const full = (item.minWidth ?? known.full ?? 0) + separator;
    return {
      id: item.id,
      priority: item.priority,
      pinned: item.pinned,
      width: full,
      ...(item.measureCompact !== undefined && known.compact !== undefined
        ? { compactWidth: known.compact + separator }
        : {}),
    };
  });
  const fit = fitToolbar(fitItems, available, overflowWidth.current);
  const visible = new Set(fit.visible);
  const compact = new Set(fit.compact);

  /** Notes the widths of what is shown; re-fits when one changed (a label grew, a count). */
  const measure = (): void => {
    const bar = barRef.current;
    if (!bar) return;
    let changed = false;
    const note = (id: string, form: 'full' | 'compact', width: number): void => {
      const known = widths.current.get(id) ?? {};
      if (Math.abs((known[form] ?? -1) - width) > 0.5) {
        widths.current.set(id, { ...known, [form]: width });
        changed = true;
      }
    };
    for (const element of bar.querySelectorAll<HTMLElement>(':scope > .toolbar-item[data-item]')) {
      // A compact item is measured only by its invisible twin below: measuring it here too would note two different
      // widths in one pass whenever the two differ by a pixel, and each pass would re-render forever.
      if (element.hidden || element.dataset.compact === 'true') continue;
      const id = element.dataset.item as string;
      const content = element.querySelector<HTMLElement>(':scope > .toolbar-item-content');
      if (content) note(id, 'full', outerWidth(content));
    }
    for (const element of bar.querySelectorAll<HTMLElement>(':scope > .toolbar-measure > [data-item]'))
      note(element.dataset.item as string, 'compact', outerWidth(element));
    const more = bar.querySelector<HTMLElement>(':scope > .toolbar-overflow');
    if (more && Math.abs(outerWidth(more) - overflowWidth.current) > 0.5) {
      overflowWidth.current = outerWidth(more);
      changed = true;
    }
    if (!changed) return;
    // A width that flips with the layout it causes would re-fit forever and freeze the panel: a few passes per frame
    // settle any real change, the next frame measures again.
    if (measurePasses.current++ >= MAX_MEASURE_PASSES_PER_FRAME) return;
    if (measurePasses.current === 1) requestAnimationFrame(() => (measurePasses.current = 0));
    setMeasured((n) => n + 1);
  };
  const itemsObserver = useResizeReports(measure);
  const fitShape = `${fit.visible.join(',')}|${fit.compact.join(',')}`;
  const measuredShape = useRef<string | undefined>(undefined);

  // Reading widths after every render forced a layout per render (a count in the bar changes on every frame of a
  // live stream). A ResizeObserver on each measured element reports after the frame's own layout, and only when a
  // size changed; the layout effect measures itself only when the fit changed (items shown, hidden or compacted)
  // or when there is no ResizeObserver.
  useLayoutEffect(() => {
    const bar = barRef.current;
    if (!bar) return;
    if (itemsObserver)
      for (const element of bar.querySelectorAll<HTMLElement>(
        ':scope > .toolbar-item > .toolbar-item-content, :scope > .toolbar-measure > [data-item], :scope > .toolbar-overflow',
      ))
        itemsObserver.observe(element);
    if (itemsObserver && measuredShape.current === fitShape) return;
    measuredShape.current = fitShape;
    measure();
  });

  const folded = items.filter((item) => !visible.has(item.id));
  // Separators where the bar has them, and around an item that is a group of its own (a select's options), so
  // single toggles and actions read as one list, as in DevTools' own » menus.
  const menuItems: ContextMenuItem[] = [];
  let previousWasGroup = false;
  for (const item of folded) {
    const entries = item.menuItems();
    if (entries.length === 0) continue;
    const group = entries.length > 1;
    if (menuItems.length > 0 && (item.separatorBefore || group || previousWasGroup))
      menuItems.push({ kind: 'separator' });
    menuItems.push(...entries);
    previousWasGroup = group;
  }
  const firstRight = items.find((item) => item.pushRight && visible.has(item.id))?.id;

  return (
    <div
      ref={barRef}
      class={className ? `toolbar overflow-toolbar ${className}` : 'toolbar overflow-toolbar'}
      role="toolbar"
      aria-label={ariaLabel}
    >
      {items.map((item) => {
        const shown = visible.has(item.id);
        const classes = [
          'toolbar-item',
          item.minWidth !== undefined ? 'grow' : '',
          item.id === firstRight ? 'push-right' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <div
            key={item.id}
            class={classes}
            data-item={item.id}
            data-compact={compact.has(item.id) ? 'true' : undefined}
            hidden={!shown}
            style={item.minWidth !== undefined ? { minWidth: `${item.minWidth}px` } : undefined}
          >
            {item.separatorBefore && <div class="toolbar-separator" role="separator" aria-orientation="vertical" />}
            <div class="toolbar-item-content">{item.render(compact.has(item.id))}</div>
          </div>
        );
      })}
      {folded.length > 0 && (
        <button
          type="button"
          class="toolbar-button toolbar-overflow"
          title={`More tools (${folded.length})`}
          aria-label={`More tools (${folded.length})`}
          aria-haspopup="menu"
          aria-expanded={menu ? 'true' : 'false'}
          data-testid="toolbar-overflow"
          onClick={(event) => {
            const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
            setMenu(menu ? undefined : { x: rect.left, y: rect.bottom });
          }}
        >
          <span aria-hidden="true">»</span>
        </button>
      )}
      {menu && folded.length > 0 && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          items={menuItems}
          onClose={() => setMenu(undefined)}
          ariaLabel="More tools"
        />
      )}
      <div class="toolbar-measure" aria-hidden="true">
        {items
          .filter((item) => item.measureCompact !== undefined)
          .map((item) => (
            <span key={item.id} data-item={item.id}>
              {item.measureCompact}
            </span>
          ))}
      </div>
    </div>
  );
}

function innerWidth(element: HTMLElement): number {
  const style = getComputedStyle(element);
  return element.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
}

function outerWidth(element: HTMLElement): number {
  const style = getComputedStyle(element);
  return (
    element.getBoundingClientRect().width + (parseFloat(style.marginLeft) || 0) + (parseFloat(style.marginRight) || 0)
  );
}
