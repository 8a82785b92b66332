import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog, parseFilter, type LogEvent } from '../../../src/log';
import type { EventEntry } from '../../../src/log/entry';
import { SearchCorpus } from '../../../src/log/search-corpus';
import { app, callState, ev } from './helpers';

/** Letters whose lower-casing is odd: final sigma, dotted I (two code units lower-cased), Kelvin sign, sharp s. */
const ALPHABET = ['a', 'B', 'r', 'e', 'F', 'Σ', 'σ', 'ς', 'İ', 'i', '\u0307', 'K', 'k', 'ß', 'é', 'É', '\n', ' ', '"'];
const textArb = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 12 }).map((chars) => chars.join(''));

/** Stand-in entries: SearchCorpus reads only what `searchTextOf` returns. */
function entries(texts: readonly string[]): EventEntry[] {
  return texts.map((text, id) => ({ id, text }) as unknown as EventEntry);
}
const searchTextOf = (entry: EventEntry) => (entry as unknown as { text: string }).text.toLowerCase();

describe('SearchCorpus', () => {
  it('finds exactly the events whose lower-cased text includes the needle, across blocks, evictions and a growing tail', () => {
    fc.assert(
      fc.property(
        fc.array(textArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(textArb, fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
        (texts, blockSize, searches) => {
          const all = entries(texts);
          const corpus = new SearchCorpus(blockSize);
          let firstHeld = 0;
          for (const [randomNeedle, pick, grow, evict] of searches) {
            // Held ids [firstHeld, toId): evictions only move forward; the log only grows.
            const toId = Math.max(firstHeld + 1, Math.min(all.length, 1 + (grow % all.length)));
            firstHeld = Math.min(toId - 1, firstHeld + (evict % 3));
            corpus.dropBelow(firstHeld);
            const byId = (id: number) => (id >= firstHeld && id < toId ? all[id] : undefined);
            // Needles: random ones, and pieces of the texts (so most searches have hits).
            const source = searchTextOf(all[pick % all.length]!);
            const start = pick % (source.length + 1);
            const needles = [randomNeedle.toLowerCase(), source.slice(start, start + 1 + (grow % 4))];
            for (const needle of needles) {
              const hits = corpus.search(needle, firstHeld, toId, byId, searchTextOf);
              const got: number[] = [];
              for (let id = firstHeld; id < toId; id++) if (hits.bits[id - firstHeld] === 1) got.push(id);
              const want: number[] = [];
              for (let id = firstHeld; id < toId; id++) if (searchTextOf(all[id]!).includes(needle)) want.push(id);
              expect(got, `needle ${JSON.stringify(needle)}`).toEqual(want);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('checks case-folded matches against the exact needle, and never matches across two events', () => {
    const all = entries(['ς', 'σ', 'ab', 'cd', 'Kx', 'kx']);
    const corpus = new SearchCorpus(8);
    const bits = (needle: string) => [...corpus.search(needle, 0, 6, (id) => all[id], searchTextOf).bits];
    // Complete blocks only are joined: a block of 2 makes three joined blocks.
    const small = new SearchCorpus(2);
    const smallBits = (needle: string) => [...small.search(needle, 0, 6, (id) => all[id], searchTextOf).bits];
    for (const search of [bits, smallBits]) {
      expect(search('σ')).toEqual([0, 1, 0, 0, 0, 0]); // /σ/i also matches ς
      expect(search('b\nc')).toEqual([0, 0, 0, 0, 0, 0]); // the separator between "ab" and "cd"
      expect(search('bc')).toEqual([0, 0, 0, 0, 0, 0]);
      expect(search('kx')).toEqual([0, 0, 0, 0, 1, 1]);
      expect(search('\u212ax')).toEqual([0, 0, 0, 0, 0, 0]); // the Kelvin sign lower-cases to k
    }
  });

  it('drops blocks once all their events are evicted, and counts what it holds', () => {
    const all = entries(['Aa', 'bb', 'cc', 'dd', 'ee']);
    const corpus = new SearchCorpus(2);
    corpus.search('x', 0, 5, (id) => all[id], searchTextOf);
    expect(corpus.blockCount).toBe(2); // ids 0-1 and 2-3; id 4 is the growing tail
    expect(corpus.bytes).toBe('aa\nbb'.length + 'cc\ndd'.length);
    corpus.dropBelow(3);
    expect(corpus.blockCount).toBe(1);
    corpus.clear();
    expect(corpus.bytes).toBe(0);
  });
});

describe('free-text filters through the search corpus', () => {
  const words = ['Refund', 'policy', 'ΣΟΦΊΑ', 'option 42', 'İstanbul', 'naïve', 'x"y', 'a\\b'];
  const inputArb = fc.tuple(fc.constantFrom(...words), fc.constantFrom(...words), fc.boolean(), fc.nat(5));

  it('a view shows the same rows as the filter applied to each event alone, with eviction and appends', () => {
    fc.assert(
      fc.property(
        fc.array(inputArb, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('refund', 'σοφία', 'OPTION', '"x\\"y"', 'a\\\\b', 'istanbul', '-policy', 'naïve refund', '4'),
        fc.constantFrom(1000, 25),
        fc.integer({ min: 1, max: 7 }),
        (items, text, cap, searchBlock) => {
          const parsed = parseFilter(text);
          if (!parsed.ok) throw new Error(parsed.error);
          const filter = parsed.filter;
          const log = new EventLog({ cap, searchBlock });
          let seq = 0;
          const half = Math.ceil(items.length / 2);
          const add = (part: typeof items) =>
            log.add(
              part.map(([first, second, state, extra]) =>
                state
                  ? callState('participant-joined', { note: `${first} ${extra}` })
                  : app(ev('conversation.utterance', ++seq, { role: 'user', speech: `${first} ${second} ${extra}` })),
              ),
            );
          const check = () => {
            const view = log.view({ order: 'arrival', filter, collapseStreams: false });
            const want = [...log.events()].filter((event: LogEvent) => filter.matches(event)).map((e) => e.id);
            expect(view.eventIds()).toEqual(want);
          };
          add(items.slice(0, half));
          check();
          add(items.slice(half)); // extends the cached view: the new events are searched one by one
          check();
        },
      ),
      { numRuns: 300 },
    );
  });
});
