/**
 * The filter input with its suggestion list and syntax error. Both render in a layer on document.body, positioned
 * under the input, so the toolbar's `overflow: hidden` cannot clip them; a live region announces them.
 * Keys: Up/Down move in the list (Down with no list moves into the events table), Tab/Enter accept, Escape closes
 * the list first and clears the filter only when no list is shown.
 */
import { createPortal, type ComponentChildren } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { filterSuggestions, type FilterSuggestion } from '../../log';
import { ToolbarInput } from '../ui/Toolbar';
import type { PanelStore } from '../store';

/** As in the Network panel: one word that any width shows whole; the syntax is the box's tooltip and suggestions. */
export const FILTER_PLACEHOLDER = 'Filter';
export const FILTER_SYNTAX = 'Filter: text, type:, role:, turn:, inference:, dir:, call:, anomaly:, /regex/, -not';

/** The element the events table marks as where keyboard focus goes when entering it. */
export const EVENTS_TABLE_FOCUS_SELECTOR = '[data-focus-target="events-table"]';

const MAX_SUGGESTIONS = 12;

export function FilterBox({ store, inputRef }: { store: PanelStore; inputRef: { current: HTMLInputElement | null } }) {
  const [suggestions, setSuggestions] = useState<FilterSuggestion[]>([]);
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(false);
  const filter = store.filter.value;
  const error = !filter.ok && focused ? filter.error : undefined;
  const listShown = suggestions.length > 0 && focused;

  const updateSuggestions = (text: string, caret: number): void => {
    setSuggestions(text.trim() === '' ? [] : filterSuggestions(text, store.log, caret).slice(0, MAX_SUGGESTIONS));
    setActive(0);
  };
  const accept = (suggestion: FilterSuggestion): void => {
    store.filterText.value = suggestion.text;
    setSuggestions([]);
    const input = inputRef.current;
    if (input) {
      input.focus();
      requestAnimationFrame(() => input.setSelectionRange(suggestion.cursor, suggestion.cursor));
    }
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (listShown && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive((active + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
    } else if (listShown && (event.key === 'Tab' || event.key === 'Enter')) {
      event.preventDefault();
      accept(suggestions[active] as FilterSuggestion);
    } else if (event.key === 'Escape') {
      // Handled here whatever happens: the panel-wide Escape must not also act on it.
      event.stopPropagation();
      if (listShown) {
        event.preventDefault(); // keeps ToolbarInput from clearing the text
        setSuggestions([]);
      }
    } else if (event.key === 'ArrowDown' && !event.altKey) {
      const table = document.querySelector<HTMLElement>(EVENTS_TABLE_FOCUS_SELECTOR);
      if (table) {
        event.preventDefault();
        setSuggestions([]);
        table.focus();
      }
    }
  };

  const announcement = error
    ? `Filter error: ${error}`
    : listShown
      ? `${suggestions.length} suggestion${suggestions.length === 1 ? '' : 's'}; Up and Down to choose, Enter to accept`
      : '';

  return (
    <div
      class="filter-box"
      onFocusIn={() => setFocused(true)}
      onFocusOut={(event) => {
        if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <ToolbarInput
        value={store.filterText.value}
        onInput={(text) => {
          store.filterText.value = text;
          updateSuggestions(text, inputRef.current?.selectionStart ?? text.length);
        }}
        placeholder={FILTER_PLACEHOLDER}
        ariaLabel="Filter"
        width={0}
        invalid={!filter.ok}
        inputRef={inputRef}
        onKeyDown={onKeyDown}
        combobox={{
          expanded: listShown,
          controls: 'filter-suggestions',
          activeId: listShown ? `filter-suggestion-${active}` : undefined,
        }}
        title={!filter.ok ? filter.error : FILTER_SYNTAX}
        data-testid="filter"
      />
      <span class="visually-hidden" aria-live="polite" data-testid="filter-announcement">
        {announcement}
      </span>
      {(listShown || error) && (
        <FilterPopover anchor={inputRef}>
          {error && (
            <div class="filter-error" role="alert" data-testid="filter-error">
              {error}
            </div>
          )}
          {listShown && (
            <ul id="filter-suggestions" class="suggestions" role="listbox" aria-label="Filter suggestions">
              {suggestions.map((suggestion, index) => (
                <li
                  key={suggestion.text}
                  id={`filter-suggestion-${index}`}
                  role="option"
                  aria-selected={index === active}
                  class={index === active ? 'active' : ''}
                  onMouseDown={(event) => {
                    event.preventDefault(); // keep focus in the input
                    accept(suggestion);
                  }}
                >
                  <span class="mono">{suggestion.label}</span>
                  <span class="text-secondary">{suggestion.detail}</span>
                </li>
              ))}
            </ul>
          )}
        </FilterPopover>
      )}
    </div>
  );
}

/** A fixed-position layer under `anchor`, in document.body, kept inside the viewport. */
function FilterPopover({ anchor, children }: { anchor: { current: HTMLElement | null }; children: ComponentChildren }) {
  const [position, setPosition] = useState<{ left: number; top: number; maxWidth: number } | undefined>(undefined);
  useLayoutEffect(() => {
    const place = (): void => {
      const rect = (anchor.current?.closest('.toolbar-input') ?? anchor.current)?.getBoundingClientRect();
      if (!rect) return;
      const margin = 4;
      const maxWidth = Math.max(200, window.innerWidth - 2 * margin);
      const left = Math.max(margin, Math.min(rect.left, window.innerWidth - margin - Math.min(420, maxWidth)));
      setPosition({ left, top: rect.bottom + 2, maxWidth });
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [anchor]);
  return createPortal(
    <div
      class="filter-popover"
      data-testid="filter-popover"
      style={
        position
          ? { left: `${position.left}px`, top: `${position.top}px`, maxWidth: `${position.maxWidth}px` }
          : { visibility: 'hidden' }
      }
    >
      {children}
    </div>,
    document.body,
  );
}
