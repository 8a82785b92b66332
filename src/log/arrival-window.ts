/**
 * Held entries in arrival order, found by id in O(1): ids are dense, so `entries[id - baseId]` is the entry. The
 * oldest leave from the front (eviction) without shifting the array; the dead front is dropped once it is the
 * larger part.
 */
import type { EventEntry } from './entry';

/** Dead slots kept at the front before the array is compacted (and only when they are the larger part). */
const COMPACT_AFTER = 4096;

export class ArrivalWindow {
  /** Slots below `head` were evicted; entries[i].id === baseId + i. */
  private slots: Array<EventEntry | undefined> = [];
  private head = 0;
  private baseId = 0;

  push(entry: EventEntry): void {
    this.slots.push(entry);
  }

  /** Lowest id that may still be held (ids below it were evicted or cleared). */
  get firstId(): number {
    return this.baseId + this.head;
  }

  get(id: number): EventEntry | undefined {
    const index = id - this.baseId;
    if (!Number.isInteger(index) || index < this.head || index >= this.slots.length) return undefined;
    return this.slots[index];
  }

  /** Held entries from `fromId` to (not including) `toId`, in arrival order. */
  *range(fromId: number, toId: number): IterableIterator<EventEntry> {
    for (let id = fromId; id < toId; id++) {
      const entry = this.get(id);
      if (entry) yield entry;
    }
  }

  *entries(): IterableIterator<EventEntry> {
    for (let i = this.head; i < this.slots.length; i++) {
      const entry = this.slots[i];
      if (entry) yield entry;
    }
  }

  /** The raw slots for a view build (read from `head` on; do not modify). */
  snapshot(): { entries: readonly EventEntry[]; head: number } {
    return { entries: this.slots as readonly EventEntry[], head: this.head };
  }

  /** Removes and returns the oldest held entry. */
  shift(): EventEntry | undefined {
    while (this.head < this.slots.length) {
      const entry = this.slots[this.head];
      this.slots[this.head] = undefined;
      this.head++;
      if (entry) return entry;
    }
    return undefined;
  }

  /** Drops the dead front once it is the larger part of the array (call after a run of shifts). */
  compact(): void {
    if (this.head > COMPACT_AFTER && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.baseId += this.head;
      this.head = 0;
    }
  }

  /** Empties the window; the next entry pushed gets `nextId`. */
  clear(nextId: number): void {
    this.slots = [];
    this.head = 0;
    this.baseId = nextId;
  }
}
