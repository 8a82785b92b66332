/**
 * Echo inspector: what one audio echo stream (the chunks sharing an inference_id, sent by the app, by DevTools or by
 * a bot in the room) actually did on the wire: chunk count, sample rate, audio duration against wall time, how far
 * ahead of or behind real time it ran, gaps where the replica would run dry, and whether `done` came. Pure analysis of
 * log events.
 */
import type { LogEvent } from './types';

export interface EchoGap {
  /** The chunk that arrived late. */
  readonly eventId: number;
  /** How far behind real-time pacing it arrived, beyond what earlier chunks had buffered, in ms. */
  readonly ms: number;
}

export interface EchoStreamReport {
  readonly inferenceIds: readonly string[];
  readonly chunkCount: number;
  readonly sampleRates: readonly number[];
  readonly audioBytes: number;
  /** Audio carried, in ms (16-bit mono PCM at each chunk's rate). */
  readonly audioMs: number;
  /** First chunk to last chunk, local time. */
  readonly wallMs: number;
  /**
   * Audio sent before the last chunk minus the wall time it took: 0 = real-time pacing, positive = ahead of real
   * time (Pipecat's lead), negative = behind (the replica ran out of audio for that long in total).
   */
  readonly leadMs: number;
  /** Chunks that arrived after everything sent before them had already played. */
  readonly gaps: readonly EchoGap[];
  readonly donePresent: boolean;
  /** A chunk after the one marked done. */
  readonly chunksAfterDone: number;
  readonly largestMessage: number;
}

/** Gaps shorter than this are jitter, not silence the listener notices. */
const GAP_TOLERANCE_MS = 30;

export function inspectEchoStream(events: readonly LogEvent[]): EchoStreamReport | undefined {
  const chunks = events
    .filter((e) => e.kind === 'echo' && e.classified?.echo?.audioBase64Chars !== undefined && !e.duplicate)
    .sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);
  if (chunks.length === 0) return undefined;
  const first = chunks[0]!;
  const rates = new Set<number>();
  const ids = new Set<string>();
  const gaps: EchoGap[] = [];
  let audioBytes = 0;
  let audioMs = 0;
  let donePresent = false;
  let chunksAfterDone = 0;
  let largestMessage = 0;
  // When the audio sent so far runs out if played from the first chunk's arrival in real time.
  let playableUntil = first.receivedAt;
  for (const chunk of chunks) {
    const echo = chunk.classified!.echo!;
    if (echo.effectiveSampleRate !== undefined) rates.add(echo.effectiveSampleRate);
    if (chunk.inferenceId !== undefined) ids.add(chunk.inferenceId);
    if (donePresent) chunksAfterDone++;
    if (chunk.receivedAt > playableUntil + GAP_TOLERANCE_MS)
      gaps.push({ eventId: chunk.id, ms: chunk.receivedAt - playableUntil });
    playableUntil = Math.max(playableUntil, chunk.receivedAt) + (echo.durationMs ?? 0);
    audioBytes += echo.audioBytes ?? 0;
    audioMs += echo.durationMs ?? 0;
    if (echo.done === true) donePresent = true;
    if (chunk.record.kind === 'app-message') largestMessage = Math.max(largestMessage, chunk.record.size);
  }
  const last = chunks[chunks.length - 1]!;
  const wallMs = last.receivedAt - first.receivedAt;
  // Real-time pacing sends the last chunk when the audio before it has played: that is lead 0.
  const audioBeforeLastMs = audioMs - (last.classified!.echo!.durationMs ?? 0);
  return {
    inferenceIds: [...ids],
    chunkCount: chunks.length,
    sampleRates: [...rates],
    audioBytes,
    audioMs,
    wallMs,
    leadMs: audioBeforeLastMs - wallMs,
    gaps,
    donePresent,
    chunksAfterDone,
    largestMessage,
  };
}
