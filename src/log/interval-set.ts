/**
 * A set of integers stored as sorted, disjoint, non-adjacent inclusive runs. A gap-free seq stream is one run, so
 * "which seqs of this call have we ever seen" costs almost nothing, and appending the next seq is O(1).
 */
export class IntervalSet {
  private starts: number[] = [];
  private ends: number[] = [];
  private count = 0;

  /** How many integers are in the set. */
  get size(): number {
    return this.count;
  }

  get runs(): number {
    return this.starts.length;
  }

  get min(): number | undefined {
    return this.starts[0];
  }

  get max(): number | undefined {
    return this.ends[this.ends.length - 1];
  }

  /** Index of the last run starting at or below `x`, or -1. */
  private runAtOrBelow(x: number): number {
    const starts = this.starts;
    const last = starts.length - 1;
    if (last >= 0 && starts[last]! <= x) return last; // the common case: at or past the newest run
    let lo = 0;
    let hi = last;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= x) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  has(x: number): boolean {
    const i = this.runAtOrBelow(x);
    return i >= 0 && x <= this.ends[i]!;
  }

  /** Adds `x`; returns false when it was already there. */
  add(x: number): boolean {
    const i = this.runAtOrBelow(x);
    if (i >= 0 && x <= this.ends[i]!) return false;
    const joinsLeft = i >= 0 && this.ends[i] === x - 1;
    const joinsRight = i + 1 < this.starts.length && this.starts[i + 1] === x + 1;
    if (joinsLeft && joinsRight) {
      this.ends[i] = this.ends[i + 1]!;
      this.starts.splice(i + 1, 1);
      this.ends.splice(i + 1, 1);
    } else if (joinsLeft) this.ends[i] = x;
    else if (joinsRight) this.starts[i + 1] = x;
    else {
      this.starts.splice(i + 1, 0, x);
      this.ends.splice(i + 1, 0, x);
    }
    this.count++;
    return true;
  }

  /** Integers between min and max that are not in the set. */
  missingCount(): number {
    if (this.starts.length === 0) return 0;
    return this.max! - this.min! + 1 - this.count;
  }

  /** Runs of missing integers strictly between `after` and `before`, ascending. */
  missingBetween(after: number, before: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let cursor = after + 1; // first candidate not yet known to be present
    const last = before - 1;
    if (cursor > last) return out;
    let i = Math.max(0, this.runAtOrBelow(cursor));
    for (; i < this.starts.length && cursor <= last; i++) {
      const start = this.starts[i]!;
      const end = this.ends[i]!;
      if (end < cursor) continue;
      if (start > cursor) out.push([cursor, Math.min(start - 1, last)]);
      cursor = end + 1;
    }
    if (cursor <= last) out.push([cursor, last]);
    return out;
  }
}
