/**
 * Audio echo that follows the call (protocol §8): chunk size from the limit the call reports (daily-js
 * `_maxAppMessageSize`; Pipecat's 100 ms chunks only fit where the limit was raised), a pacing choice (real time, or up
 * to N ms ahead of it as Pipecat's transport does), and an utterance that ends with a short silence marked `done`.
 */
import { buildEchoAudio } from '../interactions/builders';
import { base64FromBytes } from '../base64';
import { planEchoChunks, type EchoChunkPlan, type EchoChunkPlanInput } from './echo-chunks';

/** Pipecat ends an utterance with about 40 ms of silence marked done:true. */
export const DEFAULT_TRAILING_SILENCE_MS = 40;

export type EchoPacing = { kind: 'realtime' } | { kind: 'lead'; leadMs: number };

export interface EchoStreamPlanInput extends EchoChunkPlanInput {
  pacing?: EchoPacing;
  /** Silence appended as its own final message with done:true; 0 marks the last audio chunk done instead. */
  trailingSilenceMs?: number;
}

/**
 * Plans the messages and their send times. With a trailing silence, every audio chunk carries done:false and one
 * silent chunk (zeros, at most one chunk long) closes the utterance; its send time is when the audio ends.
 */
export function planEchoStream(input: EchoStreamPlanInput): EchoChunkPlan {
  const plan = planEchoChunks(input);
  if (!plan.ok) return plan;
  const silenceMs = input.trailingSilenceMs ?? DEFAULT_TRAILING_SILENCE_MS;
  if (!(silenceMs >= 0 && Number.isFinite(silenceMs)))
    return { ok: false, error: `trailingSilenceMs must be zero or more, got ${silenceMs}` };
  const messages = [...plan.messages];
  const scheduleMs = [...plan.scheduleMs];
  if (silenceMs > 0 && messages.length > 0) {
    const last = messages[messages.length - 1]!;
    messages[messages.length - 1] = { ...last, properties: { ...last.properties, done: false } };
    const silenceBytes = Math.min(
      plan.bytesPerChunk,
      Math.max(2, Math.floor((input.sampleRate * 2 * silenceMs) / 1000 / 2) * 2),
    );
    messages.push(
      buildEchoAudio(input.conversationId, {
        audio: base64FromBytes(new Uint8Array(silenceBytes)),
        sampleRate: input.sampleRate,
        inferenceId: input.inferenceId,
        done: true,
      }),
    );
    scheduleMs.push(plan.durationMs);
  }
  const pacing = input.pacing ?? { kind: 'realtime' };
  const lead = pacing.kind === 'lead' ? Math.max(0, pacing.leadMs) : 0;
  return {
    ...plan,
    messages,
    // Ahead of real time by up to `lead`: a chunk goes out `lead` ms before its audio starts, never before 0.
    scheduleMs: scheduleMs.map((at) => Math.max(0, at - lead)),
    durationMs: plan.durationMs + (silenceMs > 0 && plan.messages.length > 0 ? silenceMsOf(messages) : 0),
  };
}

function silenceMsOf(messages: ReturnType<typeof buildEchoAudio>[]): number {
  const last = messages[messages.length - 1]!;
  const chars = last.properties.audio.length;
  const padding = last.properties.audio.endsWith('==') ? 2 : last.properties.audio.endsWith('=') ? 1 : 0;
  const bytes = (chars / 4) * 3 - padding;
  return (bytes / 2 / last.properties.sample_rate) * 1000;
}
