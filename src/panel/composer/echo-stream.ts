/**
 * Sends a planned audio echo into the call at real time: a timer loop asks `countChunksDue` how many chunks the
 * elapsed time allows and sends them one after another (each waits for the page's verdict, so a failure stops the
 * stream before anything else goes out). `stop()` drops what is left and sends `conversation.interrupt`, as Pipecat
 * does on barge-in. No DOM, no browser API: the clock and the send are handed in.
 */
import { countChunksDue } from '../../protocol/audio';
import { buildInterrupt, type EchoAudioMessage } from '../../protocol/interactions';

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

export interface EchoStreamOptions {
  messages: readonly EchoAudioMessage[];
  /** When each message is due, in ms from the start (from `planEchoChunks`). */
  scheduleMs: readonly number[];
  /** For the interrupt `stop()` sends. */
  conversationId: string;
  send: SendJson;
  onProgress?: (sentChunks: number) => void;
  clock?: EchoClock;
}

export type EchoStreamResult =
  | { status: 'done'; sentChunks: number }
  | { status: 'stopped'; sentChunks: number; interrupt: SendResult }
  | { status: 'failed'; sentChunks: number; failedChunk: number; error: string };

type RunState = 'idle' | 'running' | 'stopping' | 'finished';

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
