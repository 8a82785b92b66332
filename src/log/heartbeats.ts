/**
 * `system.replica_present` heartbeats (protocol §8) arrive every few seconds for the whole call; apps collapse them.
 * In the log they form one stream per call and direction, shown as a single row: how many, how often, the last one.
 */
import type { LogEvent } from './types';

/** The stream key that groups a call's heartbeats into one collapsed row (see streamKeyOf). */
export function heartbeatStreamKey(event: Pick<LogEvent, 'kind' | 'callId' | 'dir'>): string | undefined {
  return event.kind === 'heartbeat' ? `heartbeat\u0000${event.callId}\u0000${event.dir ?? ''}` : undefined;
}

export interface HeartbeatSummary {
  readonly count: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly lastEventId: number;
  /** Mean time between heartbeats (undefined with fewer than two). */
  readonly meanIntervalMs: number | undefined;
  readonly maxIntervalMs: number | undefined;
  /** `properties.attempt` of the last heartbeat. */
  readonly lastAttempt: number | undefined;
}

/** Summary of heartbeat events in arrival order (undefined for none). */
export function summariseHeartbeats(events: readonly LogEvent[]): HeartbeatSummary | undefined {
  if (events.length === 0) return undefined;
  const sorted = [...events].sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);
  let maxIntervalMs: number | undefined;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]!.receivedAt - sorted[i - 1]!.receivedAt;
    if (maxIntervalMs === undefined || gap > maxIntervalMs) maxIntervalMs = gap;
  }
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  return {
    count: sorted.length,
    firstAt: first.receivedAt,
    lastAt: last.receivedAt,
    lastEventId: last.id,
    meanIntervalMs: sorted.length > 1 ? (last.receivedAt - first.receivedAt) / (sorted.length - 1) : undefined,
    maxIntervalMs,
    lastAttempt: last.classified?.heartbeat?.attempt,
  };
}

/** One line for the collapsed row: "replica present × 12 · every 5.0 s (max 6.1 s) · last attempt 12". */
export function describeHeartbeats(summary: HeartbeatSummary): string {
  const parts = [`replica present × ${summary.count}`];
  if (summary.meanIntervalMs !== undefined) {
    const max = summary.maxIntervalMs ?? 0;
    parts.push(
      `every ${(summary.meanIntervalMs / 1000).toFixed(1)} s` +
        (max > summary.meanIntervalMs * 1.5 ? ` (max ${(max / 1000).toFixed(1)} s)` : ''),
    );
  }
  if (summary.lastAttempt !== undefined) parts.push(`last attempt ${summary.lastAttempt}`);
  return parts.join(' · ');
}
