/**
 * Every (source, cursor) delivered so far. The background re-sends from a document's last known cursor after a
 * reconnect, so a record may arrive twice: the second copy is a re-delivery, counted but not added.
 */
import { IntervalSet } from './interval-set';
import type { LogInput } from './types';

export class DeliveryLedger {
  private delivered = new Map<string, IntervalSet>();

  /**
   * Notes the input's key; true when it was already noted. Inputs without a valid key (bad data) are never
   * re-deliveries: they become malformed rows instead.
   */
  isRedelivery(input: LogInput): boolean {
    const source: unknown = (input as Partial<LogInput> | null)?.source;
    const cursor: unknown = (input as Partial<LogInput> | null)?.cursor;
    if (typeof source !== 'string' || typeof cursor !== 'number' || !Number.isSafeInteger(cursor)) return false;
    let cursors = this.delivered.get(source);
    if (!cursors) {
      cursors = new IntervalSet();
      this.delivered.set(source, cursors);
    }
    return !cursors.add(cursor);
  }

  clear(): void {
    this.delivered = new Map();
  }
}
