/**
 * An ordered list split into chunks of a few hundred items, so inserting a late event in the middle moves at most
 * one chunk's worth of references instead of the whole 100k-long array. Each item remembers its chunk, so finding an
 * item's place is a short scan of one chunk.
 */
export interface Chunk<T> {
  items: T[];
}

export interface Chunked<T> {
  chunk: Chunk<T> | undefined;
}

const TARGET = 512;
const MAX = 1024;

export class ChunkedList<T extends Chunked<T>> {
  private chunkList: Array<Chunk<T>> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The chunks in order, for fast iteration (do not modify). */
  get chunks(): ReadonlyArray<Chunk<T>> {
    return this.chunkList;
  }

  clear(): void {
    this.chunkList = [];
    this.count = 0;
  }

  /** Whether `item` is the last item of the list. */
  isLast(item: T): boolean {
    const last = this.chunkList[this.chunkList.length - 1];
    return last !== undefined && last.items[last.items.length - 1] === item;
  }

  append(item: T): void {
    let last = this.chunkList[this.chunkList.length - 1];
    if (!last || last.items.length >= TARGET) {
      last = { items: [] };
      this.chunkList.push(last);
    }
    last.items.push(item);
    item.chunk = last;
    this.count++;
  }

  insertBefore(ref: T, item: T): void {
    this.insertAt(ref, item, 0);
  }

  insertAfter(ref: T, item: T): void {
    this.insertAt(ref, item, 1);
  }

  private insertAt(ref: T, item: T, offset: 0 | 1): void {
    const chunk = ref.chunk;
    const at = chunk ? chunk.items.indexOf(ref) : -1;
    if (!chunk || at < 0) {
      // The reference is not in this list (should not happen); keep the item rather than lose it.
      this.append(item);
      return;
    }
    chunk.items.splice(at + offset, 0, item);
    item.chunk = chunk;
    this.count++;
    if (chunk.items.length > MAX) this.split(chunk);
  }

  private split(chunk: Chunk<T>): void {
    const moved = chunk.items.splice(chunk.items.length >> 1);
    const next: Chunk<T> = { items: moved };
    for (const item of moved) item.chunk = next;
    this.chunkList.splice(this.chunkList.indexOf(chunk) + 1, 0, next);
  }

  remove(item: T): void {
    const chunk = item.chunk;
    if (!chunk) return;
    const at = chunk.items.indexOf(item);
    if (at < 0) return;
    chunk.items.splice(at, 1);
    item.chunk = undefined;
    this.count--;
    if (chunk.items.length === 0) this.chunkList.splice(this.chunkList.indexOf(chunk), 1);
  }

  toArray(): T[] {
    const out: T[] = [];
    for (const chunk of this.chunkList) for (const item of chunk.items) out.push(item);
    return out;
  }
}
