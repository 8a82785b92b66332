/**
 * Items of one call sorted by seq, with several items per seq allowed (duplicates, twins). Appends and removals at
 * the low end (eviction of the oldest) are O(1); a late item is a binary search plus a splice near the end, since
 * late events are rarely far behind.
 */
export class SeqIndex<T> {
  private seqs: number[] = [];
  private buckets: T[][] = [];
  /** Entries below `head` are dead (removed from the low end without shifting). */
  private head = 0;

  get size(): number {
    return this.seqs.length - this.head;
  }

  /** First index whose seq is >= `seq`. */
  private lowerBound(seq: number): number {
    const seqs = this.seqs;
    let lo = this.head;
    let hi = seqs.length;
    if (hi > lo && seqs[hi - 1]! < seq) return hi; // appending: the common case
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Items with exactly this seq, in list order. */
  bucket(seq: number): readonly T[] | undefined {
    const i = this.lowerBound(seq);
    return i < this.seqs.length && this.seqs[i] === seq ? this.buckets[i] : undefined;
  }

  /** The first item of the smallest seq above `seq`. */
  successor(seq: number): T | undefined {
    let i = this.lowerBound(seq);
    if (i < this.seqs.length && this.seqs[i] === seq) i++;
    return this.buckets[i]?.[0];
  }

  insert(seq: number, item: T): void {
    const i = this.lowerBound(seq);
    if (i < this.seqs.length && this.seqs[i] === seq) {
      this.buckets[i]!.push(item);
    } else if (i === this.seqs.length) {
      this.seqs.push(seq);
      this.buckets.push([item]);
    } else if (i === this.head && this.head > 0) {
      this.head--;
      this.seqs[this.head] = seq;
      this.buckets[this.head] = [item];
    } else {
      this.seqs.splice(i, 0, seq);
      this.buckets.splice(i, 0, [item]);
    }
  }

  remove(seq: number, item: T): void {
    const i = this.lowerBound(seq);
    if (i >= this.seqs.length || this.seqs[i] !== seq) return;
    const bucket = this.buckets[i]!;
    const at = bucket.indexOf(item);
    if (at < 0) return;
    bucket.splice(at, 1);
    if (bucket.length > 0) return;
    if (i === this.head) {
      this.buckets[i] = [];
      this.head++;
      if (this.head > 1024 && this.head * 2 > this.seqs.length) {
        this.seqs = this.seqs.slice(this.head);
        this.buckets = this.buckets.slice(this.head);
        this.head = 0;
      }
    } else if (i === this.seqs.length - 1) {
      this.seqs.pop();
      this.buckets.pop();
    } else {
      this.seqs.splice(i, 1);
      this.buckets.splice(i, 1);
    }
  }
}
