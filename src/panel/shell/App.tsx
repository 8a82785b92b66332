/** The CVI panel: wires the host (DevTools or standalone), the capture connection and the store to the views. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CaptureConnection } from '../connection';
import type { PanelHost } from '../host';
import { PanelStore, type PanelTab } from '../store';
import { importFile } from '../import-file';
import { Tabs } from '../ui/Tabs';
import { SplitPane } from '../ui/SplitPane';
import { isTextEntryTarget } from '../ui/keyboard';
import { usePersistentState } from '../persist';
import { MainToolbar } from './MainToolbar';
import { EventTable } from '../events/EventTable';
import { DetailPane } from '../events/DetailPane';
import { TurnsView } from '../turns/TurnsView';
import { EmptyState } from './EmptyState';
import { ExportDialog } from './ExportDialog';
import { SettingsDialog } from './SettingsDialog';
import { Composer } from '../composer/Composer';
import { ProblemsView } from '../problems/ProblemsView';
import { ObjectivesView } from '../objectives/ObjectivesView';
import { NamesView } from '../names/NamesView';
import { insightsFor } from '../problems/insights-model';
import { readSettings } from '../../bridge/settings';
import { ReplayBar, ReplayToggle } from '../replay/ReplayBar';
import { ReplayModel } from '../replay/replay-model';
import '../panel.css';

export function App({ host }: { host: PanelHost }) {
  const connection = useMemo(() => {
    if (host.tabId === undefined) return undefined;
    return new CaptureConnection(host.connect, host.tabId, {
      onRecords: (inputs) => store.receive(inputs),
      onFrames: (frames) => store.setFrames(frames),
      onStatus: (status) => store.setStatus(status),
      onNavigated: () => store.navigated(),
      onNoCapture: () => {
        store.noCapture.value = true;
      },
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host]);
  const store = useMemo(
    () =>
      new PanelStore(
        connection
          ? {
              send: (frameId, callId, json, to) => connection.send(frameId, callId, json, to),
              attach: () => connection.attach(),
            }
          : undefined,
      ),
    [connection],
  );
  const replay = useMemo(
    () => new ReplayModel(store, connection && ((call, events) => connection.inject(call, events, 'replay'))),
    [store, connection],
  );
  useEffect(() => () => replay.dispose(), [replay]);
  const filterRef = useRef<HTMLInputElement | null>(null);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const [dialog, setDialog] = useState<'export' | 'settings' | undefined>(undefined);
  const [detailSize, setDetailSize] = usePersistentState('split.detail', 420);

  useEffect(() => {
    if (!connection) store.status.value = 'offline';
    connection?.start();
    readSettings().then(
      (s) => store.log.setCap(s.logCap),
      () => {},
    );
    (globalThis as Record<string, unknown>).__cviPanel = {
      inputs: () => store.inputs(),
      frames: () => connection?.frames() ?? [],
      status: () => store.status.value,
      reconnects: () => store.reconnects,
      stats: () => store.stats.value,
      store,
    };
    return () => connection?.close();
  }, [connection, store]);
  useEffect(() => insightsFor(store).startClock(), [store]);

  // DevTools-like keys: "/" or Ctrl/Cmd+F focus the filter; Esc clears it (the table handles arrows and Enter).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inText = isTextEntryTarget(event.target);
      if ((event.key === '/' && !inText) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
        event.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      } else if (event.key === 'Escape' && !inText && store.filterText.value) {
        store.filterText.value = '';
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store]);

  const stats = store.stats.value;
  const noCalls = store.calls.value.length === 0 && stats.total === 0;
  const tab = store.tab.value;
  const origin = store.frames.value.find((f) => f.top)?.url ?? '';

  return (
    <div class="panel" data-status={store.status.value}>
      <MainToolbar
        store={store}
        filterRef={filterRef}
        onExport={() => setDialog('export')}
        onImport={() => fileRef.current?.click()}
        onSettings={() => setDialog('settings')}
      />
      <input
        ref={fileRef}
        type="file"
        accept=".ndjson,.jsonl,.json,application/x-ndjson"
        class="hidden-file"
        data-testid="import-file"
        onChange={(e) => {
          // currentTarget is only set while the event is dispatched: take what is needed before any await.
          const input = e.currentTarget;
          const file = input.files?.[0];
          input.value = ''; // so choosing the same file again fires change again
          if (file) void importFile(store, file);
        }}
      />
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
      <Tabs<PanelTab>
        ariaLabel="Views"
        idPrefix="main"
        class="main-tabs"
        tabs={[
          { id: 'events', title: 'Events', badge: stats.total || undefined },
          // No count on Turns: grouping 100k events into turns is too costly to redo on every frame for a badge.
          { id: 'turns', title: 'Turns' },
          { id: 'problems', title: 'Problems', badge: insightsFor(store).findings.value.length || undefined },
          { id: 'objectives', title: 'Objectives' },
          { id: 'names', title: 'Names seen' },
          { id: 'composer', title: 'Composer' },
        ]}
        selectedId={tab}
        onSelect={(id) => (store.tab.value = id)}
        trailing={
          <>
            <ReplayToggle replay={replay} />
            <CallSummary store={store} />
          </>
        }
      />
      <ReplayBar replay={replay} />
      <div class="main">
        {tab === 'events' &&
          (noCalls ? (
            <EmptyState store={store} standaloneWithoutTab={host.tabId === undefined} />
          ) : (
            <SplitPane
              direction="horizontal"
              size={detailSize}
              onSizeChange={setDetailSize}
              secondHidden={!store.detailOpen.value || store.selectedId.value === undefined}
              dividerLabel="Resize details"
              first={<EventTable store={store} />}
              second={<DetailPane store={store} />}
            />
          ))}
        {tab === 'turns' && <TurnsView store={store} />}
        {tab === 'problems' && <ProblemsView store={store} />}
        {tab === 'objectives' && <ObjectivesView store={store} />}
        {tab === 'names' && <NamesView store={store} />}
        {tab === 'composer' && <Composer store={store} />}
      </div>
      {dialog === 'export' && <ExportDialog store={store} origin={origin} onClose={() => setDialog(undefined)} />}
      {dialog === 'settings' && <SettingsDialog store={store} onClose={() => setDialog(undefined)} />}
    </div>
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
