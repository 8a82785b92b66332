/**
 * What a turn's waterfall draws, as numbers: one row per event, with stream chunks (streaming utterances, audio
 * echo) and twins (PAL/legacy copies) folded into the row of their first copy; spans for speaking (started →
 * stopped) and for each latency; time-axis ticks. Times are local receive/send times (ms since the epoch).
 */
import type { LogEvent, LogKind, Turn } from './types';

export interface WaterfallRow {
  readonly key: string;
  /** The event a click selects: the first of the row. */
  readonly firstId: number;
  readonly eventIds: readonly number[];
  readonly kind: LogKind;
  readonly summary: string;
  /** 'stream': chunks of one stream; 'twins': copies of one happening; undefined: a single event. */
  readonly folded: 'stream' | 'twins' | undefined;
  readonly start: number;
  readonly end: number;
}

/** Folds stream chunks and twins into rows, in the order of each row's first event. */
export function waterfallRows(events: readonly LogEvent[]): WaterfallRow[] {
  const rows = new Map<string, { first: LogEvent; last: LogEvent; ids: number[]; start: number; end: number }>();
  for (const event of events) {
    const key =
      event.streamKey !== undefined
        ? `s:${event.streamKey}`
        : event.twinGroup !== undefined
          ? `t:${event.twinGroup}`
          : `e:${event.id}`;
    const row = rows.get(key);
    if (row) {
      row.ids.push(event.id);
      row.last = event;
      row.start = Math.min(row.start, event.receivedAt);
      row.end = Math.max(row.end, event.receivedAt);
    } else
      rows.set(key, { first: event, last: event, ids: [event.id], start: event.receivedAt, end: event.receivedAt });
  }
  return [...rows].map(([key, row]) => {
    const folded = row.ids.length < 2 ? undefined : key.startsWith('s:') ? 'stream' : 'twins';
    return {
      key,
      firstId: row.first.id,
      eventIds: row.ids,
      kind: row.first.kind,
      // A stream's newest chunk says the most (accumulated speech, or the final done).
      summary: folded === 'stream' ? row.last.summary : row.first.summary,
      folded,
      start: row.start,
      end: row.end,
    };
  });
}

export interface WaterfallSpan {
  readonly key: string;
  readonly type: 'speaking' | 'latency';
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** Speaking that has not stopped (yet, or in these events): drawn to the end of the block. */
  readonly open: boolean;
}

/** Speaking spans (one per speaker and inference, twins counted once): started → stopped. */
export function speakingSpans(events: readonly LogEvent[], blockEnd: number): WaterfallSpan[] {
  const spans = new Map<string, { role: string; start: number | undefined; end: number | undefined }>();
  for (const event of events) {
    const speaking = event.classified?.speaking;
    if (event.kind !== 'speaking' || !speaking || event.duplicate) continue;
    const role = event.role ?? event.rawRole ?? '?';
    const key = `${role}\u0000${event.inferenceId ?? ''}`;
    let span = spans.get(key);
    if (!span) {
      span = { role, start: undefined, end: undefined };
      spans.set(key, span);
    }
    if (speaking.phase === 'started') span.start = Math.min(span.start ?? Infinity, event.receivedAt);
    else span.end = Math.max(span.end ?? -Infinity, event.receivedAt);
  }
  const out: WaterfallSpan[] = [];
  for (const [key, span] of spans) {
    if (span.start === undefined) continue; // a stop alone says nothing about when speech began
    const open = span.end === undefined;
    out.push({
      key: `speak:${key}`,
      type: 'speaking',
      label: `${span.role} speaking`,
      start: span.start,
      end: open ? Math.max(span.start, blockEnd) : span.end!,
      open,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A span per latency chip of the turn: user stop → replica start, respond → first replica event, tool → reply. */
export function latencySpans(turn: Turn, timeOf: (id: number) => number | undefined): WaterfallSpan[] {
  const out: WaterfallSpan[] = [];
  const add = (key: string, label: string, fromId: number, toId: number | undefined) => {
    const start = timeOf(fromId);
    const end = toId === undefined ? undefined : timeOf(toId);
    if (start === undefined || end === undefined) return;
    out.push({ key, type: 'latency', label, start, end, open: false });
  };
  const { latencies } = turn;
  if (latencies.userStopToReplicaStart)
    add(
      'user-stop',
      'user stop → replica start',
      latencies.userStopToReplicaStart.fromId,
      latencies.userStopToReplicaStart.toId,
    );
  if (latencies.respondToFirstReplica)
    add(
      'respond',
      'respond → first replica event',
      latencies.respondToFirstReplica.fromId,
      latencies.respondToFirstReplica.toId,
    );
  for (const tool of latencies.toolCalls)
    add(`tool:${tool.callEventId}`, `tool ${tool.name ?? '?'} → reply`, tool.callEventId, tool.resultEventId);
  return out;
}

/**
 * Tick positions (ms from the block start) for an axis `spanMs` long: a 1-2-5 step giving at most `maxTicks`
 * intervals, starting at 0.
 */
export function timeTicks(spanMs: number, maxTicks = 6): number[] {
  if (!(spanMs > 0) || !Number.isFinite(spanMs)) return [0];
  const raw = spanMs / Math.max(1, maxTicks);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs + step * 1e-9; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return ticks;
}
