/**
 * When is it safe to send? Messages reach only participants in the call at that moment (protocol §1), so an app must
 * wait for the replica. Per call, the first sign of each kind is kept: the replica joining (Daily participant-joined
 * of a Tavus replica, or `system.replica_joined` / `system.pal_joined`), the first `system.replica_present`
 * heartbeat (§8), and the first replica speech. The earliest of Tavus's own signals is "ready": a Daily join only says
 * the replica's participant is in the room, not that its pipeline listens yet (apps wait for system.replica_joined or
 * the heartbeat, and the demo replica drops what arrives before it announced itself). Pure and incremental: feed
 * events in arrival order.
 */
import { isObject, own } from '../protocol/json-text';
import type { LogEvent } from './types';

export type ReadinessSignal = 'joined' | 'heartbeat' | 'speech';

export interface ReadinessMark {
  readonly signal: ReadinessSignal;
  /** daily: Daily's participant-joined; tavus: an app-message from the replica. */
  readonly source: 'daily' | 'tavus';
  readonly eventId: number;
  /** Local receive time, ms since the epoch. */
  readonly at: number;
}

export interface CallReadiness {
  readonly callId: string;
  readonly joined: ReadinessMark | undefined;
  readonly firstHeartbeat: ReadinessMark | undefined;
  readonly firstReplicaSpeech: ReadinessMark | undefined;
  /** The earliest mark from Tavus itself: from then on sends reach the replica. */
  readonly ready: ReadinessMark | undefined;
  /** Daily reported the local join: capture saw the call from its start, so "not ready yet" is trustworthy. */
  readonly sawCallStart: boolean;
}

/** Which readiness signal an event is, if any. */
export function readinessSignalOf(event: LogEvent): ReadinessSignal | undefined {
  if (event.kind === 'call_state') {
    if (event.eventType !== 'daily.participant-joined') return undefined;
    const detail = event.data;
    return isObject(detail) && own(detail, 'replica') === true ? 'joined' : undefined;
  }
  if (event.dir !== 'in') return undefined;
  if (event.kind === 'replica_joined') return 'joined';
  if (event.kind === 'heartbeat') return 'heartbeat';
  const c = event.classified;
  if (c?.role !== 'replica') return undefined;
  if (event.kind === 'speaking' && c.speaking?.phase === 'started') return 'speech';
  if (event.kind === 'utterance' || event.kind === 'streaming') return 'speech';
  return undefined;
}

interface MutableReadiness {
  callId: string;
  joined: ReadinessMark | undefined;
  firstHeartbeat: ReadinessMark | undefined;
  firstReplicaSpeech: ReadinessMark | undefined;
  ready: ReadinessMark | undefined;
  sawCallStart: boolean;
}

export class ReadinessTracker {
  private readonly calls = new Map<string, MutableReadiness>();

  observe(event: LogEvent): void {
    if (event.kind === 'call_state' && event.eventType === 'daily.joined') {
      this.call(event.callId).sawCallStart = true;
      return;
    }
    const signal = readinessSignalOf(event);
    if (!signal) return;
    const state = this.call(event.callId);
    const source = event.kind === 'call_state' ? 'daily' : 'tavus';
    const mark: ReadinessMark = { signal, source, eventId: event.id, at: event.receivedAt };
    if (signal === 'joined') state.joined ??= mark;
    else if (signal === 'heartbeat') state.firstHeartbeat ??= mark;
    else state.firstReplicaSpeech ??= mark;
    if (source === 'tavus') state.ready ??= mark;
  }

  get(callId: string): CallReadiness | undefined {
    return this.calls.get(callId);
  }

  isReady(callId: string): boolean {
    return this.calls.get(callId)?.ready !== undefined;
  }

  all(): CallReadiness[] {
    return [...this.calls.values()];
  }

  private call(callId: string): MutableReadiness {
    let state = this.calls.get(callId);
    if (!state) {
      state = {
        callId,
        joined: undefined,
        firstHeartbeat: undefined,
        firstReplicaSpeech: undefined,
        ready: undefined,
        sawCallStart: false,
      };
      this.calls.set(callId, state);
    }
    return state;
  }
}

/** Readiness of every call in a list of events (arrival order). */
export function readinessOf(events: Iterable<LogEvent>): CallReadiness[] {
  const tracker = new ReadinessTracker();
  for (const event of events) tracker.observe(event);
  return tracker.all();
}
