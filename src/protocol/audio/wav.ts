/**
 * RIFF/WAVE decoding to float samples, for turning a dropped file into audio-echo PCM.
 * Reads PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE (0xFFFE) wrapping either; skips unknown chunks;
 * tolerates a truncated or streamed data chunk with a warning. Anything else gets a reason, never a throw.
 */

import { downmixToMono } from './dsp';

export type WavSampleFormat = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';

export interface DecodedWav {
  ok: true;
  sampleRate: number;
  /** Channel count of the file. */
  channels: number;
  format: WavSampleFormat;
  /** Mono mix (the mean of all channels) in [-1, 1]; for mono files this is the same array as channelData[0]. */
  samples: Float32Array;
  /** One array per channel, de-interleaved, in [-1, 1]. */
  channelData: Float32Array[];
  frameCount: number;
  durationSec: number;
  /** Problems that were worked around (truncation, odd headers). */
  warnings: string[];
}

export type WavDecodeResult = DecodedWav | { ok: false; error: string };

const FORMAT_PCM = 0x0001;
const FORMAT_IEEE_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Well-known non-PCM format tags, for a helpful refusal. */
const COMPRESSED_FORMAT_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x00ff: 'AAC',
  0x0161: 'WMA',
  0x1610: 'AAC (HE)',
  0xf1ac: 'FLAC',
  0x6750: 'Vorbis',
};

/** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID; bytes 0..1 carry the plain format tag. */
const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

const MIN_SAMPLE_RATE = 1000;
const MAX_SAMPLE_RATE = 1_000_000;
const STREAMED_SIZE = 0xffffffff;

interface ChunkLocation {
  start: number;
  /** Bytes actually present (may be fewer than declared). */
  length: number;
  declared: number;
}

interface SampleLayout {
  format: WavSampleFormat;
  tag: number;
  bytesPerSample: number;
  channels: number;
  sampleRate: number;
}

export function decodeWav(bytes: Uint8Array): WavDecodeResult {
  const notWav = sniffNonWav(bytes);
  if (notWav) return { ok: false, error: notWav };

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: string[] = [];
  let fmt: ChunkLocation | undefined;
  let data: ChunkLocation | undefined;

  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = fourCC(bytes, offset);
    const declared = view.getUint32(offset + 4, true);
    const start = offset + 8;
    const available = bytes.length - start;
    const location: ChunkLocation = { start, length: Math.min(declared, available), declared };
    if (id === 'fmt ' && !fmt) fmt = location;
    else if (id === 'data' && !data) data = location;
    if (declared > available) {
      if (id !== 'data')
        warnings.push(`the "${printable(id)}" chunk is cut off (declares ${declared} bytes, ${available} present)`);
      break;
    }
    offset = start + declared + (declared & 1); // chunks are padded to even sizes
  }

  if (!fmt) return { ok: false, error: 'no "fmt " chunk, so the sample format is unknown' };
  const layout = readFormat(view, fmt, warnings);
  if ('error' in layout) return { ok: false, error: layout.error };
  if (!data) return { ok: false, error: 'no "data" chunk: the file holds no audio' };

  if (data.declared === STREAMED_SIZE) {
    warnings.push('the data chunk has no length (streamed WAV); decoded everything up to the end of the file');
  } else if (data.length < data.declared) {
    warnings.push(
      `the data chunk declares ${data.declared} bytes but only ${data.length} are present (truncated file); decoded what is there`,
    );
  }
  const frameBytes = layout.bytesPerSample * layout.channels;
  const frameCount = Math.floor(data.length / frameBytes);
  if (frameCount * frameBytes !== data.length) {
    warnings.push(`dropped ${data.length - frameCount * frameBytes} trailing bytes that do not make a whole frame`);
  }
  if (frameCount === 0) warnings.push('the data chunk holds no samples');

  const channelData = deinterleave(view, data.start, frameCount, layout, warnings);
  // A mono file's one channel is its mix already: no copy.
  const samples = channelData.length === 1 ? channelData[0]! : downmixToMono(channelData);
  return {
    ok: true,
    sampleRate: layout.sampleRate,
    channels: layout.channels,
    format: layout.format,
    samples,
    channelData,
    frameCount,
    durationSec: frameCount / layout.sampleRate,
    warnings,
  };
}

/** Names what the bytes are when they are clearly not RIFF/WAVE. */
function sniffNonWav(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return `not a RIFF/WAVE file (only ${bytes.length} bytes)`;
  const magic = fourCC(bytes, 0);
  const form = fourCC(bytes, 8);
  if (magic === 'RIFF' && form === 'WAVE') return undefined;
  if (magic === 'RIFX') return 'big-endian RIFX WAV is not supported; export a standard little-endian WAV';
  if (magic === 'RF64' || magic === 'BW64') return `${magic} (64-bit WAV) is not supported; export a standard WAV`;
  if (magic === 'RIFF') return `not a RIFF/WAVE file (a RIFF "${printable(form)}" file)`;
  const looksLike = guessContainer(bytes);
  return `not a RIFF/WAVE file${looksLike ? ` (it looks like ${looksLike})` : ''}`;
}

function guessContainer(bytes: Uint8Array): string | undefined {
  const magic = fourCC(bytes, 0);
  if (magic.startsWith('ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'MP3';
  if (magic === 'OggS') return 'Ogg (Vorbis/Opus)';
  if (magic === 'fLaC') return 'FLAC';
  if (fourCC(bytes, 4) === 'ftyp') return 'MP4/M4A';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'WebM/Matroska';
  if (magic === 'FORM') return 'AIFF';
  return undefined;
}

function readFormat(view: DataView, fmt: ChunkLocation, warnings: string[]): SampleLayout | { error: string } {
  if (fmt.length < 16) return { error: `the "fmt " chunk is ${fmt.length} bytes; at least 16 are needed` };
  let tag = view.getUint16(fmt.start, true);
  const channels = view.getUint16(fmt.start + 2, true);
  const sampleRate = view.getUint32(fmt.start + 4, true);
  const blockAlign = view.getUint16(fmt.start + 12, true);
  const bitsPerSample = view.getUint16(fmt.start + 14, true);

  if (tag === FORMAT_EXTENSIBLE) {
    if (fmt.length < 40)
      return { error: `WAVE_FORMAT_EXTENSIBLE needs a 40-byte "fmt " chunk, this one has ${fmt.length}` };
    const guidStart = fmt.start + 24;
    const tailMatches = SUBFORMAT_GUID_TAIL.every((byte, index) => view.getUint8(guidStart + 2 + index) === byte);
    if (!tailMatches)
      return { error: 'WAVE_FORMAT_EXTENSIBLE with a vendor-specific sub-format GUID is not supported' };
    tag = view.getUint16(guidStart, true);
  }
  if (tag !== FORMAT_PCM && tag !== FORMAT_IEEE_FLOAT) {
    const name = COMPRESSED_FORMAT_NAMES[tag];
    const code = `0x${tag.toString(16).toUpperCase().padStart(4, '0')}`;
    return {
      error: name
        ? `compressed format ${code} (${name}) is not supported; export the audio as PCM WAV`
        : `format ${code} is not supported; only PCM and IEEE float WAV can be read`,
    };
  }
  if (channels === 0) return { error: 'the "fmt " chunk says 0 channels' };
  if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
    return { error: `implausible sample rate ${sampleRate} Hz` };
  }

  if (tag === FORMAT_IEEE_FLOAT) {
    if (bitsPerSample !== 32 && bitsPerSample !== 64) {
      return { error: `IEEE float with ${bitsPerSample} bits per sample is not supported (32 or 64 only)` };
    }
    const bytesPerSample = bitsPerSample / 8;
    warnOnOddBlockAlign(blockAlign, channels, bytesPerSample, bitsPerSample, warnings);
    return { format: bitsPerSample === 32 ? 'float32' : 'float64', tag, bytesPerSample, channels, sampleRate };
  }

  if (bitsPerSample < 1 || bitsPerSample > 32) {
    return { error: `PCM with ${bitsPerSample} bits per sample is not supported (8 to 32 only)` };
  }
  let bytesPerSample = Math.ceil(bitsPerSample / 8);
  const containerBytes = blockAlign / channels;
  // Trust blockAlign when it describes a wider container (e.g. 20 or 24 valid bits stored in 32, left-justified).
  if (Number.isInteger(containerBytes) && containerBytes > bytesPerSample && containerBytes <= 4)
    bytesPerSample = containerBytes;
  else warnOnOddBlockAlign(blockAlign, channels, bytesPerSample, bitsPerSample, warnings);
  const pcmFormats: readonly WavSampleFormat[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32'];
  return { format: pcmFormats[bytesPerSample - 1]!, tag, bytesPerSample, channels, sampleRate };
}

function warnOnOddBlockAlign(
  blockAlign: number,
  channels: number,
  bytesPerSample: number,
  bits: number,
  warnings: string[],
): void {
  if (blockAlign !== channels * bytesPerSample) {
    warnings.push(
      `blockAlign ${blockAlign} does not match ${channels} channel(s) × ${bits} bits; read ${bytesPerSample} bytes per sample`,
    );
  }
}

function deinterleave(
  view: DataView,
  start: number,
  frameCount: number,
  layout: SampleLayout,
  warnings: string[],
): Float32Array[] {
  const { channels, bytesPerSample, format } = layout;
  const channelData = Array.from({ length: channels }, () => new Float32Array(frameCount));
  const frameBytes = channels * bytesPerSample;
  let nonFinite = 0;
  for (let channel = 0; channel < channels; channel++) {
    const out = channelData[channel]!;
    let offset = start + channel * bytesPerSample;
    switch (format) {
      case 'pcm8': // unsigned, 128 = silence
        for (let frame = 0; frame < frameCount; frame++, offset += frameBytes)
          out[frame] = (view.getUint8(offset) - 128) / 128;
        break;
      case 'pcm16':
        for (let frame = 0; frame < frameCount; frame++, offset += frameBytes)
          out[frame] = view.getInt16(offset, true) / 32768;
        break;
      case 'pcm24':
        for (let frame = 0; frame < frameCount; frame++, offset += frameBytes) {
          const unsigned = view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getUint8(offset + 2) << 16);
          out[frame] = ((unsigned << 8) >> 8) / 8388608; // sign-extend 24 → 32 bits
        }
        break;
      case 'pcm32':
        for (let frame = 0; frame < frameCount; frame++, offset += frameBytes)
          out[frame] = view.getInt32(offset, true) / 2147483648;
        break;
      case 'float32':
      case 'float64':
        for (let frame = 0; frame < frameCount; frame++, offset += frameBytes) {
          const value = format === 'float32' ? view.getFloat32(offset, true) : view.getFloat64(offset, true);
          if (Number.isFinite(value)) out[frame] = value;
          else nonFinite++; // leave 0: NaN/Infinity would poison resampling
        }
        break;
    }
  }
  if (nonFinite > 0) warnings.push(`${nonFinite} NaN/infinite float samples were replaced by silence`);
  return channelData;
}

function fourCC(bytes: Uint8Array, offset: number): string {
  let text = '';
  for (let index = offset; index < offset + 4 && index < bytes.length; index++)
    text += String.fromCharCode(bytes[index]!);
  return text;
}

function printable(id: string): string {
  return id.replace(/[^\x20-\x7e]/g, '?');
}
