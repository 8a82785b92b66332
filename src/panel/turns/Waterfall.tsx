/**
 * One block's waterfall: a time axis with ticks, spans for speaking and for each latency, then one row per event
 * (stream chunks and twins folded). `spanMs` is the scale: the block's own length, or one shared by every block.
 */
import type { LogEvent, Turn } from '../../log';
import {
  latencySpans,
  speakingSpans,
  timeTicks,
  waterfallRows,
  type WaterfallRow,
  type WaterfallSpan,
} from '../../log/waterfall';
import { formatDuration } from '../ui/format';
import { kindStyle } from '../ui/kinds';

/** Left offset and width of [start, end] on the track, in % of `spanMs` from `origin`. */
function place(start: number, end: number, origin: number, spanMs: number): { left: string; width: string } {
  const left = Math.min(100, Math.max(0, ((start - origin) / spanMs) * 100));
  const right = Math.min(100, Math.max(left, ((end - origin) / spanMs) * 100));
  return { left: `${left.toFixed(2)}%`, width: `${(right - left).toFixed(2)}%` };
}

export function Waterfall({
  events,
  turn,
  start,
  end,
  spanMs,
  selectedId,
  slowSpans,
  onSelect,
}: {
  events: readonly LogEvent[];
  /** For latency spans (between-turns blocks have none). */
  turn: Turn | undefined;
  start: number;
  end: number;
  spanMs: number;
  selectedId: number | undefined;
  /** Keys of latency spans over their threshold. */
  slowSpans: ReadonlySet<string>;
  onSelect: (id: number) => void;
}) {
  const rows = waterfallRows(events);
  const timeOf = new Map(events.map((e) => [e.id, e.receivedAt]));
  const spans: WaterfallSpan[] = [
    ...speakingSpans(events, end),
    ...(turn ? latencySpans(turn, (id) => timeOf.get(id)) : []),
  ];
  const ticks = timeTicks(spanMs);
  return (
    <div class="wf" data-testid="waterfall">
      <div class="wf-grid" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t} class="wf-gridline" style={{ left: `${((t / spanMs) * 100).toFixed(2)}%` }} />
        ))}
      </div>
      <div class="wf-row wf-axis" data-testid="waterfall-axis">
        <span class="wf-label text-secondary">
          {rows.length} rows · {events.length} events
        </span>
        <span class="wf-track">
          {ticks.map((t, i) => (
            <span
              key={t}
              class={`wf-tick${i === 0 ? ' wf-tick-first' : ''}${i === ticks.length - 1 && t / spanMs > 0.9 ? ' wf-tick-last' : ''}`}
              style={{ left: `${((t / spanMs) * 100).toFixed(2)}%` }}
            >
              {t === 0 ? '0' : formatDuration(t)}
            </span>
          ))}
        </span>
      </div>
      {spans.map((span) => (
        <SpanRow key={span.key} span={span} origin={start} spanMs={spanMs} slow={slowSpans.has(span.key)} />
      ))}
      {rows.map((row) => (
        <EventRow
          key={row.key}
          row={row}
          origin={start}
          spanMs={spanMs}
          selected={selectedId !== undefined && row.eventIds.includes(selectedId)}
          onSelect={onSelect}
        />
      ))}
    </div>
  );
}

function SpanRow({
  span,
  origin,
  spanMs,
  slow,
}: {
  span: WaterfallSpan;
  origin: number;
  spanMs: number;
  slow: boolean;
}) {
  const length = formatDuration(span.end - span.start);
  const style =
    span.type === 'latency'
      ? `wf-bar-latency${slow ? ' wf-bar-slow' : ''}`
      : span.label.startsWith('user')
        ? 'wf-bar-user'
        : 'wf-bar-replica';
  return (
    <div class={`wf-row wf-span-row${slow ? ' wf-slow' : ''}`} data-testid="waterfall-span">
      <span class="wf-label" title={`${span.label}: ${length}${span.open ? ' so far (no stop yet)' : ''}`}>
        <span class="wf-span-name">{span.label}</span>
        <b class="wf-span-length">
          {length}
          {span.open ? '…' : ''}
        </b>
      </span>
      <span class="wf-track">
        <span
          class={`wf-bar ${style}${span.open ? ' wf-bar-open' : ''}`}
          style={place(span.start, span.end, origin, spanMs)}
        />
      </span>
    </div>
  );
}

function EventRow({
  row,
  origin,
  spanMs,
  selected,
  onSelect,
}: {
  row: WaterfallRow;
  origin: number;
  spanMs: number;
  selected: boolean;
  onSelect: (id: number) => void;
}) {
  const style = kindStyle(row.kind);
  const fold =
    row.folded === 'stream' ? `${row.eventIds.length} chunks` : row.folded === 'twins' ? `×${row.eventIds.length}` : '';
  const placed = place(row.start, row.end, origin, spanMs);
  return (
    <button
      type="button"
      class={`wf-row wf-event${selected ? ' selected' : ''}`}
      data-testid="waterfall-row"
      title={`${row.summary}\n+${formatDuration(row.start - origin)}${row.end > row.start ? ` to +${formatDuration(row.end - origin)}` : ''}${fold ? ` · ${fold}` : ''}`}
      onClick={() => onSelect(row.firstId)}
    >
      <span class="wf-label">
        <span class={`badge badge-${style.badge} wf-badge`}>{style.label}</span>
        {fold && <span class="wf-fold text-secondary">{fold}</span>}
        <span class="wf-summary">{row.summary}</span>
      </span>
      <span class="wf-track">
        {row.end > row.start ? (
          <span class={`wf-bar wf-bar-events badge-${style.badge}`} style={placed} />
        ) : (
          <span class={`wf-mark badge-${style.badge}`} style={{ left: placed.left }} />
        )}
      </span>
    </button>
  );
}
