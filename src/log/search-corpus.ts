/**
 * Free-text search over many events at once. Each block of BLOCK consecutive event ids keeps its events' lower-cased
 * search texts joined into one string, built on the first text search that needs it. One regex pass over a block
 * replaces a thousand `includes` calls on strings scattered across the heap: at 100k events the scattered reads,
 * not the comparing, were most of a free-text filter's time.
 *
 * The blocks cost what the per-event lower-cased copies they replace cost (one code unit per payload code unit, see
 * `bytes`); a block goes once all its events are evicted. The newest, incomplete block is searched event by event.
 */
import type { EventEntry } from './entry';

/** Event ids per block. */
export const CORPUS_BLOCK = 1024;

/** What search() reads: the lower-cased search text of an event (EventEntry.searchText). */
export type SearchTextOf = (entry: EventEntry) => string;

interface Block {
  /** The events' lower-cased search texts, in id order, one separator apart. */
  readonly text: string;
  /** Offset where event `first + i`'s text starts; starts[count] is the text's length + 1. */
  readonly starts: Int32Array;
}

/** Which events in [fromId, toId) contain a needle: bits[id - fromId] is 1 for a hit. */
export interface TextHits {
  readonly fromId: number;
  readonly toId: number;
  readonly bits: Uint8Array;
}

const SEPARATOR = '\n';

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

export class SearchCorpus {
  private readonly blocks = new Map<number, Block>();

  private readonly blockSize: number;

  constructor(blockSize: number = CORPUS_BLOCK) {
    this.blockSize = Number.isInteger(blockSize) && blockSize >= 1 ? blockSize : CORPUS_BLOCK;
  }

  /** Code units held (the lower-cased copies), for memory accounting. */
  get bytes(): number {
    let total = 0;
    for (const block of this.blocks.values()) total += block.text.length;
    return total;
  }

  get blockCount(): number {
    return this.blocks.size;
  }

  clear(): void {
    this.blocks.clear();
  }

  /** Drops the blocks whose events all have ids below `firstHeldId` (evicted). */
  dropBelow(firstHeldId: number): void {
    for (const index of this.blocks.keys()) if ((index + 1) * this.blockSize <= firstHeldId) this.blocks.delete(index);
  }

  /**
   * Events with ids in [fromId, toId) whose search text includes `needle` (already lower-cased): exactly
   * `searchTextOf(entry).includes(needle)` for each held entry (`entryById` returns undefined for evicted ids).
   */
  search(
    needle: string,
    fromId: number,
    toId: number,
    entryById: (id: number) => EventEntry | undefined,
    searchTextOf: SearchTextOf,
  ): TextHits {
    const bits = new Uint8Array(Math.max(0, toId - fromId));
    if (needle === '') {
      bits.fill(1);
      return { fromId, toId, bits };
    }
    // Case-insensitive on purpose: V8 scans a long string for a literal faster with the i flag. It can match more
    // than the exact lower-cased needle (e.g. "ς" for "σ"), so every match is checked with startsWith.
    const pattern = new RegExp(escapeRegExp(needle), 'gi');
    const size = this.blockSize;
    let id = fromId;
    while (id < toId) {
      const index = Math.floor(id / size);
      const first = index * size;
      const end = first + size;
      if (end > toId) {
        // The newest block is still filling: search its events one by one.
        for (; id < toId; id++) {
          const entry = entryById(id);
          if (entry && searchTextOf(entry).includes(needle)) bits[id - fromId] = 1;
        }
        break;
      }
      const block = this.block(index, entryById, searchTextOf);
      this.searchBlock(block, pattern, needle, first, Math.max(first, fromId), bits, fromId);
      id = end;
    }
    return { fromId, toId, bits };
  }

  private block(index: number, entryById: (id: number) => EventEntry | undefined, searchTextOf: SearchTextOf): Block {
    const known = this.blocks.get(index);
    if (known) return known;
    const size = this.blockSize;
    const first = index * size;
    const parts: string[] = new Array<string>(size);
    const starts = new Int32Array(size + 1);
    let offset = 0;
    for (let i = 0; i < size; i++) {
      const entry = entryById(first + i);
      // Lower-cased one event at a time: lower-casing can depend on the neighbouring letters (final sigma).
      const text = entry ? searchTextOf(entry) : '';
      parts[i] = text;
      starts[i] = offset;
      offset += text.length + SEPARATOR.length;
    }
    starts[size] = offset;
    const block: Block = { text: parts.join(SEPARATOR), starts };
    this.blocks.set(index, block);
    return block;
  }

  /** Marks the events of `block` (ids from `first`) at or after `fromId` whose text includes `needle`. */
  private searchBlock(
    block: Block,
    pattern: RegExp,
    needle: string,
    first: number,
    fromId: number,
    bits: Uint8Array,
    bitsFrom: number,
  ): void {
    const { text, starts } = block;
    const count = starts.length - 1;
    const length = needle.length;
    let i = fromId - first;
    pattern.lastIndex = starts[i]!;
    while (i < count && pattern.test(text)) {
      // lastIndex is the end of the match; without the u flag each needle code unit matches one code unit.
      const start = pattern.lastIndex - length;
      while (i < count && starts[i + 1]! <= start) i++;
      if (i >= count) break;
      const entryEnd = starts[i + 1]! - SEPARATOR.length;
      if (start >= starts[i]! && start + length <= entryEnd && text.startsWith(needle, start)) {
        bits[first + i - bitsFrom] = 1;
        i++;
        if (i >= count) break;
        pattern.lastIndex = starts[i]!;
      } else pattern.lastIndex = start + 1;
    }
  }
}
