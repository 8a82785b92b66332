/**
 * Materialised views of the log for a virtualised table: the current order (seq or arrival) with filters, kind
 * toggles, twin hiding and stream collapsing applied, plus gap markers in seq order. A view is a snapshot of ids:
 * rebuild it when the log's `revision` changes (EventLog.view caches that for you).
 */
import type { EventEntry, StreamGroup } from './entry';
import type { CompiledFilter, TextSearch } from './filter';
import type { IntervalSet } from './interval-set';
import type { TextHits } from './search-corpus';
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
  /** The id the next added event will get: a view has seen every id below the value it was built at. */
  readonly nextId: number;
  /** Held events with ids from `fromId` on, in arrival order. */
  addedSince(fromId: number): Iterable<EventEntry>;
  /**
   * Change whenever an event a view may already show moves, goes or changes how it is shown (eviction, clearing,
   * twin roles): `arrivalShape` for both orders, `seqShape` also when an event lands before the end of seq order.
   * While both stay put, new events can be appended to a view instead of rebuilding it.
   */
  readonly arrivalShape: number;
  readonly seqShape: number;
  orderedChunks(): ReadonlyArray<{ items: EventEntry[] }>;
  arrivalEntries(): { entries: readonly EventEntry[]; head: number };
  seenSeqs(callId: string): IntervalSet | undefined;
  entry(id: number): EventEntry | undefined;
  streamSummary(group: StreamGroup): StreamSummary;
  /** Held events whose searchText includes `needle` (lower-cased), found in one pass (see SearchCorpus). */
  textHits?(needle: string): TextHits;
}

let viewStamp = 0;

export class LogView {
  constructor(
    /** The log revision this view was built from. */
    readonly revision: number,
    readonly order: 'seq' | 'arrival',
    /** The builder behind this snapshot: shared with the views extended from it, which only append to it. */
    private readonly builder: ViewBuilder,
    /** Rows and gaps of the builder that belong to this snapshot (later ones were appended by newer views). */
    readonly length: number,
    readonly gapCount: number,
    private readonly source: ViewSource,
  ) {
    this.plainRows = builder.plainRows;
    this.streamRows = builder.streamRows.length;
  }

  /** Rows of this snapshot that stand for one event, and for a stream (the first `streamRows` of the builder's). */
  private readonly plainRows: number;
  private readonly streamRows: number;

  private get rows(): readonly number[] {
    return this.builder.rows;
  }

  private get gaps(): readonly GapMarker[] {
    return this.builder.gaps;
  }

  private get collapsed(): boolean {
    return this.builder.collapse;
  }

  get eventCount(): number {
    return this.length - this.gapCount;
  }

  /** Whether `source` changed since this view in a way that only appended events (see extendView). */
  canExtend(source: ViewSource): boolean {
    const b = this.builder;
    return (
      b.rows.length === this.length &&
      b.arrivalShape === source.arrivalShape &&
      (this.order === 'arrival' || b.seqShape === source.seqShape)
    );
  }

  /** A new snapshot with the events added since this one appended (call only when canExtend). */
  extend(source: ViewSource): LogView {
    const b = this.builder;
    for (const entry of source.addedSince(b.nextId)) b.visit(entry);
    b.nextId = source.nextId;
    return new LogView(source.revision, this.order, b, b.rows.length, b.gaps.length, source);
  }

  /** Row i, or undefined when out of range or its event was evicted since the view was built. */
  at(index: number): ViewRow | undefined {
    if (index >= this.length) return undefined;
    const code = this.rows[index];
    if (code === undefined) return undefined;
    if (code < 0) return { type: 'gap', index, gap: this.gaps[-code - 1]! };
    const entry = this.source.entry(code);
    if (!entry) return undefined;
    const stream =
      this.collapsed && entry.stream && entry.stream.members.length > 1
        ? this.source.streamSummary(entry.stream)
        : undefined;
    return { type: 'event', index, event: entry, stream };
  }

  /** Event id at row i (undefined for gap rows). */
  idAt(index: number): number | undefined {
    if (index >= this.length) return undefined;
    const code = this.rows[index];
    return code === undefined || code < 0 ? undefined : code;
  }

  /** Row showing this event: its own row, or its stream's row when collapsed; -1 when not shown. */
  indexOfId(id: number): number {
    const map = this.builder.indexUpTo(this.length);
    const shownAt = (memberId: number): number | undefined => {
      const index = map.get(memberId);
      return index !== undefined && index < this.length ? index : undefined;
    };
    const own = shownAt(id);
    if (own !== undefined) return own;
    const entry = this.source.entry(id);
    // A chunk of a collapsed stream: the stream's row.
    if (this.collapsed && entry?.stream)
      for (const member of entry.stream.members) {
        const shown = shownAt(member.id);
        if (shown !== undefined) return shown;
      }
    // A hidden twin: point at the copy that is shown.
    if (entry?.twin)
      for (const member of entry.twin.members) {
        const shown = shownAt(member.id);
        if (shown !== undefined) return shown;
      }
    return -1;
  }

  /**
   * How many ids `eventIds({ expandStreams: true })` lists, without listing them: the toolbar shows it for every
   * view, and building a 100k-id array each frame while events stream in was 6 % of the panel's time.
   */
  expandedEventCount(): number {
    if (!this.collapsed) return this.eventCount;
    let count = this.plainRows;
    const groups = this.builder.streamRows;
    for (let i = 0; i < this.streamRows; i++) {
      const members = groups[i]!.members.length;
      count += members > 1 ? members : 1;
    }
    return count;
  }

  /** Ids of the events shown, in view order; with `expandStreams`, every chunk behind a collapsed row too. */
  eventIds(options: { expandStreams?: boolean } = {}): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) {
      const code = this.rows[i]!;
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

/** The state of one view build, kept so the view can be extended with the events added after it. */
class ViewBuilder {
  /**
   * Row codes: an event id, or -(gap index + 1). A plain array on purpose: in Chromium, typed arrays sized up front
   * made an unfiltered 100k build slower (median ~2.5 -> ~5 ms), though faster in Node 20 (slow array growth there).
   */
  readonly rows: number[] = [];
  readonly gaps: GapMarker[] = [];
  /** Event rows that stand for one event, and the stream groups that got a row (in row order), when collapsing. */
  plainRows = 0;
  readonly streamRows: StreamGroup[] = [];
  readonly collapse: boolean;
  readonly arrivalShape: number;
  readonly seqShape: number;
  /** First event id not visited yet. */
  nextId: number;
  private readonly filter: CompiledFilter | undefined;
  private readonly filterId: number;
  private readonly textSearch: TextSearch | undefined;
  private readonly hidden: ReadonlySet<LogKind> | undefined;
  private readonly callId: string | undefined;
  private readonly hideTwins: boolean;
  private readonly withGaps: boolean;
  private readonly stamp = ++viewStamp;
  private readonly cursors = new Map<string, GapCursor>();
  private lastCall: string | undefined;
  private cursor: GapCursor | undefined;
  /** Event id → row, built on the first lookup and extended with later rows (see indexUpTo). */
  private idIndex: Map<number, number> | undefined;
  private indexedRows = 0;

  constructor(
    private readonly source: ViewSource,
    options: ViewOptions,
    order: 'seq' | 'arrival',
  ) {
    this.filter = options.filter && !options.filter.isEmpty ? options.filter : undefined;
    this.filterId = this.filter?.id ?? -1;
    this.textSearch =
      this.filter && source.textHits && this.filter.terms.some((term) => term.type === 'text')
        ? corpusSearch(source)
        : undefined;
    this.hidden = options.hiddenKinds && options.hiddenKinds.size > 0 ? options.hiddenKinds : undefined;
    this.callId = options.callId;
    this.hideTwins = options.hideTwins === true;
    this.collapse = options.collapseStreams !== false;
    this.withGaps = order === 'seq' && options.showGaps !== false;
    this.arrivalShape = source.arrivalShape;
    this.seqShape = source.seqShape;
    this.nextId = source.nextId;
  }

  visit(entry: EventEntry): void {
    if (this.callId !== undefined && entry.callId !== this.callId) return;
    const filter = this.filter;
    if (this.withGaps && entry.seqIndexed) {
      let cursor = this.cursor;
      if (entry.callId !== this.lastCall || !cursor) {
        this.lastCall = entry.callId;
        cursor = this.cursors.get(entry.callId);
        if (!cursor) {
          const seen = this.source.seenSeqs(entry.callId);
          cursor = { seen, previous: (seen?.min ?? entry.seq!) - 1 };
          this.cursors.set(entry.callId, cursor);
        }
        this.cursor = cursor;
      }
      const seq = entry.seq!;
      if (seq > cursor.previous + 1 && cursor.seen) {
        for (const [fromSeq, toSeq] of cursor.seen.missingBetween(cursor.previous, seq)) {
          const gap: GapMarker = { callId: entry.callId, fromSeq, toSeq, count: toSeq - fromSeq + 1 };
          if (filter && !filter.matchesGap(gap)) continue;
          this.gaps.push(gap);
          this.rows.push(-this.gaps.length);
        }
      }
      if (seq > cursor.previous) cursor.previous = seq;
    }
    if (this.hidden?.has(entry.kind)) return;
    if (this.hideTwins && entry.twinSecondary) return;
    if (filter) {
      if (entry.matchFilterId !== this.filterId) {
        entry.matchFilterId = this.filterId;
        entry.matchResult = filter.matches(entry, this.textSearch);
      }
      if (!entry.matchResult) return;
    }
    if (this.collapse && entry.stream) {
      if (entry.stream.viewStamp === this.stamp) return;
      entry.stream.viewStamp = this.stamp;
      this.streamRows.push(entry.stream);
    } else this.plainRows++;
    this.rows.push(entry.id);
  }

  /** The event id → row map covering at least the first `length` rows. */
  indexUpTo(length: number): Map<number, number> {
    const map = (this.idIndex ??= new Map());
    const from = this.indexedRows;
    if (from >= length) return map;
    for (let i = from; i < length; i++) {
      const code = this.rows[i]!;
      if (code >= 0 && !map.has(code)) map.set(code, i);
    }
    this.indexedRows = length;
    return map;
  }
}

/**
 * A TextSearch that answers each needle from one SearchCorpus pass over the held events (made on the first event
 * that needs it); events added after that pass are searched one by one.
 */
function corpusSearch(source: ViewSource): TextSearch {
  const byNeedle = new Map<string, TextHits>();
  let lastNeedle: string | undefined;
  let last: TextHits | undefined;
  return (needle, event) => {
    if (needle !== lastNeedle || !last) {
      let hits = byNeedle.get(needle);
      if (!hits) {
        hits = source.textHits!(needle);
        byNeedle.set(needle, hits);
      }
      lastNeedle = needle;
      last = hits;
    }
    const index = event.id - last.fromId;
    return index >= 0 && event.id < last.toId ? last.bits[index] === 1 : event.searchText.includes(needle);
  };
}

export function buildView(source: ViewSource, options: ViewOptions): LogView {
  const order = options.order ?? 'seq';
  const builder = new ViewBuilder(source, options, order);
  if (order === 'seq') {
    for (const chunk of source.orderedChunks()) for (const entry of chunk.items) builder.visit(entry);
  } else {
    const { entries, head } = source.arrivalEntries();
    for (let i = head; i < entries.length; i++) builder.visit(entries[i]!);
  }
  return new LogView(source.revision, order, builder, builder.rows.length, builder.gaps.length, source);
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
