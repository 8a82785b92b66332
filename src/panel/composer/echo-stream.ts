/**
 * Sends a planned audio echo into the call on its schedule (real time, or ahead of it by a lead, as `planEchoStream`
 * planned it): a timer loop asks `countChunksDue` how many chunks the elapsed time allows and sends them one after another (each waits for the page's verdict, so a failure stops the
 * stream before anything else goes out). `stop()` drops what is left and sends `conversation.interrupt`, as Pipecat
 * does on barge-in. No DOM, no browser API: the clock and the send are handed in.
 *
 * A send that fails because the connection to the extension was lost (the service worker stopped) does not end the
 * stream as "failed": the replica has been given part of an utterance and waits for the rest. The stream waits for
 * the connection to come back, then closes the utterance with a final `done` chunk (a little silence) and sends
 * `conversation.interrupt`, and reports that this is what happened. It does not resume: real-time pacing was broken
 * by the gap, and the chunk in flight when the connection went may or may not have reached the call.
 */
import { base64FromBytes, countChunksDue } from '../../protocol/audio';
import { buildEchoAudio, buildInterrupt, type EchoAudioMessage } from '../../protocol/interactions';

export interface SendResult {
  ok: boolean;
  error?: string;
}

/** Sends one message's JSON text; undefined means there was nothing to send through (no live tab). */
export type SendJson = (json: string) => Promise<SendResult | undefined>;

export interface EchoClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: EchoClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** How the stream learns that a failure was the connection, not the page, and when the connection is back. */
export interface EchoConnection {
  /** Asked right after a send failed: was the connection to the extension lost? */
  lost(): boolean;
  /** Resolves once sends can go through again. */
  restored(): Promise<void>;
}

export interface EchoStreamOptions {
  messages: readonly EchoAudioMessage[];
  /** When each message is due, in ms from the start (from `planEchoStream`). */
  scheduleMs: readonly number[];
  /** For the interrupt `stop()` sends. */
  conversationId: string;
  send: SendJson;
  onProgress?: (sentChunks: number) => void;
  /** Without it every failed send ends the stream as "failed". */
  connection?: EchoConnection;
  /** Called when the connection was lost mid-stream and the stream waits for it. */
  onConnectionLost?: (sentChunks: number) => void;
  clock?: EchoClock;
}

export type EchoStreamResult =
  | { status: 'done'; sentChunks: number }
  | { status: 'stopped'; sentChunks: number; interrupt: SendResult }
  | { status: 'failed'; sentChunks: number; failedChunk: number; error: string }
  | {
      status: 'connection-lost';
      sentChunks: number;
      /** The chunk whose send failed when the connection went (it may or may not have reached the call). */
      lostAtChunk: number;
      error: string;
      /** Sent once the connection was back: the final done chunk, then the interrupt. */
      finalDone: SendResult;
      interrupt: SendResult;
    };

type RunState = 'idle' | 'running' | 'stopping' | 'recovering' | 'finished';

/** Length of the silent final chunk: Pipecat ends an utterance with about 40 ms of silence marked done. */
const FINAL_SILENCE_MS = 40;
const RECOVERY_ATTEMPTS = 6;
const LOSS_GRACE_MS = 150;

export class EchoStream {
  /** Settles once, when the stream is done, stopped or failed. */
  readonly finished: Promise<EchoStreamResult>;
  private resolveFinished!: (result: EchoStreamResult) => void;
  private state: RunState = 'idle';
  private sent = 0;
  private startedAt = 0;
  private timer: unknown;
  /** The chunk send waiting for the page's answer, if any. */
  private inFlight: Promise<unknown> | undefined;
  private readonly clock: EchoClock;

  constructor(private readonly options: EchoStreamOptions) {
    this.clock = options.clock ?? realClock;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get sentChunks(): number {
    return this.sent;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  start(): Promise<EchoStreamResult> {
    if (this.state !== 'idle') return this.finished;
    this.state = 'running';
    this.startedAt = this.clock.now();
    void this.pump();
    return this.finished;
  }

  /** Drops the chunks not sent yet and sends conversation.interrupt. A finished stream is left as it is. */
  async stop(): Promise<EchoStreamResult> {
    if (this.state === 'idle') {
      this.finish({ status: 'stopped', sentChunks: 0, interrupt: { ok: true } });
      return this.finished;
    }
    if (this.state !== 'running') return this.finished;
    this.state = 'stopping';
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const interrupt = await this.sendSafely(JSON.stringify(buildInterrupt(this.options.conversationId)));
    // A chunk already on its way did go out before the interrupt (same ordered channel): count it.
    await this.inFlight;
    this.finish({ status: 'stopped', sentChunks: this.sent, interrupt });
    return this.finished;
  }

  private async pump(): Promise<void> {
    this.timer = undefined;
    const { messages, scheduleMs } = this.options;
    while (this.state === 'running' && this.sent < messages.length) {
      const due = countChunksDue(scheduleMs, this.clock.now() - this.startedAt);
      if (this.sent >= due) break;
      const index = this.sent;
      const sending = this.sendSafely(JSON.stringify(messages[index]));
      this.inFlight = sending;
      const outcome = await sending;
      this.inFlight = undefined;
      if (outcome.ok) {
        this.sent = index + 1;
        this.options.onProgress?.(this.sent);
      }
      if (this.state !== 'running') return; // stopped while this chunk was on its way
      if (!outcome.ok && (await this.connectionLost())) {
        if (this.state !== 'running') return;
        void this.recover(index, outcome.error ?? 'the connection was lost');
        return;
      }
      if (!outcome.ok) {
        this.finish({
          status: 'failed',
          sentChunks: this.sent,
          failedChunk: index,
          error: outcome.error ?? 'the send failed',
        });
        return;
      }
    }
    if (this.state !== 'running') return;
    if (this.sent >= messages.length) {
      this.finish({ status: 'done', sentChunks: this.sent });
      return;
    }
    const elapsed = this.clock.now() - this.startedAt;
    // At least 1 ms, so a timer that fires a hair early cannot spin.
    const wait = Math.max(1, Math.ceil(scheduleMs[this.sent]! - elapsed));
    this.timer = this.clock.setTimeout(() => void this.pump(), wait);
  }

  /**
   * A send can fail on a port that is already dead before the panel has been told it was disconnected: give the
   * news a moment to arrive before calling the failure the page's.
   */
  private async connectionLost(): Promise<boolean> {
    const connection = this.options.connection;
    if (!connection) return false;
    if (connection.lost()) return true;
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, LOSS_GRACE_MS));
    return connection.lost();
  }

  /** Waits for the connection, then ends the utterance the replica is waiting on: a final done, then interrupt. */
  private async recover(lostAtChunk: number, error: string): Promise<void> {
    this.state = 'recovering';
    this.options.onConnectionLost?.(this.sent);
    const finalDone = await this.sendWhenConnected(JSON.stringify(this.finalDoneMessage()));
    const interrupt = await this.sendWhenConnected(JSON.stringify(buildInterrupt(this.options.conversationId)));
    this.finish({ status: 'connection-lost', sentChunks: this.sent, lostAtChunk, error, finalDone, interrupt });
  }

  /**
   * After a restart the panel's port is back before the page's relay has reconnected to the new service worker, so
   * the first sends can still fail: retry a few times with backoff (about 6 s in all) before giving up and saying so.
   */
  private async sendWhenConnected(json: string): Promise<SendResult> {
    let outcome: SendResult = { ok: false, error: 'not sent' };
    for (let attempt = 0; attempt < RECOVERY_ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 200 * 2 ** (attempt - 1)));
      await this.options.connection!.restored();
      outcome = await this.sendSafely(json);
      if (outcome.ok) return outcome;
    }
    return outcome;
  }

  /** A short silent chunk with the utterance's inference_id and sample rate, marked done. */
  private finalDoneMessage(): EchoAudioMessage {
    const first = this.options.messages[0]!.properties;
    // Whole 16-bit samples and a multiple of 3 bytes, so the base64 has no padding.
    const bytes = Math.max(6, Math.floor((first.sample_rate * FINAL_SILENCE_MS) / 1000 / 3) * 6);
    return buildEchoAudio(this.options.conversationId, {
      audio: base64FromBytes(new Uint8Array(bytes)),
      sampleRate: first.sample_rate,
      inferenceId: first.inference_id,
      done: true,
    });
  }

  private async sendSafely(json: string): Promise<SendResult> {
    try {
      const outcome = await this.options.send(json);
      return outcome ?? { ok: false, error: 'Not connected to a tab: nothing was sent.' };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private finish(result: EchoStreamResult): void {
    if (this.state === 'finished') return;
    this.state = 'finished';
    this.resolveFinished(result);
  }
}
