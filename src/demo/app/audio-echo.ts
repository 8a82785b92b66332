/**
 * Audio echo the way Pipecat does it: raw 16-bit mono PCM, 50 ms per app-message, base64 in JSON,
 * `done:false` on every chunk but the last.
 */

export const ECHO_SAMPLE_RATE = 16000;
export const ECHO_CHUNK_MS = 50;

/** A short beep (sine with fade in/out) as little-endian s16 PCM. */
export function beepPcm(seconds: number, frequencyHz = 440, sampleRate = ECHO_SAMPLE_RATE): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const bytes = new Uint8Array(samples * 2);
  const view = new DataView(bytes.buffer);
  const fadeSamples = Math.min(samples / 2, sampleRate * 0.02);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / fadeSamples, (samples - 1 - i) / fadeSamples);
    const value = Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate) * 0.3 * fade;
    view.setInt16(i * 2, Math.round(value * 32767), true);
  }
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Splits PCM into base64 chunks of ECHO_CHUNK_MS each (1600 bytes at 16 kHz, about 2.1 kB of base64). */
export function pcmChunks(pcm: Uint8Array, sampleRate = ECHO_SAMPLE_RATE): string[] {
  const chunkBytes = ((sampleRate * 2 * ECHO_CHUNK_MS) / 1000) & ~1;
  const chunks: string[] = [];
  for (let offset = 0; offset < pcm.length; offset += chunkBytes)
    chunks.push(toBase64(pcm.subarray(offset, offset + chunkBytes)));
  return chunks;
}
