/** The collapsed heartbeat row's text: count, interval and last attempt of a call's `system.replica_present`. */
import type { EventLog, LogEvent, StreamSummary } from '../../log';
import { describeHeartbeats, summariseHeartbeats } from '../../log/heartbeats';

export function heartbeatRowSummary(stream: StreamSummary, log: EventLog): string {
  const events: LogEvent[] = [];
  for (const id of stream.chunkIds) {
    const event = log.get(id);
    if (event) events.push(event);
  }
  const summary = summariseHeartbeats(events);
  return summary ? describeHeartbeats(summary) : 'replica present';
}
