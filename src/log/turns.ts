/**
 * Turn grouping and latencies: one pass over the seq-ordered log, continued with new events while the log only
 * appends (see TurnScanner).
 * Latencies are what the client saw: local receive/send times, plus Tavus timestamps where both ends have one.
 */
import type { EventEntry, TwinGroup } from './entry';
import type { BetweenTurns, Latency, ToolCallTiming, Turn, UtteranceTiming } from './types';

interface TurnBuilder {
  /** The Turn last handed out for this builder, while nothing changed since. */
  output: Turn | undefined;
  callId: string;
  turnIdx: number;
  eventIds: number[];
  replicaActive: boolean;
  done: boolean;
  interrupted: boolean;
  firstReceivedAt: number;
  lastReceivedAt: number;
  userText: string | undefined;
  userStreamText: string | undefined;
  replicaGeneratedText: string | undefined;
  replicaSpokenText: string | undefined;
  userStopToReplicaStart: Latency | undefined;
  respondToFirstReplica: Latency | undefined;
  toolCalls: MutableToolTiming[];
  utterances: UtteranceTiming[];
  /** Inference ids of the turn's own events: replica speech with a new one after the turn is not the turn's. */
  inferences: Set<string>;
}

interface BetweenBuilder {
  output: BetweenTurns | undefined;
  callId: string;
  afterTurn: number | undefined;
  eventIds: number[];
  firstReceivedAt: number;
  lastReceivedAt: number;
}

interface MutableToolTiming {
  /** The turn listing this tool call, if any: a reply arriving later changes it. */
  turn: TurnBuilder | undefined;
  callEntry: EventEntry;
  toolCallId: string | undefined;
  name: string | undefined;
  resultEventId: number | undefined;
  matchedBy: 'tool_call_id' | 'next-outgoing' | undefined;
  ms: number | undefined;
}

interface CallScan {
  turns: Map<number, TurnBuilder>;
  lastUserStop: EventEntry | undefined;
  pendingRespond: EventEntry | undefined;
  /** Tool calls still waiting for a reply, oldest first. */
  openToolCalls: MutableToolTiming[];
  visitedTwins: Set<TwinGroup>;
  timedTwins: Set<TwinGroup>;
  /** Highest turn visited so far. */
  lastTurn: number | undefined;
  between: BetweenBuilder[];
  /** The between-turns block still collecting (until an event of a later turn). */
  openBetween: BetweenBuilder | undefined;
  /** Speech a between-turns block took: its later events (a stop after the next turn began) follow it there. */
  betweenInferences: Map<string, BetweenBuilder>;
}

function latency(from: EventEntry, to: EventEntry): Latency {
  return {
    fromId: from.id,
    toId: to.id,
    ms: to.receivedAt - from.receivedAt,
    tavusMs:
      from.timestamp !== undefined && to.timestamp !== undefined
        ? Math.round((to.timestamp - from.timestamp) * 1e6) / 1e3
        : undefined,
  };
}

function isReplicaSide(entry: EventEntry): boolean {
  return (
    entry.dir === 'in' &&
    (entry.role === 'replica' || entry.kind === 'tool_call' || entry.kind === 'replica_interrupted')
  );
}

function isReplyToTool(entry: EventEntry): boolean {
  return (
    entry.dir === 'out' &&
    (entry.kind === 'tool_result' ||
      entry.kind === 'echo' ||
      (entry.kind === 'context' && entry.classified?.context?.op === 'append'))
  );
}

/** Turn facts that are the same whichever twin copy carries them (idempotent per copy). */
function applyTurnState(turn: TurnBuilder, entry: EventEntry, scan: CallScan): void {
  const c = entry.classified;
  if (entry.dir === 'in' && entry.role === 'replica') turn.replicaActive = true;
  switch (entry.kind) {
    case 'speaking': {
      const speaking = c?.speaking;
      if (!speaking || speaking.phase !== 'stopped') break;
      // Durations come from whichever copy has them (legacy and role-agnostic copies may differ); one per twin group.
      const hasTiming = speaking.durationS !== undefined || speaking.interrupted !== undefined;
      if (hasTiming && !(entry.twin && scan.timedTwins.has(entry.twin))) {
        if (entry.twin) scan.timedTwins.add(entry.twin);
        turn.utterances.push({
          eventId: entry.id,
          role: entry.role,
          durationS: speaking.durationS,
          interrupted: speaking.interrupted === true,
        });
      }
      if (entry.role === 'replica') {
        turn.done = true;
        if (speaking.interrupted) turn.interrupted = true;
      }
      break;
    }
    case 'streaming':
      if (c?.streaming?.final) {
        if (entry.role === 'replica') {
          turn.done = true;
          turn.replicaSpokenText = c.speech;
          if (c.streaming.isInterrupted) turn.interrupted = true;
        } else if (entry.role === 'user') turn.userStreamText = c.speech;
      }
      break;
    case 'utterance':
      if (c) {
        if (entry.role === 'user') turn.userText = c.speech;
        else if (entry.role === 'replica') turn.replicaGeneratedText = c.speech;
        if (c.interrupted && entry.role === 'replica') turn.interrupted = true;
      }
      break;
    case 'replica_interrupted':
      turn.interrupted = true;
      break;
    default:
      break;
  }
}

/**
 * The turn grouping as a fold over seq-ordered events, so a log that only appended events since can feed it just
 * the new ones (the Turns tab at 100k events rebuilt every turn on every update). `turns()` reuses the Turn objects
 * of turns nothing touched since the last call.
 */
export class TurnScanner {
  private readonly calls = new Map<string, CallScan>();
  private readonly callOrder: string[] = [];
  private changed = true;
  private cached: Turn[] = [];
  private cachedBetween: BetweenTurns[] = [];

  constructor(private readonly onlyCall?: string) {}

  private turnFor(scan: CallScan, entry: EventEntry, turnIdx: number): TurnBuilder {
    let turn = scan.turns.get(turnIdx);
    if (!turn) {
      turn = {
        output: undefined,
        callId: entry.callId,
        turnIdx,
        eventIds: [],
        replicaActive: false,
        done: false,
        interrupted: false,
        firstReceivedAt: entry.receivedAt,
        lastReceivedAt: entry.receivedAt,
        userText: undefined,
        userStreamText: undefined,
        replicaGeneratedText: undefined,
        replicaSpokenText: undefined,
        userStopToReplicaStart: undefined,
        respondToFirstReplica: undefined,
        toolCalls: [],
        utterances: [],
        inferences: new Set(),
      };
      scan.turns.set(turnIdx, turn);
    }
    // Whoever asks for a turn may change it.
    turn.output = undefined;
    this.changed = true;
    return turn;
  }

  visit(entry: EventEntry): void {
    if (this.onlyCall !== undefined && entry.callId !== this.onlyCall) return;
    let scan = this.calls.get(entry.callId);
    if (!scan) {
      scan = {
        turns: new Map(),
        lastUserStop: undefined,
        pendingRespond: undefined,
        openToolCalls: [],
        visitedTwins: new Set(),
        timedTwins: new Set(),
        lastTurn: undefined,
        between: [],
        openBetween: undefined,
        betweenInferences: new Map(),
      };
      this.calls.set(entry.callId, scan);
      this.callOrder.push(entry.callId);
      this.changed = true;
    }
    if (this.visitBetween(scan, entry)) return;
    const turn = entry.turn !== undefined ? this.turnFor(scan, entry, entry.turn) : undefined;
    if (turn) {
      turn.eventIds.push(entry.id);
      if (entry.receivedAt < turn.firstReceivedAt) turn.firstReceivedAt = entry.receivedAt;
      if (entry.receivedAt > turn.lastReceivedAt) turn.lastReceivedAt = entry.receivedAt;
      if (entry.inferenceId !== undefined) turn.inferences.add(entry.inferenceId);
    }

    if (entry.duplicate || entry.kind === 'malformed') return;
    const c = entry.classified;
    if (turn) applyTurnState(turn, entry, scan);

    // Twins describe one happening: only the first copy met in this pass drives timing.
    if (entry.twin) {
      if (scan.visitedTwins.has(entry.twin)) return;
      scan.visitedTwins.add(entry.twin);
    }

    if (scan.pendingRespond && isReplicaSide(entry)) {
      const respondTurn =
        scan.pendingRespond.turn !== undefined
          ? this.turnFor(scan, scan.pendingRespond, scan.pendingRespond.turn)
          : turn;
      if (respondTurn && !respondTurn.respondToFirstReplica)
        respondTurn.respondToFirstReplica = latency(scan.pendingRespond, entry);
      scan.pendingRespond = undefined;
    }

    switch (entry.kind) {
      case 'respond':
        if (entry.dir === 'out') scan.pendingRespond = entry;
        break;
      case 'speaking': {
        const speaking = c?.speaking;
        if (!speaking) break;
        if (speaking.phase === 'stopped' && entry.role === 'user') scan.lastUserStop = entry;
        if (speaking.phase === 'started' && entry.role === 'replica' && scan.lastUserStop) {
          const target =
            turn ??
            (scan.lastUserStop.turn !== undefined
              ? this.turnFor(scan, scan.lastUserStop, scan.lastUserStop.turn)
              : undefined);
          if (target && !target.userStopToReplicaStart)
            target.userStopToReplicaStart = latency(scan.lastUserStop, entry);
          scan.lastUserStop = undefined;
        }
        break;
      }
      case 'tool_call': {
        const timing: MutableToolTiming = {
          turn,
          callEntry: entry,
          toolCallId: c?.toolCallId,
          name: c?.toolName,
          resultEventId: undefined,
          matchedBy: undefined,
          ms: undefined,
        };
        if (turn) turn.toolCalls.push(timing);
        scan.openToolCalls.push(timing);
        break;
      }
      default:
        break;
    }

    if (isReplyToTool(entry) && scan.openToolCalls.length > 0) {
      // tool_result answers by tool_call_id; echo/append_context is the pre-registry reply to calls without an id.
      const isResult = entry.kind === 'tool_result';
      const id = isResult ? c?.toolCallId : undefined;
      let index = id !== undefined ? scan.openToolCalls.findIndex((t) => t.toolCallId === id) : -1;
      const matchedBy = index >= 0 ? 'tool_call_id' : 'next-outgoing';
      if (index < 0) index = isResult ? 0 : scan.openToolCalls.findIndex((t) => t.toolCallId === undefined);
      const timing = index >= 0 ? scan.openToolCalls[index] : undefined;
      if (timing) {
        scan.openToolCalls.splice(index, 1);
        timing.resultEventId = entry.id;
        timing.matchedBy = matchedBy;
        timing.ms = entry.receivedAt - timing.callEntry.receivedAt;
        if (timing.turn) timing.turn.output = undefined;
        this.changed = true;
      }
    }
  }

  /**
   * Files sends made between turns (no turn: see TurnAssigner) into a between-turns block, with the replica speech
   * they caused: Tavus numbers an echo's speech with the finished turn's turn_idx, but it answers the echo, not the
   * turn (a new inference_id the turn has not used). Returns true when the entry went into a block.
   */
  private visitBetween(scan: CallScan, entry: EventEntry): boolean {
    if (entry.turn !== undefined) {
      const taken =
        entry.dir === 'in' && entry.inferenceId !== undefined
          ? scan.betweenInferences.get(entry.inferenceId)
          : undefined;
      if (taken && taken.afterTurn !== undefined && entry.turn <= taken.afterTurn) {
        this.addToBetween(taken, entry);
        return true;
      }
      const open = scan.openBetween;
      if (open && (open.afterTurn === undefined || entry.turn > open.afterTurn)) scan.openBetween = undefined;
      else if (open && entry.dir === 'in' && entry.role === 'replica' && entry.inferenceId !== undefined) {
        const own = scan.turns.get(entry.turn)?.inferences.has(entry.inferenceId) === true;
        if (!own && (entry.kind === 'speaking' || entry.kind === 'streaming' || entry.kind === 'utterance')) {
          scan.betweenInferences.set(entry.inferenceId, open);
          this.addToBetween(open, entry);
          return true;
        }
      }
      if (scan.lastTurn === undefined || entry.turn > scan.lastTurn) scan.lastTurn = entry.turn;
      return false;
    }
    if (entry.recordKind !== 'app-message' || entry.dir !== 'out' || entry.kind === 'malformed') return false;
    let block = scan.openBetween;
    if (!block) {
      block = {
        output: undefined,
        callId: entry.callId,
        afterTurn: scan.lastTurn,
        eventIds: [],
        firstReceivedAt: entry.receivedAt,
        lastReceivedAt: entry.receivedAt,
      };
      scan.between.push(block);
      scan.openBetween = block;
    }
    this.addToBetween(block, entry);
    return true;
  }

  private addToBetween(block: BetweenBuilder, entry: EventEntry): void {
    block.eventIds.push(entry.id);
    if (entry.receivedAt < block.firstReceivedAt) block.firstReceivedAt = entry.receivedAt;
    if (entry.receivedAt > block.lastReceivedAt) block.lastReceivedAt = entry.receivedAt;
    block.output = undefined;
    this.changed = true;
  }

  /** Sends made between turns (with what they caused), by call then position. */
  betweenTurns(): BetweenTurns[] {
    this.turns();
    return this.cachedBetween;
  }

  turns(): Turn[] {
    if (!this.changed) return this.cached;
    const out: Turn[] = [];
    const between: BetweenTurns[] = [];
    for (const callId of this.callOrder) {
      const scan = this.calls.get(callId)!;
      const turns = [...scan.turns.values()].sort((a, b) => a.turnIdx - b.turnIdx);
      for (const t of turns) out.push((t.output ??= snapshot(t)));
      for (const b of scan.between)
        between.push(
          (b.output ??= {
            callId: b.callId,
            afterTurn: b.afterTurn,
            eventIds: [...b.eventIds],
            firstReceivedAt: b.firstReceivedAt,
            lastReceivedAt: b.lastReceivedAt,
          }),
        );
    }
    this.cached = out;
    this.cachedBetween = between;
    this.changed = false;
    return out;
  }
}

function snapshot(t: TurnBuilder): Turn {
  return {
    callId: t.callId,
    turnIdx: t.turnIdx,
    eventIds: [...t.eventIds],
    state: t.done ? 'done' : t.replicaActive ? 'running' : 'open',
    interrupted: t.interrupted,
    firstReceivedAt: t.firstReceivedAt,
    lastReceivedAt: t.lastReceivedAt,
    userText: t.userText ?? t.userStreamText,
    replicaGeneratedText: t.replicaGeneratedText,
    replicaSpokenText: t.replicaSpokenText,
    latencies: {
      userStopToReplicaStart: t.userStopToReplicaStart,
      respondToFirstReplica: t.respondToFirstReplica,
      toolCalls: t.toolCalls.map((timing): ToolCallTiming => ({
        callEventId: timing.callEntry.id,
        toolCallId: timing.toolCallId,
        name: timing.name,
        resultEventId: timing.resultEventId,
        matchedBy: timing.matchedBy,
        ms: timing.ms,
      })),
      utterances: [...t.utterances],
    },
  };
}
