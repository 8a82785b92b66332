import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWav, wavToEchoPcm, type WavSampleFormat } from '../../../src/protocol/audio';

// ---------------------------------------------------------------------------------------------------------------
// A small WAV writer, so every case is generated rather than checked in.

interface ExtraChunk {
  id: string;
  body: Uint8Array;
}

interface WavSpec {
  sampleRate: number;
  format: WavSampleFormat;
  /** Write WAVE_FORMAT_EXTENSIBLE (0xFFFE) with the matching sub-format GUID. */
  extensible?: boolean;
  /** Container bytes per sample when wider than the format needs (PCM only), e.g. 24 valid bits in 4 bytes. */
  containerBytes?: number;
  formatTag?: number;
  before?: ExtraChunk[];
  between?: ExtraChunk[];
  after?: ExtraChunk[];
  /** Put the fmt chunk after the data chunk (legal RIFF, unusual WAV). */
  fmtLast?: boolean;
  dataSizeOverride?: number;
}

const BITS: Record<WavSampleFormat, number> = { pcm8: 8, pcm16: 16, pcm24: 24, pcm32: 32, float32: 32, float64: 64 };

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

function chunk(id: string, body: Uint8Array, declaredSize = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set(ascii(id), 0);
  new DataView(out.buffer).setUint32(4, declaredSize, true);
  out.set(body, 8);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function fmtBody(spec: WavSpec, channels: number): Uint8Array {
  const isFloat = spec.format.startsWith('float');
  const validBits = BITS[spec.format];
  const bytesPerSample = spec.containerBytes ?? validBits / 8;
  const plainTag = spec.formatTag ?? (isFloat ? 3 : 1);
  const body = new Uint8Array(spec.extensible ? 40 : 16);
  const view = new DataView(body.buffer);
  view.setUint16(0, spec.extensible ? 0xfffe : plainTag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, spec.sampleRate, true);
  view.setUint32(8, spec.sampleRate * channels * bytesPerSample, true);
  view.setUint16(12, channels * bytesPerSample, true);
  view.setUint16(14, spec.extensible ? bytesPerSample * 8 : validBits, true);
  if (spec.extensible) {
    view.setUint16(16, 22, true);
    view.setUint16(18, validBits, true);
    view.setUint32(20, channels === 2 ? 3 : 4, true);
    view.setUint16(24, plainTag, true);
    body.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  }
  return body;
}

function encodeSamples(channelData: Float32Array[], spec: WavSpec): Uint8Array {
  const frames = channelData[0]?.length ?? 0;
  const bytesPerSample = spec.containerBytes ?? BITS[spec.format] / 8;
  const out = new Uint8Array(frames * channelData.length * bytesPerSample);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channelData) {
      const sample = channel[frame]!;
      switch (spec.format) {
        case 'pcm8':
          view.setUint8(offset, scaleTo(sample, 8) + 128);
          break;
        case 'pcm16':
          view.setInt16(offset, scaleTo(sample, 16), true);
          break;
        case 'pcm24': {
          const value = scaleTo(sample, 24);
          if (bytesPerSample === 4)
            view.setInt32(offset, value * 256, true); // left-justified in 32
          else out.set([value & 255, (value >> 8) & 255, (value >> 16) & 255], offset);
          break;
        }
        case 'pcm32':
          view.setInt32(offset, scaleTo(sample, 32), true);
          break;
        case 'float32':
          view.setFloat32(offset, sample, true);
          break;
        case 'float64':
          view.setFloat64(offset, sample, true);
          break;
      }
      offset += bytesPerSample;
    }
  }
  return out;
}

/** The usual convention (and the decoder's): full scale is 2^(bits-1), +1.0 clamps to the top code. */
function scaleTo(sample: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(sample * full)));
}

function writeWav(channelData: Float32Array[], spec: WavSpec): Uint8Array {
  const fmt = chunk('fmt ', fmtBody(spec, channelData.length));
  const samples = encodeSamples(channelData, spec);
  const data = chunk('data', samples, spec.dataSizeOverride ?? samples.length);
  const extras = (list: ExtraChunk[] | undefined) => (list ?? []).map((extra) => chunk(extra.id, extra.body));
  const middle = spec.fmtLast
    ? [...extras(spec.before), data, ...extras(spec.between), fmt]
    : [...extras(spec.before), fmt, ...extras(spec.between), data];
  const body = concat([new Uint8Array(ascii('WAVE')), ...middle, ...extras(spec.after)]);
  return concat([new Uint8Array(ascii('RIFF')), u32(body.length), body]);
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.8, phase = 0): Float32Array {
  return Float32Array.from(
    { length: Math.round(sampleRate * seconds) },
    (_, index) => amplitude * Math.sin((2 * Math.PI * frequency * index) / sampleRate + phase),
  );
}

const TOLERANCE: Record<WavSampleFormat, number> = {
  pcm8: 1 / 250, // half a step
  pcm16: 1 / 65000,
  pcm24: 1e-6,
  pcm32: 1e-7,
  float32: 0,
  float64: 1e-7, // the decoder returns Float32Array
};

function expectClose(actual: Float32Array, expected: Float32Array, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let index = 0; index < expected.length; index++)
    worst = Math.max(worst, Math.abs(actual[index]! - expected[index]!));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

// ---------------------------------------------------------------------------------------------------------------

describe('decodeWav reads PCM and float files', () => {
  const formats: WavSampleFormat[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];
  const rates = [8000, 16000, 22050, 44100, 48000];
  const cases = formats.flatMap((format) =>
    rates.flatMap((rate) => [1, 2].map((channels) => [format, rate, channels] as const)),
  );

  it.each(cases)('%s at %i Hz, %i channel(s)', (format, sampleRate, channels) => {
    const channelData = Array.from({ length: channels }, (_, channel) =>
      sine(440 * (channel + 1), sampleRate, 0.05, 0.7, channel),
    );
    const decoded = decodeWav(writeWav(channelData, { sampleRate, format }));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded).toMatchObject({ sampleRate, channels, format, frameCount: channelData[0]!.length, warnings: [] });
    expect(decoded.durationSec).toBeCloseTo(channelData[0]!.length / sampleRate, 12);
    channelData.forEach((expected, channel) => expectClose(decoded.channelData[channel]!, expected, TOLERANCE[format]));
    const expectedMono =
      channels === 1 ? channelData[0]! : channelData[0]!.map((value, index) => (value + channelData[1]![index]!) / 2);
    expectClose(decoded.samples, expectedMono, TOLERANCE[format]);
  });

  it('returns the channel itself as the mono mix of a mono file', () => {
    const decoded = decodeWav(writeWav([sine(100, 8000, 0.01)], { sampleRate: 8000, format: 'pcm16' }));
    expect(decoded.ok && decoded.samples === decoded.channelData[0]).toBe(true);
  });

  it('maps the extremes of each integer format to [-1, 1)', () => {
    const extremes = Float32Array.from([1, -1, 0]);
    const pcm16 = decodeWav(writeWav([extremes], { sampleRate: 8000, format: 'pcm16' }));
    expect(pcm16.ok && Array.from(pcm16.samples)).toEqual([32767 / 32768, -1, 0]);
    const pcm8 = decodeWav(writeWav([extremes], { sampleRate: 8000, format: 'pcm8' }));
    expect(pcm8.ok && Array.from(pcm8.samples)).toEqual([127 / 128, -1, 0]);
  });
});

describe('decodeWav handles real-world structure', () => {
  const audio = [sine(300, 16000, 0.02)];

  it.each([
    ['pcm16', undefined],
    ['pcm24', 4],
    ['pcm24', undefined],
    ['float32', undefined],
    ['pcm32', undefined],
  ] as const)('WAVE_FORMAT_EXTENSIBLE %s (container %s)', (format, containerBytes) => {
    const spec: WavSpec = {
      sampleRate: 16000,
      format,
      extensible: true,
      ...(containerBytes ? { containerBytes } : {}),
    };
    const decoded = decodeWav(writeWav(audio, spec));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.format).toBe(containerBytes === 4 ? 'pcm32' : format);
    expectClose(decoded.samples, audio[0]!, 1e-4);
    expect(decoded.warnings).toEqual([]);
  });

  it('skips unknown chunks before, between and after, including odd-sized ones with a pad byte', () => {
    const bytes = writeWav(audio, {
      sampleRate: 16000,
      format: 'pcm16',
      before: [{ id: 'JUNK', body: new Uint8Array(28) }],
      between: [
        { id: 'LIST', body: new Uint8Array([1, 2, 3, 4, 5]) }, // odd: padded to 6
        { id: 'fact', body: new Uint8Array(4) },
      ],
      after: [{ id: 'id3 ', body: new Uint8Array(7) }],
    });
    const decoded = decodeWav(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    expectClose(decoded.samples, audio[0]!, TOLERANCE.pcm16);
    expect(decoded.warnings).toEqual([]);
  });

  it('finds a fmt chunk that comes after the data chunk', () => {
    const decoded = decodeWav(writeWav(audio, { sampleRate: 16000, format: 'pcm16', fmtLast: true }));
    expect(decoded.ok && decoded.frameCount).toBe(audio[0]!.length);
  });

  it('decodes what is there of a truncated data chunk, with a warning', () => {
    const full = writeWav(audio, { sampleRate: 16000, format: 'pcm16' });
    const cut = full.subarray(0, full.length - 101); // 50 whole frames and one stray byte go missing
    const decoded = decodeWav(cut);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frameCount).toBe(audio[0]!.length - 51);
    expect(decoded.warnings).toEqual([
      `the data chunk declares ${audio[0]!.length * 2} bytes but only ${audio[0]!.length * 2 - 101} are present (truncated file); decoded what is there`,
      'dropped 1 trailing bytes that do not make a whole frame',
    ]);
    expectClose(decoded.samples, audio[0]!.subarray(0, decoded.frameCount), TOLERANCE.pcm16);
  });

  it('reads a streamed WAV whose data size is 0xFFFFFFFF to the end of the file', () => {
    const decoded = decodeWav(writeWav(audio, { sampleRate: 16000, format: 'pcm16', dataSizeOverride: 0xffffffff }));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.frameCount).toBe(audio[0]!.length);
    expect(decoded.warnings[0]).toMatch(/streamed WAV/);
  });

  it('accepts an empty data chunk, with a warning', () => {
    const decoded = decodeWav(writeWav([new Float32Array(0)], { sampleRate: 16000, format: 'pcm16' }));
    expect(decoded).toMatchObject({
      ok: true,
      frameCount: 0,
      durationSec: 0,
      warnings: ['the data chunk holds no samples'],
    });
  });

  it('replaces NaN and infinite float samples with silence', () => {
    const decoded = decodeWav(
      writeWav([Float32Array.from([0.5, NaN, Infinity, -0.25])], { sampleRate: 8000, format: 'float32' }),
    );
    if (!decoded.ok) throw new Error(decoded.error);
    expect(Array.from(decoded.samples)).toEqual([0.5, 0, 0, -0.25]);
    expect(decoded.warnings).toEqual(['2 NaN/infinite float samples were replaced by silence']);
  });
});

describe('decodeWav refuses what it cannot read, with a reason', () => {
  const valid = writeWav([sine(300, 16000, 0.01)], { sampleRate: 16000, format: 'pcm16' });
  const withFmt = (patch: (view: DataView) => void) => {
    const copy = valid.slice();
    patch(new DataView(copy.buffer, 20)); // the fmt chunk body starts at byte 20
    return copy;
  };
  const text = (value: string) => new TextEncoder().encode(value);

  it.each([
    ['an empty file', new Uint8Array(0), 'not a RIFF/WAVE file (only 0 bytes)'],
    ['text', text('hello, this is not audio'), 'not a RIFF/WAVE file'],
    [
      'an MP3 with ID3 tag',
      text('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000'),
      'not a RIFF/WAVE file (it looks like MP3)',
    ],
    [
      'an Ogg file',
      text('OggS\u0000\u0002\u0000\u0000\u0000\u0000\u0000\u0000'),
      'not a RIFF/WAVE file (it looks like Ogg (Vorbis/Opus))',
    ],
    [
      'a FLAC file',
      text('fLaC\u0000\u0000\u0000\u0022\u0000\u0000\u0000\u0000'),
      'not a RIFF/WAVE file (it looks like FLAC)',
    ],
    ['an AVI', text('RIFF\u0000\u0000\u0000\u0000AVI LIST'), 'not a RIFF/WAVE file (a RIFF "AVI " file)'],
    [
      'RIFX',
      text('RIFX\u0000\u0000\u0000\u0000WAVEfmt '),
      'big-endian RIFX WAV is not supported; export a standard little-endian WAV',
    ],
    ['RF64', text('RF64\u00ff\u00ff\u00ff\u00ffWAVEds64'), 'RF64 (64-bit WAV) is not supported; export a standard WAV'],
    [
      'MP3 in WAV',
      withFmt((view) => view.setUint16(0, 0x0055, true)),
      'compressed format 0x0055 (MP3) is not supported; export the audio as PCM WAV',
    ],
    [
      'µ-law',
      withFmt((view) => view.setUint16(0, 0x0007, true)),
      'compressed format 0x0007 (µ-law) is not supported; export the audio as PCM WAV',
    ],
    [
      'an unknown tag',
      withFmt((view) => view.setUint16(0, 0x1234, true)),
      'format 0x1234 is not supported; only PCM and IEEE float WAV can be read',
    ],
    ['zero channels', withFmt((view) => view.setUint16(2, 0, true)), 'the "fmt " chunk says 0 channels'],
    ['a silly sample rate', withFmt((view) => view.setUint32(4, 7, true)), 'implausible sample rate 7 Hz'],
    [
      '16-bit float',
      withFmt((view) => (view.setUint16(0, 3, true), view.setUint16(14, 16, true))),
      'IEEE float with 16 bits per sample is not supported (32 or 64 only)',
    ],
    [
      '48-bit PCM',
      withFmt((view) => view.setUint16(14, 48, true)),
      'PCM with 48 bits per sample is not supported (8 to 32 only)',
    ],
    [
      'no fmt chunk',
      concat([text('RIFF'), u32(12), text('WAVEdata'), u32(0)]),
      'no "fmt " chunk, so the sample format is unknown',
    ],
    ['no data chunk', valid.subarray(0, 36), 'no "data" chunk: the file holds no audio'],
    [
      'a short fmt chunk',
      concat([text('RIFF'), u32(20), text('WAVEfmt '), u32(8), new Uint8Array(8)]),
      'the "fmt " chunk is 8 bytes; at least 16 are needed',
    ],
  ])('%s', (_label, bytes, error) => {
    expect(decodeWav(bytes)).toEqual({ ok: false, error });
  });

  it('rejects an extensible file with a vendor sub-format GUID', () => {
    const bytes = writeWav([sine(300, 16000, 0.01)], { sampleRate: 16000, format: 'pcm16', extensible: true });
    bytes[20 + 24 + 10] = 0x42; // inside the GUID tail
    expect(decodeWav(bytes)).toEqual({
      ok: false,
      error: 'WAVE_FORMAT_EXTENSIBLE with a vendor-specific sub-format GUID is not supported',
    });
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const result = decodeWav(bytes);
        expect(result.ok || result.error.length > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on RIFF/WAVE headers followed by random chunks', () => {
    const header = concat([text('RIFF'), u32(0), text('WAVE')]);
    const randomChunk = fc.record({
      id: fc.constantFrom('fmt ', 'data', 'LIST', 'JUNK'),
      size: fc.oneof(fc.nat(64), fc.constant(0xffffffff), fc.nat()),
      body: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(
      fc.property(fc.array(randomChunk, { maxLength: 5 }), (chunks) => {
        const bytes = concat([header, ...chunks.map((part) => chunk(part.id, part.body, part.size))]);
        const result = decodeWav(bytes);
        if (result.ok) {
          expect(result.samples.length).toBe(result.frameCount);
          for (const value of result.samples) expect(Number.isFinite(value)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws when bytes of a valid file are corrupted', () => {
    const extensible = writeWav([sine(300, 8000, 0.01), sine(200, 8000, 0.01)], {
      sampleRate: 8000,
      format: 'pcm24',
      extensible: true,
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(extensible.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(extensible.length),
        (flips, cut) => {
          const copy = extensible.slice(0, cut || extensible.length);
          for (const [index, value] of flips) if (index < copy.length) copy[index] = value;
          expect(() => decodeWav(copy)).not.toThrow();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('wavToEchoPcm', () => {
  it('turns 44.1 kHz stereo into 24 kHz mono 16-bit PCM of the same duration', () => {
    const left = sine(440, 44100, 0.5, 0.5);
    const wav = writeWav([left, left], { sampleRate: 44100, format: 'pcm16' });
    const result = wavToEchoPcm(wav);
    if (!result.ok) throw new Error(result.error);
    expect(result.sampleRate).toBe(24000);
    expect(result.pcm16.length).toBe(Math.round((left.length * 24000) / 44100) * 2);
    expect(result.durationSec).toBeCloseTo(0.5, 4);
    expect(result.source).toEqual({
      sampleRate: 44100,
      channels: 2,
      format: 'pcm16',
      durationSec: left.length / 44100,
    });
    expect(result.warnings).toEqual(['mixed 2 channels down to mono']);
  });

  it('passes PCM through untouched when the rate already matches', () => {
    const samples = sine(440, 16000, 0.1);
    const wav = writeWav([samples], { sampleRate: 16000, format: 'pcm16' });
    const result = wavToEchoPcm(wav, { sampleRate: 16000 });
    if (!result.ok) throw new Error(result.error);
    expect(Array.from(result.pcm16)).toEqual(Array.from(wav.subarray(44)));
  });

  it('passes decode errors through and rejects a bad target rate', () => {
    expect(wavToEchoPcm(new Uint8Array(3))).toEqual({ ok: false, error: 'not a RIFF/WAVE file (only 3 bytes)' });
    expect(
      wavToEchoPcm(writeWav([sine(1, 8000, 0.01)], { sampleRate: 8000, format: 'pcm16' }), { sampleRate: 0 }).ok,
    ).toBe(false);
  });
});
