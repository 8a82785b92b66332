import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { nextTabIndex } from './keyboard';

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

  // A narrow dock scrolls the strip: keep the selected tab in view.
  useEffect(() => {
    const selected = listRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
    selected?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [selectedId]);

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
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };

  return (
    <div class={props.class ? `tabs ${props.class}` : 'tabs'}>
      <div ref={listRef} class="tabs-list" role="tablist" aria-label={props.ariaLabel} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const selected = tab.id === selectedId;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={tabElementId(idPrefix, tab.id)}
              class="tabs-tab"
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
      </div>
      {props.trailing !== undefined && <div class="tabs-trailing">{props.trailing}</div>}
    </div>
  );
}
