import { describe, expect, it } from 'vitest';
import { ArrivalWindow } from '../../../src/log/arrival-window';
import { DeliveryLedger } from '../../../src/log/delivery-ledger';
import { checkCap, evictionCount, evictionSlack } from '../../../src/log/eviction';
import { createEntry } from '../../../src/log/entry';
import { RECENT_INFERENCE_IDS, Vocabulary } from '../../../src/log/vocabulary';
import { EventLog, type LogInput } from '../../../src/log';
import { app, ev } from './helpers';
import { entryOf } from './parts';

describe('ArrivalWindow', () => {
  const fill = (window: ArrivalWindow, from: number, count: number) => {
    for (let id = from; id < from + count; id++) window.push(createEntry(id, app(ev('x', id))));
  };

  it('finds entries by id, in O(1) after evictions and compaction', () => {
    const window = new ArrivalWindow();
    fill(window, 0, 10_000);
    for (let i = 0; i < 6_000; i++) window.shift();
    window.compact();
    expect(window.get(5_999)).toBeUndefined();
    expect(window.get(6_000)?.id).toBe(6_000);
    expect(window.get(9_999)?.id).toBe(9_999);
    expect(window.get(10_000)).toBeUndefined();
    expect(window.get(6_000.5)).toBeUndefined();
    expect([...window.range(9_998, 10_005)].map((e) => e.id)).toEqual([9_998, 9_999]);
    expect(window.snapshot().head).toBe(0); // compacted
    expect([...window.entries()].length).toBe(4_000);
  });

  it('does not compact a small dead front; clear restarts ids at the given one', () => {
    const window = new ArrivalWindow();
    fill(window, 0, 10);
    expect(window.shift()?.id).toBe(0);
    window.compact();
    expect(window.snapshot().head).toBe(1);
    window.clear(10);
    expect(window.shift()).toBeUndefined();
    fill(window, 10, 2);
    expect(window.get(11)?.id).toBe(11);
  });
});

describe('eviction bound', () => {
  it('small caps evict at once; caps of 10,000 and more may go 1 % over, then back down to the cap', () => {
    expect(evictionSlack(9_999)).toBe(0);
    expect(evictionSlack(10_000)).toBe(100);
    expect(evictionCount(101, 100)).toBe(1);
    expect(evictionCount(10_100, 10_000)).toBe(0);
    expect(evictionCount(10_101, 10_000)).toBe(101);
  });

  it('rejects caps that are not positive integers', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) expect(() => checkCap(bad)).toThrow(RangeError);
    expect(checkCap(1)).toBe(1);
  });
});

describe('DeliveryLedger', () => {
  it('a (source, cursor) seen before is a re-delivery; inputs without a valid key never are', () => {
    const ledger = new DeliveryLedger();
    expect(ledger.isRedelivery(app({}, { source: 'a', cursor: 1 }))).toBe(false);
    expect(ledger.isRedelivery(app({}, { source: 'a', cursor: 1 }))).toBe(true);
    expect(ledger.isRedelivery(app({}, { source: 'b', cursor: 1 }))).toBe(false);
    const bad = { source: 'a', cursor: 1.5 } as unknown as LogInput;
    expect(ledger.isRedelivery(bad)).toBe(false);
    expect(ledger.isRedelivery(bad)).toBe(false);
    expect(ledger.isRedelivery(null as unknown as LogInput)).toBe(false);
    ledger.clear();
    expect(ledger.isRedelivery(app({}, { source: 'a', cursor: 1 }))).toBe(false);
  });
});

describe('Vocabulary', () => {
  it('collects sorted types, kinds, roles, turns, calls in order, and the most recent inference ids first', () => {
    const vocabulary = new Vocabulary();
    for (let i = 0; i < RECENT_INFERENCE_IDS + 5; i++) {
      const e = entryOf(
        app(
          ev('conversation.utterance', i, { role: 'user', speech: 'x' }, { inference_id: `I${i}`, turn_idx: i % 3 }),
          {
            callId: i % 2 ? 'b' : 'a',
          },
        ),
      );
      e.turn = e.turnIdx;
      vocabulary.remember(e);
    }
    const v = vocabulary.snapshot();
    expect(v.eventTypes).toEqual(['conversation.utterance']);
    expect(v.roles).toEqual(['user']);
    expect(v.turns).toEqual([0, 1, 2]);
    expect(v.calls).toEqual(['a', 'b']);
    expect(vocabulary.callIds()).toEqual(['a', 'b']);
    expect(v.inferenceIds.length).toBe(RECENT_INFERENCE_IDS);
    expect(v.inferenceIds[0]).toBe(`I${RECENT_INFERENCE_IDS + 4}`);
    vocabulary.clear();
    expect(vocabulary.snapshot().calls).toEqual([]);
  });
});

describe('the byte budget', () => {
  const utterance = (seq: number, speech: string) =>
    app(ev('conversation.utterance', seq, { role: 'replica', speech }));

  it('evicts the oldest once the payload text held passes the budget (plus 1 %), and counts them', () => {
    const log = new EventLog({ byteBudget: 10_000 });
    for (let seq = 1; seq <= 40; seq++) log.add([utterance(seq, 'x'.repeat(1_000))]);
    const held = log.stats().total;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(11);
    expect(log.stats().evictedByCap).toBe(40 - held);
  });

  it('leaves a log of small events to the count bound', () => {
    const log = new EventLog({ cap: 50 });
    for (let seq = 1; seq <= 60; seq++) log.add([utterance(seq, 'hi')]);
    expect(log.stats().total).toBe(50);
  });

  it('rejects a budget that is not a positive integer', () => {
    expect(() => new EventLog({ byteBudget: 0 })).toThrow(RangeError);
  });
});
