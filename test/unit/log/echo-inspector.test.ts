import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/log';
import { inspectEchoStream } from '../../../src/log/echo-inspector';
import { app, ev } from './helpers';

const T0 = 1_767_802_000_000;
/** One 100 ms chunk at 24 kHz: 4800 bytes of PCM. */
const AUDIO_100MS = Buffer.alloc(4800).toString('base64');
const chunk = (done: boolean, inferenceId = 'u1') =>
  ev('conversation.echo', undefined, {
    modality: 'audio',
    audio: AUDIO_100MS,
    sample_rate: 24000,
    inference_id: inferenceId,
    done,
  });

function report(times: number[], options: { doneLast?: boolean; dir?: 'in' | 'out' } = {}) {
  const log = new EventLog();
  log.add(
    times.map((t, i) =>
      app(chunk(options.doneLast !== false && i === times.length - 1), { t: T0 + t, dir: options.dir ?? 'out' }),
    ),
  );
  return inspectEchoStream([...log.events()]);
}

describe('inspectEchoStream', () => {
  it('real-time pacing: chunk count, rate, audio vs wall time, lead 0, no gaps, done present', () => {
    expect(report([0, 100, 200, 300])).toMatchObject({
      inferenceIds: ['u1'],
      chunkCount: 4,
      sampleRates: [24000],
      audioBytes: 19200,
      audioMs: 400,
      wallMs: 300,
      leadMs: 0,
      gaps: [],
      donePresent: true,
      chunksAfterDone: 0,
    });
  });

  it('a server bot sending faster than real time shows its lead', () => {
    expect(report([0, 20, 40, 60], { dir: 'in' })).toMatchObject({ leadMs: 240, gaps: [] });
  });

  it('a stream that falls behind shows the gap where the replica ran dry, and no done', () => {
    const r = report([0, 100, 450, 550], { doneLast: false });
    expect(r?.leadMs).toBe(-250);
    expect(r?.gaps.map((g) => g.ms)).toEqual([250]);
    expect(r?.donePresent).toBe(false);
  });

  it('nothing to inspect without audio echo chunks', () => {
    expect(inspectEchoStream([])).toBeUndefined();
  });
});
