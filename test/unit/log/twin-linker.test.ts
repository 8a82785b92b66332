import { describe, expect, it } from 'vitest';
import { TWIN_WINDOW, TwinLinker } from '../../../src/log/twin-linker';
import { app, ev } from './helpers';
import { entryOf } from './parts';

const copy = (role: string, speech = 'Hi', inference = 'R') =>
  entryOf(app(ev('conversation.utterance', 7, { role, speech }, { inference_id: inference, turn_idx: 1 })));

function add(linker: TwinLinker, entry: ReturnType<typeof copy>): boolean {
  expect(linker.identify(entry)).toBe(true);
  return linker.link(entry);
}

describe('TwinLinker', () => {
  it('links the pal and replica copies; pal is primary whichever comes first', () => {
    const linker = new TwinLinker();
    const replica = copy('replica');
    const pal = copy('pal');
    expect(add(linker, replica)).toBe(false);
    // The replica copy was shown as a single event; now it becomes secondary, so views must rebuild.
    expect(add(linker, pal)).toBe(true);
    expect(pal.twin).toBe(replica.twin);
    expect(pal.twinGroup).toBeDefined();
    expect([pal.twinSecondary, replica.twinSecondary]).toEqual([false, true]);
  });

  it('does not identify events that cannot have twins', () => {
    const linker = new TwinLinker();
    const user = entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' })));
    expect(linker.identify(user)).toBe(false);
    expect(user.twinKey).toBeUndefined();
  });

  it('a third copy with an identity already in the group starts a new group; different content never links', () => {
    const linker = new TwinLinker();
    const [a, b, c] = [copy('pal'), copy('replica'), copy('pal')];
    for (const e of [a, b, c]) add(linker, e);
    expect(c.twin).not.toBe(a.twin);
    expect(c.twinGroup).toBeUndefined(); // alone in its group
    const other = copy('replica', 'Bye');
    add(linker, other);
    expect(other.twin).not.toBe(c.twin);
  });

  it('unlinking an evicted member recomputes roles and forgets an empty group', () => {
    const linker = new TwinLinker();
    const [pal, replica] = [copy('pal'), copy('replica')];
    add(linker, pal);
    add(linker, replica);
    linker.unlink(pal);
    expect(replica.twinSecondary).toBe(false);
    expect(replica.twinGroup).toBeUndefined();
    linker.unlink(replica);
    expect(linker.openKeys).toBe(0);
  });

  it('keeps between one and two windows of open keys: copies too far apart are not linked', () => {
    const linker = new TwinLinker();
    const first = copy('pal', 'Hi', 'first');
    add(linker, first);
    for (let i = 0; i < 2 * TWIN_WINDOW; i++) add(linker, copy('pal', 'Hi', `R${i}`));
    expect(linker.openKeys).toBeLessThanOrEqual(2 * TWIN_WINDOW);
    expect(linker.openKeys).toBeGreaterThanOrEqual(TWIN_WINDOW);
    const late = copy('replica', 'Hi', 'first');
    add(linker, late);
    expect(late.twin).not.toBe(first.twin);
  });
});
