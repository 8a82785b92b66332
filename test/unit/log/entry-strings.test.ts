import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { app, ev } from './helpers';
import { entryOf } from './parts';
import { SHARED_STRINGS_MAX, sharedStringsHeld } from '../../../src/log/entry';

describe('createEntry: repeated strings shared between events', () => {
  it('every event keeps exactly its own values, across more distinct ones than the shared table holds (property)', () => {
    const id = fc.oneof(fc.constantFrom('rep-1', 'rep-2', 'conversation', ''), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: id, message: id, conversation: id, inference: id, role: id }), { maxLength: 40 }),
        fc.nat({ max: 3000 }),
        (events, distinct) => {
          // Fill the table past its bound first, so a reset happens somewhere among the checked events.
          for (let i = 0; i < distinct; i++)
            entryOf(app(ev(`filler.${i}`, i, { role: `r${i}` }, { inference_id: `f${i}` })));
          for (const e of events) {
            const entry = entryOf(
              app({
                event_type: e.type,
                message_type: e.message,
                conversation_id: e.conversation,
                inference_id: e.inference,
                properties: { role: e.role },
              }),
            );
            expect(entry.eventType).toBe(e.type);
            expect(entry.classified?.eventType).toBe(e.type);
            expect(entry.classified?.messageType).toBe(e.message);
            expect(entry.classified?.conversationId).toBe(e.conversation);
            expect(entry.inferenceId).toBe(e.inference);
            expect(entry.rawRole).toBe(e.role);
          }
          expect(sharedStringsHeld()).toBeLessThanOrEqual(SHARED_STRINGS_MAX);
        },
      ),
      { numRuns: 60 },
    );
  });
});
