/**
 * The log's bound. Large caps are allowed EVICTION_SLACK_SHARE over before the oldest go, back down to the cap: one
 * eviction step per 1 % of new events instead of one per event, so views and turns (rebuilt when events go) stay
 * incremental in between, and the log never holds fewer than `cap` once it has reached it.
 */

export const DEFAULT_LOG_CAP = 100_000;
/**
 * Payload text the log may hold (UTF-16 units; about a byte each for JSON text), on top of the count: 100,000 typical
 * events are well under it, a flood of 1 MB messages is not. Reached, the oldest go as for the count bound.
 */
export const DEFAULT_LOG_BYTES = 128_000_000;

/** Share of the cap a log may go over before evicting back down to it; none for caps below SLACK_FROM_CAP. */
const EVICTION_SLACK_SHARE = 0.01;
const SLACK_FROM_CAP = 10_000;

export function checkCap(cap: number): number {
  if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`cap must be a positive integer, got ${String(cap)}`);
  return cap;
}

export function evictionSlack(cap: number): number {
  return cap >= SLACK_FROM_CAP ? Math.floor(cap * EVICTION_SLACK_SHARE) : 0;
}

export function checkByteBudget(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new RangeError(`byte budget must be a positive integer, got ${String(bytes)}`);
  return bytes;
}

/** Whether a log holding `held` bytes must evict: once over the budget plus the same 1 % slack as the count. */
export function overByteBudget(held: number, budget: number): boolean {
  return held > budget + Math.floor(budget * EVICTION_SLACK_SHARE);
}

/** How many of the oldest to evict from a log holding `size` events: none until it is over cap + slack. */
export function evictionCount(size: number, cap: number): number {
  return size > cap + evictionSlack(cap) ? size - cap : 0;
}
