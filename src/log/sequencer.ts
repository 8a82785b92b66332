/**
 * The log's order and per-call seq bookkeeping: every held entry in one seq-ordered list, each call's incoming
 * events placed by the sender's `seq` (unsequenced ones at the end, i.e. in arrival position), anomalies flagged and
 * counted per call, and every seq ever seen remembered, so evicting old events never invents a gap.
 */
import { ChunkedList } from './chunked-list';
import type { EventEntry } from './entry';
import { IntervalSet } from './interval-set';
import { SeqIndex } from './seq-index';
import type { GapMarker } from './types';

/** Per-call counts of held events (what `EventLog.stats` adds up). */
export interface CallCounts {
  events: number;
  outOfOrder: number;
  duplicate: number;
  late: number;
  malformed: number;
  withProblems: number;
  /** Seqs missing between the lowest and highest seen, and the runs they form. */
  gapSeqs: number;
  gapRanges: number;
}

class CallSequence {
  readonly seen = new IntervalSet();
  readonly seqIndex = new SeqIndex<EventEntry>();
  maxSeq = -Infinity;
  events = 0;
  outOfOrder = 0;
  duplicate = 0;
  late = 0;
  malformed = 0;
  withProblems = 0;
}

/** Whether an entry is ordered by its seq: incoming app-messages that carry one. */
function isSequenced(entry: EventEntry): boolean {
  return entry.seq !== undefined && entry.dir === 'in' && entry.recordKind === 'app-message';
}

export class Sequencer {
  private readonly list = new ChunkedList<EventEntry>();
  private calls = new Map<string, CallSequence>();
  /** The last call looked up: consecutive events almost always belong to the same call. */
  private lastCall: CallSequence | undefined;
  private lastCallId: string | undefined;

  /** Entries held, in order. */
  get size(): number {
    return this.list.size;
  }

  /** The ordered list in chunks, for fast iteration (do not modify). */
  get chunks(): ReadonlyArray<{ items: EventEntry[] }> {
    return this.list.chunks;
  }

  *entries(): IterableIterator<EventEntry> {
    for (const chunk of this.list.chunks) yield* chunk.items;
  }

  /**
   * Places a new entry and counts it: after an equal seq, else before the next higher seq, else at the end. Reads
   * `twinKey`/`twinIdentity` (set before) to tell a twin from a duplicate. True when it landed before the end of the
   * order (a view in seq order cannot just append it).
   */
  add(entry: EventEntry): boolean {
    const call = this.call(entry.callId);
    call.events++;
    if (entry.kind === 'malformed') call.malformed++;
    if (entry.problems.length > 0) call.withProblems++;
    if (!isSequenced(entry)) {
      this.list.append(entry);
      return false;
    }
    this.placeBySeq(entry, call);
    return !this.list.isLast(entry);
  }

  /** Takes an entry out of the order and the counts; its seq stays seen. */
  remove(entry: EventEntry): void {
    this.list.remove(entry);
    const call = this.calls.get(entry.callId);
    if (!call) return;
    call.events--;
    if (entry.kind === 'malformed') call.malformed--;
    if (entry.problems.length > 0) call.withProblems--;
    if (entry.outOfOrder) call.outOfOrder--;
    if (entry.duplicate) call.duplicate--;
    if (entry.late) call.late--;
    if (entry.seqIndexed) call.seqIndex.remove(entry.seq!, entry);
  }

  clear(): void {
    this.list.clear();
    this.calls = new Map();
    this.lastCall = undefined;
    this.lastCallId = undefined;
  }

  /** Every seq seen for a call (held or evicted). */
  seen(callId: string): IntervalSet | undefined {
    return this.calls.get(callId)?.seen;
  }

  /** Every run of seqs still missing for a call. */
  gaps(callId: string): GapMarker[] {
    const seen = this.calls.get(callId)?.seen;
    if (!seen || seen.size === 0) return [];
    return seen
      .missingBetween(seen.min! - 1, seen.max! + 1)
      .map(([fromSeq, toSeq]) => ({ callId, fromSeq, toSeq, count: toSeq - fromSeq + 1 }));
  }

  /** Counts of one call, or of every call added up. */
  counts(callId?: string): CallCounts {
    const totals: CallCounts = {
      events: 0,
      outOfOrder: 0,
      duplicate: 0,
      late: 0,
      malformed: 0,
      withProblems: 0,
      gapSeqs: 0,
      gapRanges: 0,
    };
    const calls = callId === undefined ? this.calls.values() : [this.calls.get(callId)];
    for (const call of calls) {
      if (!call) continue;
      totals.events += call.events;
      totals.outOfOrder += call.outOfOrder;
      totals.duplicate += call.duplicate;
      totals.late += call.late;
      totals.malformed += call.malformed;
      totals.withProblems += call.withProblems;
      totals.gapSeqs += call.seen.missingCount();
      totals.gapRanges += Math.max(0, call.seen.runs - 1);
    }
    return totals;
  }

  private call(callId: string): CallSequence {
    if (callId === this.lastCallId && this.lastCall) return this.lastCall;
    let call = this.calls.get(callId);
    if (!call) {
      call = new CallSequence();
      this.calls.set(callId, call);
    }
    this.lastCall = call;
    this.lastCallId = callId;
    return call;
  }

  private placeBySeq(entry: EventEntry, call: CallSequence): void {
    const seq = entry.seq!;
    entry.seqIndexed = true;
    const bucket = call.seqIndex.bucket(seq);
    if (call.seen.has(seq)) {
      // Same seq again: a twin if its partner (same twin key, other identity) holds the seq and no copy of this very
      // message does; otherwise a duplicate.
      let copy = false;
      let partner = false;
      if (entry.twinKey !== undefined && bucket) {
        for (const other of bucket) {
          if (other.twinKey !== entry.twinKey) continue;
          if (other.twinIdentity === entry.twinIdentity) copy = true;
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
    if (bucket && bucket.length > 0) this.list.insertAfter(bucket[bucket.length - 1]!, entry);
    else {
      const next = call.seqIndex.successor(seq);
      if (next) this.list.insertBefore(next, entry);
      else this.list.append(entry);
    }
    call.seqIndex.insert(seq, entry);
    call.seen.add(seq);
    if (seq > call.maxSeq) call.maxSeq = seq;
  }
}
