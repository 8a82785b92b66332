import { describe, expect, it } from 'vitest';
import { createEntry, type EventEntry } from '../../../src/log/entry';
import { buildView, type ViewSource } from '../../../src/log/view';
import { app, ev } from './helpers';

/** A log stand-in holding entries with any ids (a real log needs two billion events to reach these). */
function sourceOf(entries: EventEntry[]): ViewSource & { entries: EventEntry[]; revision: number } {
  const source = {
    entries,
    revision: 1,
    get nextId() {
      return source.entries[source.entries.length - 1]!.id + 1;
    },
    addedSince: (fromId: number) => source.entries.filter((e) => e.id >= fromId),
    arrivalShape: 0,
    seqShape: 0,
    orderedChunks: () => [{ items: source.entries }],
    arrivalEntries: () => ({ entries: source.entries, head: 0 }),
    seenSeqs: () => undefined,
    entry: (id: number) => source.entries.find((e) => e.id === id),
    streamSummary: () => {
      throw new Error('no streams here');
    },
  };
  return source;
}

const entry = (id: number) => createEntry(id, app(ev('conversation.utterance', undefined, { speech: `${id}` })));
const BIG = 2 ** 31;

describe('view rows', () => {
  it('hold ids past 2^31', () => {
    const ids = [BIG - 2, BIG - 1, BIG, BIG + 1, BIG + 4];
    const view = buildView(sourceOf(ids.map(entry)), { order: 'arrival' });
    expect(view.eventIds()).toEqual(ids);
    expect(view.indexOfId(BIG + 1)).toBe(3);
  });

  it('keep every id of a view extended past 2^31', () => {
    const first = Array.from({ length: 70 }, (_, i) => BIG - 80 + i);
    const source = sourceOf(first.map(entry));
    const view = buildView(source, { order: 'arrival' });
    const later = Array.from({ length: 100 }, (_, i) => BIG - 10 + i);
    source.entries = [...source.entries, ...later.map(entry)];
    source.revision++;
    expect(view.canExtend(source)).toBe(true);
    const extended = view.extend(source);
    expect(extended.eventIds()).toEqual([...first, ...later]);
    expect(view.eventIds()).toEqual(first); // the older snapshot is unchanged
  });
});
