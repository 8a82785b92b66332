import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLog, parseFilter, type LogEvent } from '../../../src/log';
import { TypeTable } from '../../../src/log/type-table';
import { app, callState, ev } from './helpers';

/** The `type:` term as documented, per event: event_type or canonical type (case-folded) or kind, by prefix. */
function referenceType(event: LogEvent, prefix: string): boolean {
  return (
    event.eventType.toLowerCase().startsWith(prefix) ||
    event.kind.startsWith(prefix) ||
    (event.classified?.canonicalType?.toLowerCase().startsWith(prefix) ?? false)
  );
}

describe('TypeTable', () => {
  it('shares one TypeInfo per (event_type, kind, canonical type) and stops at its bound', () => {
    const table = new TypeTable(2);
    const a = table.intern('conversation.utterance', 'utterance', 'conversation.utterance');
    expect(table.intern('conversation.utterance', 'utterance', 'conversation.utterance')).toBe(a);
    const b = table.intern('conversation.utterance', 'malformed', undefined);
    expect(b).not.toBe(a);
    expect(table.size).toBe(2);
    expect(table.intern('x', 'unknown', undefined)).toBeUndefined();
    expect(table.intern('conversation.utterance', 'malformed', undefined)).toBe(b);
    table.clear();
    expect(table.intern('x', 'unknown', undefined)).toBeDefined();
  });
});

describe('type: filters decided once per distinct type', () => {
  const types = [
    'conversation.utterance',
    'Conversation.Utterance',
    'conversation.utterance.streaming',
    'conversation.replica.started_speaking',
    'conversation.started_speaking',
    'conversation.tool_call',
    'system.replica_joined',
    'CONVERSATION.RESPOND',
    'conversation.echo',
    'app.Ünïcode',
    '',
  ];

  it('a view shows the same rows as the documented per-event rule, whatever the types and the filter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...types), fc.nat(3)), { minLength: 1, maxLength: 50 }),
        fc.constantFrom('conversation.utt', 'utterance', 'CONVERSATION.UTTERANCE', 'app.ün', 'daily', 'tool', 'conv'),
        fc.boolean(),
        (items, prefix, negated) => {
          const filterText = `${negated ? '-' : ''}type:${prefix}`;
          const parsed = parseFilter(filterText);
          if (!parsed.ok) throw new Error(parsed.error);
          const log = new EventLog();
          let seq = 0;
          log.add(
            items.map(([eventType, variant]) =>
              variant === 3
                ? callState('joined')
                : app(
                    eventType === ''
                      ? { message_type: 'conversation', seq: ++seq }
                      : ev(eventType, ++seq, variant === 1 ? { role: 'pal', speech: 'x' } : undefined),
                  ),
            ),
          );
          const lower = prefix.toLowerCase();
          const want = [...log.events()].filter((event) => referenceType(event, lower) !== negated).map((e) => e.id);
          const view = log.view({ order: 'arrival', filter: parsed.filter, collapseStreams: false });
          expect(view.eventIds()).toEqual(want);
          // The same compiled filter on events without a shared TypeInfo (another log past its bound, a replay).
          for (const event of log.events())
            expect(parsed.filter.matches({ ...event, typeInfo: undefined } as LogEvent)).toBe(want.includes(event.id));
        },
      ),
      { numRuns: 300 },
    );
  });
});
