import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planEchoChunks } from '../../../src/protocol/audio';
import { buildInterrupt } from '../../../src/protocol/interactions';
import { EchoStream, type EchoClock, type SendResult } from '../../../src/panel/composer/echo-stream';

const CID = 'c-echo';
const fakeClock: EchoClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** 24 kHz, 50 ms chunks: `chunks` full chunks of silence. */
function plan(chunks: number) {
  const result = planEchoChunks({
    pcm16: new Uint8Array(2400 * chunks),
    sampleRate: 24000,
    conversationId: CID,
    inferenceId: 'utt-1',
  });
  if (!result.ok) throw new Error(result.error);
  return result;
}

interface SentAt {
  at: number;
  data: { event_type: string; properties?: { done?: boolean } };
}

function recorder(
  answer: (index: number) => SendResult | undefined | Promise<SendResult | undefined> = () => ({ ok: true }),
) {
  const sent: SentAt[] = [];
  const start = Date.now();
  const send = vi.fn(async (json: string) => {
    sent.push({ at: Date.now() - start, data: JSON.parse(json) as SentAt['data'] });
    return answer(sent.length - 1);
  });
  return { sent, send };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('EchoStream', () => {
  it('sends every chunk at its scheduled time, in order, and reports progress', async () => {
    const echo = plan(5);
    const { sent, send } = recorder();
    const progress: number[] = [];
    const stream = new EchoStream({
      ...echo,
      conversationId: CID,
      send,
      clock: fakeClock,
      onProgress: (n) => progress.push(n),
    });
    const finished = stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => s.at)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(49);
    expect(sent).toHaveLength(1); // not early
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(await finished).toEqual({ status: 'done', sentChunks: 5 });
    expect(sent.map((s) => s.at)).toEqual([0, 50, 100, 150, 200]);
    expect(sent.map((s) => s.data.properties?.done)).toEqual([false, false, false, false, true]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(send.mock.calls.map(([json]) => json)).toEqual(echo.messages.map((m) => JSON.stringify(m)));
  });

  it('catches up at once when a send was slow, without skipping a chunk', async () => {
    const echo = plan(4);
    const { sent, send } = recorder((index) =>
      index === 0 ? new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 120)) : { ok: true },
    );
    const finished = new EchoStream({ ...echo, conversationId: CID, send, clock: fakeClock }).start();
    await vi.advanceTimersByTimeAsync(1000);
    expect((await finished).status).toBe('done');
    // Chunk 0 took 120 ms to be acknowledged; chunks 1 and 2 were due by then and go straight away.
    expect(sent.map((s) => s.at)).toEqual([0, 120, 120, 150]);
  });

  it('stops at the first failed chunk and says which and why', async () => {
    const echo = plan(5);
    const { sent, send } = recorder((index) =>
      index === 2 ? { ok: false, error: 'app-message too large' } : { ok: true },
    );
    const finished = new EchoStream({ ...echo, conversationId: CID, send, clock: fakeClock }).start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await finished).toEqual({ status: 'failed', sentChunks: 2, failedChunk: 2, error: 'app-message too large' });
    expect(sent).toHaveLength(3);
  });

  it('treats a missing tab and a throwing send as failures', async () => {
    const echo = plan(2);
    const noTab = await new EchoStream({
      ...echo,
      conversationId: CID,
      send: async () => undefined,
      clock: fakeClock,
    }).start();
    expect(noTab).toMatchObject({ status: 'failed', failedChunk: 0, error: expect.stringContaining('Not connected') });
    const throwing = new EchoStream({
      ...echo,
      conversationId: CID,
      send: async () => {
        throw new Error('port closed');
      },
      clock: fakeClock,
    }).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(await throwing).toMatchObject({ status: 'failed', error: 'port closed' });
  });

  it('Stop drops the rest and sends conversation.interrupt', async () => {
    const echo = plan(10);
    const { sent, send } = recorder();
    const stream = new EchoStream({ ...echo, conversationId: CID, send, clock: fakeClock });
    const finished = stream.start();
    await vi.advanceTimersByTimeAsync(120);
    expect(sent).toHaveLength(3);
    const stopped = stream.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await stopped).toEqual({ status: 'stopped', sentChunks: 3, interrupt: { ok: true } });
    expect(await finished).toEqual(await stopped);
    expect(sent).toHaveLength(4);
    expect(sent[3]?.data).toEqual(buildInterrupt(CID));
    expect(sent.slice(0, 3).every((s) => s.data.event_type === 'conversation.echo')).toBe(true);
  });

  it('Stop while a chunk is on its way sends nothing after the interrupt', async () => {
    const echo = plan(6);
    let release: (() => void) | undefined;
    const { sent, send } = recorder((index) =>
      index === 1 ? new Promise<SendResult>((resolve) => (release = () => resolve({ ok: true }))) : { ok: true },
    );
    const stream = new EchoStream({ ...echo, conversationId: CID, send, clock: fakeClock });
    const finished = stream.start();
    await vi.advanceTimersByTimeAsync(60);
    expect(sent).toHaveLength(2); // chunk 1 is waiting for its answer
    const stopped = stream.stop();
    release?.();
    await vi.advanceTimersByTimeAsync(1000);
    expect((await stopped).status).toBe('stopped');
    expect(sent.map((s) => s.data.event_type)).toEqual([
      'conversation.echo',
      'conversation.echo',
      'conversation.interrupt',
    ]);
    expect((await finished).sentChunks).toBe(2);
  });

  it('an empty plan is done at once; stop after the end changes nothing', async () => {
    const { send } = recorder();
    const empty = new EchoStream({ messages: [], scheduleMs: [], conversationId: CID, send, clock: fakeClock });
    expect(await empty.start()).toEqual({ status: 'done', sentChunks: 0 });
    expect(await empty.stop()).toEqual({ status: 'done', sentChunks: 0 });
    expect(send).not.toHaveBeenCalled();
  });
});
