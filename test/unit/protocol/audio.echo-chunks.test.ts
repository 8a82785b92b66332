import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64FromBytes,
  bytesFromBase64,
  countChunksDue,
  echoProgress,
  planEchoChunks,
  type EchoChunkPlan,
  type EchoChunkPlanInput,
} from '../../../src/protocol/audio';
import { appMessageSize, buildEchoAudio, validateInteraction } from '../../../src/protocol/interactions';

const CID = 'c9e1a2b3c4d5';

function pcmOf(byteCount: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(byteCount);
  let state = seed;
  for (let index = 0; index < byteCount; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

function plan(input: Partial<EchoChunkPlanInput> & { pcm16: Uint8Array }): Extract<EchoChunkPlan, { ok: true }> {
  const result = planEchoChunks({ sampleRate: 24000, conversationId: CID, inferenceId: 'utt-1', ...input });
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** Every invariant a plan must meet, for any input. Plain checks in the loop: expect() per chunk is slow under fast-check. */
function expectSoundPlan(
  result: Extract<EchoChunkPlan, { ok: true }>,
  input: { pcm16: Uint8Array; sampleRate: number; maxSize: number; inferenceId: string },
): void {
  const usable = input.pcm16.subarray(0, input.pcm16.length & ~1);
  const { messages, scheduleMs } = result;
  expect(messages.length).toBe(Math.ceil(usable.length / result.bytesPerChunk));
  expect(scheduleMs.length).toBe(messages.length);

  const problems: string[] = [];
  const joined = new Uint8Array(usable.length);
  let offset = 0;
  messages.forEach((message, index) => {
    const last = index === messages.length - 1;
    const size = appMessageSize(message);
    if (size > input.maxSize) problems.push(`chunk ${index} is ${size} chars`);
    if (message.properties.inference_id !== input.inferenceId) problems.push(`chunk ${index} has another inference_id`);
    if (message.properties.sample_rate !== input.sampleRate) problems.push(`chunk ${index} has another sample_rate`);
    if (message.properties.done !== last) problems.push(`chunk ${index} has done:${message.properties.done}`);
    const bytes = bytesFromBase64(message.properties.audio);
    if (!bytes.ok) throw new Error(bytes.error);
    if (bytes.bytes.length % 2 !== 0) problems.push(`chunk ${index} has an odd byte count`);
    if (!last && bytes.bytes.length !== result.bytesPerChunk) problems.push(`chunk ${index} is short`);
    // Chunk i is due at the start time of its audio.
    const startMs = (offset / 2 / input.sampleRate) * 1000;
    if (Math.abs(scheduleMs[index]! - startMs) > 1e-9)
      problems.push(`chunk ${index} is scheduled at ${scheduleMs[index]}, its audio starts at ${startMs}`);
    if (index > 0 && !(scheduleMs[index]! > scheduleMs[index - 1]!))
      problems.push(`schedule not increasing at ${index}`);
    if (offset + bytes.bytes.length > joined.length) throw new Error('more audio out than in');
    joined.set(bytes.bytes, offset);
    offset += bytes.bytes.length;
  });
  expect(problems).toEqual([]);
  expect(offset).toBe(usable.length);
  expect(Buffer.compare(joined, usable)).toBe(0); // base64 round trip reproduces the PCM exactly
  expect(result.durationMs).toBeCloseTo((usable.length / 2 / input.sampleRate) * 1000, 9);
}

describe('planEchoChunks at the documented rates', () => {
  it('24 kHz: 50 ms chunks of 2400 bytes, paced every 50 ms, all valid and under 4096', () => {
    const pcm16 = pcmOf(24000 * 2 * 3); // 3 s
    const result = plan({ pcm16 });
    expect(result.bytesPerChunk).toBe(2400);
    expect(result.chunkMs).toBe(50);
    expect(result.messages).toHaveLength(60);
    expect(result.scheduleMs.slice(0, 4)).toEqual([0, 50, 100, 150]);
    expect(result.scheduleMs.at(-1)).toBe(2950);
    expect(result.durationMs).toBe(3000);
    expect(result.warnings).toEqual([]);
    expectSoundPlan(result, { pcm16, sampleRate: 24000, maxSize: 4096, inferenceId: 'utt-1' });
    expect(appMessageSize(result.messages[0])).toBe(
      3200 + appMessageSize(buildEchoAudio(CID, { audio: '', sampleRate: 24000, inferenceId: 'utt-1', done: false })),
    );
    for (const message of result.messages) {
      const validation = validateInteraction(message);
      expect(validation.errors).toEqual([]);
      expect(validation.warnings).toEqual([]);
    }
  });

  it('16 kHz: 1600-byte chunks; a short last chunk carries done:true', () => {
    const pcm16 = pcmOf(1600 * 4 + 202);
    const result = plan({ pcm16, sampleRate: 16000 });
    expect(result.bytesPerChunk).toBe(1600);
    expect(result.messages.map((message) => message.properties.done)).toEqual([false, false, false, false, true]);
    expect(result.messages.at(-1)!.properties.audio).toBe(base64FromBytes(pcm16.subarray(6400)));
    expect(result.scheduleMs).toEqual([0, 50, 100, 150, 200]);
    expect(result.durationMs).toBe(206.3125); // 3301 samples
    expectSoundPlan(result, { pcm16, sampleRate: 16000, maxSize: 4096, inferenceId: 'utt-1' });
  });

  it('keeps wire key order and a single message for tiny audio', () => {
    const result = plan({ pcm16: pcmOf(4) });
    expect(result.messages).toHaveLength(1);
    expect(Object.keys(result.messages[0]!.properties)).toEqual([
      'modality',
      'audio',
      'sample_rate',
      'inference_id',
      'done',
    ]);
    expect(result.messages[0]!.properties.done).toBe(true);
  });
});

describe('planEchoChunks shrinks chunks to fit', () => {
  it('uses the largest even byte count that fits when 50 ms would not', () => {
    const pcm16 = pcmOf(48000 * 2);
    const result = plan({ pcm16, sampleRate: 48000 }); // 50 ms = 4800 bytes = 6400 chars: too big
    expect(result.bytesPerChunk).toBeLessThan(4800);
    expectSoundPlan(result, { pcm16, sampleRate: 48000, maxSize: 4096, inferenceId: 'utt-1' });
    // Maximal: two more bytes in any chunk would break the limit.
    const first = result.messages[0]!;
    const bigger = buildEchoAudio(CID, {
      audio: base64FromBytes(pcm16.subarray(0, result.bytesPerChunk + 2)),
      sampleRate: 48000,
      inferenceId: 'utt-1',
      done: false,
    });
    expect(appMessageSize(first)).toBeLessThanOrEqual(4096);
    expect(appMessageSize(bigger)).toBeGreaterThan(4096);
    expect(result.warnings.join('\n')).toMatch(
      /50 ms chunks \(\d+ chars\) exceed the 4096 limit; using [\d.]+ ms chunks/,
    );
    expect(result.warnings.join('\n')).toMatch(/messages\/s, above the 20\/s/);
  });

  it('counts escaped and non-ASCII ids in the envelope, and honours a smaller reported limit', () => {
    const pcm16 = pcmOf(10_000);
    const conversationId = 'c-"quoted"-\n-é-😀'.repeat(5);
    const inferenceId = 'utt-\u0001-ü';
    const result = plan({ pcm16, conversationId, inferenceId, maxSize: 1000, chunkMs: 1000 });
    expectSoundPlan(result, { pcm16, sampleRate: 24000, maxSize: 1000, inferenceId });
    const bigger = buildEchoAudio(conversationId, {
      audio: base64FromBytes(pcm16.subarray(0, result.bytesPerChunk + 2)),
      sampleRate: 24000,
      inferenceId,
      done: false,
    });
    expect(appMessageSize(bigger)).toBeGreaterThan(1000);
  });

  it('holds every invariant for random audio, rates, limits and ids', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12_000 }),
        fc.constantFrom(8000, 16000, 22050, 24000, 44100, 48000),
        fc.integer({ min: 300, max: 9000 }),
        fc.string({ maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
        (byteCount, sampleRate, maxSize, conversationId, inferenceId, chunkMs) => {
          const pcm16 = pcmOf(byteCount, byteCount + 1);
          const result = planEchoChunks({
            pcm16,
            sampleRate,
            conversationId,
            inferenceId,
            maxSize,
            ...(chunkMs ? { chunkMs } : {}),
          });
          if (!result.ok) {
            expect(result.error).toMatch(/no room for audio/);
            return;
          }
          expectSoundPlan(result, { pcm16, sampleRate, maxSize, inferenceId });
          const wanted = Math.max(2, Math.floor((sampleRate * 2 * (chunkMs ?? 50)) / 1000 / 2) * 2);
          if (result.bytesPerChunk < wanted) {
            const bigger = buildEchoAudio(conversationId, {
              audio: base64FromBytes(new Uint8Array(result.bytesPerChunk + 2)),
              sampleRate,
              inferenceId,
              done: false,
            });
            expect(appMessageSize(bigger)).toBeGreaterThan(maxSize);
          } else {
            expect(result.bytesPerChunk).toBe(wanted);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('planEchoChunks input problems', () => {
  it('has nothing to send for empty audio', () => {
    const result = plan({ pcm16: new Uint8Array(0) });
    expect(result.messages).toEqual([]);
    expect(result.scheduleMs).toEqual([]);
    expect(result.durationMs).toBe(0);
    expect(result.warnings).toEqual(['there is no audio to send']);
  });

  it('drops a stray odd byte with a warning', () => {
    const result = plan({ pcm16: pcmOf(11) });
    expect(result.durationMs).toBeCloseTo((5 / 24000) * 1000, 9);
    expect(result.warnings[0]).toMatch(/odd number of bytes/);
  });

  it('warns about undocumented rates', () => {
    expect(plan({ pcm16: pcmOf(100), sampleRate: 22050 }).warnings).toEqual([
      '22050 Hz is not a documented echo rate (24000 recommended, 16000 default)',
    ]);
  });

  it.each([
    [{ sampleRate: 0 }, 'sample rate must be a positive whole number of Hz, got 0'],
    [{ sampleRate: 24000.5 }, 'sample rate must be a positive whole number of Hz, got 24000.5'],
    [{ maxSize: 0 }, 'maxSize must be a positive whole number, got 0'],
    [{ chunkMs: -5 }, 'chunkMs must be a positive number, got -5'],
    [{ inferenceId: '' }, 'inferenceId must not be empty: Tavus groups the chunks of one utterance by it'],
    [
      { conversationId: 'x'.repeat(4000) },
      /^the message without audio is already \d+ chars of the 4096 limit; no room for audio$/,
    ],
  ] as const)('rejects %j', (override, error) => {
    const result = planEchoChunks({
      pcm16: pcmOf(100),
      sampleRate: 24000,
      conversationId: CID,
      inferenceId: 'u',
      ...override,
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });
});

describe('pacing helpers', () => {
  const schedule = [0, 50, 100, 150];

  it('countChunksDue counts the chunks whose time has come', () => {
    expect(countChunksDue(schedule, -1)).toBe(0);
    expect(countChunksDue(schedule, 0)).toBe(1);
    expect(countChunksDue(schedule, 49.9)).toBe(1);
    expect(countChunksDue(schedule, 50)).toBe(2);
    expect(countChunksDue(schedule, 10_000)).toBe(4);
    expect(countChunksDue([], 5)).toBe(0);
  });

  it('echoProgress reports audio handed over so far', () => {
    const paced = { scheduleMs: schedule, durationMs: 180 };
    expect(echoProgress(paced, 0)).toEqual({ sentChunks: 0, totalChunks: 4, sentMs: 0, totalMs: 180, fraction: 0 });
    expect(echoProgress(paced, 2)).toMatchObject({ sentMs: 100, fraction: 100 / 180 });
    expect(echoProgress(paced, 4)).toMatchObject({ sentMs: 180, fraction: 1 });
    expect(echoProgress(paced, 99)).toMatchObject({ sentChunks: 4, fraction: 1 });
    expect(echoProgress({ scheduleMs: [], durationMs: 0 }, 0)).toMatchObject({ fraction: 1 });
  });
});
