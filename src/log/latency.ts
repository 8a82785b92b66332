/**
 * The latency table across turns: one row per turn with the four numbers a voice app is tuned by, sortable by any
 * column, with thresholds that mark slow turns. Pure: the Turns view renders it.
 */
import type { Turn } from './types';

/** The measured columns (all in ms). */
export type LatencyMetric = 'userStopToReplicaStart' | 'respondToFirstReplica' | 'toolReply' | 'replicaSpeech';
export type LatencyColumn = 'turn' | LatencyMetric;

export const LATENCY_METRICS: readonly LatencyMetric[] = [
  'userStopToReplicaStart',
  'respondToFirstReplica',
  'toolReply',
  'replicaSpeech',
];

export const LATENCY_TITLES: Readonly<Record<LatencyColumn, string>> = {
  turn: 'Turn',
  userStopToReplicaStart: 'User stop → replica start',
  respondToFirstReplica: 'Respond → first replica event',
  toolReply: 'Tool call → reply',
  replicaSpeech: 'Replica speech',
};

export interface LatencyRow {
  /** `${callId}:${turnIdx}`, the key the Turns view gives each turn block. */
  readonly key: string;
  readonly callId: string;
  readonly turnIdx: number;
  readonly userStopToReplicaStart: number | undefined;
  readonly respondToFirstReplica: number | undefined;
  /** The slowest answered tool call of the turn. */
  readonly toolReply: number | undefined;
  /** A tool call of the turn has no reply yet: sorts and counts as slower than any reply. */
  readonly toolWaiting: boolean;
  /** Sum of the replica's stopped_speaking durations in the turn. */
  readonly replicaSpeech: number | undefined;
}

export function turnKey(callId: string, turnIdx: number): string {
  return `${callId}:${turnIdx}`;
}

export function latencyRows(turns: readonly Turn[]): LatencyRow[] {
  return turns.map((turn) => {
    const { latencies } = turn;
    let toolReply: number | undefined;
    let toolWaiting = false;
    for (const tool of latencies.toolCalls) {
      if (tool.ms === undefined) toolWaiting = true;
      else toolReply = Math.max(toolReply ?? 0, tool.ms);
    }
    let speechS: number | undefined;
    for (const u of latencies.utterances)
      if (u.role === 'replica' && typeof u.durationS === 'number') speechS = (speechS ?? 0) + u.durationS;
    return {
      key: turnKey(turn.callId, turn.turnIdx),
      callId: turn.callId,
      turnIdx: turn.turnIdx,
      userStopToReplicaStart: latencies.userStopToReplicaStart?.ms,
      respondToFirstReplica: latencies.respondToFirstReplica?.ms,
      toolReply,
      toolWaiting,
      replicaSpeech: speechS === undefined ? undefined : Math.round(speechS * 1000),
    };
  });
}

export interface LatencySort {
  readonly column: LatencyColumn;
  readonly descending: boolean;
}

/** The value a column sorts and compares by: a waiting tool call is slower than any reply. */
export function metricValue(row: LatencyRow, column: LatencyMetric): number | undefined {
  if (column === 'toolReply' && row.toolWaiting) return Infinity;
  return row[column];
}

/**
 * Rows sorted by one column; rows without a value go last in either direction (a turn with no tool call is neither
 * fast nor slow), ties keep turn order. Returns a new array.
 */
export function sortLatencyRows(rows: readonly LatencyRow[], sort: LatencySort): LatencyRow[] {
  const sign = sort.descending ? -1 : 1;
  const indexed = rows.map((row, index) => ({ row, index }));
  indexed.sort((a, b) => {
    if (sort.column === 'turn') {
      return sign * (a.index - b.index);
    }
    const va = metricValue(a.row, sort.column);
    const vb = metricValue(b.row, sort.column);
    if (va === undefined || vb === undefined) {
      if (va === vb) return a.index - b.index;
      return va === undefined ? 1 : -1;
    }
    if (va !== vb) return sign * (va < vb ? -1 : 1);
    return a.index - b.index;
  });
  return indexed.map((x) => x.row);
}

/** Per metric, the ms above which a turn is slow; undefined: no threshold. */
export type LatencyThresholds = Readonly<Partial<Record<LatencyMetric, number>>>;

/**
 * Defaults from what voice apps aim for: a reply should start within about a second and a half of the user
 * stopping; a tool slower than 3 s leaves a long silence; speech length has no natural limit.
 */
export const DEFAULT_LATENCY_THRESHOLDS: LatencyThresholds = {
  userStopToReplicaStart: 1500,
  respondToFirstReplica: 1500,
  toolReply: 3000,
};

/** The metrics of a row over their threshold. */
export function slowMetrics(row: LatencyRow, thresholds: LatencyThresholds): LatencyMetric[] {
  return LATENCY_METRICS.filter((metric) => {
    const limit = thresholds[metric];
    const value = metricValue(row, metric);
    return limit !== undefined && value !== undefined && value > limit;
  });
}

/**
 * A threshold typed by the user, in ms (a bare number) or with a unit ("1.5 s", "800ms"). Empty text clears it;
 * undefined means the text is not a duration.
 */
export function parseThreshold(text: string): { ms: number | undefined } | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return { ms: undefined };
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?$/.exec(trimmed);
  if (!match) return undefined;
  const value = Number(match[1]);
  const ms = match[2] === undefined || match[2] === 'ms' ? value : value * 1000;
  return Number.isFinite(ms) ? { ms: Math.round(ms) } : undefined;
}

/** Keeps only known metrics with finite, non-negative numbers (thresholds come back from storage). */
export function validThresholds(value: unknown): LatencyThresholds {
  const out: Partial<Record<LatencyMetric, number>> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const metric of LATENCY_METRICS) {
    const ms = (value as Record<string, unknown>)[metric];
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) out[metric] = ms;
  }
  return out;
}
