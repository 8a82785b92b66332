/**
 * The Network-panel-style event table: one row per event (streams collapsed), gap markers between seqs. A click
 * opens the detail, arrows move it, Escape closes it; right click (or the ContextMenu key) opens the row menu.
 * Columns drop by priority when the table is narrow, Summary last.
 */
import { useComputed } from '@preact/signals';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { importedFrom, timeDeltaMs, type EventLog, type LogEvent, type ViewRow } from '../../log';
import { heartbeatRowSummary } from '../problems/heartbeat-row';
import { insightsFor } from '../problems/insights-model';
import { LINT_RULE_INFO } from '../../log/lint';
import { clipCellText, DataTable, type ColumnChoices, type DataTableColumn } from '../ui/DataTable';
import { ContextMenu, type ContextMenuItem } from '../ui/ContextMenu';
import type { VirtualListHandle } from '../ui/VirtualList';
import { formatBytes, formatClockTime, formatDelta, formatDuration } from '../ui/format';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';
import { usePersistentState } from '../persist';
import { rowMenuItems, type RowMenuItem } from './row-menu';
import { runRowCommand, type CommandReport } from './row-menu-commands';
import { toolCallsFor, toolCallStatusText, type ToolCallStatus } from './tool-call-status';

/** Short labels for an event's warnings, most serious first. */
export function warningsOf(event: LogEvent): string[] {
  const out: string[] = [];
  if (event.kind === 'malformed') out.push('malformed');
  if (event.duplicate) out.push('duplicate');
  if (event.late) out.push('late (filled a gap)');
  else if (event.outOfOrder) out.push('out of order');
  if (event.record.kind === 'app-message') {
    if (event.record.truncated) out.push('truncated');
    if (event.record.unserializable) out.push('unserializable');
    if (event.record.sendError) out.push('send failed');
  }
  if (event.twinGroup !== undefined) out.push(event.twinSecondary ? 'twin (copy)' : 'twin');
  if (event.problems.length > 0 && event.kind !== 'malformed')
    out.push(`${event.problems.length} note${event.problems.length > 1 ? 's' : ''}`);
  return out;
}

function directionLabel(event: LogEvent): string {
  if (event.dir === undefined) return '•';
  // The mock replica's and a replay's events come in like Tavus's, but were made by DevTools: never mistaken for the replica's.
  if (event.dir === 'in') return event.origin === 'mock' ? '◇ mock' : event.origin === 'replay' ? '↻ replay' : '↓ in';
  return event.origin === 'devtools' ? '↑ devtools' : '↑ app';
}

/** Imported rows say so where the eye goes first, beside the direction (a file's "↑ devtools" is not this session's). */
function DirectionCell({ event }: { event: LogEvent }) {
  const file = importedFrom(event);
  if (file === undefined) return <>{directionLabel(event)}</>;
  return (
    <span title={`Imported from ${file}`} data-testid="imported-marker">
      <span class="imported-mark">⤓</span> {directionLabel(event)}
    </span>
  );
}

function summaryOf(row: ViewRow & { type: 'event' }, log: EventLog): string {
  const stream = row.stream;
  if (stream && stream.type === 'heartbeat') return heartbeatRowSummary(stream, log);
  if (stream && stream.type === 'utterance') {
    const flags = [stream.final ? 'final' : 'streaming…', stream.isInterrupted ? 'interrupted' : '']
      .filter(Boolean)
      .join(', ');
    return `${stream.speech} (${stream.chunkIds.length} chunk${stream.chunkIds.length === 1 ? '' : 's'}, ${flags})`;
  }
  if (stream && stream.type === 'echo') {
    return `audio echo: ${formatBytes(stream.audioBytes)}, ${(stream.durationMs / 1000).toFixed(2)} s in ${stream.chunkIds.length} chunks${stream.done ? '' : ' (not done)'}`;
  }
  return row.event.summary;
}

/** The user's column choices as stored; anything malformed falls back to the default. */
function validChoices(value: unknown): ColumnChoices {
  const list = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((id): id is string => typeof id === 'string') : [];
  if (typeof value !== 'object' || value === null) return DEFAULT_CHOICES;
  const record = value as Record<string, unknown>;
  return { hidden: list(record.hidden), shown: list(record.shown) };
}

const DEFAULT_CHOICES: ColumnChoices = { hidden: ['size'], shown: [] };

/** Shown before the summary of a tool call: still waiting for its reply (live) or how long the reply took. */
function ToolStatusBadge({ status }: { status: ToolCallStatus }) {
  return (
    <span class={`tool-status tool-status-${status.state}`} data-testid="tool-status">
      {toolCallStatusText(status, formatDuration)}
    </span>
  );
}

export function EventTable({ store }: { store: PanelStore }) {
  const view = store.view.value;
  const log = store.log;
  const insights = insightsFor(store);
  const lintByEvent = insights.byEvent.value;
  const readyMarks = insights.readinessMarks.value;
  const toolCalls = toolCallsFor(store).value.tracker;
  // The clock is read (and re-renders the table each second) only while a tool call waits for its reply.
  const nowRef = useRef(Date.now());
  nowRef.current = toolCalls.hasWaiting ? insights.now.value : nowRef.current;
  /** Lint and readiness markers of a row: its own findings and marks (those of a collapsed stream's first event). */
  const markersOf = (event: LogEvent): string[] => {
    const out: string[] = [];
    const mark = readyMarks.get(event.id);
    if (mark) out.push(`◆ ${mark}`);
    for (const finding of lintByEvent.get(event.id) ?? [])
      out.push(`⚠ ${LINT_RULE_INFO.get(finding.ruleId)?.title ?? finding.ruleId}`);
    return out;
  };
  const handle = useRef<VirtualListHandle | null>(null);
  const [widths, setWidths] = usePersistentState<Record<string, number>>('columns.widths', {});
  const [storedChoices, setChoices] = usePersistentState<ColumnChoices>('columns.choices', DEFAULT_CHOICES);
  const choices = validChoices(storedChoices);
  const [menu, setMenu] = useState<{ eventId: number; x: number; y: number } | null>(null);
  // A narrow table drops the Warnings column (or the user hid it): its lint and readiness markers then lead the
  // Summary instead of vanishing.
  const [warningsShown, setWarningsShown] = useState(true);
  const onVisibleColumnsChange = useCallback(
    (ids: readonly string[]) => setWarningsShown(ids.includes('warnings')),
    [],
  );
  const [feedback, setFeedback] = useState<CommandReport | undefined>(undefined);
  const selectedIndex = useComputed(() => {
    const id = store.selectedId.value;
    return id === undefined ? null : store.view.value.indexOfId(id);
  }).value;

  // Reveal the selected row when the selection, filter or order changes; new rows arriving must not pull the
  // table back to it (that would stop auto-scroll at the bottom).
  const selectedId = store.selectedId.value;
  const filterText = store.filterText.value;
  const order = store.order.value;
  useEffect(() => {
    if (selectedIndex !== null && selectedIndex >= 0) handle.current?.scrollToIndex(selectedIndex);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId, filterText, order]);

  const { columns, rowClass } = useMemo(() => {
    // Every cell of a row asks for the same row: look it up once per row, not once per cell.
    let cachedIndex = -1;
    let cachedRow: ViewRow | undefined;
    const rowAt = (i: number): ViewRow | undefined => {
      if (i !== cachedIndex) {
        cachedIndex = i;
        cachedRow = view.at(i);
      }
      return cachedRow;
    };
    const event = (i: number) => {
      const row = rowAt(i);
      return row?.type === 'event' ? row : undefined;
    };
    const gap = (i: number) => {
      const row = rowAt(i);
      return row?.type === 'gap' ? row.gap : undefined;
    };
    /** Which row is at `i`: what every cell depends on (an event's fields are fixed once it is added). */
    const rowKey = (i: number): number | string => {
      const row = rowAt(i);
      if (!row) return '';
      return row.type === 'gap' ? `gap ${row.gap.callId} ${row.gap.fromSeq} ${row.gap.toSeq}` : row.event.id;
    };
    const toolStatus = (e: LogEvent) => toolCalls.statusOf(e, nowRef.current);
    const columns: DataTableColumn[] = [
      {
        id: 'seq',
        title: 'Seq',
        width: 48,
        align: 'right',
        priority: 70,
        render: (i) => event(i)?.event.seq ?? '',
        dependsOn: rowKey,
      },
      {
        id: 'time',
        title: 'Time',
        width: 92,
        priority: 80,
        render: (i) => {
          const row = event(i);
          return row ? formatClockTime(row.event.receivedAt) : '';
        },
        tooltip: (i) => {
          const row = event(i);
          if (!row) return undefined;
          const ts = row.event.timestamp;
          return ts === undefined
            ? `received ${new Date(row.event.receivedAt).toISOString()}`
            : `Tavus timestamp ${new Date(ts * 1000).toISOString()}\nreceived ${new Date(row.event.receivedAt).toISOString()}\nskew ${(row.event.receivedAt - ts * 1000).toFixed(1)} ms`;
        },
        dependsOn: rowKey,
      },
      {
        id: 'delta',
        title: 'Δ',
        width: 70,
        align: 'right',
        priority: 40,
        render: (i) => {
          const d = timeDeltaMs(view, i);
          return d === undefined ? '' : formatDelta(d);
        },
        // The row before can change (a late event lands in between).
        dependsOn: (i) => [rowKey(i), timeDeltaMs(view, i)],
      },
      {
        id: 'dir',
        title: 'Dir',
        width: 78,
        priority: 60,
        render: (i) => {
          const row = event(i);
          if (!row) return '';
          // Plain text (which the table can prove fits, see DataTable) unless the row was imported.
          return importedFrom(row.event) === undefined ? (
            directionLabel(row.event)
          ) : (
            <DirectionCell event={row.event} />
          );
        },
        dependsOn: rowKey,
      },
      {
        id: 'kind',
        title: 'Kind',
        width: 90,
        priority: 90,
        render: (i) => {
          const row = event(i);
          return row ? kindStyle(row.event.kind).label : 'gap';
        },
        badge: (i) => {
          const row = event(i);
          return row ? `badge badge-${kindStyle(row.event.kind).badge}` : 'badge badge-red';
        },
        tooltip: (i) => event(i)?.event.eventType,
        dependsOn: rowKey,
      },
      {
        id: 'role',
        title: 'Role',
        width: 64,
        priority: 30,
        render: (i) => event(i)?.event.rawRole ?? event(i)?.event.role ?? '',
        dependsOn: rowKey,
      },
      {
        id: 'turn',
        title: 'Turn',
        width: 44,
        align: 'right',
        priority: 50,
        render: (i) => event(i)?.event.turn ?? '',
        dependsOn: (i) => [rowKey(i), event(i)?.event.turn],
      },
      {
        id: 'summary',
        title: 'Summary',
        width: 420,
        minWidth: 200,
        fill: true,
        hideable: false,
        render: (i) => {
          const row = event(i);
          if (row) {
            const status = toolStatus(row.event);
            const text = summaryOf(row, log);
            const markers = warningsShown ? [] : markersOf(row.event);
            if (!status && markers.length === 0) return text;
            // Markers and a wait are news and go first; how long an answered call took comes after what it was.
            return (
              <>
                {markers.length > 0 && (
                  <>
                    <span class="summary-markers" data-testid="summary-markers">
                      {markers.join(' ')}
                    </span>{' '}
                  </>
                )}
                {status?.state === 'waiting' && (
                  <>
                    <ToolStatusBadge status={status} />{' '}
                  </>
                )}
                {clipCellText(text)}
                {status && status.state !== 'waiting' && (
                  <>
                    {' '}
                    <ToolStatusBadge status={status} />
                  </>
                )}
              </>
            );
          }
          const g = gap(i);
          return g ? `seq ${g.fromSeq === g.toSeq ? g.fromSeq : `${g.fromSeq}–${g.toSeq}`} missing (${g.count})` : '';
        },
        tooltip: (i) => {
          const row = event(i);
          if (!row) return undefined;
          const findings = warningsShown
            ? []
            : (lintByEvent.get(row.event.id) ?? []).map((f) => `${f.ruleId}: ${f.message}`);
          return [summaryOf(row, log), ...findings].join('\n');
        },
        // A collapsed stream grows; a tool call's wait ticks until its reply comes.
        dependsOn: (i) => {
          const row = event(i);
          if (!row) return rowKey(i);
          const s = row.stream;
          const status = toolStatus(row.event);
          return [
            row.event.id,
            s?.latestId,
            s?.chunkIds.length,
            s?.final,
            s?.isInterrupted,
            s?.audioBytes,
            s?.done,
            status ? toolCallStatusText(status, formatDuration) : undefined,
            warningsShown ? undefined : markersOf(row.event).join(','),
          ];
        },
      },
      {
        id: 'size',
        title: 'Size',
        width: 64,
        align: 'right',
        priority: 10,
        render: (i) => {
          const row = event(i);
          return row && row.event.record.kind === 'app-message' ? formatBytes(row.event.record.size) : '';
        },
        dependsOn: rowKey,
      },
      {
        id: 'warnings',
        title: 'Warnings',
        width: 150,
        priority: 20,
        render: (i) => {
          const row = event(i);
          if (!row) return 'gap';
          return [...markersOf(row.event), ...warningsOf(row.event)].join(', ');
        },
        tooltip: (i) => {
          const row = event(i);
          if (!row) return undefined;
          const lines = [
            ...(lintByEvent.get(row.event.id) ?? []).map((f) => `${f.ruleId}: ${f.message}`),
            ...row.event.problems,
          ];
          return lines.length > 0 ? lines.join('\n') : undefined;
        },
        // A twin arriving later, a twin turning secondary, a lint finding or readiness mark appearing.
        dependsOn: (i) => {
          const row = event(i);
          return row ? [row.event.id, [...markersOf(row.event), ...warningsOf(row.event)].join(',')] : rowKey(i);
        },
      },
    ];
    const rowClass = (i: number) => {
      const row = rowAt(i);
      if (!row) return undefined;
      if (row.type === 'gap') return 'row-warning row-gap';
      const e = row.event;
      if (e.kind === 'malformed' || (e.record.kind === 'app-message' && e.record.sendError)) return 'row-error';
      if (e.duplicate || e.outOfOrder || e.late) return 'row-warning';
      if (e.twinSecondary) return 'row-muted';
      if (importedFrom(e) !== undefined) return 'row-imported';
      return undefined;
    };
    return { columns, rowClass };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- markersOf reads exactly lintByEvent and readyMarks
  }, [view, log, lintByEvent, readyMarks, toolCalls, warningsShown]);

  const detailOpen = store.detailOpen.value;
  const menuEvent = menu ? log.get(menu.eventId) : undefined;
  const report = (result: CommandReport | undefined) => {
    if (!result) return;
    setFeedback(result);
    if (!result.error) setTimeout(() => setFeedback((now) => (now === result ? undefined : now)), 2500);
  };
  const menuItems = (items: RowMenuItem[]): ContextMenuItem[] =>
    items.map((item) =>
      item.kind === 'separator'
        ? item
        : {
            kind: 'action',
            label: item.label,
            disabled: item.disabled,
            onSelect: () => void runRowCommand(item.command, store).then(report),
          },
    );

  return (
    <>
      <DataTable
        class="event-table"
        ariaLabel="Events"
        focusTarget="events-table"
        columns={columns}
        rowCount={view.length}
        columnWidths={widths}
        onColumnWidthsChange={setWidths}
        columnChoices={choices}
        onColumnChoicesChange={setChoices}
        onVisibleColumnsChange={onVisibleColumnsChange}
        selectedIndex={selectedIndex !== null && selectedIndex >= 0 ? selectedIndex : null}
        onSelect={(i) => {
          const id = view.idAt(i);
          if (id !== undefined) store.select(id);
        }}
        onActivate={(i) => {
          const id = view.idAt(i);
          if (id !== undefined) store.select(id, true);
        }}
        clickActivates
        onDismiss={detailOpen ? () => (store.detailOpen.value = false) : undefined}
        onRowMenu={(i, position) => {
          const row = view.at(i);
          if (row?.type === 'event') setMenu({ eventId: row.event.id, ...position });
        }}
        rowClass={rowClass}
        stickToBottom
        handleRef={handle}
        rowTestId="event-row"
        emptyText={store.log.size === 0 ? 'No events yet.' : 'No events match the filter.'}
      />
      {menu && menuEvent && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          ariaLabel="Event"
          items={menuItems(
            rowMenuItems(
              { event: menuEvent },
              { filterText: store.filterText.value },
              { compose: store.actions !== undefined },
            ),
          )}
          onClose={() => setMenu(null)}
        />
      )}
      {feedback && (
        <div
          class={feedback.error ? 'table-feedback message-error' : 'table-feedback message-info'}
          role={feedback.error ? 'alert' : 'status'}
          data-testid="table-feedback"
        >
          {feedback.text}
        </div>
      )}
    </>
  );
}
