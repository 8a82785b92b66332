/** "Names seen": every event_type of the session with its count and its standing against the docs. */
import { nameInfo, type NameStanding } from '../protocol/names';
import type { LogEvent } from './types';

export interface NameSeen {
  readonly eventType: string;
  readonly count: number;
  readonly incoming: number;
  readonly outgoing: number;
  readonly standing: NameStanding;
  readonly canonical: string | undefined;
  readonly note: string | undefined;
  readonly firstEventId: number;
}

/** Distinct names kept at most; the rest are counted together (a hostile page can invent a name per message). */
export const MAX_NAMES = 500;

export class NamesSeen {
  private readonly names = new Map<
    string,
    { count: number; incoming: number; outgoing: number; firstEventId: number }
  >();
  private overflowCount = 0;

  /** Events whose name was not kept because MAX_NAMES was reached. */
  get overflow(): number {
    return this.overflowCount;
  }

  observe(event: LogEvent): void {
    if (event.recordKind !== 'app-message') return;
    const name = event.eventType;
    let entry = this.names.get(name);
    if (!entry) {
      if (this.names.size >= MAX_NAMES) {
        this.overflowCount++;
        return;
      }
      entry = { count: 0, incoming: 0, outgoing: 0, firstEventId: event.id };
      this.names.set(name, entry);
    }
    entry.count++;
    if (event.dir === 'in') entry.incoming++;
    else if (event.dir === 'out') entry.outgoing++;
  }

  /** Most frequent first. */
  list(): NameSeen[] {
    const out: NameSeen[] = [];
    for (const [eventType, entry] of this.names) {
      const info = eventType === '' ? { standing: 'unknown' as const, note: 'no event_type' } : nameInfo(eventType);
      out.push({
        eventType,
        ...entry,
        standing: info.standing,
        canonical: info.canonical,
        note: info.note,
      });
    }
    return out.sort((a, b) => b.count - a.count || (a.eventType < b.eventType ? -1 : 1));
  }
}
