import { describe, expect, it } from 'vitest';
import { EventLog, type Turn } from '../../../src/log';
import {
  DEFAULT_LATENCY_THRESHOLDS,
  latencyRows,
  parseThreshold,
  slowMetrics,
  sortLatencyRows,
  validThresholds,
  type LatencyRow,
} from '../../../src/log/latency';
import { demoConversation } from './demo-conversation';

function turn(
  turnIdx: number,
  l: { stop?: number; respond?: number; tools?: Array<number | undefined>; speech?: number[] },
): Turn {
  const latency = (ms: number | undefined) =>
    ms === undefined ? undefined : { fromId: 0, toId: 1, ms, tavusMs: undefined };
  return {
    callId: 'c',
    turnIdx,
    eventIds: [],
    state: 'done',
    interrupted: false,
    firstReceivedAt: 0,
    lastReceivedAt: 0,
    userText: undefined,
    replicaGeneratedText: undefined,
    replicaSpokenText: undefined,
    latencies: {
      userStopToReplicaStart: latency(l.stop),
      respondToFirstReplica: latency(l.respond),
      toolCalls: (l.tools ?? []).map((ms, i) => ({
        callEventId: i,
        toolCallId: undefined,
        name: 'f',
        resultEventId: ms === undefined ? undefined : 100 + i,
        matchedBy: ms === undefined ? undefined : 'tool_call_id',
        ms,
      })),
      utterances: (l.speech ?? []).map((s, i) => ({ eventId: i, role: 'replica', durationS: s, interrupted: false })),
    },
  };
}

const keys = (rows: LatencyRow[]) => rows.map((r) => r.turnIdx);

describe('latency table', () => {
  it('computes one row per turn from the log (demo conversation)', () => {
    const log = new EventLog();
    log.add(demoConversation().inputs);
    const rows = latencyRows(log.turns());
    expect(
      rows.map((r) => [r.key, r.userStopToReplicaStart, r.respondToFirstReplica, r.toolReply, r.replicaSpeech]),
    ).toEqual([
      // Turn 1: user stopped 2600 → replica started 3600; respond 2000 → tool call 2800 (first replica-side
      // event); tool call 2800 → result 3300; replica spoke 0.9 s.
      ['call-1:1', 1000, 800, 500, 900],
      ['call-1:2', 2500, 2900, undefined, 600],
    ]);
  });

  it('takes the slowest tool reply, marks a waiting one, and sums replica speech', () => {
    const [row] = latencyRows([turn(1, { tools: [300, 1200], speech: [1.5, 0.25] })]);
    expect([row!.toolReply, row!.toolWaiting, row!.replicaSpeech]).toEqual([1200, false, 1750]);
    const [waiting] = latencyRows([turn(1, { tools: [300, undefined] })]);
    expect([waiting!.toolReply, waiting!.toolWaiting]).toEqual([300, true]);
  });

  it('sorts by any column both ways, rows without a value last, ties in turn order', () => {
    const rows = latencyRows([
      turn(1, { stop: 900, tools: [100] }),
      turn(2, { stop: undefined, tools: [undefined] }),
      turn(3, { stop: 2000 }),
      turn(4, { stop: 900, tools: [5000] }),
    ]);
    expect(keys(sortLatencyRows(rows, { column: 'userStopToReplicaStart', descending: false }))).toEqual([1, 4, 3, 2]);
    expect(keys(sortLatencyRows(rows, { column: 'userStopToReplicaStart', descending: true }))).toEqual([3, 1, 4, 2]);
    // A waiting tool call is the slowest of all.
    expect(keys(sortLatencyRows(rows, { column: 'toolReply', descending: true }))).toEqual([2, 4, 1, 3]);
    expect(keys(sortLatencyRows(rows, { column: 'toolReply', descending: false }))).toEqual([1, 4, 2, 3]);
    expect(keys(sortLatencyRows(rows, { column: 'turn', descending: true }))).toEqual([4, 3, 2, 1]);
    expect(keys(rows)).toEqual([1, 2, 3, 4]); // not sorted in place
  });

  it('marks the metrics over their threshold (a waiting tool call counts as over)', () => {
    const rows = latencyRows([turn(1, { stop: 1600, respond: 100, tools: [undefined], speech: [40] })]);
    expect(slowMetrics(rows[0]!, DEFAULT_LATENCY_THRESHOLDS)).toEqual(['userStopToReplicaStart', 'toolReply']);
    expect(slowMetrics(rows[0]!, { replicaSpeech: 30_000 })).toEqual(['replicaSpeech']);
    expect(slowMetrics(rows[0]!, {})).toEqual([]);
  });

  it('parses thresholds with units and validates stored ones', () => {
    expect(parseThreshold('1500')).toEqual({ ms: 1500 });
    expect(parseThreshold(' 1.5 s ')).toEqual({ ms: 1500 });
    expect(parseThreshold('800ms')).toEqual({ ms: 800 });
    expect(parseThreshold('')).toEqual({ ms: undefined });
    expect(parseThreshold('fast')).toBeUndefined();
    expect(parseThreshold('-5')).toBeUndefined();
    expect(validThresholds({ toolReply: 2000, replicaSpeech: -1, userStopToReplicaStart: 'x', other: 5 })).toEqual({
      toolReply: 2000,
    });
    expect(validThresholds(null)).toEqual({});
  });
});
