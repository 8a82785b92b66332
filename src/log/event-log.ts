/**
 * EventLog: the pure model behind the event list, a thin front over its parts.
 *
 * - DeliveryLedger: keeps every captured record once per (source, cursor); re-deliveries are counted, not added.
 * - Sequencer: orders each call's incoming events by the sender's `seq`; events without one sit in arrival
 *   position; flags and counts anomalies per call (out-of-order, duplicate, late; gaps over every seq ever seen).
 * - TwinLinker, GroupIndex, TurnAssigner: twins, inference_id groups and streaming chunks, each event's turn.
 * - ArrivalWindow + eviction: bounded: beyond `cap` the oldest arrivals go (for caps of 10,000 and more, once 1 %
 *   over, back down to the cap), with every part updated and every eviction counted.
 * - This front adds the counters and caches views and turn groupings, extending them while only events were added.
 */
import { ArrivalWindow } from './arrival-window';
import { DeliveryLedger } from './delivery-ledger';
import { createEntry, type EventEntry, type StreamGroup } from './entry';
import {
  checkByteBudget,
  checkCap,
  DEFAULT_LOG_BYTES,
  DEFAULT_LOG_CAP,
  evictionCount,
  overByteBudget,
} from './eviction';
import { GroupIndex } from './group-index';
import { SearchCorpus } from './search-corpus';
import { Sequencer } from './sequencer';
import { TurnAssigner } from './turn-assigner';
import { TurnScanner } from './turns';
import { TwinLinker } from './twin-linker';
import { TypeTable } from './type-table';
import type {
  BetweenTurns,
  GapMarker,
  LogEvent,
  LogInput,
  LogStats,
  LogVocabulary,
  StreamSummary,
  Turn,
} from './types';
import { buildView, sameViewOptions, type LogView, type ViewOptions, type ViewSource } from './view';
import { Vocabulary } from './vocabulary';

export { DEFAULT_LOG_CAP };

export interface EventLogOptions {
  /** Most events held; the oldest arrivals are evicted beyond it. Default 100,000. */
  cap?: number;
  /** Most payload text held (UTF-16 units); the oldest arrivals are evicted beyond it too. Default 128 MB. */
  byteBudget?: number;
  /** Event ids per free-text search block (see SearchCorpus). Default CORPUS_BLOCK; tests use small ones. */
  searchBlock?: number;
}

export interface AddResult {
  readonly added: number;
  readonly redelivered: number;
  readonly evicted: number;
}

export class EventLog {
  private capValue: number;
  private readonly byteBudget: number;
  /** Payload text of the events held (see byteBudget). */
  private heldBytes = 0;
  private rev = 0;
  /** See ViewSource.arrivalShape / seqShape. */
  private arrivalShape = 0;
  private seqShape = 0;
  private nextId = 0;
  private readonly arrival = new ArrivalWindow();
  private readonly sequencer = new Sequencer();
  /** Kept across clear() (unless asked), so a re-sync cannot bring cleared rows back. */
  private readonly delivered = new DeliveryLedger();
  private readonly twinLinker = new TwinLinker();
  private readonly groups = new GroupIndex();
  private readonly turnAssigner = new TurnAssigner();
  private readonly vocab = new Vocabulary();
  /** Lower-cased payload texts by block of ids, for free-text filters (built on the first one). */
  private readonly corpus: SearchCorpus;
  private readonly types = new TypeTable();
  private received = 0;
  private evictedByCap = 0;
  private redelivered = 0;
  private cachedView: { options: ViewOptions; view: LogView } | undefined;
  /** Turn groupings by call filter, with the log state they cover (see turns()). */
  private cachedTurns = new Map<
    string | undefined,
    { scanner: TurnScanner; nextId: number; arrivalShape: number; seqShape: number }
  >();
  private readonly source: ViewSource;

  constructor(options: EventLogOptions = {}) {
    this.capValue = checkCap(options.cap ?? DEFAULT_LOG_CAP);
    this.byteBudget = checkByteBudget(options.byteBudget ?? DEFAULT_LOG_BYTES);
    this.corpus = new SearchCorpus(options.searchBlock);
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
      orderedChunks: () => this.sequencer.chunks,
      arrivalEntries: () => this.arrival.snapshot(),
      seenSeqs: (callId) => this.sequencer.seen(callId),
      entry: (id) => this.arrival.get(id),
      addedSince: (fromId) => this.arrival.range(fromId, this.nextId),
      streamSummary: (group) => this.summary(group),
      textHits: (needle) =>
        this.corpus.search(
          needle,
          this.arrival.firstId,
          this.nextId,
          (id) => this.arrival.get(id),
          (entry) => entry.searchText,
        ),
    };
  }

  /** Changes whenever anything in the log changes. */
  get revision(): number {
    return this.rev;
  }

  /** Events held. */
  get size(): number {
    return this.sequencer.size;
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
      if (this.delivered.isRedelivery(input)) {
        redelivered++;
        continue;
      }
      const entry = createEntry(this.nextId++, input);
      this.heldBytes += entry.payloadText.length;
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
    this.arrival.clear(this.nextId);
    this.sequencer.clear();
    this.twinLinker.clear();
    this.groups.clear();
    this.turnAssigner.clear();
    this.vocab.clear();
    this.corpus.clear();
    this.types.clear();
    this.received = 0;
    this.heldBytes = 0;
    this.evictedByCap = 0;
    this.redelivered = 0;
    if (options.forgetDelivered) this.delivered.clear();
    this.cachedView = undefined;
    this.cachedTurns.clear();
    this.arrivalShape++;
    this.rev++;
  }

  get(id: number): LogEvent | undefined {
    return this.arrival.get(id);
  }

  /** Held events in arrival order. */
  events(): IterableIterator<LogEvent> {
    return this.arrival.entries();
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
    return this.turnScanner(callId).turns();
  }

  /** Sends made between turns, with the replica speech they caused (see TurnScanner), from the same pass as turns(). */
  betweenTurns(callId?: string): readonly BetweenTurns[] {
    return this.turnScanner(callId).betweenTurns();
  }

  private turnScanner(callId: string | undefined): TurnScanner {
    const cached = this.cachedTurns.get(callId);
    if (cached && cached.arrivalShape === this.arrivalShape && cached.seqShape === this.seqShape) {
      for (const entry of this.arrival.range(cached.nextId, this.nextId)) cached.scanner.visit(entry);
      cached.nextId = this.nextId;
      return cached.scanner;
    }
    const scanner = new TurnScanner(callId);
    for (const entry of this.sequencer.entries()) scanner.visit(entry);
    this.cachedTurns.set(callId, {
      scanner,
      nextId: this.nextId,
      arrivalShape: this.arrivalShape,
      seqShape: this.seqShape,
    });
    return scanner;
  }

  /** Every held event sharing this event's inference_id (same call), in arrival order. */
  inferenceGroup(id: number): LogEvent[] {
    const entry = this.arrival.get(id);
    return entry ? [...this.groups.inferenceGroup(entry)] : [];
  }

  /** The collapsed stream (streaming utterance or audio echo) this event belongs to. */
  stream(id: number): StreamSummary | undefined {
    const group = this.arrival.get(id)?.stream;
    return group ? this.summary(group) : undefined;
  }

  /** This event and its twins, in arrival order (empty when it has none). */
  twins(id: number): LogEvent[] {
    const group = this.arrival.get(id)?.twin;
    return group && group.members.length > 1 ? [...group.members] : [];
  }

  /** Call ids in order of first appearance (since the last clear). */
  callIds(): string[] {
    return this.vocab.callIds();
  }

  /** Every run of seqs still missing for a call. */
  gaps(callId: string): GapMarker[] {
    return this.sequencer.gaps(callId);
  }

  stats(callId?: string): LogStats {
    const counts = this.sequencer.counts(callId);
    return {
      total: counts.events,
      received: this.received,
      evictedByCap: this.evictedByCap,
      redelivered: this.redelivered,
      malformed: counts.malformed,
      withProblems: counts.withProblems,
      anomalies: {
        outOfOrder: counts.outOfOrder,
        duplicate: counts.duplicate,
        late: counts.late,
        gapSeqs: counts.gapSeqs,
        gapRanges: counts.gapRanges,
      },
      cap: this.capValue,
    };
  }

  vocabulary(): LogVocabulary {
    return this.vocab.snapshot();
  }

  // -------------------------------------------------------------------------------------------------------------

  private insert(entry: EventEntry): void {
    this.received++;
    entry.typeInfo = this.types.intern(entry.eventType, entry.kind, entry.classified?.canonicalType);
    this.arrival.push(entry);
    // Twin keys first: the sequencer reads them to tell a twin (same seq on purpose) from a duplicate.
    const twinnable = this.twinLinker.identify(entry);
    if (this.sequencer.add(entry)) this.seqShape++;
    if (twinnable && !entry.duplicate && this.twinLinker.link(entry)) this.arrivalShape++;
    const decided = this.turnAssigner.assign(entry);
    if (decided.length > 0) {
      // Sends that waited for the call's first turn_idx have a turn now: views and turn groupings that placed them
      // without one are rebuilt (once per call at most).
      for (const earlier of decided) {
        earlier.matchFilterId = -1;
        this.vocab.remember(earlier);
      }
      this.arrivalShape++;
    }
    this.groups.add(entry);
    this.vocab.remember(entry);
    entry.releaseData();
  }

  private evictOverCap(): number {
    const count = evictionCount(this.sequencer.size, this.capValue);
    const overBytes = overByteBudget(this.heldBytes, this.byteBudget);
    if (count === 0 && !overBytes) return 0;
    let evicted = 0;
    while (evicted < count || (overBytes && this.heldBytes > this.byteBudget)) {
      const entry = this.arrival.shift();
      if (!entry) break;
      this.heldBytes -= entry.payloadText.length;
      this.sequencer.remove(entry);
      this.groups.remove(entry);
      this.twinLinker.unlink(entry);
      entry.evicted = true;
      evicted++;
    }
    this.arrival.compact();
    if (evicted > 0) this.corpus.dropBelow(this.arrival.firstId);
    this.evictedByCap += evicted;
    if (evicted > 0) this.arrivalShape++;
    return evicted;
  }

  private summary(group: StreamGroup): StreamSummary {
    return this.groups.summary(group, this.arrivalShape);
  }
}
