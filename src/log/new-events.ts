/** Walking the events added to a log since an id, for incremental consumers (lint, readiness, objectives). */
import type { LogEvent } from './types';

/** What an incremental consumer needs from an EventLog: held events are a contiguous run of ids in arrival order. */
export interface NewEventSource {
  get(id: number): LogEvent | undefined;
  events(): Iterable<LogEvent>;
}

/**
 * Calls `visit` for every held event with an id at or above `fromId`, in arrival order. Returns the id to continue
 * from and how many ids were skipped because the log evicted them first.
 */
export function forEachNewEvent(
  log: NewEventSource,
  fromId: number,
  visit: (event: LogEvent) => void,
): { nextId: number; visited: number; missed: number } {
  let id = fromId;
  let missed = 0;
  if (log.get(id) === undefined) {
    const first = log.events()[Symbol.iterator]().next();
    if (first.done || first.value.id <= id) return { nextId: fromId, visited: 0, missed: 0 };
    missed = first.value.id - id;
    id = first.value.id;
  }
  let visited = 0;
  for (let event = log.get(id); event !== undefined; event = log.get(++id)) {
    visit(event);
    visited++;
  }
  return { nextId: id, visited, missed };
}
