import { describe, expect, it } from 'vitest';
import { ReplicaSimulator } from '../../../src/sim/replica-simulator';
import type { ReplicaEvent } from '../../../src/sim/wire';
import { SimDriver, T0, prop } from './sim-harness';

const SPEAKING_AND_UTTERANCES = [
  'conversation.user.started_speaking',
  'conversation.user.stopped_speaking',
  'conversation.replica.started_speaking',
  'conversation.replica.stopped_speaking',
  'conversation.started_speaking',
  'conversation.stopped_speaking',
  'conversation.utterance',
  'conversation.utterance.streaming',
];

/**
 * A scripted conversation whose inputs arrive at fixed virtual times, so runs differ only by
 * what the simulator itself does with its seed and knobs.
 */
function conversation(knobs: ConstructorParameters<typeof SimDriver>[0]): SimDriver {
  const driver = new SimDriver(knobs).joinAndWait();
  driver.respond('Hello there, how are you?').runFor(20_000);
  driver.respond('What is the weather in Oslo?').runFor(5_000);
  const call = driver.events(['conversation.tool_call']).at(-1);
  driver.send('conversation.tool_result', {
    tool_call_id: prop(call, 'tool_call_id'),
    output: { temp_c: 3, sky: 'snow' },
  });
  driver.runFor(20_000);
  driver.respond('Tell me a story please').runFor(4_000);
  driver.send('conversation.interrupt');
  driver.runFor(5_000).leave();
  return driver;
}

function seqList(events: readonly ReplicaEvent[]): number[] {
  return events.map((event) => event.seq);
}

function inversions(seqs: readonly number[]): number {
  let count = 0;
  for (let i = 1; i < seqs.length; i++) if ((seqs[i] as number) < (seqs[i - 1] as number)) count++;
  return count;
}

describe('ReplicaSimulator determinism', () => {
  it('produces the identical delivered event list for the same seed', () => {
    const knobs = { seed: 42, jitterMs: 60, dropRate: 0.05, dupRate: 0.05, pal: true, perceptionRate: 0.5 };
    const first = conversation(knobs);
    const second = conversation(knobs);
    expect(first.delivered.length).toBeGreaterThan(50);
    expect(first.sim.stats).toMatchObject({ userTurns: 3, toolCalls: 1, interruptions: 1 });
    expect(second.delivered).toEqual(first.delivered);
  });

  it('produces a different conversation for a different seed', () => {
    const a = conversation({ seed: 1 });
    const b = conversation({ seed: 2 });
    expect(a.sim.conversationId).not.toBe(b.sim.conversationId);
    expect(a.delivered.map((d) => d.event)).not.toEqual(b.delivered.map((d) => d.event));
  });

  it('keeps content independent of the network knobs', () => {
    const clean = conversation({ seed: 9 });
    const faulty = conversation({ seed: 9, jitterMs: 200, dropRate: 0.2, dupRate: 0.2 });
    expect(faulty.emitted).toEqual(clean.emitted);
  });
});

describe('ReplicaSimulator envelope and seq', () => {
  it('emits contiguous, strictly increasing seq numbers with non-decreasing timestamps', () => {
    const driver = conversation({ seed: 5, perceptionRate: 1 });
    const seqs = seqList(driver.emitted);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    for (let i = 1; i < driver.emitted.length; i++) {
      expect((driver.emitted[i] as ReplicaEvent).timestamp).toBeGreaterThanOrEqual(
        (driver.emitted[i - 1] as ReplicaEvent).timestamp,
      );
    }
  });

  it('stamps every event with conversation_id and a Unix-seconds float timestamp', () => {
    const driver = conversation({ seed: 5 });
    for (const event of driver.emitted) {
      expect(event.conversation_id).toBe(driver.sim.conversationId);
      expect(event.timestamp).toBeGreaterThan(T0 / 1000 - 1);
      expect(event.timestamp).toBeLessThan(T0 / 1000 + 3600);
      expect(['conversation', 'system']).toContain(event.message_type);
    }
  });

  it('announces the replica on join, then ignores messages it could not have received', () => {
    const sim = new ReplicaSimulator({ knobs: { seed: 3 } });
    expect(sim.receive({ event_type: 'conversation.respond', properties: { text: 'hi' } }, T0)).toBe(
      'ignored-not-present',
    );
    sim.join(T0);
    expect(sim.receive({ event_type: 'conversation.respond', properties: { text: 'too early' } }, T0 + 1)).toBe(
      'ignored-not-present',
    );
    const events = sim.poll(T0 + 5_000).map((delivery) => delivery.event);
    expect(events.map((event) => event.event_type)).toEqual(['system.replica_joined']);
    expect(events[0]).toMatchObject({ message_type: 'system', seq: 1, properties: { replica_id: sim.replicaId } });
    expect(events[0]).not.toHaveProperty('turn_idx');
  });

  it('sends system.pal_joined as well in PAL mode', () => {
    const driver = new SimDriver({ pal: true }).joinAndWait();
    expect(driver.emitted.map((event) => event.event_type)).toEqual(['system.replica_joined', 'system.pal_joined']);
  });

  it('rejects malformed and unknown interactions without emitting', () => {
    const driver = new SimDriver().joinAndWait();
    const before = driver.emitted.length;
    expect(driver.sim.receive('not an object', driver.now)).toBe('ignored-invalid');
    expect(driver.send('conversation.respond', {})).toBe('ignored-invalid');
    expect(driver.send('conversation.nope')).toBe('ignored-unknown');
    driver.runUntilIdle();
    expect(driver.emitted.length).toBe(before);
  });
});

describe('ReplicaSimulator turn structure', () => {
  const text = 'Can you explain the refund policy again?';
  const driver = new SimDriver({ seed: 11 }).joinAndWait();
  const start = driver.emitted.length;
  driver.respond(text).runUntilIdle();
  const turn = driver.events(SPEAKING_AND_UTTERANCES, start);
  const types = turn.map((event) => event.event_type);
  const userId = turn[0]?.inference_id;
  const replicaStart = turn.findIndex((event) => event.event_type === 'conversation.replica.started_speaking');
  const replicaId = turn[replicaStart]?.inference_id;

  it('starts with the user speaking in both families, then user streaming, then stop + utterance', () => {
    expect(types.slice(0, 2)).toEqual(['conversation.user.started_speaking', 'conversation.started_speaking']);
    expect(prop(turn[1], 'role')).toBe('user');
    const userStop = types.indexOf('conversation.user.stopped_speaking');
    expect(types.slice(userStop, userStop + 3)).toEqual([
      'conversation.user.stopped_speaking',
      'conversation.stopped_speaking',
      'conversation.utterance',
    ]);
    expect(turn[userStop + 2]).toMatchObject({ inference_id: userId, properties: { role: 'user', speech: text } });
    expect(prop<number>(turn[userStop + 1], 'duration')).toBeGreaterThan(0);
  });

  it('streams accumulated user speech with content_index 0..n and final only on the last chunk', () => {
    const chunks = turn.filter(
      (event) => event.event_type === 'conversation.utterance.streaming' && prop(event, 'role') === 'user',
    );
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, index) => {
      expect(prop(chunk, 'content_index')).toBe(index);
      expect(prop(chunk, 'final')).toBe(index === chunks.length - 1);
      expect(text.startsWith(prop<string>(chunk, 'speech'))).toBe(true);
      if (index > 0)
        expect(prop<string>(chunk, 'speech').length).toBeGreaterThan(prop<string>(chunks[index - 1], 'speech').length);
    });
    expect(prop(chunks.at(-1), 'speech')).toBe(text);
  });

  it('has the replica start speaking in both families and send its full utterance right away', () => {
    expect(replicaStart).toBeGreaterThan(0);
    expect(types.slice(replicaStart, replicaStart + 3)).toEqual([
      'conversation.replica.started_speaking',
      'conversation.started_speaking',
      'conversation.utterance',
    ]);
    expect(prop(turn[replicaStart + 1], 'role')).toBe('replica');
    expect(replicaId).not.toBe(userId);
    const utterance = turn[replicaStart + 2];
    const replicaChunks = turn.filter(
      (event) => event.event_type === 'conversation.utterance.streaming' && event.inference_id === replicaId,
    );
    expect(prop(replicaChunks.at(-1), 'final')).toBe(true);
    expect(prop(replicaChunks.at(-1), 'speech')).toBe(prop(utterance, 'speech'));
    expect(replicaChunks.map((chunk) => prop(chunk, 'content_index'))).toEqual(replicaChunks.map((_, index) => index));
  });

  it('ends with the replica stopping in both families with duration and interrupted:false', () => {
    expect(types.slice(-2)).toEqual(['conversation.replica.stopped_speaking', 'conversation.stopped_speaking']);
    const [legacy, agnostic] = turn.slice(-2);
    expect(legacy).toMatchObject({ inference_id: replicaId, properties: { interrupted: false } });
    expect(agnostic).toMatchObject({ inference_id: replicaId, properties: { role: 'replica', interrupted: false } });
    const spokenSeconds = (legacy?.timestamp ?? 0) - (turn[replicaStart]?.timestamp ?? 0);
    expect(prop<number>(legacy, 'duration')).toBeCloseTo(spokenSeconds, 1);
  });

  it('tags every event of the turn with turn_idx 1', () => {
    expect(new Set(turn.map((event) => event.turn_idx))).toEqual(new Set([1]));
  });

  it('spaces events realistically: tens to hundreds of ms apart, faster with the speed knob', () => {
    const gaps = turn
      .slice(1)
      .map((event, index) => Math.round((event.timestamp - (turn[index] as ReplicaEvent).timestamp) * 1000));
    expect(Math.max(...gaps)).toBeLessThan(1_500);
    const streamingGaps = turn
      .filter((event) => event.event_type === 'conversation.utterance.streaming' && event.inference_id === replicaId)
      .map((event) => event.timestamp)
      .map((time, index, all) => (index === 0 ? undefined : Math.round((time - (all[index - 1] as number)) * 1000)))
      .filter((gap): gap is number => gap !== undefined);
    for (const gap of streamingGaps) {
      expect(gap).toBeGreaterThanOrEqual(100);
      expect(gap).toBeLessThanOrEqual(1_000);
    }
    const turnLength = (d: SimDriver, from: number) => {
      const events = d.events(undefined, from);
      return (events.at(-1)?.timestamp ?? 0) - (events[0]?.timestamp ?? 0);
    };
    const fast = new SimDriver({ seed: 11, speed: 2 }).joinAndWait();
    const fastStart = fast.emitted.length;
    fast.respond(text).runUntilIdle();
    expect(turnLength(fast, fastStart)).toBeCloseTo(turnLength(driver, start) / 2, 1);
  });

  it('increments turn_idx once per conversation.respond', () => {
    const twoTurns = new SimDriver({ seed: 11 }).joinAndWait().respond(text).runUntilIdle();
    const from = twoTurns.emitted.length;
    twoTurns.respond('And another thing').runUntilIdle();
    expect(new Set(twoTurns.events(undefined, from).map((event) => event.turn_idx))).toEqual(new Set([2]));
  });
});

describe('ReplicaSimulator interrupt', () => {
  it('cuts the current speech: final chunk is_interrupted, stopped interrupted:true, nothing after', () => {
    const driver = new SimDriver({ seed: 4 }).joinAndWait();
    driver.respond('Tell me a long story').runFor(4_000);
    const streamed = driver
      .events(['conversation.utterance.streaming'])
      .filter((event) => prop(event, 'role') === 'replica');
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed.some((event) => prop(event, 'final') === true)).toBe(false);
    const from = driver.emitted.length;
    expect(driver.send('conversation.interrupt')).toBe('accepted');
    driver.runUntilIdle();
    const after = driver.events(undefined, from);
    expect(after.map((event) => event.event_type)).toEqual([
      'conversation.utterance.streaming',
      'conversation.replica.stopped_speaking',
      'conversation.stopped_speaking',
    ]);
    const last = streamed.at(-1);
    expect(after[0]).toMatchObject({
      inference_id: last?.inference_id,
      properties: {
        role: 'replica',
        final: true,
        is_interrupted: true,
        speech: prop(last, 'speech'),
        content_index: prop<number>(last, 'content_index') + 1,
      },
    });
    expect(after[1]).toMatchObject({ properties: { interrupted: true } });
    expect(after[2]).toMatchObject({ properties: { role: 'replica', interrupted: true } });
    expect(prop<number>(after[1], 'duration')).toBeGreaterThan(0);
    const utterance = driver
      .events(['conversation.utterance'])
      .find((event) => event.inference_id === last?.inference_id);
    expect(prop<string>(utterance, 'speech').length).toBeGreaterThan(prop<string>(after[0], 'speech').length);
    expect(driver.sim.stats.interruptions).toBe(1);
  });

  it('does nothing when the replica is not speaking, and cancels a reply still being thought of', () => {
    const driver = new SimDriver({ seed: 4 }).joinAndWait();
    const idleFrom = driver.emitted.length;
    driver.send('conversation.interrupt');
    driver.runUntilIdle();
    expect(driver.emitted.length).toBe(idleFrom);

    driver.respond('Hi');
    // Run until the user's utterance is out but the replica has not started yet.
    while (!driver.events(['conversation.utterance']).some((event) => prop(event, 'role') === 'user'))
      driver.runFor(10);
    driver.send('conversation.interrupt');
    driver.runUntilIdle();
    expect(driver.events(['conversation.replica.started_speaking'])).toHaveLength(0);
  });

  it('treats a new respond during speech as a barge-in', () => {
    const driver = new SimDriver({ seed: 8 }).joinAndWait();
    driver.respond('Tell me a story').runFor(3_000);
    driver.respond('Stop, what time is it?').runUntilIdle();
    const stops = driver.events(['conversation.replica.stopped_speaking']);
    expect(stops.map((event) => prop(event, 'interrupted'))).toEqual([true, false]);
  });
});

describe('ReplicaSimulator echo', () => {
  it('speaks text echo word for word, under the inference_id the app chose', () => {
    const driver = new SimDriver({ seed: 6 }).joinAndWait();
    const from = driver.emitted.length;
    const text = 'Welcome back, Priya. Shall we pick up where we left off?';
    driver.send('conversation.echo', { modality: 'text', text, inference_id: 'echo-1', done: true });
    driver.runUntilIdle();
    const events = driver.events(undefined, from);
    expect(events.every((event) => event.inference_id === 'echo-1')).toBe(true);
    expect(events[0]?.event_type).toBe('conversation.replica.started_speaking');
    expect(driver.events(['conversation.utterance'], from).map((event) => prop(event, 'speech'))).toEqual([text]);
    expect(prop(driver.events(['conversation.utterance.streaming'], from).at(-1), 'speech')).toBe(text);
    expect(driver.events(['conversation.user.started_speaking'], from)).toHaveLength(0);
  });

  it('collects audio chunks until done:true, then speaks "(audio N s)" for about N seconds', () => {
    const driver = new SimDriver({ seed: 6 }).joinAndWait();
    const from = driver.emitted.length;
    const chunk = Buffer.alloc(1600).toString('base64'); // 50 ms at 16 kHz
    for (let i = 0; i < 20; i++) {
      driver.send('conversation.echo', {
        modality: 'audio',
        audio: chunk,
        sample_rate: 16000,
        inference_id: 'a-1',
        done: i === 19,
      });
      if (i < 19) {
        driver.runFor(50);
        expect(driver.events(undefined, from)).toHaveLength(0);
      }
    }
    driver.runUntilIdle();
    expect(driver.events(['conversation.utterance'], from).map((event) => prop(event, 'speech'))).toEqual([
      '(audio 1.0 s)',
    ]);
    const stopped = driver.events(['conversation.replica.stopped_speaking'], from)[0];
    expect(prop<number>(stopped, 'duration')).toBeGreaterThanOrEqual(1);
    expect(prop<number>(stopped, 'duration')).toBeLessThan(1.2);
  });

  it('defaults audio echo to 16 kHz and accepts the legacy string "true" for done', () => {
    const driver = new SimDriver().joinAndWait();
    const from = driver.emitted.length;
    driver.send('conversation.echo', {
      modality: 'audio',
      audio: Buffer.alloc(16000).toString('base64'),
      done: 'true',
    });
    driver.runUntilIdle();
    expect(prop(driver.events(['conversation.utterance'], from)[0], 'speech')).toBe('(audio 0.5 s)');
  });
});

describe('ReplicaSimulator context and sensitivity', () => {
  it('acknowledges appended and overwritten context in the next answer and reports its length on request', () => {
    const driver = new SimDriver({ seed: 12 }).joinAndWait();
    driver.send('conversation.append_llm_context', { context: 'The user is on the Pro plan.' });
    driver.respond('Okay').runUntilIdle();
    const replies = () =>
      driver.events(['conversation.utterance']).filter((event) => prop(event, 'role') === 'replica');
    expect(prop(replies().at(-1), 'speech')).toContain('now 28 characters long');

    driver.send('conversation.overwrite_llm_context', { context: 'Step 3 of 5: billing.' });
    driver.respond('How much context do you have?').runUntilIdle();
    const answer = prop<string>(replies().at(-1), 'speech');
    expect(answer).toContain('replaced my context');
    expect(answer).toContain('My context is 21 characters long');

    driver.respond('Thanks').runUntilIdle();
    expect(prop(replies().at(-1), 'speech')).not.toContain('context');
  });

  it('mentions the current sensitivity after a change and when asked', () => {
    const driver = new SimDriver({ seed: 12 }).joinAndWait();
    driver.send('conversation.sensitivity', {
      participant_pause_sensitivity: 'high',
      participant_interrupt_sensitivity: 'low',
    });
    driver.respond('What is your sensitivity now?').runUntilIdle();
    const answer = prop<string>(driver.events(['conversation.utterance']).at(-1), 'speech');
    expect(answer).toContain('pause sensitivity high, interrupt sensitivity low');
    expect(answer).toContain('My pause sensitivity is high and my interrupt sensitivity is low.');
  });
});

describe('ReplicaSimulator tool calls', () => {
  function askWeather(seed = 21): { driver: SimDriver; toolCall: ReplicaEvent } {
    const driver = new SimDriver({ seed }).joinAndWait();
    driver.respond("What's the weather in Paris today?").runUntilIdle();
    const toolCall = driver.events(['conversation.tool_call'])[0];
    if (toolCall === undefined) throw new Error('no tool call');
    return { driver, toolCall };
  }
  const replicaSpeech = (driver: SimDriver) =>
    driver.events(['conversation.utterance']).filter((event) => prop(event, 'role') === 'replica');

  it('emits get_weather with JSON-string arguments, a tool_call_id and the user utterance inference_id', () => {
    const { driver, toolCall } = askWeather();
    const userUtterance = driver.events(['conversation.utterance'])[0];
    expect(toolCall).toMatchObject({
      turn_idx: 1,
      inference_id: userUtterance?.inference_id,
      properties: { name: 'get_weather' },
    });
    expect(typeof prop(toolCall, 'arguments')).toBe('string');
    expect(JSON.parse(prop<string>(toolCall, 'arguments'))).toEqual({ location: 'Paris', unit: 'celsius' });
    expect(prop<string>(toolCall, 'tool_call_id')).toMatch(/^call_[A-Z0-9]{8}$/);
  });

  it('waits for the matching tool_result before answering with it', () => {
    const { driver, toolCall } = askWeather();
    driver.runFor(60_000);
    expect(replicaSpeech(driver)).toHaveLength(0);
    expect(driver.sim.isAwaitingToolResult).toBe(true);
    expect(driver.send('conversation.tool_result', { tool_call_id: 'call_WRONG', output: 'x' })).toBe(
      'ignored-unknown',
    );
    driver.runUntilIdle();
    expect(replicaSpeech(driver)).toHaveLength(0);
    driver.send('conversation.tool_result', {
      tool_call_id: prop(toolCall, 'tool_call_id'),
      output: { temp_c: 18, sky: 'fog' },
      status: 'success',
    });
    driver.runUntilIdle();
    const [answer] = replicaSpeech(driver);
    expect(prop(answer, 'speech')).toBe('Here is the weather for Paris: temp c 18, sky fog.');
    expect(answer?.turn_idx).toBe(1);
  });

  it('acknowledges a failed tool result', () => {
    const { driver, toolCall } = askWeather();
    driver.send('conversation.tool_result', {
      tool_call_id: prop(toolCall, 'tool_call_id'),
      output: 'service down',
      status: 'error',
    });
    driver.runUntilIdle();
    expect(prop(replicaSpeech(driver)[0], 'speech')).toBe("Sorry, I couldn't get the weather for Paris: service down.");
  });

  it('accepts an append_llm_context as the answer (pre-registry flow)', () => {
    const { driver } = askWeather();
    driver.send('conversation.append_llm_context', { context: 'Paris: 18 C and foggy' });
    driver.runUntilIdle();
    expect(prop(replicaSpeech(driver)[0], 'speech')).toContain('Paris: 18 C and foggy');
    expect(driver.sim.isAwaitingToolResult).toBe(false);
  });

  it('accepts an echo as the answer', () => {
    const { driver } = askWeather();
    driver.send('conversation.echo', { modality: 'text', text: 'It is 18 degrees and foggy in Paris.' });
    driver.runUntilIdle();
    expect(replicaSpeech(driver).map((event) => prop(event, 'speech'))).toEqual([
      'It is 18 degrees and foggy in Paris.',
    ]);
    expect(driver.sim.isAwaitingToolResult).toBe(false);
  });
});

describe('ReplicaSimulator perception', () => {
  it('fires vision calls with a real JPEG frame and audio calls with JSON-string arguments', () => {
    const driver = new SimDriver({ seed: 30, perceptionRate: 1 }).joinAndWait();
    for (let i = 0; i < 8; i++) driver.respond(`Turn number ${i}`).runUntilIdle();
    const calls = driver.events(['conversation.perception_tool_call']);
    expect(calls).toHaveLength(8);
    const vision = calls.find((event) => prop(event, 'modality') === 'vision');
    const audio = calls.find((event) => prop(event, 'modality') === 'audio');
    expect(vision).toBeDefined();
    expect(audio).toBeDefined();
    expect(typeof prop(vision, 'arguments')).toBe('object');
    const [frame] = prop<{ data: string; mime_type: string }[]>(vision, 'frames');
    expect(frame?.mime_type).toBe('image/jpeg');
    const jpeg = Buffer.from(frame?.data ?? '', 'base64');
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(JSON.parse(prop<string>(audio, 'arguments'))).toHaveProperty('tone');
    for (const call of calls) {
      expect(call).not.toHaveProperty('inference_id');
      expect(call.turn_idx).toBeGreaterThan(0);
    }
  });

  it('never fires perception calls with perceptionRate 0', () => {
    const driver = new SimDriver({ seed: 30, perceptionRate: 0 }).joinAndWait();
    for (let i = 0; i < 5; i++) driver.respond(`Turn ${i}`).runUntilIdle();
    expect(driver.events(['conversation.perception_tool_call'])).toHaveLength(0);
  });

  it('sends a perception analysis on leave and nothing afterwards', () => {
    const driver = new SimDriver({ seed: 30 }).joinAndWait();
    driver.respond('Tell me a story').runFor(2_000);
    driver.leave();
    const last = driver.emitted.at(-1);
    expect(last?.event_type).toBe('conversation.perception_analysis');
    expect(prop<string>(last, 'analysis')).toContain('**Engagement:** 1 user turn(s)');
    expect(driver.delivered.at(-1)?.event.event_type).toBe('conversation.perception_analysis');
    const count = driver.emitted.length;
    expect(driver.send('conversation.respond', { text: 'still there?' })).toBe('ignored-not-present');
    driver.runFor(10_000);
    expect(driver.emitted.length).toBe(count);
    expect(driver.sim.nextWakeAt()).toBeUndefined();
  });
});

describe('ReplicaSimulator network knobs', () => {
  it('delivers everything in seq order once with no faults', () => {
    const driver = conversation({ seed: 13 });
    expect(driver.delivered.map((d) => d.event)).toEqual(driver.emitted);
    expect(driver.sim.deliveryStats).toMatchObject({ droppedSeqs: [], duplicates: 0 });
  });

  it('reorders with jitter but still delivers every event exactly once', () => {
    const driver = conversation({ seed: 13, jitterMs: 150 });
    const seqs = seqList(driver.delivered.map((d) => d.event));
    expect(inversions(seqs)).toBeGreaterThan(5);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqList(driver.emitted));
    for (const delivery of driver.delivered) {
      const emittedAt = delivery.event.timestamp * 1000;
      expect(delivery.at - emittedAt).toBeGreaterThanOrEqual(20);
      expect(delivery.at - emittedAt).toBeLessThanOrEqual(20 + 150 + 1);
    }
  });

  it('drops about the requested share of seqs, and exactly the ones it reports', () => {
    const driver = conversation({ seed: 14, dropRate: 0.1 });
    const stats = driver.sim.deliveryStats;
    const deliveredSeqs = new Set(seqList(driver.delivered.map((d) => d.event)));
    const missing = seqList(driver.emitted).filter((seq) => !deliveredSeqs.has(seq));
    expect(missing).toEqual(stats.droppedSeqs);
    const share = stats.droppedSeqs.length / stats.seqsSent;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.2);
  });

  it('duplicates about the requested share of deliveries, as identical copies', () => {
    const driver = conversation({ seed: 15, dupRate: 0.1 });
    const duplicates = driver.delivered.filter((d) => d.duplicate);
    expect(duplicates).toHaveLength(driver.sim.deliveryStats.duplicates);
    const share = duplicates.length / driver.emitted.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.2);
    for (const copy of duplicates)
      expect(
        driver.delivered.filter((d) => d.event.seq === copy.event.seq && !d.duplicate).map((d) => d.event),
      ).toContainEqual(copy.event);
  });

  it('sends every pal-role message with a legacy role "replica" twin carrying the same seq', () => {
    const driver = conversation({ seed: 16, pal: true });
    const palEvents = driver.emitted.filter((event) => prop(event, 'role') === 'pal');
    expect(palEvents.length).toBeGreaterThan(10);
    for (const palEvent of palEvents) {
      const twins = driver.emitted.filter((event) => event.seq === palEvent.seq);
      expect(twins).toHaveLength(2);
      expect(twins[1]).toEqual({ ...palEvent, properties: { ...palEvent.properties, role: 'replica' } });
    }
    expect(driver.emitted.filter((event) => prop(event, 'role') === 'replica').length).toBe(palEvents.length);
  });
});
