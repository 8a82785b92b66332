/** The CVI panel: renders one panel (store + connection, built by createPanel) in the host's DevTools dock. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useElementWidth } from '../ui/use-element-width';
import type { ComponentChildren } from 'preact';
import type { PanelStore, PanelTab } from '../store';
import { importFile } from '../import-file';
import { Tabs } from '../ui/Tabs';
import { SplitPane } from '../ui/SplitPane';
import { SessionFileInput } from '../ui/SessionFileInput';
import { isTextEntryTarget } from '../ui/keyboard';
import { readPreference, usePersistentState, writePreference } from '../persist';
import { MainToolbar } from './MainToolbar';
import { EventsView } from '../events/EventsView';
import { TurnsView } from '../turns/TurnsView';
import { TranscriptView } from '../transcript/TranscriptView';
import { EmptyState } from './EmptyState';
import { ExportDialog } from './ExportDialog';
import { SettingsDialog } from './SettingsDialog';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Composer } from '../composer/Composer';
import { ProblemsView } from '../problems/ProblemsView';
import { ObjectivesView } from '../objectives/ObjectivesView';
import { NamesView } from '../names/NamesView';
import { insightsFor } from '../problems/insights-model';
import type { Panel } from './create-panel';
import { MockBanner, MockView } from '../mock/MockView';
import { ReplayBar, ReplayToggle } from '../replay/ReplayBar';
import { EVENTS_TABLE_FOCUS_SELECTOR } from './FilterBox';
import { shortcutFor } from './shortcuts';
import '../panel.css';

type DialogName = 'export' | 'settings' | 'shortcuts';

/** From this panel width the composer sits beside the log; below it, under it. */
export const COMPOSER_BESIDE_MIN_WIDTH = 1100;

export function App({ panel }: { panel: Panel }) {
  const { store, host } = panel;
  const filterRef = useRef<HTMLInputElement | null>(null);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const [dialog, setDialog] = useState<DialogName | undefined>(undefined);
  // The key handler reads the open dialog through a ref: effects re-subscribe late (after paint, throttled in a
  // hidden frame), and a stale handler must not think no dialog is open.
  const openDialog = useRef<DialogName | undefined>(undefined);
  openDialog.current = dialog;

  useEffect(() => panel.start(), [panel]);
  useRememberedTab(store);
  usePanelFocus(panel, filterRef);

  const toggleComposer = (): void => {
    store.tab.value = store.tab.value === 'composer' ? 'events' : 'composer';
  };

  // Panel-wide keys (the list in shortcuts.ts; the table, menus and composer handle their own).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const action = shortcutFor(event, isTextEntryTarget(event.target));
      if (action === undefined) return;
      if (action === 'close') {
        if (openDialog.current) {
          event.preventDefault();
          setDialog(undefined);
        } else if (!isTextEntryTarget(event.target) && store.filterText.value) store.filterText.value = '';
        return;
      }
      event.preventDefault();
      if (action === 'focus-filter') {
        filterRef.current?.focus();
        filterRef.current?.select();
      } else if (action === 'toggle-composer') toggleComposer();
      else if (action === 'show-shortcuts') setDialog('shortcuts');
      else if (action === 'toggle-recording') store.recording.value = !store.recording.value;
      else if (action === 'clear-log') store.clear();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- toggleComposer only reads the store
  }, [store]);

  const stats = store.stats.value;
  const noCalls = store.calls.value.length === 0 && stats.total === 0;
  const tab = store.tab.value;
  const origin = store.frames.value.find((f) => f.top)?.url ?? '';
  const eventsView = noCalls ? (
    <EmptyState store={store} standaloneWithoutTab={host.tabId === undefined} />
  ) : (
    <EventsView store={store} />
  );

  return (
    <div class="panel" data-status={store.status.value}>
      <MainToolbar
        store={store}
        filterRef={filterRef}
        composerOpen={tab === 'composer'}
        onToggleComposer={toggleComposer}
        onExport={() => setDialog('export')}
        onImport={() => fileRef.current?.click()}
        onSettings={() => setDialog('settings')}
        onShortcuts={() => setDialog('shortcuts')}
      />
      <SessionFileInput inputRef={fileRef} data-testid="import-file" onFile={(file) => void importFile(store, file)} />
      {panel.mock && <MockBanner mock={panel.mock} />}
      <Banners store={store} />
      <Tabs<PanelTab>
        ariaLabel="Views"
        idPrefix="main"
        class="main-tabs"
        overflowMenu
        tabs={[
          { id: 'events', title: 'Events', badge: stats.total || undefined },
          // No count on Turns: grouping 100k events into turns is too costly to redo on every frame for a badge.
          { id: 'turns', title: 'Turns' },
          { id: 'transcript', title: 'Transcript' },
          { id: 'problems', title: 'Problems', badge: insightsFor(store).findings.value.length || undefined },
          { id: 'objectives', title: 'Objectives' },
          { id: 'names', title: 'Names seen' },
          { id: 'composer', title: 'Composer', tooltip: 'The log with the composer beside it (C)' },
          ...(panel.mock
            ? [{ id: 'mock' as const, title: 'Mock', badge: panel.mock.on.value ? 'on' : undefined }]
            : []),
        ]}
        selectedId={tab}
        onSelect={(id) => (store.tab.value = id)}
        trailing={
          <>
            <ReplayToggle replay={panel.replay} />
            <CallSummary store={store} />
          </>
        }
      />
      <ReplayBar replay={panel.replay} />
      <div class="main">
        {tab === 'events' && eventsView}
        {tab === 'turns' && <TurnsView store={store} />}
        {tab === 'transcript' && <TranscriptView store={store} />}
        {tab === 'problems' && <ProblemsView store={store} />}
        {tab === 'objectives' && <ObjectivesView store={store} />}
        {tab === 'names' && <NamesView store={store} />}
        {tab === 'composer' && <LogWithComposer log={eventsView} composer={<Composer store={store} />} />}
        {tab === 'mock' && panel.mock && <MockView mock={panel.mock} store={store} />}
      </div>
      {dialog === 'export' && <ExportDialog store={store} origin={origin} onClose={() => setDialog(undefined)} />}
      {dialog === 'settings' && <SettingsDialog store={store} onClose={() => setDialog(undefined)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(undefined)} />}
    </div>
  );
}

/**
 * The log stays on screen while composing: the composer sits under it, or beside it once the panel is wide enough
 * (docked bottom or undocked). Both sizes are remembered separately.
 */
function LogWithComposer({ log, composer }: { log: ComponentChildren; composer: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const beside = width >= COMPOSER_BESIDE_MIN_WIDTH;
  const [height, setHeight] = usePersistentState('split.composer-height', 440);
  const [sideWidth, setSideWidth] = usePersistentState('split.composer-width', 760);
  return (
    <div ref={ref} class="log-with-composer" data-layout={beside ? 'beside' : 'under'}>
      <SplitPane
        key={beside ? 'beside' : 'under'}
        direction={beside ? 'horizontal' : 'vertical'}
        size={beside ? sideWidth : height}
        onSizeChange={beside ? setSideWidth : setHeight}
        minSize={beside ? 460 : 220}
        minOtherSize={beside ? 360 : 120}
        dividerLabel="Resize composer"
        first={log}
        second={composer}
      />
    </div>
  );
}

/** The selected tab outlives a reload of the panel (so an open composer stays open). */
function useRememberedTab(store: PanelStore): void {
  const [restored] = useState(() => {
    const saved = readPreference<string>('panel.tab', 'events');
    if (isPanelTab(saved)) store.tab.value = saved;
    return true;
  });
  const tab = store.tab.value;
  useEffect(() => {
    if (restored) writePreference('panel.tab', tab);
  }, [restored, tab]);
}

function isPanelTab(value: string): value is PanelTab {
  return ['events', 'turns', 'transcript', 'problems', 'objectives', 'names', 'composer', 'mock'].includes(value);
}

/**
 * Focus lands in the panel when it opens and each time DevTools shows it: back where it was, or in the events
 * table (when it has rows), or in the filter.
 */
function usePanelFocus(panel: Panel, filterRef: { current: HTMLInputElement | null }): void {
  useEffect(() => {
    const focusPanel = (): void => {
      const active = document.activeElement;
      if (active && active !== document.body && document.contains(active)) {
        (active as HTMLElement).focus();
        return;
      }
      const table = document.querySelector<HTMLElement>(EVENTS_TABLE_FOCUS_SELECTOR);
      (table ?? filterRef.current)?.focus();
    };
    const frame = requestAnimationFrame(focusPanel);
    const stop = panel.host.onShown(focusPanel);
    return () => {
      cancelAnimationFrame(frame);
      stop();
    };
  }, [panel, filterRef]);
}

function Banners({ store }: { store: PanelStore }) {
  return (
    <>
      {store.status.value === 'reconnecting' && (
        <div class="banner message-warning" role="status">
          Reconnecting to the extension… events keep buffering in the page and will resync.
        </div>
      )}
      {store.staleCapture.value && (
        <div class="banner message-warning" role="status" data-testid="stale-capture">
          This tab still runs the capture script of an earlier install of CVI DevTools (the extension was updated or
          reloaded). Capture works through Attach, but reload the tab for a clean one.
        </div>
      )}
      {store.notice.value && (
        <div
          class={`banner ${store.notice.value.kind === 'error' ? 'message-error' : 'message-info'}`}
          role="status"
          data-testid="notice"
        >
          {store.notice.value.text}
          <button type="button" class="toolbar-button" title="Dismiss" onClick={() => (store.notice.value = undefined)}>
            ×
          </button>
        </div>
      )}
    </>
  );
}

function CallSummary({ store }: { store: PanelStore }) {
  const calls = store.calls.value;
  if (calls.length === 0) return null;
  const c = calls[0]!;
  const label =
    calls.length === 1
      ? `${c.mode}${c.dailyVersion ? ` · daily-js ${c.dailyVersion}` : ''}${c.found === 'sniffed' ? ' · sniffed (read-only)' : ''}`
      : `${calls.length} calls`;
  const sniffedOnly = calls.some((x) => x.found === 'sniffed') && store.actions;
  return (
    <span class="call-summary-wrap">
      <span
        class="text-secondary call-summary"
        data-testid="call-summary"
        title={calls.map((x) => `${x.callId} (${x.mode}, frame ${x.frameId}, found by ${x.found})`).join('\n')}
      >
        {label}
      </span>
      {sniffedOnly && (
        <button
          type="button"
          class="toolbar-button has-label"
          title="Only daily-js's messages are visible for this call (read-only). Look for the call object again so DevTools can also see the app's sends and send itself."
          data-testid="attach-call"
          onClick={() => void store.actions?.attach()}
        >
          Attach
        </button>
      )}
    </span>
  );
}
