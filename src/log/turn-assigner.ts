/**
 * Which turn each event belongs to, decided once as it arrives: its turn_idx; for outgoing interactions without
 * one, the turn a respond triggers (the next), the turn of the tool call a tool_result answers, or the current turn;
 * for incoming events without one, the turn of their inference_id. Per call; eviction does not change it.
 */
import type { EventEntry } from './entry';

class CallTurns {
  maxTurn: number | undefined = undefined;
  readonly toolTurns = new Map<string, number>();
  readonly inferenceTurns = new Map<string, number>();
}

export class TurnAssigner {
  private calls = new Map<string, CallTurns>();
  private lastCall: CallTurns | undefined;
  private lastCallId: string | undefined;

  /** Sets `entry.turn`. */
  assign(entry: EventEntry): void {
    const call = this.call(entry.callId);
    const c = entry.classified;
    if (entry.turnIdx !== undefined) {
      entry.turn = entry.turnIdx;
      if (call.maxTurn === undefined || entry.turnIdx > call.maxTurn) call.maxTurn = entry.turnIdx;
      if (entry.inferenceId !== undefined && !call.inferenceTurns.has(entry.inferenceId))
        call.inferenceTurns.set(entry.inferenceId, entry.turnIdx);
      if (entry.kind === 'tool_call' && c?.toolCallId !== undefined) call.toolTurns.set(c.toolCallId, entry.turnIdx);
      return;
    }
    if (entry.recordKind !== 'app-message' || entry.kind === 'malformed') return;
    if (entry.dir === 'out') {
      if (entry.kind === 'respond') entry.turn = call.maxTurn === undefined ? undefined : call.maxTurn + 1;
      else if (entry.kind === 'tool_result' && c?.toolCallId !== undefined && call.toolTurns.has(c.toolCallId))
        entry.turn = call.toolTurns.get(c.toolCallId);
      else entry.turn = call.maxTurn;
      return;
    }
    if (entry.inferenceId !== undefined) entry.turn = call.inferenceTurns.get(entry.inferenceId);
  }

  clear(): void {
    this.calls = new Map();
    this.lastCall = undefined;
    this.lastCallId = undefined;
  }

  private call(callId: string): CallTurns {
    if (callId === this.lastCallId && this.lastCall) return this.lastCall;
    let call = this.calls.get(callId);
    if (!call) {
      call = new CallTurns();
      this.calls.set(callId, call);
    }
    this.lastCall = call;
    this.lastCallId = callId;
    return call;
  }
}
