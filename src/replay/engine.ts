/**
 * The replay engine: plays a recording's events into something that delivers them (the page's call through the
 * extension, or any object with `emit` in an app's tests), with the recorded timing scaled by a speed, or with no
 * delay; pause, step one, seek, breakpoints in the filter language (the engine stops *before* a matching event) and
 * loop. Pure and environment-taking: the clock and the delivery are handed in, so every behaviour is a unit test on a
 * fake clock.
 */
import { parseFilter, type CompiledFilter } from '../log/filter';
import { firstSeq, rewriteItem, type ReplayItem, type RewriteOptions } from './items';

export interface ReplayClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A multiple of the recorded pace (0.25 to 10), or every event as fast as delivery takes them. */
export type ReplaySpeed = number | 'instant';
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 10;

/** One event as it is handed to delivery: rewritten text, the sender to use, and the recorded item. */
export interface PreparedEvent {
  readonly item: ReplayItem;
  readonly json: string;
  readonly fromId: string;
}

export interface DeliveryResult {
  ok: boolean;
  error?: string;
}

export interface ReplayEnv {
  clock: ReplayClock;
  /** Delivers events in order (several only at `instant` speed). A failure pauses the replay with its reason. */
  deliver(events: PreparedEvent[]): Promise<DeliveryResult | void> | DeliveryResult | void;
  /** Called after every state change (position, status, options). */
  onChange?(state: ReplayState): void;
}

export interface ReplayOptions {
  speed?: ReplaySpeed;
  /** Filter-language text; the replay pauses before each event it matches. Empty: no breakpoints. */
  breakpoint?: string;
  loop?: boolean;
  rewrite?: RewriteOptions;
  /** The sender every event claims (e.g. the live replica's session id); default: the recorded one, else `replica`. */
  fromId?: string;
  /** A recorded silence longer than this (ms, before speed) is shortened to it, so a replay never seems stuck. */
  maxGapMs?: number;
  /** Events per delivery at `instant` speed (each batch is one message to the page). */
  batchSize?: number;
}

export type ReplayStatus = 'ready' | 'playing' | 'paused' | 'ended' | 'failed';

export interface ReplayState {
  readonly status: ReplayStatus;
  /** Index of the next event to deliver (== total when every event was delivered). */
  readonly position: number;
  readonly total: number;
  /** Events delivered since the engine was made (a loop counts each pass). */
  readonly delivered: number;
  readonly loops: number;
  readonly speed: ReplaySpeed;
  readonly loop: boolean;
  readonly breakpoint: string;
  /** Why the breakpoint text is not used (a filter parse error). */
  readonly breakpointError: string | undefined;
  /** Paused because the event at `position` matches the breakpoint. */
  readonly atBreakpoint: boolean;
  readonly error: string | undefined;
}

export const DEFAULT_MAX_GAP_MS = 10_000;
export const DEFAULT_BATCH = 50;
export const DEFAULT_FROM_ID = 'replica';

export function clampSpeed(speed: ReplaySpeed): ReplaySpeed {
  if (speed === 'instant') return speed;
  if (!Number.isFinite(speed)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

export class ReplayEngine {
  private readonly items: readonly ReplayItem[];
  /** Recorded time of each item from the first, with long silences shortened (ms, at 1×). */
  private readonly timeline: number[];
  private position = 0;
  private status: ReplayStatus = 'ready';
  private delivered = 0;
  private loops = 0;
  private speed: ReplaySpeed;
  private loop: boolean;
  private breakpointText = '';
  private breakpoint: CompiledFilter | undefined;
  private breakpointError: string | undefined;
  private atBreakpoint = false;
  /** The position whose breakpoint was already honoured (play or step from there delivers it). */
  private passBreakpointAt = -1;
  private error: string | undefined;
  private rewrite: RewriteOptions;
  private readonly baseSeq: number | undefined;
  private fromId: string | undefined;
  private readonly batchSize: number;
  /** Wall time and timeline point the current run is measured from. */
  private anchor = { wall: 0, at: 0 };
  /** Wall time of the last delivery while playing (a speed change measures the next wait from it). */
  private lastDeliveryWall: number | undefined;
  private timer: unknown;
  /** Bumped by every pause/seek: a delivery or timer of an earlier run sees it changed and stops. */
  private run = 0;
  private busy = false;
  /** Bumped by every seek: a delivery that finishes after one does not move the position back. */
  private seeks = 0;
  private finishWaiters: ((state: ReplayState) => void)[] = [];

  constructor(
    items: readonly ReplayItem[],
    private readonly env: ReplayEnv,
    options: ReplayOptions = {},
  ) {
    this.items = items;
    const maxGap = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
    this.timeline = [];
    let at = 0;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) at += Math.min(Math.max(items[i]!.t - items[i - 1]!.t, 0), maxGap);
      this.timeline.push(at);
    }
    this.speed = clampSpeed(options.speed ?? 1);
    this.loop = options.loop ?? false;
    this.rewrite = options.rewrite ?? {};
    this.baseSeq = firstSeq(items);
    this.fromId = options.fromId;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
    if (options.breakpoint) this.setBreakpoint(options.breakpoint);
  }

  state(): ReplayState {
    return {
      status: this.status,
      position: this.position,
      total: this.items.length,
      delivered: this.delivered,
      loops: this.loops,
      speed: this.speed,
      loop: this.loop,
      breakpoint: this.breakpointText,
      breakpointError: this.breakpointError,
      atBreakpoint: this.atBreakpoint,
      error: this.error,
    };
  }

  /** Resolves when the replay ends (last event delivered, no loop) or fails. */
  finished(): Promise<ReplayState> {
    if (this.status === 'ended' || this.status === 'failed') return Promise.resolve(this.state());
    return new Promise((resolve) => this.finishWaiters.push(resolve));
  }

  /** Plays from the current position (from the start again once ended). */
  play(): void {
    if (this.status === 'playing') return;
    if (this.items.length === 0) return this.finish('ended');
    if (this.position >= this.items.length) this.position = 0;
    this.error = undefined;
    this.status = 'playing';
    this.atBreakpoint = false;
    this.startRun();
    this.changed();
    this.schedule(0);
  }

  pause(): void {
    if (this.status !== 'playing') return;
    this.stopRun();
    this.status = 'paused';
    this.changed();
  }

  /** Delivers the next event at once (a breakpoint on it does not stop a step) and stays paused. */
  async step(): Promise<void> {
    if (this.busy) return;
    if (this.status === 'playing') this.stopRun();
    if (this.position >= this.items.length) {
      this.status = 'ended';
      this.changed();
      return;
    }
    this.status = 'paused';
    this.atBreakpoint = false;
    const run = this.run;
    await this.deliverRange(this.position, this.position + 1, run);
    if (run === this.run && this.status === 'paused') {
      if (this.position >= this.items.length) this.status = 'ended';
      this.changed();
    }
  }

  /** Moves to `index` (the next event delivered); playing goes on from there, a breakpoint on it does not stop it. */
  seek(index: number): void {
    const target = Math.max(0, Math.min(this.items.length, Math.floor(index)));
    const wasPlaying = this.status === 'playing';
    this.stopRun();
    this.seeks++;
    this.position = target;
    this.passBreakpointAt = target;
    this.atBreakpoint = false;
    if (wasPlaying) {
      this.startRun();
      this.changed();
      this.schedule(0);
      return;
    }
    this.status = target >= this.items.length && this.items.length > 0 ? 'ended' : 'paused';
    if (target === 0 && this.delivered === 0) this.status = 'ready';
    this.changed();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = clampSpeed(speed);
    if (this.status === 'playing') {
      // The wait for the next event restarts from the last one delivered, at the new pace.
      const last = this.lastDeliveryWall;
      this.stopRun();
      this.startRun();
      if (last !== undefined && this.position > 0) this.anchor = { wall: last, at: this.timeline[this.position - 1]! };
      this.schedule(0);
    }
    this.changed();
  }

  setLoop(loop: boolean): void {
    this.loop = loop;
    this.changed();
  }

  setRewrite(rewrite: RewriteOptions): void {
    this.rewrite = rewrite;
    this.changed();
  }

  /** The sender every event claims from now on; undefined: the recorded one. */
  setFromId(fromId: string | undefined): void {
    this.fromId = fromId;
    this.changed();
  }

  /** Sets the breakpoint filter; a parse error keeps no breakpoint and is reported in the state. */
  setBreakpoint(text: string): { ok: boolean; error?: string } {
    this.breakpointText = text;
    if (text.trim() === '') {
      this.breakpoint = undefined;
      this.breakpointError = undefined;
    } else {
      const parsed = parseFilter(text);
      this.breakpoint = parsed.ok ? parsed.filter : undefined;
      this.breakpointError = parsed.ok ? undefined : parsed.error;
    }
    this.changed();
    return this.breakpointError ? { ok: false, error: this.breakpointError } : { ok: true };
  }

  /** Stops for good (the panel closed or a new recording was loaded). */
  dispose(): void {
    this.stopRun();
    if (this.status === 'playing') this.status = 'paused';
    for (const resolve of this.finishWaiters.splice(0)) resolve(this.state());
  }

  /** The JSON text and sender event `index` would be delivered with now. */
  prepare(index: number): PreparedEvent {
    const item = this.items[index]!;
    return {
      item,
      json: rewriteItem(item, this.rewrite, this.baseSeq),
      fromId: this.fromId ?? item.fromId ?? DEFAULT_FROM_ID,
    };
  }

  // ---- running ---------------------------------------------------------------------------------------------------

  private startRun(): void {
    this.run++;
    this.lastDeliveryWall = undefined;
    this.anchor = { wall: this.env.clock.now(), at: this.timeline[this.position] ?? 0 };
  }

  private stopRun(): void {
    this.run++;
    if (this.timer !== undefined) this.env.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    const run = this.run;
    if (this.timer !== undefined) this.env.clock.clearTimeout(this.timer);
    this.timer = this.env.clock.setTimeout(
      () => {
        this.timer = undefined;
        if (run === this.run) void this.tick(run);
      },
      Math.max(0, ms),
    );
  }

  private matchesBreakpoint(index: number): boolean {
    if (!this.breakpoint || index === this.passBreakpointAt) return false;
    return this.breakpoint.matches(this.items[index]!.event);
  }

  private async tick(run: number): Promise<void> {
    if (this.status !== 'playing' || run !== this.run) return;
    if (this.position >= this.items.length) {
      if (!this.loop) return this.finish('ended');
      this.loops++;
      this.position = 0;
      this.passBreakpointAt = -1;
      this.startRun();
      this.changed();
      this.schedule(0);
      return;
    }
    if (this.matchesBreakpoint(this.position)) {
      this.stopRun();
      this.status = 'paused';
      this.atBreakpoint = true;
      this.passBreakpointAt = this.position;
      this.changed();
      return;
    }
    if (this.speed !== 'instant') {
      const due = this.anchor.wall + (this.timeline[this.position]! - this.anchor.at) / this.speed;
      const wait = due - this.env.clock.now();
      if (wait > 0.5) {
        this.schedule(wait);
        return;
      }
    }
    let end = this.position + 1;
    if (this.speed === 'instant')
      while (end < this.items.length && end - this.position < this.batchSize && !this.matchesBreakpoint(end)) end++;
    this.lastDeliveryWall = this.env.clock.now();
    const ok = await this.deliverRange(this.position, end, run);
    if (ok && run === this.run && this.status === 'playing') {
      this.changed();
      this.schedule(0);
    }
  }

  /** Delivers items [from, to) and moves past them; false (and paused, with the reason) when delivery failed. */
  private async deliverRange(from: number, to: number, run: number): Promise<boolean> {
    const batch: PreparedEvent[] = [];
    for (let i = from; i < to; i++) batch.push(this.prepare(i));
    this.busy = true;
    const seeks = this.seeks;
    let result: DeliveryResult | void;
    try {
      result = await this.env.deliver(batch);
    } catch (err) {
      result = { ok: false, error: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = false;
    }
    if (result && !result.ok) {
      if (run === this.run || this.status !== 'playing') {
        this.stopRun();
        this.error = result.error ?? 'delivery failed';
        this.status = 'failed';
        this.changed();
        for (const resolve of this.finishWaiters.splice(0)) resolve(this.state());
      }
      return false;
    }
    // Delivered: the position moves even if a pause came meanwhile (the events did reach the page), not after a seek.
    this.delivered += to - from;
    if (seeks === this.seeks) {
      this.position = to;
      if (this.passBreakpointAt < to && this.passBreakpointAt >= from) this.passBreakpointAt = -1;
    }
    return true;
  }

  private finish(status: 'ended' | 'failed'): void {
    this.stopRun();
    this.status = status;
    this.changed();
    for (const resolve of this.finishWaiters.splice(0)) resolve(this.state());
  }

  private changed(): void {
    this.env.onChange?.(this.state());
  }
}
