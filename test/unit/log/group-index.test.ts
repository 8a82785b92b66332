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
    expect(index.summary(a.stream!, 1)).toBe(summary); // cached per revision
    expect(index.summary(a.stream!, 2)).not.toBe(summary);
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
