/**
 * Splits 16-bit PCM into `conversation.echo` audio messages that each fit Daily's app-message limit (envelope
 * included, counted exactly as daily-js does), and schedules them at real time, as Pipecat does.
 */
import { buildEchoAudio } from '../interactions/builders';
import { DAILY_MAX_APP_MESSAGE_SIZE, appMessageSize } from '../interactions/size';
import { DOCUMENTED_ECHO_SAMPLE_RATES, type EchoAudioMessage } from '../interactions/types';
import { base64FromBytes, base64Length } from '../base64';

/** Pipecat's chunk length: 50 ms keeps 24 kHz chunks (3200 base64 chars) under 4 KB and paces at 20 msg/s. */
export const DEFAULT_ECHO_CHUNK_MS = 50;
/** Pipecat notes a Daily rate limit of 20 app-messages per second (not in Daily's docs). */
export const APP_MESSAGES_PER_SECOND_LIMIT = 20;

export interface EchoChunkPlanInput {
  /** Raw signed 16-bit little-endian mono PCM, no WAV header. */
  pcm16: Uint8Array;
  sampleRate: number;
  conversationId: string;
  /** Shared by every chunk of this utterance; use a new one for the next utterance. */
  inferenceId: string;
  /** The call's app-message limit; default 4096. */
  maxSize?: number;
  /** Wanted audio per message; shrunk when a chunk that long would not fit `maxSize`. Default 50. */
  chunkMs?: number;
}

export type EchoChunkPlan =
  | {
      ok: true;
      /** In send order; `done` is true on the last message only. Empty when there is no audio. */
      messages: EchoAudioMessage[];
      /** When to send each message, in ms from the start: the start time of its audio. Starts at 0. */
      scheduleMs: number[];
      /** PCM bytes per message (the last may hold fewer). */
      bytesPerChunk: number;
      /** Audio per full message, in ms. */
      chunkMs: number;
      durationMs: number;
      warnings: string[];
    }
  | { ok: false; error: string };

export function planEchoChunks(input: EchoChunkPlanInput): EchoChunkPlan {
  const { sampleRate, conversationId, inferenceId } = input;
  const maxSize = input.maxSize ?? DAILY_MAX_APP_MESSAGE_SIZE;
  const wantedChunkMs = input.chunkMs ?? DEFAULT_ECHO_CHUNK_MS;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    return { ok: false, error: `sample rate must be a positive whole number of Hz, got ${sampleRate}` };
  if (!Number.isInteger(maxSize) || maxSize <= 0)
    return { ok: false, error: `maxSize must be a positive whole number, got ${maxSize}` };
  if (!(wantedChunkMs > 0 && Number.isFinite(wantedChunkMs)))
    return { ok: false, error: `chunkMs must be a positive number, got ${wantedChunkMs}` };
  if (inferenceId === '')
    return { ok: false, error: 'inferenceId must not be empty: Tavus groups the chunks of one utterance by it' };

  const warnings: string[] = [];
  let pcm = input.pcm16;
  if (pcm.length % 2 !== 0) {
    warnings.push('the PCM has an odd number of bytes; dropped the last byte (16-bit samples are 2 bytes)');
    pcm = pcm.subarray(0, pcm.length - 1);
  }
  if (!(DOCUMENTED_ECHO_SAMPLE_RATES as readonly number[]).includes(sampleRate)) {
    warnings.push(`${sampleRate} Hz is not a documented echo rate (24000 recommended, 16000 default)`);
  }

  // The audio is base64 (never JSON-escaped), so a message's size is the empty-audio envelope plus base64 length.
  // `done:false` is one char longer than `done:true`, so measuring with it is safe for every chunk.
  const envelopeSize = appMessageSize(
    buildEchoAudio(conversationId, { audio: '', sampleRate, inferenceId, done: false }),
  );
  const largestFit = largestEvenByteCountWithin(maxSize - envelopeSize);
  if (largestFit < 2) {
    return {
      ok: false,
      error: `the message without audio is already ${envelopeSize} chars of the ${maxSize} limit; no room for audio`,
    };
  }
  const wantedBytes = Math.max(2, evenFloor((sampleRate * 2 * wantedChunkMs) / 1000));
  const bytesPerChunk = Math.min(wantedBytes, largestFit);
  const chunkMs = msOfBytes(bytesPerChunk, sampleRate);
  if (bytesPerChunk < wantedBytes) {
    warnings.push(
      `${wantedChunkMs} ms chunks (${envelopeSize + base64Length(wantedBytes)} chars) exceed the ${maxSize} limit; using ${round2(chunkMs)} ms chunks`,
    );
  }
  if (pcm.length > bytesPerChunk && 1000 / chunkMs > APP_MESSAGES_PER_SECOND_LIMIT + 1e-9) {
    warnings.push(
      `${round2(chunkMs)} ms chunks mean ${round2(1000 / chunkMs)} messages/s, above the ${APP_MESSAGES_PER_SECOND_LIMIT}/s Daily rate limit Pipecat reports`,
    );
  }

  const messages: EchoAudioMessage[] = [];
  const scheduleMs: number[] = [];
  for (let offset = 0; offset < pcm.length; offset += bytesPerChunk) {
    const end = Math.min(offset + bytesPerChunk, pcm.length);
    messages.push(
      buildEchoAudio(conversationId, {
        audio: base64FromBytes(pcm.subarray(offset, end)),
        sampleRate,
        inferenceId,
        done: end === pcm.length,
      }),
    );
    scheduleMs.push(msOfBytes(offset, sampleRate));
  }
  if (messages.length === 0) warnings.push('there is no audio to send');
  return {
    ok: true,
    messages,
    scheduleMs,
    bytesPerChunk,
    chunkMs,
    durationMs: msOfBytes(pcm.length, sampleRate),
    warnings,
  };
}

/** Largest even byte count whose base64 text is at most `chars` long (4 chars per 3 bytes, padded). */
function largestEvenByteCountWithin(chars: number): number {
  if (chars < 4) return 0;
  return evenFloor(Math.floor(chars / 4) * 3);
}

function evenFloor(value: number): number {
  return Math.floor(value / 2) * 2;
}

function msOfBytes(byteCount: number, sampleRate: number): number {
  return (byteCount / 2 / sampleRate) * 1000;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** How many chunks are due `elapsedMs` after the first send (binary search over the sorted schedule). */
export function countChunksDue(scheduleMs: readonly number[], elapsedMs: number): number {
  let low = 0;
  let high = scheduleMs.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (scheduleMs[middle]! <= elapsedMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

export interface EchoProgress {
  sentChunks: number;
  totalChunks: number;
  /** Audio handed to the call so far, in ms. */
  sentMs: number;
  totalMs: number;
  /** 0..1 (1 for an empty plan). */
  fraction: number;
}

/** Progress after `sentChunks` messages of a plan went out. */
export function echoProgress(
  plan: { scheduleMs: readonly number[]; durationMs: number },
  sentChunks: number,
): EchoProgress {
  const totalChunks = plan.scheduleMs.length;
  const sent = Math.max(0, Math.min(Math.floor(sentChunks), totalChunks));
  const sentMs = sent >= totalChunks ? plan.durationMs : plan.scheduleMs[sent]!;
  return {
    sentChunks: sent,
    totalChunks,
    sentMs,
    totalMs: plan.durationMs,
    fraction: plan.durationMs > 0 ? sentMs / plan.durationMs : 1,
  };
}
