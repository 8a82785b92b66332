import { describe, expect, it } from 'vitest';
import { MockReplicaHost, type MockHostOptions } from '../../../../src/panel/mock/mock-host';
import { parseScript } from '../../../../src/sim/script';
import { FakeClock, FakeInject, outgoing } from './mock-fakes';

const TARGET = { frameId: 0, callId: 'call-1' };

function setup(options: Partial<MockHostOptions> = {}) {
  const clock = new FakeClock();
  const fake = new FakeInject(clock);
  let changes = 0;
  const host = new MockReplicaHost({ inject: fake.inject, clock, onChange: () => changes++ });
  host.start(TARGET, { knobs: { seed: 3, ...options.knobs }, script: options.script ?? [] });
  const send = (type: string, properties: Record<string, unknown>, extra = {}) =>
    host.observe([outgoing(clock, type, properties, extra)]);
  return { clock, fake, host, send, changes: () => changes };
}

/** Starts, lets the replica announce itself, then returns the setup. */
async function joined(options: Partial<MockHostOptions> = {}) {
  const s = setup(options);
  await s.clock.advance(2000);
  return s;
}

const prop = (event: { properties?: Record<string, unknown> } | undefined, key: string) => event?.properties?.[key];

describe('MockReplicaHost', () => {
  it('joins the target call: the replica announces itself a moment after the mock starts', async () => {
    const { clock, fake } = setup();
    expect(fake.played).toEqual([]);
    await clock.advance(1000);
    expect(fake.types()).toEqual(['system.replica_joined']);
    expect(fake.played[0]!.target).toEqual(TARGET);
    expect(fake.played[0]!.at).toBeGreaterThan(clock.time - 1000);
  });

  it('answers respond: user and replica speaking, utterances and streaming chunks with seq, turn, inference, time', async () => {
    const { clock, fake, host, send } = await joined();
    const before = fake.played.length;
    const sentAt = clock.time;
    send('conversation.respond', { text: 'hello there' });
    await clock.advance(15_000);
    const types = fake.types(before);
    for (const type of [
      'conversation.user.started_speaking',
      'conversation.started_speaking',
      'conversation.utterance.streaming',
      'conversation.user.stopped_speaking',
      'conversation.utterance',
      'conversation.replica.started_speaking',
      'conversation.replica.stopped_speaking',
    ])
      expect(types).toContain(type);
    const events = fake.played.slice(before).map((p) => p.event);
    const replicaUtterance = fake.of('conversation.utterance', 'replica')[0]!;
    expect(String(prop(replicaUtterance, 'speech'))).toContain('hello there');
    expect(replicaUtterance.turn_idx).toBe(1);
    expect(replicaUtterance.inference_id).toMatch(/./);
    expect(replicaUtterance.conversation_id).toBe('c-live');
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // Timestamps are Tavus's (Unix seconds) and follow the virtual clock; events arrive when they are due, not at once.
    expect(events.every((e) => e.timestamp * 1000 >= sentAt && e.timestamp * 1000 <= clock.time)).toBe(true);
    const playedAt = fake.played.slice(before).map((p) => p.at);
    expect(Math.max(...playedAt) - Math.min(...playedAt)).toBeGreaterThan(500);
    const chunks = fake.of('conversation.utterance.streaming', 'replica');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.at(-1)!.properties!.final).toBe(true);
    expect(host.stats.answered).toBe(1);
    expect(host.stats.injected).toBe(fake.played.length);
  });

  it('speaks a text echo, for a time that grows with its length', async () => {
    const { clock, fake, send } = await joined();
    send('conversation.echo', { text: 'short one' });
    await clock.advance(10_000);
    const long =
      'this echo is quite a lot longer than the first one and takes the replica much more time to say out loud';
    send('conversation.echo', { text: long });
    await clock.advance(30_000);
    const utterances = fake.of('conversation.utterance', 'replica').map((e) => prop(e, 'speech'));
    expect(utterances).toEqual(['short one', long]);
    const durations = fake.of('conversation.stopped_speaking', 'replica').map((e) => Number(prop(e, 'duration')));
    expect(durations).toHaveLength(2);
    expect(durations[1]!).toBeGreaterThan(durations[0]! * 3);
  });

  it('speaks an audio echo for as long as its audio lasts', async () => {
    const { clock, fake, send } = await joined();
    // 1.5 s of 16 kHz 16-bit mono PCM, in three chunks of one inference, the last marked done.
    const chunk = Buffer.alloc(16_000).toString('base64');
    for (const done of [false, false, true])
      send('conversation.echo', { modality: 'audio', audio: chunk, sample_rate: 16000, inference_id: 'i-audio', done });
    await clock.advance(10_000);
    const [stopped] = fake.of('conversation.stopped_speaking', 'replica');
    expect(Number(prop(stopped, 'duration'))).toBeGreaterThan(1.4);
    expect(Number(prop(stopped, 'duration'))).toBeLessThan(1.7);
    expect(stopped!.inference_id).toBe('i-audio');
  });

  it('stops speech on interrupt: the last chunk is marked interrupted, stopped_speaking says so, nothing follows', async () => {
    const { clock, fake, send } = await joined();
    send('conversation.respond', { text: 'tell me a long story' });
    // Wait until the replica is speaking.
    for (let i = 0; i < 100 && fake.of('conversation.utterance', 'replica').length === 0; i++) await clock.advance(100);
    await clock.advance(800);
    send('conversation.interrupt', {});
    await clock.advance(100);
    const [stopped] = fake.of('conversation.stopped_speaking', 'replica');
    expect(prop(stopped, 'interrupted')).toBe(true);
    const interruptedChunk = fake.of('conversation.utterance.streaming', 'replica').at(-1)!;
    expect(prop(interruptedChunk, 'is_interrupted')).toBe(true);
    const count = fake.played.length;
    await clock.advance(60_000);
    expect(fake.played.length).toBe(count);
  });

  it('acknowledges context and uses it in a later answer', async () => {
    const { clock, fake, host, send } = await joined();
    send('conversation.overwrite_llm_context', { context: 'The user is called Ada.' });
    send('conversation.append_llm_context', { context: 'She likes green tea.' });
    send('conversation.sensitivity', { participant_pause_sensitivity: 'high' });
    expect(host.stats.answered).toBe(3);
    send('conversation.respond', { text: 'how much context do you have?' });
    await clock.advance(30_000);
    const answer = String(prop(fake.of('conversation.utterance', 'replica')[0], 'speech'));
    expect(answer).toContain('She likes green tea.');
    expect(answer).toMatch(/added that to my context/);
    expect(answer).toMatch(/pause sensitivity high/);
  });

  it('fires a scripted tool call, waits for the app’s tool_result, and answers from it', async () => {
    const script = parseScript('/weather in (\\w+)/i -> tool get_weather {"city": "$1"} say "In $1 it is {output}."');
    const { clock, fake, host, send } = await joined({ script: script.rules });
    send('conversation.respond', { text: 'what is the weather in Lisbon?' });
    await clock.advance(15_000);
    const [call] = fake.of('conversation.tool_call');
    expect(prop(call, 'name')).toBe('get_weather');
    expect(JSON.parse(String(prop(call, 'arguments')))).toEqual({ city: 'Lisbon' });
    expect(host.stats.awaitingToolCall).toBe(prop(call, 'tool_call_id'));
    expect(fake.of('conversation.utterance', 'replica')).toHaveLength(0);
    // A result for another call changes nothing.
    send('conversation.tool_result', { tool_call_id: 'call_OTHER', output: 'nope' });
    await clock.advance(5000);
    expect(fake.of('conversation.utterance', 'replica')).toHaveLength(0);
    send('conversation.tool_result', { tool_call_id: prop(call, 'tool_call_id'), output: { temperature_c: 21 } });
    await clock.advance(15_000);
    expect(prop(fake.of('conversation.utterance', 'replica')[0], 'speech')).toBe('In Lisbon it is temperature c 21.');
    expect(host.stats.awaitingToolCall).toBeUndefined();
  });

  it('takes an append-context reply to a scripted tool call as its result', async () => {
    const script = parseScript('/order/ -> tool lookup_order');
    const { clock, fake, send } = await joined({ script: script.rules });
    send('conversation.respond', { text: 'where is my order' });
    await clock.advance(10_000);
    expect(fake.of('conversation.tool_call')).toHaveLength(1);
    send('conversation.append_llm_context', { context: 'Order 7 shipped on Monday.' });
    await clock.advance(15_000);
    expect(String(prop(fake.of('conversation.utterance', 'replica')[0], 'speech'))).toContain('Order 7 shipped');
  });

  it('hears only the target call’s outgoing messages, sent after it started', async () => {
    const { clock, fake, host, send } = await joined();
    const before = fake.played.length;
    send('conversation.respond', { text: 'other call' }, { callId: 'call-2' });
    send('conversation.respond', { text: 'other frame' }, { frameId: 3 });
    send('conversation.respond', { text: 'incoming' }, { dir: 'in' });
    const old = outgoing(clock, 'conversation.respond', { text: 'history' });
    old.record.t = clock.time - 60_000;
    host.observe([old]);
    await clock.advance(20_000);
    expect(fake.played.length).toBe(before);
    expect(host.stats.answered).toBe(0);
  });

  it('counts what it does not act on', async () => {
    const { host, send } = await joined();
    send('conversation.made_up', {});
    send('conversation.respond', {});
    expect(host.stats.ignored).toBe(2);
  });

  it('stops at once: nothing planned is played, no timer is left, later sends are not heard', async () => {
    const { clock, fake, host, send } = await joined();
    send('conversation.respond', { text: 'tell me a long story' });
    await clock.advance(300);
    const count = fake.played.length;
    host.stop();
    expect(clock.pending).toBe(0);
    send('conversation.respond', { text: 'again' });
    await clock.advance(60_000);
    expect(fake.played.length).toBe(count);
    expect(host.running).toBe(false);
  });

  it('counts injections the page refused, with the reason', async () => {
    const { clock, fake, host } = setup();
    fake.outcome = { ok: false, error: 'The call is gone.' };
    await clock.advance(2000);
    expect(host.stats.injectFailures).toBe(1);
    expect(host.stats.lastError).toBe('The call is gone.');
  });

  describe('knobs', () => {
    it('pal: every replica event in role pal is followed by its legacy replica twin with the same seq', async () => {
      const { clock, fake, send } = await joined({ knobs: { pal: true } });
      send('conversation.respond', { text: 'hi' });
      await clock.advance(20_000);
      const pal = fake.of('conversation.utterance', 'pal');
      const twin = fake.of('conversation.utterance', 'replica');
      expect(pal).toHaveLength(1);
      expect(twin[0]!.seq).toBe(pal[0]!.seq);
    });

    it('drop and dup: seqs go missing and copies arrive, and the host counts both', async () => {
      const { clock, fake, host, send } = await joined({ knobs: { dropRate: 0.3, dupRate: 0.3, seed: 11 } });
      send('conversation.respond', { text: 'tell me a long story' });
      await clock.advance(60_000);
      const seqs = fake.played.map((p) => p.event.seq);
      const max = Math.max(...seqs);
      const missing = Array.from({ length: max }, (_, i) => i + 1).filter((seq) => !seqs.includes(seq));
      expect(missing.length).toBeGreaterThan(0);
      expect(host.stats.droppedSeqs).toBeGreaterThanOrEqual(missing.length);
      expect(seqs.length - new Set(seqs).size).toBeGreaterThan(0);
      expect(host.stats.duplicates).toBeGreaterThan(0);
    });

    it('jitter: events arrive out of seq order', async () => {
      const { clock, fake, send } = await joined({ knobs: { jitterMs: 400, seed: 5 } });
      send('conversation.respond', { text: 'tell me a long story' });
      await clock.advance(60_000);
      const seqs = fake.played.map((p) => p.event.seq);
      expect(seqs.some((seq, i) => i > 0 && seq < seqs[i - 1]!)).toBe(true);
    });

    it('without knobs, arrival follows seq', async () => {
      const { clock, fake, send } = await joined();
      send('conversation.respond', { text: 'tell me a long story' });
      await clock.advance(60_000);
      const seqs = fake.played.map((p) => p.event.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    });
  });
});
