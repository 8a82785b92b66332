import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ContextMenu } from './ContextMenu';
import { foldTabs } from './toolbar-fit';
import { nextTabIndex } from './keyboard';
import { useResizeReports } from './use-resize-reports';

export interface TabDefinition<Id extends string = string> {
  id: Id;
  title: string;
  /** Small count/marker after the title (e.g. number of errors). */
  badge?: string | number;
  disabled?: boolean;
  /** Tooltip; defaults to none. */
  tooltip?: string;
}

export interface TabsProps<Id extends string = string> {
  tabs: ReadonlyArray<TabDefinition<Id>>;
  selectedId: Id;
  onSelect: (id: Id) => void;
  /** Accessible name of the tab strip. */
  ariaLabel?: string;
  /** Prefix for element ids, so a tab panel can point back with aria-labelledby={tabElementId(prefix, id)}. */
  idPrefix?: string;
  /** Items at the right end of the strip (e.g. a close button). */
  trailing?: ComponentChildren;
  /** Fold the tabs that do not fit into a "»" menu (the selected tab always stays), like DevTools' tab strips. */
  overflowMenu?: boolean;
  class?: string;
}

export function tabElementId(idPrefix: string, tabId: string): string {
  return `${idPrefix}-tab-${tabId}`;
}

export function tabPanelElementId(idPrefix: string, tabId: string): string {
  return `${idPrefix}-panel-${tabId}`;
}

/**
 * A DevTools tab strip: plain text tabs, the selected one coloured and underlined. Arrow keys move between tabs
 * (roving tabindex, selection follows focus as in DevTools' sidebar tabs).
 */
export function Tabs<Id extends string = string>(props: TabsProps<Id>) {
  const { tabs, selectedId, onSelect, idPrefix = 'tabs' } = props;
  const listRef = useRef<HTMLDivElement>(null);
  // Roving tabindex: the selected tab is the one Tab key stop (the first enabled one if none is selected).
  const focusableId = tabs.some((tab) => tab.id === selectedId) ? selectedId : tabs.find((tab) => !tab.disabled)?.id;
  const folded = useFoldedTabs(props.overflowMenu === true, listRef, tabs, selectedId);
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const [focusAfterSelect, setFocusAfterSelect] = useState<Id | undefined>(undefined);
  useEffect(() => {
    if (focusAfterSelect === undefined) return;
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabElementId(idPrefix, focusAfterSelect))}`)?.focus();
    setFocusAfterSelect(undefined);
  }, [focusAfterSelect, idPrefix]);

  // A narrow dock scrolls a strip that does not fold: keep the selected tab in view. (A folding strip never hides
  // it, and scrolling its clipped list before the first fit would leave it scrolled.)
  const folds = props.overflowMenu === true;
  useEffect(() => {
    if (folds) return;
    const selected = listRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
    selected?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [selectedId, folds]);

  const onKeyDown = (event: KeyboardEvent): void => {
    const current = tabs.findIndex((tab) => tab.id === selectedId);
    const next = nextTabIndex(
      event.key,
      current,
      tabs.map((tab) => !tab.disabled),
    );
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onSelect(tab.id);
    // Focus once rendered: a folded tab only becomes visible when selected.
    setFocusAfterSelect(tab.id);
  };

  return (
    <div class={['tabs', props.overflowMenu ? 'tabs-folding' : '', props.class ?? ''].filter(Boolean).join(' ')}>
      <div ref={listRef} class="tabs-list" role="tablist" aria-label={props.ariaLabel} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const selected = tab.id === selectedId;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={tabElementId(idPrefix, tab.id)}
              data-tab-id={tab.id}
              class="tabs-tab"
              hidden={folded.has(tab.id)}
              aria-selected={selected ? 'true' : 'false'}
              aria-controls={tabPanelElementId(idPrefix, tab.id)}
              tabIndex={tab.id === focusableId ? 0 : -1}
              disabled={tab.disabled}
              title={tab.tooltip}
              onClick={() => onSelect(tab.id)}
            >
              <span>{tab.title}</span>
              {tab.badge !== undefined && <span class="tabs-tab-badge">{String(tab.badge)}</span>}
            </button>
          );
        })}
        {folded.size > 0 && (
          <button
            type="button"
            class="tabs-tab tabs-overflow"
            tabIndex={-1}
            title={`More tabs (${folded.size})`}
            aria-label={`More tabs (${folded.size})`}
            aria-haspopup="menu"
            data-testid="tabs-overflow"
            onClick={(event) => {
              const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
              setMenu({ x: rect.left, y: rect.bottom });
            }}
          >
            »
          </button>
        )}
      </div>
      {menu && folded.size > 0 && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          ariaLabel="More tabs"
          onClose={() => setMenu(undefined)}
          items={tabs
            .filter((tab) => folded.has(tab.id))
            .map((tab) => ({
              kind: 'action' as const,
              label: tab.badge !== undefined ? `${tab.title} (${tab.badge})` : tab.title,
              disabled: tab.disabled,
              onSelect: () => onSelect(tab.id),
            }))}
        />
      )}
      {props.trailing !== undefined && <div class="tabs-trailing">{props.trailing}</div>}
    </div>
  );
}

/** The » button's width (theme.css gives it this width), counted once any tab folds. */
const TAB_OVERFLOW_BUTTON_WIDTH = 28;

/**
 * Which tabs fold into the "»" menu (see foldTabs). The room is the tab list's own width: with folding on, CSS gives
 * the list what the trailing items leave (not its content's width), so folding does not change it. Tab widths are
 * measured when a tab resizes, or the tabs or the selection change (a folded tab keeps its last width). A hidden DevTools panel measures 0:
 * nothing folds then, and the ResizeObserver re-measures when the panel is shown again.
 */
function useFoldedTabs<Id extends string>(
  enabled: boolean,
  listRef: { current: HTMLElement | null },
  tabs: ReadonlyArray<TabDefinition<Id>>,
  selectedId: Id,
): ReadonlySet<string> {
  const widths = useRef(new Map<string, number>());
  const [available, setAvailable] = useState(0);
  const [, setMeasured] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!enabled || !list) return;
    const measure = (): void => setAvailable(list.clientWidth);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(list);
    return () => observer.disconnect();
  }, [enabled, listRef]);
  const measure = (): void => {
    let changed = false;
    for (const element of listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? []) {
      if (element.hidden) continue;
      const width = element.getBoundingClientRect().width;
      const id = element.dataset.tabId as string;
      // A tab's width does not depend on which others fold, so this settles after one extra render.
      if (width > 0 && Math.abs((widths.current.get(id) ?? -1) - width) > 0.5) {
        widths.current.set(id, width);
        changed = true;
      }
    }
    if (changed) setMeasured((n) => n + 1);
  };
  const tabObserver = useResizeReports(measure);
  const measuredShape = useRef<string | undefined>(undefined);
  // Reading the tabs' widths after every render forced a layout per render (the Events badge counts on every frame
  // of a live stream). A ResizeObserver on each tab reports after the frame's own layout, only when one resized;
  // the layout effect measures itself when the tabs or the selection changed, or when there is no ResizeObserver.
  const shape = `${selectedId} ${tabs.map((tab) => tab.id).join(',')}`;
  useLayoutEffect(() => {
    if (!enabled) return;
    if (tabObserver)
      for (const element of listRef.current?.querySelectorAll<HTMLElement>('[role="tab"]') ?? [])
        tabObserver.observe(element);
    if (tabObserver && measuredShape.current === shape) return;
    measuredShape.current = shape;
    measure();
  });
  if (!enabled) return NOTHING_FOLDED;
  const folded = foldTabs(
    tabs.map((tab) => ({ id: tab.id, width: widths.current.get(tab.id) ?? 0 })),
    selectedId,
    available,
    TAB_OVERFLOW_BUTTON_WIDTH,
  );
  return folded.length === 0 ? NOTHING_FOLDED : new Set(folded);
}

const NOTHING_FOLDED: ReadonlySet<string> = new Set();
