import { describe, expect, it } from 'vitest';
import { GroupIndex } from '../../../src/log/group-index';
import { app, ev } from './helpers';
import { entryOf } from './parts';

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
});
