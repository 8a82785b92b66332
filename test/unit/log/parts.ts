/** Entries for testing the log's parts on their own. */
import { createEntry, type EventEntry } from '../../../src/log/entry';
import type { LogInput } from '../../../src/log';

let nextId = 0;

export function entryOf(input: LogInput): EventEntry {
  return createEntry(nextId++, input);
}
