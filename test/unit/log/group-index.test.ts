import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GroupIndex } from '../../../src/log/group-index';
import { app, ev } from './helpers';
import { entryOf } from './parts';
import { streamKeyOf, type EventEntry } from '../../../src/log/entry';

const chunk = (ci: number, speech: string, inference = 'R', final = false) =>
  entryOf(
    app(
      ev(
        'conversation.utterance.streaming',
        10 + ci,
        { role: 'replica', speech, content_index: ci, final },
        { inference_id: inference, turn_idx: 1 },
      ),
    ),
  );

describe('GroupIndex', () => {
  it('groups by inference id per call and collapses streaming chunks into one stream', () => {
    const index = new GroupIndex();
    const full = entryOf(
      app(ev('conversation.utterance', 1, { role: 'replica', speech: 'Hello there.' }, { inference_id: 'R' })),
    );
    const [a, b] = [chunk(1, 'Hello there.', 'R', true), chunk(0, 'Hello')];
    const elsewhere = entryOf(
      app(ev('conversation.utterance', 1, { role: 'replica', speech: 'x' }, { inference_id: 'R' }), { callId: 'c2' }),
    );
    for (const e of [full, a, b, elsewhere]) index.add(e);
    expect(index.inferenceGroup(a)).toEqual([full, a, b]);
    expect(index.inferenceGroup(elsewhere)).toEqual([elsewhere]);
    expect(a.stream).toBe(b.stream);
    expect(full.stream).toBeUndefined();
    const summary = index.summary(a.stream!, 1);
    expect(summary).toMatchObject({ chunkIds: [b.id, a.id], latestId: a.id, final: true });
    expect(summary.generatedText).toBe('Hello there.');
    expect(index.summary(a.stream!, 1)).toBe(summary); // cached
    expect(index.summary(a.stream!, 2)).not.toBe(summary); // the log's shape moved (twin roles)
  });

  it("a stream's summary is recomputed only when its chunks or its generated text change", () => {
    const index = new GroupIndex();
    const [a, b] = [chunk(0, 'Hel'), chunk(1, 'Hello')];
    index.add(a);
    index.add(b);
    const summary = index.summary(a.stream!, 1);
    expect(summary).toMatchObject({ chunkIds: [a.id, b.id], latestId: b.id, speech: 'Hello' });
    // Chunks of another stream (a live stream's other rows) leave this one's summary as it was: the same object.
    for (let i = 0; i < 3; i++) index.add(chunk(i, 'Other', 'S'));
    expect(index.summary(a.stream!, 1)).toBe(summary);
    // A chunk of its own is in the next summary.
    const c = chunk(2, 'Hello there');
    index.add(c);
    const grown = index.summary(a.stream!, 1);
    expect(grown).toMatchObject({ chunkIds: [a.id, b.id, c.id], latestId: c.id, speech: 'Hello there' });
    expect(grown.generatedText).toBeUndefined();
    // The full utterance of the same inference arriving later is its generated text.
    const full = entryOf(
      app(ev('conversation.utterance', 1, { role: 'replica', speech: 'Hello there, friend.' }, { inference_id: 'R' })),
    );
    index.add(full);
    expect(index.summary(a.stream!, 1).generatedText).toBe('Hello there, friend.');
    // A chunk going (eviction) is seen too.
    index.remove(a);
    expect(index.summary(a.stream!, 1).chunkIds).toEqual([b.id, c.id]);
    index.remove(full);
    expect(index.summary(a.stream!, 1).generatedText).toBeUndefined();
  });

  it('an entry without inference id is its own group', () => {
    const index = new GroupIndex();
    const lone = entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' })));
    index.add(lone);
    expect(index.inferenceGroup(lone)).toEqual([lone]);
  });

  it('removing members shrinks both groups; a stream whose chunks all went is forgotten', () => {
    const index = new GroupIndex();
    const [a, b] = [chunk(0, 'He'), chunk(1, 'Hello')];
    index.add(a);
    index.add(b);
    index.remove(a);
    expect(index.inferenceGroup(b)).toEqual([b]);
    expect(b.stream!.members).toEqual([b]);
    index.remove(b);
    // A new chunk with the same key starts a fresh group.
    const c = chunk(2, 'Hello!');
    index.add(c);
    expect(c.stream).not.toBe(b.stream);
    expect(index.inferenceGroup(c)).toEqual([c]);
  });

  it('files every entry as a plain map lookup would, whatever runs of adds, removals and clears (property)', () => {
    // Runs of events sharing a call and an inference (the last-list shortcut), interleaved with others, evictions
    // that empty a group and an inference coming back after it emptied (a forgotten list must never be reused).
    const op = fc.oneof(
      fc.record({
        add: fc.constantFrom('c1', 'c2'),
        inference: fc.constantFrom('A', 'B', undefined),
        stream: fc.boolean(),
      }),
      fc.record({ remove: fc.nat() }),
      fc.constant({ clear: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const index = new GroupIndex();
        let held: EventEntry[] = [];
        let seq = 0;
        for (const o of ops) {
          if ('add' in o) {
            const data = o.stream
              ? ev('conversation.utterance.streaming', ++seq, { role: 'replica', speech: 'x', content_index: seq })
              : ev('conversation.utterance', ++seq, { role: 'user', speech: 'x' });
            if (o.inference !== undefined) (data as Record<string, unknown>).inference_id = o.inference;
            const entry = entryOf(app(data, { callId: o.add }));
            index.add(entry);
            held.push(entry);
          } else if ('remove' in o) {
            if (held.length === 0) continue;
            const [gone] = held.splice(o.remove % held.length, 1);
            index.remove(gone!);
          } else {
            index.clear();
            held = [];
          }
          for (const entry of held) {
            const sameInference = held.filter(
              (e) =>
                entry.inferenceId !== undefined && e.inferenceId === entry.inferenceId && e.callId === entry.callId,
            );
            expect(index.inferenceGroup(entry)).toEqual(entry.inferenceId === undefined ? [entry] : sameInference);
            const key = streamKeyOf(entry)?.key;
            const sameStream = held.filter((e) => key !== undefined && streamKeyOf(e)?.key === key);
            if (key === undefined) expect(entry.stream).toBeUndefined();
            else expect(entry.stream!.members).toEqual(sameStream);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
