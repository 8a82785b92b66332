/** Small helpers the lint rules share. */
import { INTERACTION_KINDS } from '../../protocol/events';
import { DAILY_MAX_APP_MESSAGE_SIZE } from '../../protocol/interactions/size';
import type { LogEvent } from '../types';
import type { LintFinding, LintOptions, LintRuleInfo } from './types';

/** An interaction the app (or DevTools) sent into the call. */
export function isSend(event: LogEvent): boolean {
  if (event.dir !== 'out') return false;
  if (INTERACTION_KINDS.has(event.classified?.kind ?? 'unknown')) return true;
  return event.classified?.objective?.phase === 'confirm';
}

/** Transport copies (same seq again) and the second copy of a PAL/legacy twin are not new happenings. */
export function isCopy(event: LogEvent): boolean {
  return event.duplicate || event.twinSecondary;
}

export function limitOf(options: LintOptions, callId: string): number {
  const limit = options.limitFor(callId);
  return limit !== undefined && Number.isSafeInteger(limit) && limit > 0 ? limit : DAILY_MAX_APP_MESSAGE_SIZE;
}

export function finding(info: LintRuleInfo, event: LogEvent, message: string, others: number[] = []): LintFinding {
  return {
    ruleId: info.id,
    severity: info.severity,
    callId: event.callId,
    message,
    eventIds: [event.id, ...others],
    at: event.receivedAt,
  };
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Per-call state that is created on first use. */
export class PerCall<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly make: () => T) {}
  get(callId: string): T {
    let value = this.map.get(callId);
    if (value === undefined) {
      value = this.make();
      this.map.set(callId, value);
    }
    return value;
  }
  values(): IterableIterator<T> {
    return this.map.values();
  }
}
