/** From a dropped audio file to the PCM an audio echo carries: decode, mix to mono, resample, pack 16-bit. */
import { TAVUS_DEFAULT_ECHO_SAMPLE_RATE } from '../interactions/types';
import { resample, toPcm16 } from './dsp';
import { decodeWav, type WavSampleFormat } from './wav';

/** Tavus recommends 24 kHz for audio echo. */
export const RECOMMENDED_ECHO_SAMPLE_RATE = 24000;

export type EchoPcmResult =
  | {
      ok: true;
      /** Signed 16-bit little-endian mono PCM at `sampleRate`. */
      pcm16: Uint8Array;
      sampleRate: number;
      durationSec: number;
      source: { sampleRate: number; channels: number; format: WavSampleFormat; durationSec: number };
      warnings: string[];
    }
  | { ok: false; error: string };

/** Decodes a WAV file and converts it for `planEchoChunks`. Never throws. */
export function wavToEchoPcm(wavBytes: Uint8Array, options: { sampleRate?: number } = {}): EchoPcmResult {
  const targetRate = options.sampleRate ?? RECOMMENDED_ECHO_SAMPLE_RATE;
  if (!Number.isInteger(targetRate) || targetRate <= 0) {
    return { ok: false, error: `target sample rate must be a positive whole number of Hz, got ${targetRate}` };
  }
  const decoded = decodeWav(wavBytes);
  if (!decoded.ok) return decoded;
  const warnings = [...decoded.warnings];
  if (decoded.channels > 1) warnings.push(`mixed ${decoded.channels} channels down to mono`);
  if (targetRate !== 24000 && targetRate !== TAVUS_DEFAULT_ECHO_SAMPLE_RATE) {
    warnings.push(`${targetRate} Hz is not a documented echo rate (24000 recommended, 16000 default)`);
  }
  const mono =
    decoded.sampleRate === targetRate ? decoded.samples : resample(decoded.samples, decoded.sampleRate, targetRate);
  const pcm16 = toPcm16(mono);
  return {
    ok: true,
    pcm16,
    sampleRate: targetRate,
    durationSec: mono.length / targetRate,
    source: {
      sampleRate: decoded.sampleRate,
      channels: decoded.channels,
      format: decoded.format,
      durationSec: decoded.durationSec,
    },
    warnings,
  };
}
