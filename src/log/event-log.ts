/**
 * EventLog: the pure model behind the event list.
 *
 * - Keeps every captured record once per (source, cursor); re-deliveries are counted, not added.
 * - Orders each call's incoming events by the sender's `seq` (a chunked list, so a late event is a binary search
 *   plus a short splice); events without seq (outgoing, older protocol, call-state) sit in arrival position.
 * - Flags anomalies per call: out-of-order, duplicate (same seq, not a twin), late (filled a gap); gaps are
 *   tracked over every seq ever seen, so evicting old events never invents one.
 * - Links twins (PAL "pal"/"replica" copies, role-agnostic/legacy speaking events), inference_id groups and
 *   streaming chunks; groups turns with latencies on demand.
 * - Bounded: beyond `cap` the oldest arrivals go (for caps of 10,000 and more, once 1 % over, back down to the cap),
 *   with every index updated and every eviction counted.
 */
import { IntervalSet } from './interval-set';
import { SeqIndex } from './seq-index';
import { ChunkedList } from './chunked-list';
import {
  createEntry,
  streamKeyOf,
  twinKeys,
  twinPreference,
  type EventEntry,
  type StreamGroup,
  type TwinGroup,
} from './entry';
import { buildView, sameViewOptions, type LogView, type ViewOptions, type ViewSource } from './view';
import { TurnScanner } from './turns';
import { summariseStream } from './streams';
import type { GapMarker, LogEvent, LogInput, LogKind, LogStats, LogVocabulary, StreamSummary, Turn } from './types';

export const DEFAULT_LOG_CAP = 100_000;
const RECENT_INFERENCE_IDS = 200;
/**
 * Twin copies arrive next to each other (same or adjacent seq), so only the most recent twin keys (between this
 * and twice this many) are kept for linking: this bounds memory and keeps the lookup table small. Copies further
 * apart than that are not linked.
 */
const TWIN_WINDOW = 1024;

export interface EventLogOptions {
  /** Most events held; the oldest arrivals are evicted beyond it. Default 100,000. */
  cap?: number;
}

export interface AddResult {
  readonly added: number;
  readonly redelivered: number;
  readonly evicted: number;
}

interface CallState {
  readonly seen: IntervalSet;
  readonly seqIndex: SeqIndex<EventEntry>;
  maxSeq: number;
  maxTurn: number | undefined;
  readonly toolTurns: Map<string, number>;
  readonly inferenceTurns: Map<string, number>;
  events: number;
  outOfOrder: number;
  duplicate: number;
  late: number;
  malformed: number;
  withProblems: number;
}

function newCallState(): CallState {
  return {
    seen: new IntervalSet(),
    seqIndex: new SeqIndex<EventEntry>(),
    maxSeq: -Infinity,
    maxTurn: undefined,
    toolTurns: new Map(),
    inferenceTurns: new Map(),
    events: 0,
    outOfOrder: 0,
    duplicate: 0,
    late: 0,
    malformed: 0,
    withProblems: 0,
  };
}

function checkCap(cap: number): number {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`cap must be a positive integer, got ${String(cap)}`);
  return cap;
}

export class EventLog {
  private capValue: number;
  private rev = 0;
  /** See ViewSource.arrivalShape / seqShape. */
  private arrivalShape = 0;
  private seqShape = 0;
  private nextId = 0;
  /** Held entries by arrival; slots below `head` were evicted. arrival[i].id === baseId + i. */
  private arrival: Array<EventEntry | undefined> = [];
  private head = 0;
  private baseId = 0;
  private readonly ordered = new ChunkedList<EventEntry>();
  private calls = new Map<string, CallState>();
  /** Per source, every cursor delivered so far (kept across clear(), so a re-sync cannot bring cleared rows back). */
  private delivered = new Map<string, IntervalSet>();
  private inference = new Map<string, EventEntry[]>();
  private twinsByKey = new Map<string, TwinGroup>();
  private streams = new Map<string, StreamGroup>();
  private nextTwinGroup = 1;
  private received = 0;
  private evictedByCap = 0;
  private redelivered = 0;
  private vocab = {
    eventTypes: new Set<string>(),
    kinds: new Set<LogKind>(),
    roles: new Set<string>(),
    turns: new Set<number>(),
    calls: new Set<string>(),
    inferenceIds: new Map<string, true>(),
  };
  /** Most recent inference id remembered (consecutive events usually share one). */
  private lastInferenceId: string | undefined;
  private cachedView: { options: ViewOptions; view: LogView } | undefined;
  /** Turn groupings by call filter, with the log state they cover (see turns()). */
  private cachedTurns = new Map<
    string | undefined,
    { scanner: TurnScanner; nextId: number; arrivalShape: number; seqShape: number }
  >();
  private streamCache = new WeakMap<StreamGroup, { revision: number; summary: StreamSummary }>();
  private readonly source: ViewSource;

  constructor(options: EventLogOptions = {}) {
    this.capValue = checkCap(options.cap ?? DEFAULT_LOG_CAP);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the view source's getters read the live log
    const log = this;
    this.source = {
      get revision() {
        return log.rev;
      },
      get nextId() {
        return log.nextId;
      },
      get arrivalShape() {
        return log.arrivalShape;
      },
      get seqShape() {
        return log.seqShape;
      },
      orderedChunks: () => this.ordered.chunks,
      arrivalEntries: () => ({ entries: this.arrival as readonly EventEntry[], head: this.head }),
      seenSeqs: (callId) => this.calls.get(callId)?.seen,
      entry: (id) => this.entry(id),
      addedSince: (fromId) => this.addedSince(fromId),
      streamSummary: (group) => this.summary(group),
    };
  }

  /** Changes whenever anything in the log changes. */
  get revision(): number {
    return this.rev;
  }

  /** Events held. */
  get size(): number {
    return this.ordered.size;
  }

  get cap(): number {
    return this.capValue;
  }

  setCap(cap: number): void {
    this.capValue = checkCap(cap);
    if (this.evictOverCap() > 0) this.rev++;
  }

  /** Adds captured records. Never throws on bad data: malformed inputs become malformed rows. */
  add(inputs: Iterable<LogInput>): AddResult {
    let added = 0;
    let redelivered = 0;
    let evicted = 0;
    for (const input of inputs) {
      if (this.isRedelivery(input)) {
        redelivered++;
        continue;
      }
      const entry = createEntry(this.nextId++, input);
      this.insert(entry);
      added++;
      evicted += this.evictOverCap();
    }
    this.redelivered += redelivered;
    if (added > 0 || evicted > 0) this.rev++;
    return { added, redelivered, evicted };
  }

  /**
   * Empties the log and its counters. Delivered (source, cursor) keys are remembered unless `forgetDelivered`, so a
   * background re-sync does not resurrect what the user cleared.
   */
  clear(options: { forgetDelivered?: boolean } = {}): void {
    this.arrival = [];
    this.head = 0;
    this.baseId = this.nextId;
    this.ordered.clear();
    this.calls = new Map();
    this.inference = new Map();
    this.twinsByKey = new Map();
    this.streams = new Map();
    this.received = 0;
    this.evictedByCap = 0;
    this.redelivered = 0;
    this.vocab = {
      eventTypes: new Set(),
      kinds: new Set(),
      roles: new Set(),
      turns: new Set(),
      calls: new Set(),
      inferenceIds: new Map(),
    };
    this.lastInferenceId = undefined;
    if (options.forgetDelivered) this.delivered = new Map();
    this.cachedView = undefined;
    this.cachedTurns.clear();
    this.arrivalShape++;
    this.rev++;
  }

  get(id: number): LogEvent | undefined {
    return this.entry(id);
  }

  /** Held events in arrival order. */
  *events(): IterableIterator<LogEvent> {
    for (let i = this.head; i < this.arrival.length; i++) {
      const entry = this.arrival[i];
      if (entry) yield entry;
    }
  }

  /** A view for the table; the same options at the same revision return the same (cached) object. */
  view(options: ViewOptions = {}): LogView {
    const cached = this.cachedView;
    if (cached && sameViewOptions(cached.options, options)) {
      if (cached.view.revision === this.rev) return cached.view;
      // Only events added since: append them (the common live case) instead of rebuilding 100k rows.
      if (cached.view.canExtend(this.source)) {
        cached.view = cached.view.extend(this.source);
        return cached.view;
      }
    }
    const view = buildView(this.source, options);
    this.cachedView = {
      options: { ...options, ...(options.hiddenKinds ? { hiddenKinds: new Set(options.hiddenKinds) } : {}) },
      view,
    };
    return view;
  }

  /**
   * Turns by call (first seen first) then turn_idx. While the log only appended events in seq order since the last
   * call, the new events continue the previous grouping; otherwise it is rebuilt.
   */
  turns(callId?: string): readonly Turn[] {
    const cached = this.cachedTurns.get(callId);
    if (cached && cached.arrivalShape === this.arrivalShape && cached.seqShape === this.seqShape) {
      for (const entry of this.addedSince(cached.nextId)) cached.scanner.visit(entry);
      cached.nextId = this.nextId;
      return cached.scanner.turns();
    }
    const scanner = new TurnScanner(callId);
    for (const entry of this.orderedEntries()) scanner.visit(entry);
    this.cachedTurns.set(callId, {
      scanner,
      nextId: this.nextId,
      arrivalShape: this.arrivalShape,
      seqShape: this.seqShape,
    });
    return scanner.turns();
  }

  /** Every held event sharing this event's inference_id (same call), in arrival order. */
  inferenceGroup(id: number): LogEvent[] {
    const entry = this.entry(id);
    if (!entry || entry.inferenceId === undefined) return entry ? [entry] : [];
    return [...(this.inference.get(inferenceKey(entry.callId, entry.inferenceId)) ?? [entry])];
  }

  /** The collapsed stream (streaming utterance or audio echo) this event belongs to. */
  stream(id: number): StreamSummary | undefined {
    const group = this.entry(id)?.stream;
    return group ? this.summary(group) : undefined;
  }

  /** This event and its twins, in arrival order (empty when it has none). */
  twins(id: number): LogEvent[] {
    const group = this.entry(id)?.twin;
    return group && group.members.length > 1 ? [...group.members] : [];
  }

  /** Call ids in order of first appearance (since the last clear). */
  callIds(): string[] {
    return [...this.vocab.calls];
  }

  /** Every run of seqs still missing for a call. */
  gaps(callId: string): GapMarker[] {
    const seen = this.calls.get(callId)?.seen;
    if (!seen || seen.size === 0) return [];
    return seen
      .missingBetween(seen.min! - 1, seen.max! + 1)
      .map(([fromSeq, toSeq]) => ({ callId, fromSeq, toSeq, count: toSeq - fromSeq + 1 }));
  }

  stats(callId?: string): LogStats {
    const states =
      callId === undefined ? [...this.calls.values()] : [this.calls.get(callId)].filter((s) => s !== undefined);
    let outOfOrder = 0;
    let duplicate = 0;
    let late = 0;
    let gapSeqs = 0;
    let gapRanges = 0;
    let malformed = 0;
    let withProblems = 0;
    let total = 0;
    for (const state of states) {
      total += state.events;
      outOfOrder += state.outOfOrder;
      duplicate += state.duplicate;
      late += state.late;
      malformed += state.malformed;
      withProblems += state.withProblems;
      gapSeqs += state.seen.missingCount();
      gapRanges += Math.max(0, state.seen.runs - 1);
    }
    return {
      total,
      received: this.received,
      evictedByCap: this.evictedByCap,
      redelivered: this.redelivered,
      malformed,
      withProblems,
      anomalies: { outOfOrder, duplicate, late, gapSeqs, gapRanges },
      cap: this.capValue,
    };
  }

  vocabulary(): LogVocabulary {
    return {
      eventTypes: [...this.vocab.eventTypes].sort(),
      kinds: [...this.vocab.kinds].sort(),
      roles: [...this.vocab.roles].sort(),
      turns: [...this.vocab.turns].sort((a, b) => a - b),
      calls: [...this.vocab.calls],
      inferenceIds: [...this.vocab.inferenceIds.keys()].reverse(),
    };
  }

  // -------------------------------------------------------------------------------------------------------------

  private entry(id: number): EventEntry | undefined {
    const index = id - this.baseId;
    if (!Number.isInteger(index) || index < this.head || index >= this.arrival.length) return undefined;
    return this.arrival[index];
  }

  private *addedSince(fromId: number): IterableIterator<EventEntry> {
    for (let id = fromId; id < this.nextId; id++) {
      const entry = this.entry(id);
      if (entry) yield entry;
    }
  }

  private *orderedEntries(): IterableIterator<EventEntry> {
    for (const chunk of this.ordered.chunks) yield* chunk.items;
  }

  private isRedelivery(input: LogInput): boolean {
    const source: unknown = (input as Partial<LogInput> | null)?.source;
    const cursor: unknown = (input as Partial<LogInput> | null)?.cursor;
    if (typeof source !== 'string' || typeof cursor !== 'number' || !Number.isSafeInteger(cursor)) return false;
    let cursors = this.delivered.get(source);
    if (!cursors) {
      cursors = new IntervalSet();
      this.delivered.set(source, cursors);
    }
    return !cursors.add(cursor);
  }

  private callState(callId: string): CallState {
    let state = this.calls.get(callId);
    if (!state) {
      state = newCallState();
      this.calls.set(callId, state);
    }
    return state;
  }

  private insert(entry: EventEntry): void {
    this.received++;
    this.arrival.push(entry);
    const call = this.callState(entry.callId);
    call.events++;
    if (entry.kind === 'malformed') call.malformed++;
    if (entry.problems.length > 0) call.withProblems++;

    const keys = twinKeys(entry);
    if (keys) {
      entry.twinKey = keys.key;
      entry.twinIdentity = keys.identity;
      entry.twinRank = twinPreference(entry);
    }

    if (entry.seq !== undefined && entry.dir === 'in' && entry.recordKind === 'app-message') {
      this.placeBySeq(entry, call, keys);
    } else {
      this.ordered.append(entry);
    }

    if (keys && !entry.duplicate) this.linkTwin(entry, keys);
    this.attachTurn(entry, call);
    if (entry.inferenceId !== undefined) {
      const key = inferenceKey(entry.callId, entry.inferenceId);
      const list = this.inference.get(key);
      if (list) list.push(entry);
      else this.inference.set(key, [entry]);
    }
    const stream = streamKeyOf(entry);
    if (stream) {
      let group = this.streams.get(stream.key);
      if (!group) {
        group = {
          key: stream.key,
          type: stream.type,
          callId: entry.callId,
          inferenceId: entry.inferenceId ?? '',
          role: stream.role,
          members: [],
          viewStamp: 0,
        };
        this.streams.set(stream.key, group);
      }
      group.members.push(entry);
      entry.stream = group;
    }
    this.remember(entry);
    entry.releaseData();
  }

  /** Seq bookkeeping and placement: after an equal seq, else before the next higher seq, else at the end. */
  private placeBySeq(entry: EventEntry, call: CallState, keys: { key: string; identity: string } | undefined): void {
    const seq = entry.seq!;
    entry.seqIndexed = true;
    const bucket = call.seqIndex.bucket(seq);
    if (call.seen.has(seq)) {
      // Same seq again: a twin if its partner (same twin key, other identity) holds the seq and no copy of this very
      // message does; otherwise a duplicate.
      let copy = false;
      let partner = false;
      if (keys && bucket) {
        for (const other of bucket) {
          if (other.twinKey !== keys.key) continue;
          if (other.twinIdentity === keys.identity) copy = true;
          else partner = true;
        }
      }
      if (copy || !partner) {
        entry.duplicate = true;
        entry.duplicateOf = bucket?.[0]?.id;
        call.duplicate++;
      } else if (seq < call.maxSeq) {
        entry.outOfOrder = true;
        call.outOfOrder++;
      }
    } else if (seq < call.maxSeq) {
      entry.outOfOrder = true;
      call.outOfOrder++;
      if (seq > call.seen.min!) {
        entry.late = true;
        call.late++;
      }
    }
    if (bucket && bucket.length > 0) this.ordered.insertAfter(bucket[bucket.length - 1]!, entry);
    else {
      const next = call.seqIndex.successor(seq);
      if (next) this.ordered.insertBefore(next, entry);
      else this.ordered.append(entry);
    }
    if (!this.ordered.isLast(entry)) this.seqShape++;
    call.seqIndex.insert(seq, entry);
    call.seen.add(seq);
    if (seq > call.maxSeq) call.maxSeq = seq;
  }

  private linkTwin(entry: EventEntry, keys: { key: string; identity: string }): void {
    const group = this.twinsByKey.get(keys.key);
    const joinable = group && !group.members.some((m) => m.twinIdentity === keys.identity);
    if (group && joinable) {
      group.members.push(entry);
      entry.twin = group;
      if (updateTwinRoles(group, entry)) this.arrivalShape++;
      return;
    }
    // First copy, or the previous happening with this key is complete: start a new group.
    const fresh: TwinGroup = { id: this.nextTwinGroup++, key: keys.key, members: [entry] };
    if (group) this.twinsByKey.delete(keys.key); // re-insert at the young end
    this.twinsByKey.set(keys.key, fresh);
    if (this.twinsByKey.size > 2 * TWIN_WINDOW) {
      // Forget the oldest keys in one sweep (Map iterates in insertion order).
      for (const key of this.twinsByKey.keys()) {
        if (this.twinsByKey.size <= TWIN_WINDOW) break;
        this.twinsByKey.delete(key);
      }
    }
    entry.twin = fresh;
  }

  /**
   * The turn an event belongs to: its turn_idx; for outgoing interactions without one, the turn a respond
   * triggers (next), the turn of the tool call a tool_result answers, or the current turn; for incoming events
   * without one, the turn of their inference_id.
   */
  private attachTurn(entry: EventEntry, call: CallState): void {
    const c = entry.classified;
    if (entry.turnIdx !== undefined) {
      entry.turn = entry.turnIdx;
      if (call.maxTurn === undefined || entry.turnIdx > call.maxTurn) call.maxTurn = entry.turnIdx;
      if (entry.inferenceId !== undefined && !call.inferenceTurns.has(entry.inferenceId))
        call.inferenceTurns.set(entry.inferenceId, entry.turnIdx);
      if (entry.kind === 'tool_call' && c?.toolCallId !== undefined) call.toolTurns.set(c.toolCallId, entry.turnIdx);
      return;
    }
    if (entry.recordKind !== 'app-message' || entry.kind === 'malformed') return;
    if (entry.dir === 'out') {
      if (entry.kind === 'respond') entry.turn = call.maxTurn === undefined ? undefined : call.maxTurn + 1;
      else if (entry.kind === 'tool_result' && c?.toolCallId !== undefined && call.toolTurns.has(c.toolCallId))
        entry.turn = call.toolTurns.get(c.toolCallId);
      else entry.turn = call.maxTurn;
      return;
    }
    if (entry.inferenceId !== undefined) entry.turn = call.inferenceTurns.get(entry.inferenceId);
  }

  private remember(entry: EventEntry): void {
    const v = this.vocab;
    if (entry.eventType !== '') v.eventTypes.add(entry.eventType);
    v.kinds.add(entry.kind);
    if (entry.rawRole !== undefined) v.roles.add(entry.rawRole);
    if (entry.turn !== undefined) v.turns.add(entry.turn);
    v.calls.add(entry.callId);
    if (entry.inferenceId !== undefined && entry.inferenceId !== this.lastInferenceId) {
      this.lastInferenceId = entry.inferenceId;
      v.inferenceIds.delete(entry.inferenceId);
      v.inferenceIds.set(entry.inferenceId, true);
      if (v.inferenceIds.size > RECENT_INFERENCE_IDS) v.inferenceIds.delete(v.inferenceIds.keys().next().value!);
    }
  }

  private evictOverCap(): number {
    // Large caps are allowed EVICTION_SLACK_SHARE over before the oldest go, back down to the cap: one eviction
    // step per 1 % of new events instead of one per event, so views and turns (rebuilt when events go) stay
    // incremental in between, and the log never holds fewer than `cap` once it has reached it.
    if (this.ordered.size <= this.capValue + evictionSlack(this.capValue)) return 0;
    let evicted = 0;
    while (this.ordered.size > this.capValue && this.head < this.arrival.length) {
      const entry = this.arrival[this.head];
      this.arrival[this.head] = undefined;
      this.head++;
      if (entry) {
        this.evict(entry);
        evicted++;
      }
    }
    if (this.head > 4096 && this.head * 2 > this.arrival.length) {
      this.arrival = this.arrival.slice(this.head);
      this.baseId += this.head;
      this.head = 0;
    }
    this.evictedByCap += evicted;
    if (evicted > 0) this.arrivalShape++;
    return evicted;
  }

  private evict(entry: EventEntry): void {
    this.ordered.remove(entry);
    const call = this.calls.get(entry.callId);
    if (call) {
      call.events--;
      if (entry.kind === 'malformed') call.malformed--;
      if (entry.problems.length > 0) call.withProblems--;
      if (entry.outOfOrder) call.outOfOrder--;
      if (entry.duplicate) call.duplicate--;
      if (entry.late) call.late--;
      if (entry.seqIndexed) call.seqIndex.remove(entry.seq!, entry);
    }
    if (entry.inferenceId !== undefined) {
      const key = inferenceKey(entry.callId, entry.inferenceId);
      const list = this.inference.get(key);
      if (list) {
        removeFrom(list, entry);
        if (list.length === 0) this.inference.delete(key);
      }
    }
    const twin = entry.twin;
    if (twin) {
      removeFrom(twin.members, entry);
      if (twin.members.length === 0) {
        if (this.twinsByKey.get(twin.key) === twin) this.twinsByKey.delete(twin.key);
      } else updateTwinRoles(twin);
    }
    const stream = entry.stream;
    if (stream) {
      removeFrom(stream.members, entry);
      if (stream.members.length === 0 && this.streams.get(stream.key) === stream) this.streams.delete(stream.key);
    }
    entry.evicted = true;
  }

  private summary(group: StreamGroup): StreamSummary {
    const cached = this.streamCache.get(group);
    if (cached && cached.revision === this.rev) return cached.summary;
    const summary = summariseStream(group, (g) => this.generatedText(g));
    this.streamCache.set(group, { revision: this.rev, summary });
    return summary;
  }

  private generatedText(group: StreamGroup): string | undefined {
    const list = this.inference.get(inferenceKey(group.callId, group.inferenceId));
    if (!list) return undefined;
    for (const entry of list)
      if (entry.kind === 'utterance' && entry.role === 'replica' && !entry.duplicate) return entry.classified?.speech;
    return undefined;
  }
}

/** Share of the cap a log may go over before evicting back down to it (see evictOverCap); none for small caps. */
const EVICTION_SLACK_SHARE = 0.01;

function evictionSlack(cap: number): number {
  return cap >= 10_000 ? Math.floor(cap * EVICTION_SLACK_SHARE) : 0;
}

function inferenceKey(callId: string, inferenceId: string): string {
  return `${callId}\u0000${inferenceId}`;
}

function removeFrom<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/**
 * The preferred copy is primary; every other member of a group of two or more is secondary. True when a member
 * other than `added` changed role (a view showing it must be rebuilt).
 */
function updateTwinRoles(group: TwinGroup, added?: EventEntry): boolean {
  let primary: EventEntry | undefined;
  for (const member of group.members) {
    if (!primary || member.twinRank > primary.twinRank) primary = member;
  }
  let changed = false;
  for (const member of group.members) {
    const secondary = group.members.length > 1 && member !== primary;
    if (member.twinSecondary !== secondary && member !== added) changed = true;
    member.twinSecondary = secondary;
  }
  return changed;
}
