/**
 * Objectives over time (protocol §8: Tavus's interviewer app drives its progress UI from these events): per call and
 * objective_name, every step seen (pending → confirm sent → activated → completed) and the output variables the
 * completed event carried. Pure and incremental: feed events in arrival order.
 */
import type { ObjectivePhase } from '../protocol/events';
import type { LogEvent } from './types';

export interface ObjectiveStep {
  readonly phase: ObjectivePhase;
  readonly eventId: number;
  readonly at: number;
}

/** Where an objective is now. `confirm` (the app's reply) does not change it: the replica's next event does. */
export type ObjectiveStatus = 'pending' | 'activated' | 'completed';

export interface ObjectiveState {
  readonly callId: string;
  readonly name: string;
  readonly status: ObjectiveStatus;
  readonly steps: readonly ObjectiveStep[];
  readonly outputVariables: Readonly<Record<string, unknown>> | undefined;
  readonly firstAt: number;
  readonly lastAt: number;
  /** A manual objective is pending and no confirm was sent after it. */
  readonly awaitingConfirm: boolean;
}

interface Mutable {
  callId: string;
  name: string;
  status: ObjectiveStatus;
  steps: ObjectiveStep[];
  outputVariables: Readonly<Record<string, unknown>> | undefined;
  firstAt: number;
  lastAt: number;
  awaitingConfirm: boolean;
}

const MAX_STEPS = 200;

export class ObjectiveTracker {
  private readonly objectives = new Map<string, Mutable>();
  private version = 0;

  /** Changes whenever an objective changed. */
  get revision(): number {
    return this.version;
  }

  observe(event: LogEvent): void {
    const objective = event.classified?.objective;
    if (!objective || event.duplicate || event.twinSecondary) return;
    const name = objective.name ?? '(unnamed)';
    const key = `${event.callId}\u0000${name}`;
    let state = this.objectives.get(key);
    if (!state) {
      state = {
        callId: event.callId,
        name,
        status: 'pending',
        steps: [],
        outputVariables: undefined,
        firstAt: event.receivedAt,
        lastAt: event.receivedAt,
        awaitingConfirm: false,
      };
      this.objectives.set(key, state);
    }
    if (state.steps.length < MAX_STEPS)
      state.steps.push({ phase: objective.phase, eventId: event.id, at: event.receivedAt });
    state.lastAt = event.receivedAt;
    switch (objective.phase) {
      case 'pending':
        if (state.status !== 'completed') state.status = 'pending';
        state.awaitingConfirm = true;
        break;
      case 'confirm':
        state.awaitingConfirm = false;
        break;
      case 'activated':
        if (state.status !== 'completed') state.status = 'activated';
        state.awaitingConfirm = false;
        break;
      case 'completed':
        state.status = 'completed';
        state.awaitingConfirm = false;
        if (objective.outputVariables) state.outputVariables = objective.outputVariables;
        break;
    }
    this.version++;
  }

  /** Objectives in the order they first appeared, optionally of one call. */
  list(callId?: string): ObjectiveState[] {
    const out: ObjectiveState[] = [];
    for (const state of this.objectives.values())
      if (callId === undefined || state.callId === callId) out.push({ ...state, steps: [...state.steps] });
    return out;
  }
}

export function objectivesOf(events: Iterable<LogEvent>): ObjectiveState[] {
  const tracker = new ObjectiveTracker();
  for (const event of events) tracker.observe(event);
  return tracker.list();
}
