/** The simulator's §8 knobs: heartbeats, objectives with a manual confirm, guardrails. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOBS, parseKnobs, writeKnobs } from '../../../src/sim/knobs';
import { SimDriver, prop } from './sim-harness';

describe('simulator §8 knobs', () => {
  it('parses and writes heartbeat, objectives and guardrails; all off by default', () => {
    expect(DEFAULT_KNOBS).toMatchObject({ heartbeatMs: 0, objectives: false, guardrails: false });
    const knobs = parseKnobs('heartbeat=5000&objectives=1&guardrails=yes');
    expect(knobs).toMatchObject({ heartbeatMs: 5000, objectives: true, guardrails: true });
    expect(parseKnobs('heartbeat=999999').heartbeatMs).toBe(60_000);
    expect(writeKnobs(knobs, new URLSearchParams()).toString()).toBe('heartbeat=5000&objectives=1&guardrails=1');
  });

  it('sends system.replica_present every heartbeatMs once present, counting attempts, until the call ends', () => {
    const driver = new SimDriver({ heartbeatMs: 1000 }).joinAndWait();
    driver.runFor(3_000);
    const beats = driver.events(['system.replica_present']);
    expect(beats.length).toBeGreaterThanOrEqual(4);
    expect(beats.map((b) => prop(b, 'attempt'))).toEqual(beats.map((_, i) => i + 1));
    expect(beats[0]!.message_type).toBe('system');
    expect(beats[1]!.timestamp - beats[0]!.timestamp).toBeCloseTo(1, 3);
    driver.leave();
    const count = driver.events(['system.replica_present']).length;
    driver.runFor(5_000);
    expect(driver.events(['system.replica_present'])).toHaveLength(count);
    expect(new SimDriver().joinAndWait().runFor(10_000).events(['system.replica_present'])).toEqual([]);
  });

  it('objectives: greet activated at join, completed on the first turn; consent pending until confirmed', () => {
    const driver = new SimDriver({ objectives: true }).joinAndWait();
    const objectiveEvents = () =>
      driver
        .events()
        .filter((e) => e.event_type.startsWith('conversation.objective.'))
        .map((e) => [e.event_type.split('.').pop(), prop(e, 'objective_name')]);
    expect(objectiveEvents()).toEqual([['activated', 'greet']]);
    driver.respond('Hi, I am Priya').runFor(10_000);
    expect(objectiveEvents()).toEqual([
      ['activated', 'greet'],
      ['completed', 'greet'],
      ['pending', 'confirm_consent'],
    ]);
    const completed = driver.events(['conversation.objective.completed'])[0];
    expect(prop(completed, 'output_variables')).toEqual({ opening_words: expect.stringContaining('Priya') });
    expect(driver.send('conversation.objective.confirm', { objective_name: 'other' })).toBe('ignored-unknown');
    expect(driver.send('conversation.objective.confirm', { objective_name: 'confirm_consent' })).toBe('accepted');
    driver.runFor(2_000);
    expect(objectiveEvents().slice(3)).toEqual([
      ['activated', 'confirm_consent'],
      ['completed', 'confirm_consent'],
    ]);
  });

  it('guardrails fire on sensitive words only, with guardrail_name and reason', () => {
    const driver = new SimDriver({ guardrails: true }).joinAndWait();
    driver.respond('what a nice day').runFor(10_000);
    expect(driver.events(['conversation.guardrail.triggered'])).toEqual([]);
    driver.respond('my password is hunter2').runFor(10_000);
    const [guardrail] = driver.events(['conversation.guardrail.triggered']);
    expect(guardrail?.properties).toMatchObject({
      guardrail_name: 'no_sensitive_data',
      reason: 'the user mentioned "password"',
    });
  });
});
