// An audio echo cut by a lost connection (the service worker stopped) must not leave the replica waiting: once the
// connection is back, the stream ends the utterance (final done chunk, then conversation.interrupt) and says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planEchoChunks, bytesFromBase64 } from '../../../src/protocol/audio';
import { joinedFrame } from './composer-fixtures';
import { EchoStream, type EchoClock, type SendResult } from '../../../src/panel/composer/echo-stream';
import { PanelStore, type PanelActions } from '../../../src/panel/store';
import { ComposerState } from '../../../src/panel/composer/state';
import { memoryStorage } from '../../../src/panel/composer/history';
import type { FrameState } from '../../../src/panel/connection';

const CID = 'c-echo';
const clock: EchoClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function plan(chunks: number, sampleRate = 24000) {
  const result = planEchoChunks({
    pcm16: new Uint8Array((sampleRate / 10) * chunks), // 50 ms chunks
    sampleRate,
    conversationId: CID,
    inferenceId: 'utt-1',
  });
  if (!result.ok) throw new Error(result.error);
  return result;
}

interface Message {
  event_type: string;
  properties?: { done?: boolean; inference_id?: string; sample_rate?: number; audio?: string };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 2_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('EchoStream after a lost connection', () => {
  it('waits for the connection, then sends a final done chunk and an interrupt, and reports it', async () => {
    const echo = plan(10);
    let connected = true;
    let reconnect!: () => void;
    const back = new Promise<void>((resolve) => (reconnect = resolve));
    const sent: Message[] = [];
    const send = async (json: string): Promise<SendResult> => {
      if (!connected) return { ok: false, error: 'Not connected to the extension background; retrying.' };
      sent.push(JSON.parse(json) as Message);
      if (sent.length === 4) {
        connected = false; // the service worker stops while chunk 4 is on its way
        return { ok: false, error: 'Lost the connection while sending' };
      }
      return { ok: true };
    };
    const lostAt: number[] = [];
    const stream = new EchoStream({
      ...echo,
      conversationId: CID,
      send,
      clock,
      connection: { lost: () => !connected, restored: () => back },
      onConnectionLost: (n) => lostAt.push(n),
    });
    const finished = stream.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(lostAt).toEqual([3]);
    expect(sent).toHaveLength(4); // nothing more while the connection is down
    let settled = false;
    void finished.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);

    connected = true;
    reconnect();
    const result = await finished;
    expect(result).toEqual({
      status: 'connection-lost',
      sentChunks: 3,
      lostAtChunk: 3,
      error: 'Lost the connection while sending',
      finalDone: { ok: true },
      interrupt: { ok: true },
    });
    const [done, interrupt] = sent.slice(4);
    expect(done).toMatchObject({
      event_type: 'conversation.echo',
      properties: { done: true, inference_id: 'utt-1', sample_rate: 24000 },
    });
    const silence = bytesFromBase64(done!.properties!.audio!);
    expect(silence.ok && silence.bytes.length).toBe(1920); // 40 ms at 24 kHz, whole samples
    expect(interrupt).toMatchObject({ event_type: 'conversation.interrupt', conversation_id: CID });
    expect(sent).toHaveLength(6);
  });

  it('a failure that is not the connection still fails', async () => {
    const echo = plan(3);
    const stream = new EchoStream({
      ...echo,
      conversationId: CID,
      send: async () => ({ ok: false, error: 'The call is not joined' }),
      clock,
      connection: { lost: () => false, restored: () => Promise.resolve() },
    });
    const finished = stream.start();
    await vi.advanceTimersByTimeAsync(200); // the grace for the disconnect news to arrive
    expect(await finished).toMatchObject({ status: 'failed', failedChunk: 0, error: 'The call is not joined' });
  });
});

describe('ComposerState: echo across a service-worker restart', () => {
  const frame = (): FrameState => joinedFrame();

  it('shows "waiting" while the connection is down and says what it sent when it came back', async () => {
    const sent: string[] = [];
    const live: { store?: PanelStore } = {};
    const status = () => live.store!.status.value;
    // Like CaptureConnection: on a lost port, pending sends resolve with an error and the status turns
    // "reconnecting" in the same task; new sends fail until the port is back.
    const actions: PanelActions = {
      send: async (_frameId, _callId, json) => {
        if (status() !== 'connected')
          return { ok: false, error: 'Not connected to the extension background; retrying.' };
        sent.push(json);
        if (sent.length === 5) {
          live.store!.setStatus('reconnecting');
          return { ok: false, error: 'Lost the connection while sending; check the log for whether it went out.' };
        }
        return { ok: true };
      },
      attach: async () => ({ ok: true }),
    };
    const store = new PanelStore(actions);
    live.store = store;
    store.setStatus('connected');
    store.setFrames([frame()]);
    const state = new ComposerState(store, { storage: memoryStorage(), clock, newInferenceId: () => 'echo-x' });
    state.conversationIdTyped.value = 'c-live';
    state.mode.value = 'audio_echo';
    const pcm = new Uint8Array(44 + 48_000); // 1 s of 24 kHz silence as a WAV
    const view = new DataView(pcm.buffer);
    const ascii = (o: number, t: string) => [...t].forEach((c, i) => view.setUint8(o + i, c.charCodeAt(0)));
    ascii(0, 'RIFF');
    view.setUint32(4, 36 + 48_000, true);
    ascii(8, 'WAVE');
    ascii(12, 'fmt ');
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, 24000, true);
    view.setUint32(28, 48000, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    ascii(36, 'data');
    view.setUint32(40, 48_000, true);
    state.setEchoFile({ name: 'a.wav', bytes: pcm });
    expect(state.blockReason.value).toBeUndefined();

    const finished = state.startEcho();
    await vi.advanceTimersByTimeAsync(3000);
    expect(state.echoRun.value).toMatchObject({ status: 'waiting', sentChunks: 4, totalChunks: 21 });
    expect(state.blockReason.value).toMatch(/waiting for the connection/);
    expect(sent).toHaveLength(5);

    store.setStatus('connected');
    const result = await finished;
    expect(result?.status).toBe('connection-lost');
    const tail = sent.slice(5).map((json) => JSON.parse(json) as Message);
    expect(tail.map((m) => [m.event_type, m.properties?.done])).toEqual([
      ['conversation.echo', true],
      ['conversation.interrupt', undefined],
    ]);
    expect(state.echoRun.value).toMatchObject({ status: 'connection-lost', sentChunks: 4 });
    const run = state.echoRun.value;
    expect(run.status !== 'idle' && run.error).toBe(
      'The connection to the extension was lost after chunk 4 of 21 (chunk 5 may or may not have reached the call). When it came back, DevTools sent a final done chunk and conversation.interrupt, so the replica does not wait for the rest; the remaining chunks were not sent.',
    );
  });
});

describe('EchoStream recovery sends', () => {
  it('retry with backoff while the page side is still reconnecting, and report a final failure', async () => {
    const echo = plan(4);
    let connected = true;
    let answers = 0;
    const sent: Message[] = [];
    const stream = new EchoStream({
      ...echo,
      conversationId: CID,
      clock,
      connection: { lost: () => !connected, restored: () => Promise.resolve() },
      send: async (json) => {
        sent.push(JSON.parse(json) as Message);
        if (sent.length === 2) {
          connected = false;
          return { ok: false, error: 'Lost the connection' };
        }
        if (sent.length <= 2) return { ok: true };
        // After the restart: the relay needs two more tries before sends reach the page again.
        answers++;
        return answers <= 2 ? { ok: false, error: 'No capture in frame 0' } : { ok: true };
      },
    });
    const finished = stream.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await finished).toMatchObject({
      status: 'connection-lost',
      finalDone: { ok: true },
      interrupt: { ok: true },
    });
    expect(sent.slice(2).map((m) => m.event_type)).toEqual([
      'conversation.echo',
      'conversation.echo',
      'conversation.echo',
      'conversation.interrupt',
    ]);

    const never = new EchoStream({
      ...echo,
      conversationId: CID,
      clock,
      connection: { lost: () => true, restored: () => Promise.resolve() },
      send: async () => ({ ok: false, error: 'No capture in frame 0' }),
    });
    const gaveUp = never.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await gaveUp).toMatchObject({
      status: 'connection-lost',
      finalDone: { ok: false, error: 'No capture in frame 0' },
      interrupt: { ok: false, error: 'No capture in frame 0' },
    });
  });
});
