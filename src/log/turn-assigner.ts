/**
 * Which turn each event belongs to, decided as it arrives (per call; eviction does not change it):
 * - an event with `turn_idx`: that turn;
 * - an outgoing `conversation.respond`: the turn it starts. Tavus documents that `turn_idx` "increments each time a
 *   conversation.respond interaction is received", so a respond is the first event of the next turn, not a send
 *   made between turns. Before any `turn_idx` has been seen in the call the next number is unknown: the respond (and
 *   the sends made after it) wait for the first `turn_idx` that arrives: the first respond takes it, each later
 *   respond the next (see `assign`'s return value);
 * - an outgoing reply to a tool call (`tool_result` by `tool_call_id`; the pre-registry `echo` / `append_llm_context`
 *   while a call without an id waits): the tool call's turn;
 * - any other outgoing send (echo, context overwrite, sensitivity, interrupt…): the current turn while it is still
 *   running; once the replica has finished the turn (its final stopped_speaking or final streaming chunk), no turn:
 *   the send is made *between turns*, and folding it into a finished turn made that turn last until the next send;
 * - an incoming event without `turn_idx`: the turn of its inference_id.
 */
import type { EventEntry } from './entry';

class CallTurns {
  /** The latest turn: the highest turn_idx seen, or the turn the last respond started. Sends join it. */
  maxTurn: number | undefined = undefined;
  /** Whether the replica has finished the latest turn. */
  currentDone = false;
  /** Sends after a respond made before any turn_idx was seen: they take the first turn_idx that arrives. */
  waiting: EventEntry[] = [];
  readonly toolTurns = new Map<string, number>();
  /** Tool calls without a tool_call_id, still waiting for an echo / append_llm_context reply (oldest first). */
  readonly unnamedToolTurns: number[] = [];
  readonly inferenceTurns = new Map<string, number>();
}

function finishesTurn(entry: EventEntry): boolean {
  if (entry.dir !== 'in' || entry.role !== 'replica') return false;
  const c = entry.classified;
  if (entry.kind === 'speaking') return c?.speaking?.phase === 'stopped';
  if (entry.kind === 'streaming') return c?.streaming?.final === true;
  return false;
}

export class TurnAssigner {
  private calls = new Map<string, CallTurns>();
  private lastCall: CallTurns | undefined;
  private lastCallId: string | undefined;

  /**
   * Sets `entry.turn`. Returns the earlier entries whose turn this entry decided (sends that waited for the call's
   * first turn_idx), so the log can refresh what it derived from them; usually empty.
   */
  assign(entry: EventEntry): readonly EventEntry[] {
    const call = this.call(entry.callId);
    const c = entry.classified;
    if (entry.turnIdx !== undefined) {
      const turnIdx = entry.turnIdx;
      entry.turn = turnIdx;
      let decided: EventEntry[] = NONE;
      if (call.maxTurn === undefined && call.waiting.length > 0) {
        // The first respond started this turn; each later one the next (turn_idx counts responds).
        let turn = turnIdx - 1;
        for (const waiting of call.waiting) if (waiting.kind === 'respond') turn++;
        call.maxTurn = turn;
        turn = turnIdx - 1;
        decided = [];
        for (const waiting of call.waiting) {
          if (waiting.kind === 'respond') turn++;
          waiting.turn = turn;
          if (!waiting.evicted) decided.push(waiting);
        }
        call.waiting = [];
      }
      if (call.maxTurn === undefined || turnIdx > call.maxTurn) {
        call.maxTurn = turnIdx;
        call.currentDone = false;
      }
      if (turnIdx === call.maxTurn) {
        if (finishesTurn(entry)) call.currentDone = true;
        // A tool call keeps the turn open: the replica waits for the app's result.
        else if (entry.kind === 'tool_call') call.currentDone = false;
      }
      if (entry.inferenceId !== undefined && !call.inferenceTurns.has(entry.inferenceId))
        call.inferenceTurns.set(entry.inferenceId, turnIdx);
      if (entry.kind === 'tool_call') {
        if (c?.toolCallId !== undefined) call.toolTurns.set(c.toolCallId, turnIdx);
        else call.unnamedToolTurns.push(turnIdx);
      }
      return decided;
    }
    if (entry.recordKind !== 'app-message' || entry.kind === 'malformed') return NONE;
    if (entry.dir === 'out') {
      entry.turn = this.sendTurn(call, entry);
      return NONE;
    }
    if (entry.inferenceId !== undefined) entry.turn = call.inferenceTurns.get(entry.inferenceId);
    return NONE;
  }

  clear(): void {
    this.calls = new Map();
    this.lastCall = undefined;
    this.lastCallId = undefined;
  }

  private sendTurn(call: CallTurns, entry: EventEntry): number | undefined {
    const c = entry.classified;
    if (entry.kind === 'respond') {
      if (call.maxTurn === undefined) {
        call.waiting.push(entry);
        return undefined;
      }
      call.maxTurn += 1;
      call.currentDone = false;
      return call.maxTurn;
    }
    if (entry.kind === 'tool_result' && c?.toolCallId !== undefined && call.toolTurns.has(c.toolCallId))
      return call.toolTurns.get(c.toolCallId);
    const answersUnnamedTool =
      call.unnamedToolTurns.length > 0 &&
      (entry.kind === 'echo' || (entry.kind === 'context' && c?.context?.op === 'append'));
    if (answersUnnamedTool) return call.unnamedToolTurns.shift();
    if (call.maxTurn === undefined && call.waiting.length > 0) {
      call.waiting.push(entry);
      return undefined;
    }
    return call.currentDone ? undefined : call.maxTurn;
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

const NONE: EventEntry[] = [];
