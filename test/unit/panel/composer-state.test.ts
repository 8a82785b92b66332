import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildInterrupt, buildRespond, buildToolResult } from '../../../src/protocol/interactions';
import { bytesFromBase64, wavToEchoPcm } from '../../../src/protocol/audio';
import { PanelStore, type PanelActions } from '../../../src/panel/store';
import type { FrameState, SendOutcome } from '../../../src/panel/connection';
import { incoming, joinedFrame } from './composer-fixtures';
import type { CallInfo } from '../../../src/bridge/messages';
import { ComposerState } from '../../../src/panel/composer/state';
import { memoryStorage } from '../../../src/panel/composer/history';
import type { EchoClock } from '../../../src/panel/composer/echo-stream';

interface Sent {
  frameId: number;
  callId: string;
  json: string;
  to: string | string[];
}

function fakeActions(answer: (sent: Sent) => SendOutcome | Promise<SendOutcome> = () => ({ ok: true })) {
  const sent: Sent[] = [];
  const actions: PanelActions = {
    send: async (frameId, callId, json, to) => {
      const item = { frameId, callId, json, to };
      sent.push(item);
      return answer(item);
    },
    attach: async () => ({ ok: true }),
  };
  return { sent, actions };
}

const frame = (calls: Partial<CallInfo>[], url = 'https://app.example/room'): FrameState => joinedFrame(calls, { url });

const fakeClock: EchoClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function setup(
  options: {
    calls?: Partial<CallInfo>[];
    answer?: (sent: Sent) => SendOutcome | Promise<SendOutcome>;
    connected?: boolean;
    storage?: ReturnType<typeof memoryStorage>;
  } = {},
) {
  const { sent, actions } = fakeActions(options.answer);
  const store = new PanelStore(options.connected === false ? undefined : actions);
  store.setFrames([frame(options.calls ?? [{}])]);
  const storage = options.storage ?? memoryStorage();
  let ids = 0;
  const state = new ComposerState(store, { storage, clock: fakeClock, newInferenceId: () => `echo-test-${++ids}` });
  return { store, state, sent, storage };
}

/** 16-bit PCM WAV, written by hand (header + samples). */
function wavBytes(options: { sampleRate: number; channels: number; seconds: number; frequency?: number }): Uint8Array {
  const frames = Math.round(options.sampleRate * options.seconds);
  const dataBytes = frames * options.channels * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string) =>
    [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, options.channels, true);
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, options.sampleRate * options.channels * 2, true);
  view.setUint16(32, options.channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(Math.sin((2 * Math.PI * (options.frequency ?? 440) * i) / options.sampleRate) * 12000);
    for (let c = 0; c < options.channels; c++) view.setInt16(44 + (i * options.channels + c) * 2, sample, true);
  }
  return new Uint8Array(buffer);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ComposerState: sending', () => {
  it('sends the builder output to the selected call with the recipient, and records it in history', async () => {
    const { state, sent, storage } = setup();
    state.conversationIdTyped.value = 'c-1';
    state.setValues({ respondText: 'hello there' });
    expect(state.blockReason.value).toBeUndefined();
    await state.send();
    expect(sent).toEqual([
      { frameId: 0, callId: 'call-1', json: JSON.stringify(buildRespond('c-1', 'hello there')), to: '*' },
    ]);
    expect(state.lastSend.value).toMatchObject({ ok: true, eventType: 'conversation.respond' });
    expect(state.history.value[0]).toMatchObject({ json: sent[0]?.json, ok: true, to: '*', callId: 'call-1' });
    await flush();
    expect(storage.data['composer.history:https://app.example']).toEqual(state.history.value);
  });

  it('shows the error the page returned and keeps it in history', async () => {
    const { state } = setup({ answer: () => ({ ok: false, error: 'sendAppMessage: app message too large' }) });
    state.setValues({ respondText: 'x' });
    await state.send();
    expect(state.lastSend.value).toMatchObject({ ok: false, error: 'sendAppMessage: app message too large' });
    expect(state.history.value[0]).toMatchObject({ ok: false, error: 'sendAppMessage: app message too large' });
  });

  it('refuses to send while the call is not joined, with the reason', async () => {
    const { state, sent } = setup({ calls: [{ meetingState: 'new' }] });
    expect(state.blockReason.value).toBe('The call is not joined (meetingState: new); Daily only sends after join.');
    await state.send();
    expect(sent).toEqual([]);
  });

  it('a sniffed call is read-only; no tab means nothing to send through', async () => {
    const sniffed = setup({ calls: [{ canSend: false, found: 'sniffed', via: 'sniffer' }] });
    expect(sniffed.state.blockReason.value).toContain('read-only');
    const offline = setup({ connected: false });
    expect(offline.state.blockReason.value).toContain('not attached to a tab');
  });

  it('sends nothing that is over the size limit or invalid', async () => {
    const { state, sent } = setup();
    state.setValues({ respondText: 'x'.repeat(5000) });
    expect(state.size.value).toBeGreaterThan(4096);
    expect(state.blockReason.value).toMatch(/^Fix the message first: .*Daily's limit is 4096/);
    await state.send();
    state.mode.value = 'raw';
    state.rawText.value = '{"event_type": "conversation.respond",}';
    expect(state.blockReason.value).toMatch(/^JSON syntax error at line 1, column 39/);
    await state.send();
    state.rawText.value =
      '{"message_type":"conversation","event_type":"conversation.respond","conversation_id":"c","properties":{}}';
    expect(state.blockReason.value).toContain('properties.text');
    await state.send();
    expect(sent).toEqual([]);
  });

  it("uses the call's own app-message limit", () => {
    const { state } = setup({ calls: [{ maxAppMessageSize: 8192 }] });
    state.setValues({ respondText: 'x'.repeat(5000) });
    expect(state.maxSize.value).toBe(8192);
    expect(state.blockReason.value).toBeUndefined();
  });

  it('can send to one participant instead of everyone', async () => {
    const { state, sent } = setup();
    state.recipient.value = 'replica-session';
    await state.send();
    expect(sent[0]?.to).toBe('replica-session');
    state.recipient.value = 'a, b';
    expect(state.blockReason.value).toContain('single session id');
  });
});

describe('ComposerState: prefilling', () => {
  it('follows the most recent conversation_id in the traffic until one is typed', () => {
    const { store, state } = setup();
    expect(state.conversationId.value).toBe('');
    store.receive([
      incoming({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        conversation_id: 'c-first',
        seq: 1,
        properties: { role: 'user', speech: 'hi' },
      }),
    ]);
    store.flush();
    expect(state.conversationId.value).toBe('c-first');
    store.receive([
      incoming({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        conversation_id: 'c-second',
        seq: 2,
        properties: { role: 'user', speech: 'hi' },
      }),
    ]);
    store.flush();
    expect(state.conversationId.value).toBe('c-second');
    expect(state.traffic.value.conversationIds).toEqual(['c-second', 'c-first']);
    expect(state.traffic.value.sessionIds).toEqual(['replica-session']);
    state.conversationIdTyped.value = 'c-first';
    expect(state.conversationId.value).toBe('c-first');
  });

  it('takes a draft from the detail pane: raw mode, its JSON, its call; then clears it', () => {
    const { store, state } = setup({ calls: [{}, {}] });
    const json = JSON.stringify(buildToolResult('c-1', 'call_9', { result: '<result>' }), null, 2);
    store.composerDraft.value = { json, callId: 'call-2' };
    state.consumeDraft();
    expect(state.mode.value).toBe('raw');
    expect(state.rawText.value).toBe(json);
    expect(state.call.value?.callId).toBe('call-2');
    expect(store.composerDraft.value).toBeUndefined();
  });

  it('templates carry the current conversation_id; history loads back into the editor', async () => {
    const { state } = setup();
    state.conversationIdTyped.value = 'c-7';
    state.insertTemplate('conversation.interrupt');
    expect(JSON.parse(state.rawText.value)).toEqual(buildInterrupt('c-7'));
    await state.send();
    state.mode.value = 'respond';
    state.loadIntoEditor(state.history.value[0]!.json, 'someone');
    expect(state.mode.value).toBe('raw');
    expect(state.recipient.value).toBe('someone');
    expect(state.rawText.value).toBe(JSON.stringify(buildInterrupt('c-7'), null, 2));
  });

  it('loads the stored history of the page origin and keeps sends made while loading', async () => {
    const storage = memoryStorage({
      'composer.history:https://app.example': [
        {
          json: '{"old":1}',
          eventType: 'conversation.respond',
          to: '*',
          callId: 'call-1',
          sentAt: Date.now() - 2,
          ok: true,
        },
      ],
      'composer.history:https://other.example': [
        {
          json: '{"other":1}',
          eventType: 'conversation.respond',
          to: '*',
          callId: 'call-1',
          sentAt: Date.now() - 1,
          ok: true,
        },
      ],
    });
    const { state, store } = setup({ storage });
    await state.send(); // before the stored list arrived
    await flush();
    expect(state.history.value.map((e) => e.json)).toEqual([state.history.value[0]!.json, '{"old":1}']);
    expect((storage.data['composer.history:https://app.example'] as unknown[]).length).toBe(2);
    store.setFrames([frame([{}], 'https://other.example/x')]);
    await flush();
    expect(state.history.value.map((e) => e.json)).toEqual(['{"other":1}']);
  });

  it('saves snippets by name and deletes them', async () => {
    const { state, storage } = setup();
    state.setValues({ respondText: 'snippet text' });
    expect(state.saveSnippet('  greet ')).toBe(true);
    expect(state.saveSnippet('')).toBe(false);
    expect(state.snippets.value.map((s) => s.name)).toEqual(['greet']);
    await flush();
    expect(storage.data['composer.snippets']).toEqual(state.snippets.value);
    state.deleteSnippet('greet');
    expect(state.snippets.value).toEqual([]);
  });
});

describe('ComposerState: audio echo', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 5_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a WAV as paced chunks with one inference_id, then a short silence marked done', async () => {
    const { state, sent } = setup();
    state.conversationIdTyped.value = 'c-audio';
    state.mode.value = 'audio_echo';
    expect(state.blockReason.value).toBe('Choose a WAV file to send as audio echo.');
    const wav = wavBytes({ sampleRate: 44100, channels: 2, seconds: 0.3 });
    state.setEchoFile({ name: 'tone.wav', bytes: wav });
    expect(state.blockReason.value).toBeUndefined();
    const plan = state.echoPlan.value;
    if (!plan?.ok) throw new Error('expected a plan');
    expect(plan.messages).toHaveLength(7); // 0.3 s in 50 ms chunks (4096 has no room for 100 ms), then silence
    expect(plan.chunkMs).toBe(50);

    const finished = state.startEcho();
    expect(state.blockReason.value).toContain('being sent');
    await vi.advanceTimersByTimeAsync(120);
    expect(state.echoRun.value).toMatchObject({ status: 'sending', sentChunks: 3, totalChunks: 7 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await finished).toEqual({ status: 'done', sentChunks: 7 });

    const data = sent.map(
      (s) =>
        JSON.parse(s.json) as {
          properties: { audio: string; inference_id: string; done: boolean; sample_rate: number };
        },
    );
    expect(new Set(data.map((d) => d.properties.inference_id))).toEqual(new Set(['echo-test-1']));
    expect(data.map((d) => d.properties.done)).toEqual([false, false, false, false, false, false, true]);
    expect(data.every((d) => d.properties.sample_rate === 24000)).toBe(true);
    expect(sent.every((s) => s.json.length <= 4096)).toBe(true);
    const expected = wavToEchoPcm(wav, { sampleRate: 24000 });
    if (!expected.ok) throw new Error(expected.error);
    const silence = bytesFromBase64(data.at(-1)!.properties.audio);
    expect(silence.ok && silence.bytes.length === 1920 && silence.bytes.every((b) => b === 0)).toBe(true); // 40 ms
    const total = data.slice(0, -1).reduce((sum, d) => {
      const decoded = bytesFromBase64(d.properties.audio);
      return sum + (decoded.ok ? decoded.bytes.length : Number.NaN);
    }, 0);
    expect(total).toBe(expected.pcm16.length);
    // The next utterance gets a new id.
    expect(state.echoInferenceId.value).toBe('echo-test-2');
  });

  it('Stop sends an interrupt and drops the rest', async () => {
    const { state, sent } = setup();
    state.mode.value = 'audio_echo';
    state.setEchoFile({ name: 'tone.wav', bytes: wavBytes({ sampleRate: 24000, channels: 1, seconds: 1 }) });
    const finished = state.startEcho();
    await vi.advanceTimersByTimeAsync(110);
    await state.stopEcho();
    expect((await finished)?.status).toBe('stopped');
    expect(state.echoRun.value).toMatchObject({ status: 'stopped', sentChunks: 3, totalChunks: 21 });
    expect(JSON.parse(sent.at(-1)!.json)).toMatchObject({ event_type: 'conversation.interrupt' });
    expect(sent).toHaveLength(4);
  });

  it('a failed chunk stops the stream and says why', async () => {
    const { state, sent } = setup({
      answer: (s) =>
        s.json.includes('"done":true') || sent.length < 3
          ? { ok: true }
          : { ok: false, error: 'The call is not joined' },
    });
    state.mode.value = 'audio_echo';
    state.setEchoFile({ name: 'tone.wav', bytes: wavBytes({ sampleRate: 24000, channels: 1, seconds: 0.5 }) });
    const finished = state.startEcho();
    await vi.advanceTimersByTimeAsync(2000);
    expect((await finished)?.status).toBe('failed');
    expect(state.echoRun.value).toMatchObject({
      status: 'failed',
      sentChunks: 2,
      error: 'Chunk 3 of 11 failed, so the stream stopped: The call is not joined',
    });
    expect(sent).toHaveLength(3);
  });

  it("sizes chunks from the call's reported limit: 100 ms where it fits, 50 ms at Daily's 4096", () => {
    const wav = wavBytes({ sampleRate: 24000, channels: 1, seconds: 1 });
    const raised = setup({ calls: [{ maxAppMessageSize: 16_384 }] });
    raised.state.mode.value = 'audio_echo';
    raised.state.setEchoFile({ name: 'tone.wav', bytes: wav });
    expect(raised.state.maxSize.value).toBe(16_384);
    const big = raised.state.echoPlan.value;
    if (!big?.ok) throw new Error('expected a plan');
    expect(big.chunkMs).toBe(100);
    expect(big.messages).toHaveLength(11); // 10 × 100 ms, then the silence
    expect(big.messages.every((m) => JSON.stringify(m).length <= 16_384)).toBe(true);
    expect(big.messages.slice(0, -1).some((m) => JSON.stringify(m).length > 4096)).toBe(true);

    const small = setup();
    small.state.mode.value = 'audio_echo';
    small.state.setEchoFile({ name: 'tone.wav', bytes: wav });
    expect(small.state.maxSize.value).toBe(4096);
    const plan = small.state.echoPlan.value;
    if (!plan?.ok) throw new Error('expected a plan');
    expect(plan.chunkMs).toBe(50);
    expect(plan.messages.every((m) => JSON.stringify(m).length <= 4096)).toBe(true);

    // A limit too small for 50 ms still fits: the planner shrinks the chunk and says so.
    const tight = setup({ calls: [{ maxAppMessageSize: 2048 }] });
    tight.state.mode.value = 'audio_echo';
    tight.state.setEchoFile({ name: 'tone.wav', bytes: wav });
    const shrunk = tight.state.echoPlan.value;
    if (!shrunk?.ok) throw new Error('expected a plan');
    expect(shrunk.chunkMs).toBeLessThan(50);
    expect(shrunk.messages.every((m) => JSON.stringify(m).length <= 2048)).toBe(true);
    expect(shrunk.warnings.join(' ')).toContain('2048 limit');

    // An explicit 100 ms at 4096 is shrunk to fit rather than sent over the limit.
    small.state.echoChunkChoice.value = 100;
    const forced = small.state.echoPlan.value;
    if (!forced?.ok) throw new Error('expected a plan');
    expect(forced.chunkMs).toBeLessThan(100);
    expect(forced.messages.every((m) => JSON.stringify(m).length <= 4096)).toBe(true);
  });

  it('a lead sends chunks ahead of real time (as Pipecat does); real time does not', async () => {
    const wav = wavBytes({ sampleRate: 24000, channels: 1, seconds: 1 });
    const paced = async (lead: number | undefined) => {
      const { state, sent } = setup();
      state.mode.value = 'audio_echo';
      if (lead !== undefined) state.echoPacing.value = { kind: 'lead', leadMs: lead };
      state.setEchoFile({ name: 'tone.wav', bytes: wav });
      const finished = state.startEcho();
      await vi.advanceTimersByTimeAsync(0);
      const atStart = sent.length;
      await vi.advanceTimersByTimeAsync(500);
      const atHalf = sent.length;
      await vi.advanceTimersByTimeAsync(2000);
      expect((await finished)?.status).toBe('done');
      return { atStart, atHalf, total: sent.length };
    };
    // Real time: chunk 0 at 0 ms; at 500 ms the chunks starting at 0..500 ms (11).
    expect(await paced(undefined)).toEqual({ atStart: 1, atHalf: 11, total: 21 });
    // 200 ms ahead: the chunks starting at 0..200 ms go at once (5), at 500 ms those up to 700 ms (15).
    expect(await paced(200)).toEqual({ atStart: 5, atHalf: 15, total: 21 });
  });

  it("shows the decoder's error for a file that is not a WAV", () => {
    const { state } = setup();
    state.mode.value = 'audio_echo';
    state.setEchoFile({ name: 'song.mp3', bytes: new TextEncoder().encode('ID3\u0003not a wav at all') });
    expect(state.blockReason.value).toMatch(/^Cannot read song\.mp3: /);
    expect(state.echoInputProblem()).toMatch(/RIFF|WAV/i);
  });
});
