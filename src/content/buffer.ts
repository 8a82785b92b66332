/**
 * The relay's bounded record buffer. Every record gets a dense cursor (1, 2, 3, …) in arrival order; a reader that
 * remembers the last cursor it saw can resume after any disconnect with no loss and no duplicate. Two bounds hold
 * together: a record count and a byte budget (JSON text plus a fixed overhead per record). When either is hit the
 * oldest records go, and both the records and the bytes evicted are counted so a reader learns exactly what it missed.
 */
import type { BufferedRecord, CapturedRecord } from '../record/record';

export interface BufferSlice {
  events: BufferedRecord[];
  /** Lowest cursor still held (head + 1 when empty). */
  firstCursor: number;
  /** Evicted since the document started, plus `droppedUpstream`. */
  dropped: number;
  droppedBytes: number;
  /** Lost before they reached the buffer (the hook's budget): they never got a cursor, so no gap shows them. */
  droppedUpstream: number;
}

/** What one record costs the buffer: its text (UTF-16 units, about a byte each for JSON) plus the record object. */
export const recordBytes = (record: CapturedRecord): number =>
  record.json.length + 200 + (record.kind === 'app-message' && Array.isArray(record.to) ? record.to.length * 40 : 0);

export class RecordBuffer {
  private ring: (BufferedRecord | undefined)[] = [];
  private weights: number[] = [];
  private start = 0; // index in `ring` of the oldest record
  private count = 0;
  private nextCursor = 1;
  private evicted = 0;
  private evictedBytes = 0;
  private lostUpstream = 0;
  private held = 0;

  constructor(
    private cap: number,
    private budget = Infinity,
  ) {
    if (!Number.isSafeInteger(cap) || cap < 1)
      throw new RangeError(`buffer cap must be a positive integer, got ${cap}`);
  }

  get size(): number {
    return this.count;
  }
  /** Highest cursor handed out (0 before the first record). */
  get head(): number {
    return this.nextCursor - 1;
  }
  get dropped(): number {
    return this.evicted;
  }
  get droppedBytes(): number {
    return this.evictedBytes;
  }
  /** Records lost before they got a cursor (see countDropped); included in `dropped`. */
  get droppedUpstream(): number {
    return this.lostUpstream;
  }
  /** Bytes the held records cost. */
  get bytes(): number {
    return this.held;
  }
  get capacity(): number {
    return this.cap;
  }
  get byteBudget(): number {
    return this.budget;
  }
  get firstCursor(): number {
    return this.nextCursor - this.count;
  }

  push(record: CapturedRecord): BufferedRecord {
    const buffered = Object.assign(record, { cursor: this.nextCursor++ }) as BufferedRecord;
    const weight = recordBytes(record);
    if (this.count === this.cap) this.evictOldest();
    while (this.count > 0 && this.held + weight > this.budget) this.evictOldest();
    const index = (this.start + this.count) % this.cap;
    this.ring[index] = buffered;
    this.weights[index] = weight;
    this.count++;
    this.held += weight;
    return buffered;
  }

  private evictOldest(): void {
    const weight = this.weights[this.start] ?? 0;
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.cap;
    this.count--;
    this.held -= weight;
    this.evicted++;
    this.evictedBytes += weight;
  }

  /** Records lost before they reached this buffer (e.g. the hook's own budget); counted like evictions. */
  countDropped(n: number, bytes = 0): void {
    if (Number.isSafeInteger(n) && n > 0) {
      this.evicted += n;
      this.lostUpstream += n;
    }
    if (Number.isSafeInteger(bytes) && bytes > 0) this.evictedBytes += bytes;
  }

  /** Records with cursor > `after`, at most `limit` of them, oldest first. */
  since(after: number, limit = Infinity): BufferSlice {
    const first = this.firstCursor;
    const from = Math.max(after + 1, first);
    const n = Math.max(0, Math.min(this.nextCursor - from, limit));
    const events: BufferedRecord[] = new Array(n);
    const offset = from - first;
    for (let i = 0; i < n; i++) events[i] = this.ring[(this.start + offset + i) % this.cap] as BufferedRecord;
    return {
      events,
      firstCursor: first,
      dropped: this.evicted,
      droppedBytes: this.evictedBytes,
      droppedUpstream: this.lostUpstream,
    };
  }

  /** Changes the bounds; shrinking evicts the oldest records (counted as dropped). */
  resize(cap: number, budget = this.budget): void {
    if (!Number.isSafeInteger(cap) || cap < 1)
      throw new RangeError(`buffer cap must be a positive integer, got ${cap}`);
    const all = this.since(0).events;
    this.ring = new Array(cap);
    this.weights = new Array(cap);
    this.cap = cap;
    this.budget = budget;
    this.start = 0;
    this.count = 0;
    this.held = 0;
    const firstCursorKept = this.nextCursor;
    // Re-add from the newest backwards while both bounds allow, then lay them out oldest first.
    let keep = 0;
    let bytes = 0;
    for (let i = all.length - 1; i >= 0 && keep < cap; i--) {
      const w = recordBytes(all[i] as BufferedRecord);
      if (keep > 0 && bytes + w > budget) break;
      keep++;
      bytes += w;
    }
    const kept = all.slice(all.length - keep);
    for (const record of all.slice(0, all.length - keep)) {
      this.evicted++;
      this.evictedBytes += recordBytes(record);
    }
    kept.forEach((record, i) => {
      this.ring[i] = record;
      this.weights[i] = recordBytes(record);
    });
    this.count = kept.length;
    this.held = bytes;
    this.nextCursor = firstCursorKept;
  }

  /** Forgets everything (the relay retired); the cursors go on so nothing is ever numbered twice. */
  clear(): void {
    this.evicted += this.count;
    this.evictedBytes += this.held;
    this.ring = new Array(this.cap);
    this.weights = new Array(this.cap);
    this.start = 0;
    this.count = 0;
    this.held = 0;
  }
}

/** Splits a slice into messages of bounded size so one port message never carries megabytes. */
export function chunkForTransfer(events: BufferedRecord[], maxEvents = 2000, maxChars = 4_000_000): BufferedRecord[][] {
  const chunks: BufferedRecord[][] = [];
  let current: BufferedRecord[] = [];
  let chars = 0;
  for (const event of events) {
    const weight = event.json.length + 200;
    if (current.length > 0 && (current.length >= maxEvents || chars + weight > maxChars)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(event);
    chars += weight;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
