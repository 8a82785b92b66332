import { describe, expect, it } from 'vitest';
import { EventLog, type LogEvent } from '../../../src/log';
import { Script } from './conversation-script';
import { demoConversation } from './demo-conversation';

function loaded(): { log: EventLog; byType: (type: string) => LogEvent[] } {
  const log = new EventLog();
  log.add(demoConversation().inputs);
  const events = [...log.events()];
  return { log, byType: (type) => events.filter((e) => e.eventType === type) };
}

describe('turn grouping of sends', () => {
  it("gives the call's first respond the turn it started", () => {
    const { log, byType } = loaded();
    const [first, second] = byType('conversation.respond');
    expect([first!.turn, second!.turn]).toEqual([1, 2]);
    const turn1 = log.turns()[0]!;
    expect(turn1.eventIds).toContain(first!.id);
    expect(turn1.latencies.respondToFirstReplica?.fromId).toBe(first!.id);
    expect(log.turns()[1]!.eventIds).toContain(second!.id);
  });

  it('keeps sends made after a finished turn, and the speech they caused, out of that turn', () => {
    const { log, byType } = loaded();
    const [turn1, turn2] = log.turns();
    const overwrite = byType('conversation.overwrite_llm_context')[0]!;
    const echoes = byType('conversation.echo');
    expect(echoes).toHaveLength(3);
    for (const e of [overwrite, ...echoes]) {
      expect(e.turn).toBeUndefined();
      expect(turn1!.eventIds).not.toContain(e.id);
      expect(turn2!.eventIds).not.toContain(e.id);
    }
    // Turn 1 ends when the replica stopped answering, not a minute later; it said its answer, not the echo.
    expect(turn1!.lastReceivedAt).toBe(4_500);
    expect(turn1!.replicaSpokenText).toBe('Here is the weather for Paris: fog.');
    expect(turn1!.state).toBe('done');

    const between = log.betweenTurns();
    expect(between).toHaveLength(1);
    const block = between[0]!;
    expect(block.afterTurn).toBe(1);
    const echoSpeech = [...log.events()].filter((e) => e.inferenceId === 'e1' && e.dir === 'in');
    expect(echoSpeech.length).toBeGreaterThan(0);
    expect([...block.eventIds].sort((a, b) => a - b)).toEqual(
      [overwrite.id, ...echoes.map((e) => e.id), ...echoSpeech.map((e) => e.id)].sort((a, b) => a - b),
    );
    expect([block.firstReceivedAt, block.lastReceivedAt]).toEqual([60_000, 61_600]);
  });

  it('a tool_result joins the turn of its tool call', () => {
    const { log, byType } = loaded();
    const result = byType('conversation.tool_result')[0]!;
    expect(result.turn).toBe(1);
    const timing = log.turns()[0]!.latencies.toolCalls[0]!;
    expect([timing.resultEventId, timing.ms, timing.matchedBy]).toEqual([result.id, 500, 'tool_call_id']);
  });

  it('speech an echo caused stays between turns when its end arrives after the next turn began', () => {
    const s = new Script();
    s.at(1_000).speaking('started', 'replica', 1, 'r1');
    s.stream('replica', 1, 'r1', ['Hello.']);
    s.at(1_500).speaking('stopped', 'replica', 1, 'r1', { duration: 0.4, interrupted: false });
    s.at(5_000).out('conversation.echo', { modality: 'text', text: 'A long echo.' });
    s.at(5_100).speaking('started', 'replica', 1, 'e1');
    s.stream('replica', 1, 'e1', ['A long']);
    // The user's respond interrupts the echo: its final chunk and stop come after turn 2 began.
    s.at(5_400).out('conversation.respond', { text: 'next' });
    s.at(5_450).stream('replica', 1, 'e1', ['A long'], true);
    s.at(5_500).speaking('stopped', 'replica', 1, 'e1', { duration: 0.4, interrupted: true });
    s.at(5_600).speaking('started', 'user', 2, 'u2');
    const log = new EventLog();
    log.add(s.inputs);
    const [turn1, turn2] = log.turns();
    expect([turn1!.interrupted, turn1!.lastReceivedAt, turn1!.replicaSpokenText]).toEqual([false, 1_500, 'Hello.']);
    const echoSpeech = [...log.events()].filter((e) => e.inferenceId === 'e1').map((e) => e.id);
    const between = log.betweenTurns();
    expect(between).toHaveLength(1);
    for (const id of echoSpeech) expect(between[0]!.eventIds).toContain(id);
    expect(turn2!.eventIds.some((id) => echoSpeech.includes(id))).toBe(false);
  });
});
