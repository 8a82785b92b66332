/**
 * The relay's bounded record buffer. Every record gets a dense cursor (1, 2, 3, …) in arrival order; a reader that
 * remembers the last cursor it saw can resume after any disconnect with no loss and no duplicate. When the bound is
 * hit the oldest records go, and the count of evicted records is kept so a reader learns exactly what it missed.
 */
import type { BufferedRecord, CapturedRecord } from '../record/record';

export interface BufferSlice {
  events: BufferedRecord[];
  /** Lowest cursor still held (head + 1 when empty). */
  firstCursor: number;
  /** Evicted since the document started. */
  dropped: number;
}

export class RecordBuffer {
  private ring: (BufferedRecord | undefined)[] = [];
  private start = 0; // index in `ring` of the oldest record
  private count = 0;
  private nextCursor = 1;
  private evicted = 0;

  constructor(private cap: number) {
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
  get capacity(): number {
    return this.cap;
  }
  get firstCursor(): number {
    return this.nextCursor - this.count;
  }

  push(record: CapturedRecord): BufferedRecord {
    const buffered = Object.assign(record, { cursor: this.nextCursor++ }) as BufferedRecord;
    if (this.count === this.cap) {
      this.ring[this.start] = buffered; // overwrite the oldest
      this.start = (this.start + 1) % this.cap;
      this.evicted++;
    } else {
      this.ring[(this.start + this.count) % this.cap] = buffered;
      this.count++;
    }
    return buffered;
  }

  /** Records lost before they reached this buffer (e.g. the hook's own bound); counted like evictions. */
  countDropped(n: number): void {
    if (Number.isSafeInteger(n) && n > 0) this.evicted += n;
  }

  /** Records with cursor > `after`, at most `limit` of them, oldest first. */
  since(after: number, limit = Infinity): BufferSlice {
    const first = this.firstCursor;
    const from = Math.max(after + 1, first);
    const n = Math.max(0, Math.min(this.nextCursor - from, limit));
    const events: BufferedRecord[] = new Array(n);
    const offset = from - first;
    for (let i = 0; i < n; i++) events[i] = this.ring[(this.start + offset + i) % this.cap] as BufferedRecord;
    return { events, firstCursor: first, dropped: this.evicted };
  }

  /** Changes the bound; shrinking evicts the oldest records (counted as dropped). */
  resize(cap: number): void {
    if (!Number.isSafeInteger(cap) || cap < 1)
      throw new RangeError(`buffer cap must be a positive integer, got ${cap}`);
    const kept = this.since(0).events.slice(-cap);
    this.evicted += this.count - kept.length;
    this.cap = cap;
    this.ring = kept.concat(new Array(Math.max(0, cap - kept.length)));
    this.ring.length = cap;
    this.start = 0;
    this.count = kept.length;
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
