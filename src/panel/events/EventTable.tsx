/** The Network-panel-style event table: one row per event (streams collapsed), gap markers between seqs. */
import { useComputed } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { importedFrom, timeDeltaMs, type EventLog, type LogEvent, type ViewRow } from '../../log';
import { heartbeatRowSummary } from '../problems/heartbeat-row';
import { insightsFor } from '../problems/insights-model';
import { LINT_RULE_INFO } from '../../log/lint';
import { DataTable, type DataTableColumn } from '../ui/DataTable';
import type { VirtualListHandle } from '../ui/VirtualList';
import { formatBytes, formatClockTime, formatDelta } from '../ui/format';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';
import { usePersistentState } from '../persist';

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
  if (event.dir === 'in') return event.origin === 'replay' ? '↻ replay' : '↓ in';
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

export function EventTable({ store }: { store: PanelStore }) {
  const view = store.view.value;
  const log = store.log;
  const insights = insightsFor(store);
  const lintByEvent = insights.byEvent.value;
  const readyMarks = insights.readinessMarks.value;
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
  const [hidden, setHidden] = usePersistentState<string[]>('columns.hidden', ['size']);
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

  const { columns, rowClass, rowVersion } = useMemo(() => {
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
    const columns: DataTableColumn[] = [
      {
        id: 'seq',
        title: 'Seq',
        width: 56,
        align: 'right',
        hideable: false,
        render: (i) => event(i)?.event.seq ?? (gap(i) ? '' : ''),
      },
      {
        id: 'time',
        title: 'Time',
        width: 92,
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
      },
      {
        id: 'delta',
        title: 'Δ',
        width: 70,
        align: 'right',
        render: (i) => {
          const d = timeDeltaMs(view, i);
          return d === undefined ? '' : formatDelta(d);
        },
      },
      {
        id: 'dir',
        title: 'Dir',
        width: 78,
        render: (i) => {
          const row = event(i);
          return row ? <DirectionCell event={row.event} /> : '';
        },
      },
      {
        id: 'kind',
        title: 'Kind',
        width: 96,
        render: (i) => {
          const row = event(i);
          if (!row) return <span class="badge badge-red">gap</span>;
          const style = kindStyle(row.event.kind);
          return (
            <span class={`badge badge-${style.badge}`} title={row.event.eventType}>
              {style.label}
            </span>
          );
        },
        tooltip: (i) => event(i)?.event.eventType,
      },
      { id: 'role', title: 'Role', width: 64, render: (i) => event(i)?.event.rawRole ?? event(i)?.event.role ?? '' },
      { id: 'turn', title: 'Turn', width: 44, align: 'right', render: (i) => event(i)?.event.turn ?? '' },
      {
        id: 'summary',
        title: 'Summary',
        width: 420,
        hideable: false,
        render: (i) => {
          const row = event(i);
          if (row) return summaryOf(row, log);
          const g = gap(i);
          return g ? `seq ${g.fromSeq === g.toSeq ? g.fromSeq : `${g.fromSeq}–${g.toSeq}`} missing (${g.count})` : '';
        },
        tooltip: (i) => {
          const row = event(i);
          return row ? summaryOf(row, log) : undefined;
        },
      },
      {
        id: 'size',
        title: 'Size',
        width: 64,
        align: 'right',
        render: (i) => {
          const row = event(i);
          return row && row.event.record.kind === 'app-message' ? formatBytes(row.event.record.size) : '';
        },
      },
      {
        id: 'warnings',
        title: 'Warnings',
        width: 150,
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
    // What a row shows that can change while its index stays: its event, the time since the row before (Δ), its
    // warnings (a twin arriving later, a twin turning secondary), a collapsed stream growing. The rest of an event
    // is fixed once added.
    const rowVersion = (i: number): string => {
      const row = rowAt(i);
      if (!row) return '';
      if (row.type === 'gap') return `gap ${row.gap.callId} ${row.gap.fromSeq} ${row.gap.toSeq}`;
      const e = row.event;
      const s = row.stream;
      const streamPart = s
        ? `${s.latestId} ${s.chunkIds.length} ${s.final} ${s.isInterrupted} ${s.audioBytes} ${s.done}`
        : '';
      return `${e.id} ${timeDeltaMs(view, i) ?? ''} ${warningsOf(e).join(',')} ${markersOf(e).join(',')} ${streamPart}`;
    };
    return { columns, rowClass, rowVersion };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- markersOf reads exactly lintByEvent and readyMarks
  }, [view, log, lintByEvent, readyMarks]);

  return (
    <DataTable
      class="event-table"
      ariaLabel="Events"
      columns={columns}
      rowCount={view.length}
      columnWidths={widths}
      onColumnWidthsChange={setWidths}
      hiddenColumnIds={hidden}
      onHiddenColumnIdsChange={setHidden}
      selectedIndex={selectedIndex !== null && selectedIndex >= 0 ? selectedIndex : null}
      onSelect={(i) => {
        const id = view.idAt(i);
        if (id !== undefined) store.select(id);
      }}
      onActivate={(i) => {
        const id = view.idAt(i);
        if (id !== undefined) store.select(id, true);
      }}
      rowClass={rowClass}
      rowVersion={rowVersion}
      stickToBottom
      handleRef={handle}
      rowTestId="event-row"
      emptyText={store.log.size === 0 ? 'No events yet.' : 'No events match the filter.'}
    />
  );
}
