/**
 * Materialised views of the log for a virtualised table: the current order (seq or arrival) with filters, kind
 * toggles, twin hiding and stream collapsing applied, plus gap markers in seq order. A view is a snapshot of ids:
 * rebuild it when the log's `revision` changes (EventLog.view caches that for you).
 */
import type { EventEntry, StreamGroup } from './entry';
import type { CompiledFilter } from './filter';
import type { IntervalSet } from './interval-set';
import type { GapMarker, LogKind, StreamSummary, ViewRow } from './types';

export interface ViewOptions {
  /** 'seq' (default): each call's events by sender seq, unsequenced ones in arrival position. */
  order?: 'seq' | 'arrival';
  filter?: CompiledFilter;
  hiddenKinds?: ReadonlySet<LogKind>;
  /** Only this call's events (and gaps). */
  callId?: string;
  /** Hide the secondary copy of twins (legacy speaking events, role "replica" beside "pal"). Default false. */
  hideTwins?: boolean;
  /** One row per streaming utterance / audio echo inference. Default true. */
  collapseStreams?: boolean;
  /** Gap markers in seq order. Default true. */
  showGaps?: boolean;
}

/** What a view build needs from the log. */
export interface ViewSource {
  readonly revision: number;
  orderedChunks(): ReadonlyArray<{ items: EventEntry[] }>;
  arrivalEntries(): { entries: readonly EventEntry[]; head: number };
  seenSeqs(callId: string): IntervalSet | undefined;
  entry(id: number): EventEntry | undefined;
  streamSummary(group: StreamGroup): StreamSummary;
}

let viewStamp = 0;

export class LogView {
  private idIndex: Map<number, number> | undefined;

  constructor(
    /** The log revision this view was built from. */
    readonly revision: number,
    readonly order: 'seq' | 'arrival',
    /** Event ids, or -(k+1) for gaps[k]. */
    private readonly rows: readonly number[],
    private readonly gaps: readonly GapMarker[],
    private readonly collapsed: boolean,
    private readonly source: ViewSource,
  ) {}

  get length(): number {
    return this.rows.length;
  }

  get gapCount(): number {
    return this.gaps.length;
  }

  get eventCount(): number {
    return this.rows.length - this.gaps.length;
  }

  /** Row i, or undefined when out of range or its event was evicted since the view was built. */
  at(index: number): ViewRow | undefined {
    const code = this.rows[index];
    if (code === undefined) return undefined;
    if (code < 0) return { type: 'gap', index, gap: this.gaps[-code - 1]! };
    const entry = this.source.entry(code);
    if (!entry) return undefined;
    const stream =
      this.collapsed && entry.stream && entry.stream.members.length > 1 ? this.source.streamSummary(entry.stream) : undefined;
    return { type: 'event', index, event: entry, stream };
  }

  /** Event id at row i (undefined for gap rows). */
  idAt(index: number): number | undefined {
    const code = this.rows[index];
    return code === undefined || code < 0 ? undefined : code;
  }

  /** Row showing this event: its own row, or its stream's row when collapsed; -1 when not shown. */
  indexOfId(id: number): number {
    if (!this.idIndex) {
      const map = new Map<number, number>();
      for (let i = 0; i < this.rows.length; i++) {
        const code = this.rows[i]!;
        if (code >= 0) map.set(code, i);
      }
      if (this.collapsed) {
        for (let i = 0; i < this.rows.length; i++) {
          const code = this.rows[i]!;
          const group = code >= 0 ? this.source.entry(code)?.stream : undefined;
          if (group) for (const member of group.members) if (!map.has(member.id)) map.set(member.id, i);
        }
      }
      this.idIndex = map;
    }
    const index = this.idIndex.get(id);
    if (index !== undefined) return index;
    // A hidden twin: point at the copy that is shown.
    const twin = this.source.entry(id)?.twin;
    if (twin) for (const member of twin.members) {
      const shown = this.idIndex.get(member.id);
      if (shown !== undefined) return shown;
    }
    return -1;
  }

  /** Ids of the events shown, in view order; with `expandStreams`, every chunk behind a collapsed row too. */
  eventIds(options: { expandStreams?: boolean } = {}): number[] {
    const out: number[] = [];
    for (const code of this.rows) {
      if (code < 0) continue;
      const group = options.expandStreams && this.collapsed ? this.source.entry(code)?.stream : undefined;
      if (group && group.members.length > 1) for (const member of group.members) out.push(member.id);
      else out.push(code);
    }
    return out;
  }
}

/** Milliseconds between row `index` and the closest event row before it (gap rows skipped). */
export function timeDeltaMs(view: LogView, index: number): number | undefined {
  const row = view.at(index);
  if (!row || row.type !== 'event') return undefined;
  for (let i = index - 1; i >= 0; i--) {
    const previous = view.at(i);
    if (previous?.type === 'event') return row.event.receivedAt - previous.event.receivedAt;
  }
  return undefined;
}

interface GapCursor {
  seen: IntervalSet | undefined;
  previous: number;
}

export function buildView(source: ViewSource, options: ViewOptions): LogView {
  const order = options.order ?? 'seq';
  const filter = options.filter && !options.filter.isEmpty ? options.filter : undefined;
  const filterId = filter?.id ?? -1;
  const hidden = options.hiddenKinds && options.hiddenKinds.size > 0 ? options.hiddenKinds : undefined;
  const callId = options.callId;
  const hideTwins = options.hideTwins === true;
  const collapse = options.collapseStreams !== false;
  const withGaps = order === 'seq' && options.showGaps !== false;
  const stamp = ++viewStamp;
  const rows: number[] = [];
  const gaps: GapMarker[] = [];
  const cursors = new Map<string, GapCursor>();
  let lastCall: string | undefined;
  let cursor: GapCursor | undefined;

  const visit = (entry: EventEntry): void => {
    if (callId !== undefined && entry.callId !== callId) return;
    if (withGaps && entry.seqIndexed) {
      if (entry.callId !== lastCall || !cursor) {
        lastCall = entry.callId;
        cursor = cursors.get(entry.callId);
        if (!cursor) {
          const seen = source.seenSeqs(entry.callId);
          cursor = { seen, previous: (seen?.min ?? entry.seq!) - 1 };
          cursors.set(entry.callId, cursor);
        }
      }
      const seq = entry.seq!;
      if (seq > cursor.previous + 1 && cursor.seen) {
        for (const [fromSeq, toSeq] of cursor.seen.missingBetween(cursor.previous, seq)) {
          const gap: GapMarker = { callId: entry.callId, fromSeq, toSeq, count: toSeq - fromSeq + 1 };
          if (filter && !filter.matchesGap(gap)) continue;
          gaps.push(gap);
          rows.push(-gaps.length);
        }
      }
      if (seq > cursor.previous) cursor.previous = seq;
    }
    if (hidden?.has(entry.kind)) return;
    if (hideTwins && entry.twinSecondary) return;
    if (filter) {
      if (entry.matchFilterId !== filterId) {
        entry.matchFilterId = filterId;
        entry.matchResult = filter.matches(entry);
      }
      if (!entry.matchResult) return;
    }
    if (collapse && entry.stream) {
      if (entry.stream.viewStamp === stamp) return;
      entry.stream.viewStamp = stamp;
    }
    rows.push(entry.id);
  };

  if (order === 'seq') {
    for (const chunk of source.orderedChunks()) for (const entry of chunk.items) visit(entry);
  } else {
    const { entries, head } = source.arrivalEntries();
    for (let i = head; i < entries.length; i++) visit(entries[i]!);
  }
  return new LogView(source.revision, order, rows, gaps, collapse, source);
}

/** Equality of view options, so a panel re-render with equal options reuses the cached view. */
export function sameViewOptions(a: ViewOptions, b: ViewOptions): boolean {
  if (
    (a.order ?? 'seq') !== (b.order ?? 'seq') ||
    a.filter !== b.filter ||
    a.callId !== b.callId ||
    (a.hideTwins === true) !== (b.hideTwins === true) ||
    (a.collapseStreams !== false) !== (b.collapseStreams !== false) ||
    (a.showGaps !== false) !== (b.showGaps !== false)
  )
    return false;
  const ha = a.hiddenKinds;
  const hb = b.hiddenKinds;
  if ((ha?.size ?? 0) !== (hb?.size ?? 0)) return false;
  if (ha && hb) for (const kind of ha) if (!hb.has(kind)) return false;
  return true;
}

