/**
 * The panel's top toolbar, in the Network panel's order: record, clear, filter, the most used toggles, pickers,
 * counts, files. What does not fit the panel's width folds into a "»" menu (OverflowToolbar), least used first.
 */
import { useState } from 'preact/hooks';
import { LOG_KINDS } from '../../log';
import { Checkbox } from '../ui/Checkbox';
import { ContextMenu, type ContextMenuItem } from '../ui/ContextMenu';
import { OverflowToolbar, type OverflowToolbarItem } from '../ui/OverflowToolbar';
import { ToolbarButton, ToolbarSelect, ToolbarText, ToolbarToggle } from '../ui/Toolbar';
import { formatBytes, formatCount } from '../ui/format';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';
import { countsText, viewIsFiltered } from './counts';
import { FilterBox } from './FilterBox';

export { FILTER_PLACEHOLDER } from './FilterBox';

export interface MainToolbarProps {
  store: PanelStore;
  filterRef: { current: HTMLInputElement | null };
  composerOpen: boolean;
  onToggleComposer: () => void;
  onExport: () => void;
  onImport: () => void;
  onSettings: () => void;
  onShortcuts: () => void;
}

export function MainToolbar(props: MainToolbarProps) {
  const { store } = props;
  const [kindsMenu, setKindsMenu] = useState<{ x: number; y: number } | undefined>(undefined);
  const stats = store.stats.value;
  const view = store.view.value;
  const calls = store.calls.value;
  const anomalies = stats.anomalies.outOfOrder + stats.anomalies.duplicate + stats.anomalies.gapSeqs;
  const dropped = stats.evictedByCap + store.missedByRelay.value + store.skippedWhilePaused.value;
  const filtered = viewIsFiltered(store);
  const counts = countsText({
    rows: view.eventCount,
    shownEvents: view.expandedEventCount(), // a folded stream's chunks all count
    totalEvents: stats.total,
    filtered,
    anomalies,
    dropped,
  });
  const pageBytes = store.missedBytesByRelay.value;
  const countsTitle = counts.title + (pageBytes > 0 ? `\nThe page buffer let go of ${formatBytes(pageBytes)}.` : '');

  const kindsLabel =
    store.hiddenKinds.value.size === 0 ? 'All kinds' : `${LOG_KINDS.length - store.hiddenKinds.value.size} kinds`;
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
  const callOptions = [
    { value: '', label: calls.length === 1 ? '1 call' : `All calls (${calls.length})` },
    ...calls.map((c) => ({ value: c.callId, label: callLabel(c) })),
  ];
  const orderOptions = [
    { value: 'seq' as const, label: 'Seq order' },
    { value: 'arrival' as const, label: 'Arrival order' },
  ];

  // `measured` is the invisible copy the toolbar measures the compact form with: the same markup, so the same width,
  // without the test ids of the real one.
  const renderCounts = (compact: boolean, measured = false) => (
    <ToolbarText title={measured ? undefined : countsTitle}>
      <span data-testid={measured ? undefined : 'counts'}>
        {compact ? counts.compact : counts.main}
        {anomalies > 0 && (
          <span class="count-warning" data-testid={measured ? undefined : 'anomalies'}>
            {' '}
            · {formatCount(anomalies)}
            {compact ? ' ⚠' : anomalies === 1 ? ' anomaly' : ' anomalies'}
          </span>
        )}
        {dropped > 0 && (
          <span class="count-error" data-testid={measured ? undefined : 'dropped'}>
            {' '}
            · {formatCount(dropped)}
            {compact ? ' ✕' : ' dropped'}
            {!compact && pageBytes > 0 && ` (${formatBytes(pageBytes)} in the page)`}
          </span>
        )}
      </span>
    </ToolbarText>
  );

  const toggle = (label: string, checked: boolean, set: (value: boolean) => void): ContextMenuItem => ({
    kind: 'checkbox',
    label,
    checked,
    onSelect: () => set(!checked),
  });

  const items: OverflowToolbarItem[] = [
    {
      id: 'record',
      priority: 0,
      pinned: true,
      render: () => (
        <ToolbarToggle
          title={store.recording.value ? 'Stop recording' : 'Record'}
          icon="record"
          tone="record"
          pressed={store.recording.value}
          onToggle={(on) => (store.recording.value = on)}
          data-testid="record"
        />
      ),
      menuItems: () => [],
    },
    {
      id: 'clear',
      priority: 0,
      pinned: true,
      render: () => <ToolbarButton title="Clear log" icon="clear" onClick={() => store.clear()} data-testid="clear" />,
      menuItems: () => [],
    },
    {
      id: 'filter',
      priority: 0,
      pinned: true,
      separatorBefore: true,
      minWidth: 150,
      render: () => <FilterBox store={store} inputRef={props.filterRef} />,
      menuItems: () => [],
    },
    {
      id: 'preserve-log',
      priority: 2,
      render: () => (
        <Checkbox
          label="Preserve log"
          checked={store.preserveLog.value}
          onChange={(v) => (store.preserveLog.value = v)}
          title="Keep the log across reloads and navigations"
          data-testid="preserve-log"
        />
      ),
      menuItems: () => [toggle('Preserve log', store.preserveLog.value, (v) => (store.preserveLog.value = v))],
    },
    {
      id: 'kinds',
      priority: 3,
      render: () => (
        <ToolbarButton
          title="Event kinds to show"
          label={kindsLabel}
          onClick={(e) => setKindsMenu({ x: e.clientX, y: e.clientY })}
          data-testid="kinds"
        />
      ),
      menuItems: () => [
        {
          kind: 'action',
          label: `Event kinds: ${kindsLabel}…`,
          onSelect: () => {
            const more = document.querySelector('[data-testid="toolbar-overflow"]')?.getBoundingClientRect();
            setKindsMenu({ x: more?.left ?? 0, y: more?.bottom ?? 0 });
          },
        },
      ],
    },
    {
      id: 'group-streams',
      priority: 8,
      separatorBefore: true,
      render: () => (
        <Checkbox
          label="Group streams"
          checked={store.collapseStreams.value}
          onChange={(v) => (store.collapseStreams.value = v)}
          title="One row per streaming utterance / audio echo (expand in the detail pane)"
          data-testid="group-streams"
        />
      ),
      menuItems: () => [toggle('Group streams', store.collapseStreams.value, (v) => (store.collapseStreams.value = v))],
    },
    {
      id: 'hide-twins',
      priority: 10,
      render: () => (
        <Checkbox
          label="Hide twins"
          checked={store.hideTwins.value}
          onChange={(v) => (store.hideTwins.value = v)}
          title="Hide the second copy of messages Tavus sends twice (role pal + replica, legacy speaking events)"
          data-testid="hide-twins"
        />
      ),
      menuItems: () => [toggle('Hide twins', store.hideTwins.value, (v) => (store.hideTwins.value = v))],
    },
    {
      id: 'order',
      priority: 11,
      render: () => (
        <ToolbarSelect<'seq' | 'arrival'>
          title="Row order"
          value={store.order.value}
          options={orderOptions}
          onChange={(v) => (store.order.value = v)}
          data-testid="order"
        />
      ),
      menuItems: () =>
        orderOptions.map((option) => ({
          kind: 'checkbox' as const,
          label: option.label,
          checked: store.order.value === option.value,
          onSelect: () => (store.order.value = option.value),
        })),
    },
    {
      id: 'call-picker',
      priority: 9,
      render: () => (
        <ToolbarSelect<string>
          title="Call / frame"
          value={store.callFilter.value ?? ''}
          options={callOptions}
          onChange={(v) => (store.callFilter.value = v === '' ? undefined : v)}
          data-testid="call-picker"
        />
      ),
      menuItems: () =>
        callOptions.map((option) => ({
          kind: 'checkbox' as const,
          label: option.value === '' ? `Calls: ${option.label}` : option.label,
          checked: (store.callFilter.value ?? '') === option.value,
          onSelect: () => (store.callFilter.value = option.value === '' ? undefined : option.value),
        })),
    },
    {
      id: 'counts',
      priority: 5,
      pushRight: true,
      render: (compact) => renderCounts(compact),
      measureCompact: renderCounts(true, true),
      menuItems: () => [{ kind: 'action', label: counts.main, onSelect: () => {}, disabled: true }],
    },
    {
      id: 'composer',
      priority: 1,
      separatorBefore: true,
      render: () => (
        <ToolbarToggle
          title="Composer: send interactions beside the log (C)"
          label="Compose"
          icon="send"
          pressed={props.composerOpen}
          onToggle={props.onToggleComposer}
          data-testid="toggle-composer"
        />
      ),
      menuItems: () => [toggle('Composer', props.composerOpen, props.onToggleComposer)],
    },
    {
      id: 'import',
      priority: 7,
      render: () => (
        <ToolbarButton
          title="Import a session file (.ndjson)"
          icon="upload"
          onClick={props.onImport}
          data-testid="import"
        />
      ),
      menuItems: () => [{ kind: 'action', label: 'Import a session file…', onSelect: props.onImport }],
    },
    {
      id: 'export',
      priority: 6,
      render: () => (
        <ToolbarButton
          title="Export the log as a session file"
          icon="download"
          onClick={props.onExport}
          data-testid="export"
        />
      ),
      menuItems: () => [{ kind: 'action', label: 'Export the log…', onSelect: props.onExport }],
    },
    {
      id: 'settings',
      priority: 4,
      render: () => (
        <ToolbarButton title="Settings" icon="settings" onClick={props.onSettings} data-testid="settings" />
      ),
      menuItems: () => [{ kind: 'action', label: 'Settings…', onSelect: props.onSettings }],
    },
    {
      id: 'shortcuts',
      priority: 12,
      render: () => (
        <ToolbarButton title="Keyboard shortcuts (?)" label="?" onClick={props.onShortcuts} data-testid="shortcuts" />
      ),
      menuItems: () => [{ kind: 'action', label: 'Keyboard shortcuts (?)', onSelect: props.onShortcuts }],
    },
  ];

  return (
    <>
      <OverflowToolbar ariaLabel="Event log controls" class="main-toolbar" items={items} />
      {kindsMenu && (
        <ContextMenu
          x={kindsMenu.x}
          y={kindsMenu.y}
          items={kindItems}
          onClose={() => setKindsMenu(undefined)}
          ariaLabel="Event kinds"
        />
      )}
    </>
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
