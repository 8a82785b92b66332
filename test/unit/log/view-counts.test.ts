// The toolbar's "N events" (LogView.expandedEventCount) is eventIds({ expandStreams: true }).length without the list:
// compared over generated logs of streams and single events, filtered and not, built at once and extended batch by
// batch as the panel's cached view is.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventLog, parseFilter, type LogInput } from '../../../src/log';
import { app, ev } from './helpers';

const item = fc.record({
  kind: fc.constantFrom('chunk', 'utterance', 'stopped', 'respond'),
  inference: fc.integer({ min: 0, max: 4 }),
  word: fc.constantFrom('refund', 'shipping', 'hello'),
});

function inputs(items: { kind: string; inference: number; word: string }[]): LogInput[] {
  return items.map(({ kind, inference, word }, i) => {
    const seq = i + 1;
    const extra = { inference_id: `R${inference}`, turn_idx: inference };
    if (kind === 'chunk')
      return app(
        ev('conversation.utterance.streaming', seq, { role: 'replica', speech: word, content_index: i }, extra),
      );
    if (kind === 'utterance') return app(ev('conversation.utterance', seq, { role: 'replica', speech: word }, extra));
    if (kind === 'stopped') return app(ev('conversation.replica.stopped_speaking', seq, {}, extra));
    return app(
      { message_type: 'conversation', event_type: 'conversation.respond', properties: { text: word } },
      {
        dir: 'out',
      },
    );
  });
}

describe('LogView.expandedEventCount', () => {
  it('equals the length of the expanded id list, for every view the panel can build or extend', () => {
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom('', 'refund', 'type:conversation.utterance.streaming', '-hello'),
        fc.boolean(),
        fc.constantFrom<'seq' | 'arrival'>('seq', 'arrival'),
        (items, batch, filterText, collapse, order) => {
          const log = new EventLog();
          const all = inputs(items);
          const parsed = parseFilter(filterText);
          if (!parsed.ok) throw new Error(parsed.error);
          const options = { filter: parsed.filter, collapseStreams: collapse, order };
          const snapshots = [];
          for (let i = 0; i < all.length; i += batch) {
            log.add(all.slice(i, i + batch));
            snapshots.push(log.view(options)); // extended from the previous one when the log only appended
          }
          for (const view of [...snapshots, log.view(options)])
            expect(view.expandedEventCount()).toBe(view.eventIds({ expandStreams: true }).length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts every chunk behind a folded stream row, and each row once when streams are not folded', () => {
    const log = new EventLog();
    log.add(
      inputs([
        { kind: 'chunk', inference: 1, word: 'a' },
        { kind: 'chunk', inference: 1, word: 'b' },
        { kind: 'chunk', inference: 1, word: 'c' },
        { kind: 'utterance', inference: 1, word: 'd' },
      ]),
    );
    const folded = log.view({ collapseStreams: true });
    expect(folded.eventCount).toBe(2);
    expect(folded.expandedEventCount()).toBe(4);
    expect(log.view({ collapseStreams: false }).expandedEventCount()).toBe(4);
  });
});
