import { describe, expect, it } from 'vitest';
import { EventLog, type LogEvent } from '../../../src/log';
import { latencySpans, speakingSpans, timeTicks, waterfallRows } from '../../../src/log/waterfall';
import { demoConversation } from './demo-conversation';

function turnEvents(log: EventLog, index: number): LogEvent[] {
  return log.turns()[index]!.eventIds.map((id) => log.get(id)!);
}

describe('waterfall', () => {
  it('folds stream chunks and speaking twins into one row each', () => {
    const log = new EventLog();
    log.add(demoConversation().inputs);
    const events = turnEvents(log, 0);
    const rows = waterfallRows(events);
    const streams = rows.filter((r) => r.folded === 'stream');
    // The user's and the replica's streaming utterances: 3 chunks each, one row each.
    expect(streams.map((r) => r.eventIds.length)).toEqual([3, 3]);
    expect(streams[1]!.summary).toContain('for Paris: fog.');
    expect(streams[1]!.start).toBe(3_700);
    expect(streams[1]!.end).toBe(3_900);
    const twins = rows.filter((r) => r.folded === 'twins');
    expect(twins.length).toBe(4); // user started/stopped, replica started/stopped (legacy + role-agnostic)
    // Every event is on exactly one row.
    expect(rows.flatMap((r) => r.eventIds).sort((a, b) => a - b)).toEqual(
      events.map((e) => e.id).sort((a, b) => a - b),
    );
    expect(rows.length).toBeLessThan(events.length - 6);
  });

  it('folds the 3 audio echo chunks between turns into one row', () => {
    const log = new EventLog();
    log.add(demoConversation().inputs);
    const block = log.betweenTurns()[0]!;
    const rows = waterfallRows(block.eventIds.map((id) => log.get(id)!));
    const echo = rows.find((r) => r.kind === 'echo')!;
    expect([echo.folded, echo.eventIds.length]).toEqual(['stream', 3]);
  });

  it('draws speaking spans started → stopped (twins once) and latency spans', () => {
    const log = new EventLog();
    log.add(demoConversation().inputs);
    const turn = log.turns()[0]!;
    const events = turnEvents(log, 0);
    const spans = speakingSpans(events, turn.lastReceivedAt);
    expect(spans.map((s) => [s.label, s.start, s.end, s.open])).toEqual([
      ['user speaking', 2_100, 2_600, false],
      ['replica speaking', 3_600, 4_500, false],
    ]);
    const open = speakingSpans(
      events.filter((e) => !(e.classified?.speaking?.phase === 'stopped' && e.role === 'replica')),
      5_000,
    );
    expect(open[1]).toMatchObject({ start: 3_600, end: 5_000, open: true });
    const lat = latencySpans(turn, (id) => log.get(id)?.receivedAt);
    expect(lat.map((s) => [s.label, s.start, s.end])).toEqual([
      ['user stop → replica start', 2_600, 3_600],
      ['respond → first replica event', 2_000, 2_800],
      ['tool get_weather → reply', 2_800, 3_300],
    ]);
  });

  it('ticks with 1-2-5 steps covering the span', () => {
    expect(timeTicks(1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(2500, 6)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(timeTicks(66_000, 6)).toEqual([0, 20_000, 40_000, 60_000]);
    expect(timeTicks(0)).toEqual([0]);
    expect(timeTicks(Number.NaN)).toEqual([0]);
  });
});
