/** The panel's top toolbar, in the Network panel's order: record, clear, filter, toggles, pickers, counts, files. */
import { useRef, useState } from 'preact/hooks';
import { filterSuggestions, LOG_KINDS, type FilterSuggestion } from '../../log';
import { Checkbox } from '../ui/Checkbox';
import { ContextMenu, type ContextMenuItem } from '../ui/ContextMenu';
import {
  Toolbar,
  ToolbarButton,
  ToolbarInput,
  ToolbarSelect,
  ToolbarSeparator,
  ToolbarSpacer,
  ToolbarText,
  ToolbarToggle,
} from '../ui/Toolbar';
import { formatBytes, formatCount } from '../ui/format';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';

export const FILTER_PLACEHOLDER =
  'Filter  (text, type:, role:, turn:, inference:, dir:, call:, anomaly:, /regex/, -not)';

export function MainToolbar({
  store,
  filterRef,
  onExport,
  onImport,
  onSettings,
}: {
  store: PanelStore;
  filterRef: { current: HTMLInputElement | null };
  onExport: () => void;
  onImport: () => void;
  onSettings: () => void;
}) {
  const [menu, setMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const [suggestions, setSuggestions] = useState<FilterSuggestion[]>([]);
  const [active, setActive] = useState(0);
  const stats = store.stats.value;
  const view = store.view.value;
  const filter = store.filter.value;
  const calls = store.calls.value;
  const anomalies = stats.anomalies.outOfOrder + stats.anomalies.duplicate + stats.anomalies.gapSeqs;
  const dropped = stats.evictedByCap + store.missedByRelay.value + store.skippedWhilePaused.value;
  const blur = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const updateSuggestions = (text: string, caret: number) => {
    setSuggestions(text.trim() === '' ? [] : filterSuggestions(text, store.log, caret).slice(0, 12));
    setActive(0);
  };
  const accept = (s: FilterSuggestion) => {
    store.filterText.value = s.text;
    setSuggestions([]);
    const input = filterRef.current;
    if (input) {
      input.focus();
      requestAnimationFrame(() => input.setSelectionRange(s.cursor, s.cursor));
    }
  };

  const kindItems: ContextMenuItem[] = [
    { kind: 'action', label: 'Show all kinds', onSelect: () => (store.hiddenKinds.value = new Set()) },
    { kind: 'separator' },
    ...LOG_KINDS.map((kind): ContextMenuItem => ({
      kind: 'checkbox',
      label: kindStyle(kind).label + (kindStyle(kind).label === kind ? '' : `  (${kind})`),
      checked: !store.hiddenKinds.value.has(kind),
      onSelect: () => store.toggleKind(kind),
    })),
  ];

  return (
    <Toolbar ariaLabel="Event log controls" class="main-toolbar">
      <ToolbarToggle
        title={store.recording.value ? 'Stop recording' : 'Record'}
        icon="record"
        tone="record"
        pressed={store.recording.value}
        onToggle={(on) => (store.recording.value = on)}
        data-testid="record"
      />
      <ToolbarButton title="Clear log" icon="clear" onClick={() => store.clear()} data-testid="clear" />
      <ToolbarSeparator />
      <div class="filter-box">
        <ToolbarInput
          value={store.filterText.value}
          onInput={(text) => {
            store.filterText.value = text;
            updateSuggestions(text, filterRef.current?.selectionStart ?? text.length);
          }}
          placeholder={FILTER_PLACEHOLDER}
          ariaLabel="Filter"
          width={300}
          invalid={!filter.ok}
          inputRef={filterRef}
          data-testid="filter"
          onKeyDown={(event) => {
            if (suggestions.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
              event.preventDefault();
              setActive((active + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
            } else if (suggestions.length > 0 && (event.key === 'Tab' || event.key === 'Enter')) {
              event.preventDefault();
              accept(suggestions[active] as FilterSuggestion);
            } else if (event.key === 'Escape') {
              if (suggestions.length > 0) setSuggestions([]);
              else store.filterText.value = '';
            }
          }}
        />
        {suggestions.length > 0 && (
          <ul
            class="suggestions"
            role="listbox"
            aria-label="Filter suggestions"
            onMouseDown={() => clearTimeout(blur.current)}
          >
            {suggestions.map((s, i) => (
              <li
                key={s.text}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
                }}
              >
                <span class="mono">{s.label}</span>
                <span class="text-secondary">{s.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {!filter.ok && (
        <span class="filter-error" role="alert" data-testid="filter-error">
          {filter.error}
        </span>
      )}
      <ToolbarButton
        title="Event kinds to show"
        label={
          store.hiddenKinds.value.size === 0 ? 'All kinds' : `${LOG_KINDS.length - store.hiddenKinds.value.size} kinds`
        }
        onClick={(e) => setMenu({ x: (e as MouseEvent).clientX, y: (e as MouseEvent).clientY })}
        data-testid="kinds"
      />
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          items={kindItems}
          onClose={() => setMenu(undefined)}
          ariaLabel="Event kinds"
        />
      )}
      <ToolbarSeparator />
      <ToolbarSelect<'seq' | 'arrival'>
        title="Row order"
        value={store.order.value}
        options={[
          { value: 'seq', label: 'Seq order' },
          { value: 'arrival', label: 'Arrival order' },
        ]}
        onChange={(v) => (store.order.value = v)}
        data-testid="order"
      />
      <ToolbarSelect<string>
        title="Call / frame"
        value={store.callFilter.value ?? ''}
        options={[
          { value: '', label: calls.length === 1 ? '1 call' : `All calls (${calls.length})` },
          ...calls.map((c) => ({ value: c.callId, label: callLabel(c) })),
        ]}
        onChange={(v) => (store.callFilter.value = v === '' ? undefined : v)}
        data-testid="call-picker"
      />
      <Checkbox
        label="Preserve log"
        checked={store.preserveLog.value}
        onChange={(v) => (store.preserveLog.value = v)}
        title="Keep the log across reloads and navigations"
        data-testid="preserve-log"
      />
      <Checkbox
        label="Hide twins"
        checked={store.hideTwins.value}
        onChange={(v) => (store.hideTwins.value = v)}
        title="Hide the second copy of messages Tavus sends twice (role pal + replica, legacy speaking events)"
      />
      <Checkbox
        label="Group streams"
        checked={store.collapseStreams.value}
        onChange={(v) => (store.collapseStreams.value = v)}
        title="One row per streaming utterance / audio echo (expand in the detail pane)"
      />
      <ToolbarSpacer />
      <ToolbarText
        title={`shown / total events · anomalies (out of order + duplicates + missing seqs) · dropped (log cap + page buffer bounds + paused)${store.missedBytesByRelay.value > 0 ? ` · the page buffer let go of ${formatBytes(store.missedBytesByRelay.value)}` : ''}`}
      >
        <span data-testid="counts">
          {formatCount(view.eventCount)} / {formatCount(stats.total)} shown
          {anomalies > 0 && <span class="count-warning"> · {formatCount(anomalies)} anomalies</span>}
          {dropped > 0 && (
            <span class="count-error" data-testid="dropped">
              {' '}
              · {formatCount(dropped)} dropped
              {store.missedBytesByRelay.value > 0 && ` (${formatBytes(store.missedBytesByRelay.value)} in the page)`}
            </span>
          )}
        </span>
      </ToolbarText>
      <ToolbarSeparator />
      <ToolbarButton title="Import a session file (.ndjson)" icon="upload" onClick={onImport} data-testid="import" />
      <ToolbarButton title="Export the log as a session file" icon="download" onClick={onExport} data-testid="export" />
      <ToolbarButton title="Settings" icon="settings" onClick={onSettings} data-testid="settings" />
    </Toolbar>
  );
}

export function callLabel(c: {
  callId: string;
  mode: string;
  top: boolean;
  frameUrl: string;
  via: string;
  dailyVersion?: string;
}): string {
  let host: string;
  try {
    host = new URL(c.frameUrl).host;
  } catch {
    host = c.frameUrl;
  }
  const where = c.top ? 'top' : `iframe ${host}`;
  return `${c.mode} · ${where} · ${c.callId.slice(-6)}${c.via === 'sniffer' ? ' (sniffed)' : ''}`;
}
