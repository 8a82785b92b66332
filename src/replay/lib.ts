/**
 * Replay for an app's own tests: plays a CVI DevTools session file into any object with `emit` (a real DailyCall,
 * or a test double such as `createFakeCall()`), exactly as daily-js delivers an incoming app-message, with the same
 * speed, step, seek, breakpoint and loop controls as the DevTools replay. Built to dist-lib/replay/ (ESM, CJS and
 * .d.ts) by `node scripts/build.mjs lib`; see README "Replay in your tests".
 *
 * Timers are looked up when the replay runs, not when this module loads, so fake timers (vi.useFakeTimers,
 * jest.useFakeTimers) drive a timed replay.
 */
import {
  ReplayEngine,
  type PreparedEvent,
  type ReplayClock,
  type ReplayOptions,
  type ReplaySpeed,
  type ReplayState,
} from './engine';
import { recordingFromSession, type ReplayItem, type RewriteOptions } from './items';

export { ReplayEngine, MIN_SPEED, MAX_SPEED } from './engine';
export type { PreparedEvent, ReplayClock, ReplayOptions, ReplaySpeed, ReplayState, ReplayItem, RewriteOptions };
export { recordingFromSession, recordingFromEvents } from './items';

/** The event object daily-js hands to `call.on('app-message', handler)`. */
export interface AppMessageEvent {
  action: 'app-message';
  data: unknown;
  fromId: string;
  callClientId?: string;
}

export interface ReplayIntoOptions extends ReplayOptions {
  /** Start playing at once (default true). With false, drive it with play() / step(). */
  autoplay?: boolean;
  /** Default: the global timers and Date.now, looked up on each use (fake timers work). */
  clock?: ReplayClock;
}

export interface ReplayController {
  /** The events that will be played, in order (incoming app-messages of the recording). */
  readonly items: readonly ReplayItem[];
  play(): void;
  pause(): void;
  /** Delivers the next event now; resolves once the app's handlers have run. */
  step(): Promise<void>;
  seek(index: number): void;
  setSpeed(speed: ReplaySpeed): void;
  setBreakpoint(filter: string): { ok: boolean; error?: string };
  setLoop(loop: boolean): void;
  state(): ReplayState;
  /** Resolves when the last event was delivered (or a handler threw: `status` is then `failed`, `error` says why). */
  finished(): Promise<ReplayState>;
  /** Resolves at the next pause (a breakpoint, pause(), the end, or a failure). */
  paused(): Promise<ReplayState>;
  dispose(): void;
}

const realClock: ReplayClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Reads a session file exported by CVI DevTools (redacted or not) into the events a replay plays. Throws on a bad file. */
export function loadSession(text: string, name = 'session'): ReplayItem[] {
  const recording = recordingFromSession(text, name);
  if (!recording.ok) throw new Error(`Not a readable CVI DevTools session (${name}): ${recording.error}`);
  return [...recording.items];
}

/**
 * Plays `session` (session file text, or items from loadSession) into `target` through `target.emit('app-message',
 * event)`, so every handler registered with `target.on('app-message', …)` runs. Defaults to no delay between events;
 * pass `speed: 1` for the recorded pace. A handler that throws stops the replay (status `failed`, with the error).
 */
export function replayInto(
  target: object,
  session: string | readonly ReplayItem[],
  options: ReplayIntoOptions = {},
): ReplayController {
  const emit = (target as { emit?: unknown }).emit;
  if (typeof emit !== 'function') throw new TypeError('replayInto: the target has no emit(type, event) method');
  const items = typeof session === 'string' ? loadSession(session) : session;
  const callClientId = (target as { callClientId?: unknown }).callClientId;
  const deliver = (events: PreparedEvent[]) => {
    for (const event of events) {
      const payload: AppMessageEvent = {
        action: 'app-message',
        data: JSON.parse(event.json) as unknown, // a fresh copy each time: a handler cannot change the recording
        fromId: event.fromId,
        ...(typeof callClientId === 'string' ? { callClientId } : {}),
      };
      (emit as (type: string, ev: AppMessageEvent) => unknown).call(target, 'app-message', payload);
    }
    return { ok: true };
  };
  let pauseWaiters: ((state: ReplayState) => void)[] = [];
  const engine = new ReplayEngine(
    items,
    {
      clock: options.clock ?? realClock,
      deliver,
      onChange: (state) => {
        if (state.status !== 'playing' && pauseWaiters.length > 0) {
          const waiters = pauseWaiters;
          pauseWaiters = [];
          for (const resolve of waiters) resolve(state);
        }
      },
    },
    { speed: 'instant', ...options },
  );
  const controller: ReplayController = {
    items,
    play: () => engine.play(),
    pause: () => engine.pause(),
    step: () => engine.step(),
    seek: (index) => engine.seek(index),
    setSpeed: (speed) => engine.setSpeed(speed),
    setBreakpoint: (filter) => engine.setBreakpoint(filter),
    setLoop: (loop) => engine.setLoop(loop),
    state: () => engine.state(),
    finished: () => engine.finished(),
    paused: () =>
      engine.state().status === 'playing'
        ? new Promise((resolve) => pauseWaiters.push(resolve))
        : Promise.resolve(engine.state()),
    dispose: () => engine.dispose(),
  };
  if (options.autoplay !== false) engine.play();
  return controller;
}

/** A component-free stand-in for a DailyCall: `on` / `off` / `emit`, and `sendAppMessage` that records what was sent. */
export interface FakeCall {
  callClientId: string;
  /** What the app sent with sendAppMessage, in order. */
  readonly sent: { data: unknown; to: string | string[] }[];
  on(type: string, handler: (event: AppMessageEvent) => void): FakeCall;
  off(type: string, handler: (event: AppMessageEvent) => void): FakeCall;
  emit(type: string, event: AppMessageEvent): boolean;
  sendAppMessage(data: unknown, to?: string | string[]): FakeCall;
  meetingState(): string;
}

export function createFakeCall(callClientId = 'fake-call'): FakeCall {
  const handlers = new Map<string, ((event: AppMessageEvent) => void)[]>();
  const call: FakeCall = {
    callClientId,
    sent: [],
    on(type, handler) {
      handlers.set(type, [...(handlers.get(type) ?? []), handler]);
      return call;
    },
    off(type, handler) {
      handlers.set(
        type,
        (handlers.get(type) ?? []).filter((h) => h !== handler),
      );
      return call;
    },
    emit(type, event) {
      const list = handlers.get(type) ?? [];
      for (const handler of list) handler(event);
      return list.length > 0;
    },
    sendAppMessage(data, to = '*') {
      call.sent.push({ data, to });
      return call;
    },
    meetingState: () => 'joined-meeting',
  };
  return call;
}
