import { describe, expect, it } from 'vitest';
import { Sequencer } from '../../../src/log/sequencer';
import { TwinLinker } from '../../../src/log/twin-linker';
import type { EventEntry } from '../../../src/log/entry';
import { app, callState, ev } from './helpers';
import { entryOf } from './parts';

const utter = (seq: number | undefined, callId = 'call-1') =>
  entryOf(app(ev('conversation.utterance', seq, { role: 'user', speech: `s${seq}` }), { callId }));

function order(sequencer: Sequencer): Array<number | string> {
  return [...sequencer.entries()].map((e) => e.seq ?? e.eventType);
}

describe('Sequencer', () => {
  it('orders incoming events by seq, unsequenced ones in arrival position, and says when one landed before the end', () => {
    const s = new Sequencer();
    const landed = [utter(1), utter(3), entryOf(callState('joined')), utter(2), utter(4)].map((e) => s.add(e));
    expect(order(s)).toEqual([1, 2, 3, 'daily.joined', 4]);
    expect(landed).toEqual([false, false, false, true, false]);
    expect(s.size).toBe(5);
  });

  it('outgoing messages are not placed by their seq', () => {
    const s = new Sequencer();
    s.add(utter(5));
    const out = entryOf(app(ev('conversation.echo', 1, { modality: 'text', text: 'x' }), { dir: 'out' }));
    expect(s.add(out)).toBe(false);
    expect(out.seqIndexed).toBe(false);
    expect(out.outOfOrder).toBe(false);
    expect(order(s)).toEqual([5, 1]);
  });

  it('flags and counts out-of-order, late and duplicate events per call; gaps over every seq seen', () => {
    const s = new Sequencer();
    const [one, five, three, again, zero] = [utter(1), utter(5), utter(3), utter(3), utter(0)];
    for (const e of [one, five, three, again, zero]) s.add(e);
    s.add(utter(9, 'call-2'));
    expect(three).toMatchObject({ outOfOrder: true, late: true, duplicate: false });
    expect(again).toMatchObject({ duplicate: true, duplicateOf: three.id, outOfOrder: false });
    expect(zero).toMatchObject({ outOfOrder: true, late: false }); // below the lowest seen: not a filled gap
    expect(s.gaps('call-1')).toEqual([
      { callId: 'call-1', fromSeq: 2, toSeq: 2, count: 1 },
      { callId: 'call-1', fromSeq: 4, toSeq: 4, count: 1 },
    ]);
    expect(s.counts('call-1')).toMatchObject({ events: 5, outOfOrder: 2, late: 1, duplicate: 1, gapSeqs: 2 });
    expect(s.counts('call-1').gapRanges).toBe(2);
    expect(s.counts()).toMatchObject({ events: 6 });
    expect(s.counts('nope')).toMatchObject({ events: 0, gapSeqs: 0 });
  });

  it('tells a twin (identified before) from a duplicate at the same seq', () => {
    const s = new Sequencer();
    const twins = new TwinLinker();
    const copy = (role: string) =>
      entryOf(app(ev('conversation.utterance', 7, { role, speech: 'Hi' }, { inference_id: 'R', turn_idx: 1 })));
    const [pal, replica, replicaAgain] = [copy('pal'), copy('replica'), copy('replica')];
    for (const e of [pal, replica, replicaAgain]) {
      twins.identify(e);
      s.add(e);
    }
    expect(replica.duplicate).toBe(false);
    expect(replicaAgain).toMatchObject({ duplicate: true, duplicateOf: pal.id });
    expect(s.counts().duplicate).toBe(1);
  });

  it('removing takes an entry out of the order and the counts, but its seq stays seen (no gap invented)', () => {
    const s = new Sequencer();
    const entries: EventEntry[] = [utter(1), utter(3), utter(2)];
    for (const e of entries) s.add(e);
    s.remove(entries[0]!);
    s.remove(entries[2]!);
    expect(order(s)).toEqual([3]);
    expect(s.counts()).toMatchObject({ events: 1, outOfOrder: 0, late: 0, gapSeqs: 0 });
    expect(s.gaps('call-1')).toEqual([]);
    // A seq placed after removals still finds its place.
    s.add(utter(2));
    expect(order(s)).toEqual([2, 3]);
  });

  it('clear forgets every call', () => {
    const s = new Sequencer();
    s.add(utter(1));
    s.add(utter(3));
    s.clear();
    expect(s.size).toBe(0);
    expect(s.seen('call-1')).toBeUndefined();
    s.add(utter(2));
    expect(s.counts()).toMatchObject({ events: 1, outOfOrder: 0, gapSeqs: 0 });
  });
});
