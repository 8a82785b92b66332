import { describe, expect, it } from 'vitest';
import { bytesFromBase64 } from '../../../src/protocol/base64';
import { planEchoStream } from '../../../src/protocol/audio/echo-pacing';
import { appMessageSize } from '../../../src/protocol/interactions/size';

const pcm = (ms: number, rate = 24000) => new Uint8Array(Math.round((rate * 2 * ms) / 1000)).fill(7);
const base = { sampleRate: 24000, conversationId: 'c9e1a2b3c4d5', inferenceId: 'utt-1' };

describe('planEchoStream: echo that follows the call', () => {
  it('uses 100 ms chunks when the call reports a raised limit, and shrinks them to fit 4096', () => {
    const raised = planEchoStream({ ...base, pcm16: pcm(500), chunkMs: 100, maxSize: 8192, trailingSilenceMs: 0 });
    if (!raised.ok) throw new Error(raised.error);
    expect(raised.chunkMs).toBe(100);
    expect(raised.messages).toHaveLength(5);
    expect(Math.max(...raised.messages.map(appMessageSize))).toBeGreaterThan(4096);
    expect(Math.max(...raised.messages.map(appMessageSize))).toBeLessThanOrEqual(8192);
    const standard = planEchoStream({ ...base, pcm16: pcm(500), chunkMs: 100, maxSize: 4096, trailingSilenceMs: 0 });
    if (!standard.ok) throw new Error(standard.error);
    expect(standard.chunkMs).toBeLessThan(100);
    expect(Math.max(...standard.messages.map(appMessageSize))).toBeLessThanOrEqual(4096);
  });

  it('ends with a silent chunk marked done; every audio chunk says done:false', () => {
    const plan = planEchoStream({ ...base, pcm16: pcm(200), chunkMs: 50 });
    if (!plan.ok) throw new Error(plan.error);
    const done = plan.messages.map((m) => m.properties.done);
    expect(done).toEqual([false, false, false, false, true]);
    const silence = bytesFromBase64(plan.messages.at(-1)!.properties.audio);
    expect(silence.ok && silence.bytes.length).toBe(1920); // 40 ms at 24 kHz, 16-bit
    expect(silence.ok && silence.bytes.every((b) => b === 0)).toBe(true);
    expect(plan.scheduleMs.at(-1)).toBe(200);
    expect(plan.durationMs).toBeCloseTo(240, 6);
    expect(new Set(plan.messages.map((m) => m.properties.inference_id))).toEqual(new Set(['utt-1']));
  });

  it('paces at real time, or up to N ms ahead of it', () => {
    const realtime = planEchoStream({ ...base, pcm16: pcm(300), chunkMs: 100, maxSize: 8192, trailingSilenceMs: 0 });
    const ahead = planEchoStream({
      ...base,
      pcm16: pcm(300),
      chunkMs: 100,
      maxSize: 8192,
      trailingSilenceMs: 0,
      pacing: { kind: 'lead', leadMs: 150 },
    });
    if (!realtime.ok || !ahead.ok) throw new Error('plan failed');
    expect(realtime.scheduleMs).toEqual([0, 100, 200]);
    expect(ahead.scheduleMs).toEqual([0, 0, 50]);
  });
});
