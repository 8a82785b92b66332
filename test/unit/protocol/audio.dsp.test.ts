import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downmixToMono, pcm16ToFloat32, resample, toPcm16 } from '../../../src/protocol/audio';

function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.8): Float32Array {
  return Float32Array.from(
    { length: Math.round(sampleRate * seconds) },
    (_, index) => amplitude * Math.sin((2 * Math.PI * frequency * index) / sampleRate),
  );
}

/** Sign changes, ignoring the edges where the resampler fades in and out. */
function zeroCrossings(samples: Float32Array, skip: number): number {
  let count = 0;
  for (let index = skip + 1; index < samples.length - skip; index++) {
    if (samples[index - 1]! < 0 !== samples[index]! < 0) count++;
  }
  return count;
}

function rms(samples: Float32Array, skip: number): number {
  let sum = 0;
  for (let index = skip; index < samples.length - skip; index++) sum += samples[index]! ** 2;
  return Math.sqrt(sum / (samples.length - 2 * skip));
}

function peak(samples: Float32Array, skip: number): number {
  let max = 0;
  for (let index = skip; index < samples.length - skip; index++) max = Math.max(max, Math.abs(samples[index]!));
  return max;
}

describe('resample', () => {
  const rates = [8000, 16000, 22050, 24000, 44100, 48000];
  const pairs = rates.flatMap((from) => [16000, 24000].filter((to) => to !== from).map((to) => [from, to] as const));

  it.each(pairs)('%i → %i Hz keeps duration, frequency and level of a 440 Hz sine', (from, to) => {
    const seconds = 1;
    const output = resample(sine(440, from, seconds), from, to);
    expect(output.length).toBe(Math.round(from * seconds * (to / from)));
    expect(output.length / to).toBeCloseTo(seconds, 3);
    // 440 Hz → 880 sign changes per second; the edges (50 ms) are left out.
    const edge = Math.round(0.05 * to);
    const expectedCrossings = 2 * 440 * ((output.length - 2 * edge) / to);
    expect(Math.abs(zeroCrossings(output, edge) - expectedCrossings)).toBeLessThanOrEqual(2);
    expect(peak(output, edge)).toBeCloseTo(0.8, 2);
  });

  it('keeps a constant signal exactly constant away from the edges', () => {
    const output = resample(new Float32Array(44100).fill(0.5), 44100, 24000);
    for (let index = 100; index < output.length - 100; index++) expect(output[index]).toBeCloseTo(0.5, 5);
  });

  it('removes tones above the new Nyquist instead of aliasing them (48 kHz → 16 kHz, 10 kHz tone)', () => {
    const output = resample(sine(10000, 48000, 0.5), 48000, 16000);
    expect(rms(output, 200)).toBeLessThan(0.001); // −60 dB relative to the 0.57 RMS input
    const kept = resample(sine(4000, 48000, 0.5), 48000, 16000); // speech band: untouched
    expect(rms(kept, 200)).toBeCloseTo(0.8 / Math.SQRT2, 2);
  });

  it('works for rates without a small common ratio', () => {
    const output = resample(sine(440, 44099, 0.5), 44099, 24000);
    expect(output.length).toBe(Math.round(22050 * (24000 / 44099)));
    expect(peak(output, 1000)).toBeCloseTo(0.8, 2);
    const fractional = resample(sine(440, 16000, 0.5), 16000, 23999.5);
    expect(fractional.length).toBe(Math.round(8000 * (23999.5 / 16000)));
  });

  it('copies when the rates match, copes with empty input, refuses impossible rates', () => {
    const input = sine(100, 16000, 0.01);
    const same = resample(input, 16000, 16000);
    expect(same).toEqual(input);
    expect(same).not.toBe(input);
    expect(resample(new Float32Array(0), 44100, 24000).length).toBe(0);
    expect(() => resample(input, 0, 24000)).toThrow(RangeError);
    expect(() => resample(input, 16000, Number.NaN)).toThrow(RangeError);
  });

  it('is fast enough for a few minutes of audio', () => {
    const threeMinutes = sine(440, 44100, 180);
    const started = performance.now();
    const output = resample(threeMinutes, 44100, 24000);
    const elapsed = performance.now() - started;
    expect(output.length).toBe(180 * 24000);
    expect(elapsed).toBeLessThan(5000); // typically well under a second
  });
});

describe('downmixToMono', () => {
  it('averages channels frame by frame', () => {
    expect(Array.from(downmixToMono([Float32Array.from([1, 0.5, -1]), Float32Array.from([0, 0.5, 1])]))).toEqual([
      0.5, 0.5, 0,
    ]);
  });

  it('stops at the shortest channel, copies a single channel, returns nothing for no channels', () => {
    expect(downmixToMono([Float32Array.from([1, 1, 1]), Float32Array.from([1])]).length).toBe(1);
    const only = Float32Array.from([0.25]);
    const copy = downmixToMono([only]);
    expect(copy).toEqual(only);
    expect(copy).not.toBe(only);
    expect(downmixToMono([]).length).toBe(0);
  });
});

describe('toPcm16 and pcm16ToFloat32', () => {
  it('writes little-endian signed 16-bit, clamped, NaN as silence', () => {
    const bytes = toPcm16(Float32Array.from([0, 1, -1, 0.5, 2, -2, Number.NaN, -1 / 32768]));
    const values = Array.from(new Int16Array(bytes.buffer));
    expect(values).toEqual([0, 32767, -32768, 16384, 32767, -32768, 0, -1]);
    expect(Array.from(toPcm16(Float32Array.from([-1 / 32768])))).toEqual([0xff, 0xff]);
    expect(Array.from(toPcm16(Float32Array.from([256 / 32768])))).toEqual([0x00, 0x01]);
  });

  it('round-trips any PCM exactly', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }).map((bytes) => bytes.subarray(0, bytes.length & ~1)),
        (pcm) => {
          expect(toPcm16(pcm16ToFloat32(pcm))).toEqual(pcm);
        },
      ),
    );
  });

  it('ignores a trailing odd byte', () => {
    expect(Array.from(pcm16ToFloat32(Uint8Array.from([0x00, 0x80, 0x7f])))).toEqual([-1]);
  });
});
