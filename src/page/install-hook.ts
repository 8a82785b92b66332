/**
 * The CVI DevTools page hook: finds every daily-js DailyCall the page creates, without the page's help, and reports
 * its app-messages and call-state context to the ISOLATED relay. Runs in the MAIN world at document_start (entry:
 * ./entry.ts); a factory over its environment so every hostile-page case is a unit test.
 *
 * The page is hostile. Everything the hook calls after document_start was captured then (./intrinsics.ts) and is
 * invoked through the saved Reflect.apply; containers are null-prototype; records are built as literals (never by
 * assigning a missing property, which would reach a setter on Object.prototype). What the page can still see or do
 * is listed in README ("What a page can and cannot do").
 *
 * How the call object is caught (see docs/daily-internals.md §4):
 *  1. an accessor on Object.prototype for `_messageChannel` / `callClientId` / `_callFrameId`, names the DailyCall
 *     constructor assigns exactly once; the setter turns the value into an own property and notes `this`. Once a
 *     call is caught only `_messageChannel` stays trapped (every daily-js from 0.60 assigns it), so `'callClientId'
 *     in {}` is false again;
 *  2. late attach for calls created before this script ran: a one-shot synchronous probe message makes daily-js's
 *     own listener run `handler.call(dailyCall, msg)`, which a momentary Function.prototype.call wrapper observes.
 *
 * Causal order: the hook wraps the call's `emit` so an incoming app-message is recorded before any of the app's
 * handlers runs (a reply sent inside the handler then always sorts after its trigger), and wraps `sendAppMessage` on
 * the DailyCall prototype so sends through the instance *or* the prototype are recorded.
 */
import { BRIDGE_VERSION, DEFAULT_BUFFER_BYTES, type CallInfo, type PageToRelay } from '../bridge/messages';
import { type CallStateKind, type MessageOrigin } from '../record/record';
import { createSerializer } from '../bridge/serialize';
import {
  FROM_HOOK_EVENT,
  HELLO_EVENT,
  LEGACY_HOOK_MARKER,
  OFFER_EVENT,
  TO_HOOK_EVENT,
  PROBE_ACTION,
  RECORDS_FRAME,
  appMessageMetaText,
  framePiece,
  frameRecord,
} from '../bridge/channel';
import { messageCallId, sniffAppMessage } from '../bridge/sniffer';
import { callIdOf, isDailyCallLike, participantSummary, type DailyCallLike } from './daily';
import { createOfflineJoin } from './offline-join';
import { captureIntrinsics, privateArray, privateDict, type HookRealm } from './intrinsics';

type AnyFn = (...args: unknown[]) => unknown;

export interface HookEnv {
  /** The realm whose built-ins the hook saves (globalThis in the page). */
  realm: HookRealm;
  /** The page's window: `_daily`, `Daily`, daily-js's postMessage traffic. */
  window: EventTarget & Record<string | symbol, unknown>;
  /** Where the channel is handed over. */
  document: EventTarget;
}

export interface HookHandle {
  /** Undo what can be undone and stop capturing (the relay's extension went away). */
  retire(): void;
}

/** Recipients kept per record; daily-js accepts any number, the record keeps the first this many. */
const MAX_RECIPIENTS = 10_000;
const TRAP_NAMES = ['_messageChannel', 'callClientId', '_callFrameId'] as const;
/** Records this close (ms) to the last frame wait this long for the rest of their burst. */
const BURST_MS = 4;
/**
 * A frame goes out at once when it reaches this many chars. The relay keeps each record as a slice of the frame it
 * came in, which holds the whole frame in memory until its last record is evicted: a burst of ~1 MB messages made
 * frames of tens of MB, which the relay's byte budget did not see (+25 MB in the memory bench).
 */
const FRAME_MAX_CHARS = 256 * 1024;

export function installHook(env: HookEnv): HookHandle {
  const I = captureIntrinsics(env.realm);
  const { apply, stringify, parse, defineProperty, getOwnPropertyDescriptor: getOwn } = I;
  const win = env.window;
  const doc = env.document;
  const serialize = createSerializer({
    stringify,
    slice: (s, a, b) => I.stringSlice(s, a, b),
    charCodeAt: (s, i) => I.stringCharCodeAt(s, i),
  });

  const offline = createOfflineJoin(I, {
    window: win,
    fetch: env.realm.fetch as ((...args: unknown[]) => unknown) | undefined,
    Response: env.realm.Response,
    Request: env.realm.Request,
    URL: env.realm.URL,
  });

  // An earlier install of the extension left its hook here (extension updated or reloaded with this tab open).
  let stale = false;
  try {
    stale = win[I.symbolFor(LEGACY_HOOK_MARKER)] === true || getOwn(I.objectPrototype, '_messageChannel') !== undefined;
  } catch {
    /* a hostile window */
  }

  /** Our objects lose Object.prototype before anything reads or serialises them: JSON.stringify looks up `toJSON`
   *  through the prototype chain, and a missing field would be looked up there too (where a page getter waits). */
  const own = <T extends object>(obj: T): T => {
    I.setPrototypeOf(obj, null);
    return obj;
  };

  /** Per call: the object, what the relay knows of it, and its unwrapped sendAppMessage and emit (saved at attach, so
   *  DevTools sends and injections never go through anything the page put on the call later). */
  const calls = privateDict<{ call: DailyCallLike; info: CallInfo; send: AnyFn; emit: AnyFn | undefined }>(I);
  /** Set while the hook itself delivers injected events: the fallback listener must not record them a second time. */
  let injecting = false;
  const seen = I.newWeakMap();
  /** The relay's private channel target, once its offer was taken (src/bridge/channel.ts, "Channel"). */
  let channel: object | undefined;
  let key = '';
  let retired = false;
  let anonymous = 0;

  // ---- channel -----------------------------------------------------------------------------------------------

  let frame = '';
  let frameCount = 0;
  let frameBytes = 0;
  let flushQueued = false;
  /** Bytes posted that the relay has not acknowledged yet, and the budget for them plus the frame being built. */
  let inFlight = 0;
  let budget = DEFAULT_BUFFER_BYTES;
  let droppedRecords = 0;
  let droppedBytes = 0;
  let droppedReported = 0;
  /** When the last frame went out: a record within BURST_MS of it is part of a burst (see scheduleFlush). */
  let lastFrameAt = -Infinity;

  function postText(text: string): void {
    if (!channel) return;
    try {
      // The relay only queues it (src/content/hook-channel.ts): nothing runs inside this dispatch but its listener.
      I.dispatchEvent(channel, I.newTextEvent(FROM_HOOK_EVENT, key + '\n' + text));
    } catch {
      /* never break the page */
    }
  }
  const post = (msg: PageToRelay) => postText(stringify(own(msg)));

  function flush(): void {
    flushQueued = false;
    if (frameCount > 0) {
      const text = frame;
      inFlight += frameBytes;
      frame = '';
      frameCount = 0;
      frameBytes = 0;
      lastFrameAt = I.now();
      postText(RECORDS_FRAME + text);
    }
    // Reported even when nothing else is posted: while the relay is a budget behind, every record is let go.
    if (droppedReported !== droppedRecords) {
      droppedReported = droppedRecords;
      post({ v: BRIDGE_VERSION, type: 'dropped', records: droppedRecords, bytes: droppedBytes });
    }
  }

  /** Queues a record given as its meta object (rare records: call states). */
  const queue = (meta: object, json: string): void => {
    if (channel && !retired) queuePiece(frameRecord(own(meta), json, stringify));
  };

  function queuePiece(piece: string): void {
    if (inFlight + frameBytes + piece.length > budget) {
      // The relay is behind by a whole budget (the page is sending faster than it can take): let this one go,
      // counted, instead of holding unbounded copies.
      droppedRecords++;
      droppedBytes += piece.length;
      scheduleFlush();
      return;
    }
    frame += piece;
    frameCount++;
    frameBytes += piece.length;
    if (frameBytes >= FRAME_MAX_CHARS) flush();
    else scheduleFlush();
  }

  /**
   * A record goes out at the end of its task, unless it is part of a burst (within BURST_MS of the last frame): then
   * on a short timer, together with the rest of the burst. daily-js delivers each app-message in a task of its own,
   * so a frame per task was a channel message and a relay task per app-message, the page's largest cost in a burst.
   */
  function scheduleFlush(): void {
    if (flushQueued) return;
    flushQueued = true;
    if (I.now() - lastFrameAt < BURST_MS) I.setTimeout(flush, BURST_MS);
    else I.queueMicrotask(flush);
  }

  // ---- records -----------------------------------------------------------------------------------------------

  function recipients(to: unknown): string | string[] | undefined {
    if (typeof to === 'string') return to;
    if (!I.isArray(to)) return undefined;
    const list = to as unknown[];
    const n = list.length > MAX_RECIPIENTS ? MAX_RECIPIENTS : list.length;
    const kept: string[] = privateArray(I);
    for (let i = 0; i < n; i++) {
      const id = list[i];
      if (typeof id !== 'string') return undefined;
      kept[i] = id;
    }
    return kept;
  }

  /** One app-message. Positional arguments: an options object would be read through Object.prototype. */
  function recordMessage(
    callId: string,
    dir: 'in' | 'out',
    origin: MessageOrigin,
    data: unknown,
    t: number,
    fromId?: unknown,
    toValue?: unknown,
    sendError?: string,
    req?: string,
  ): void {
    if (!channel || retired) return;
    const s = serialize(data);
    const to = toValue === undefined ? undefined : recipients(toValue);
    const meta = appMessageMetaText(
      stringify,
      callId,
      'hook',
      t,
      dir,
      origin,
      s.size,
      s.truncated === true,
      s.unserializable,
      typeof fromId === 'string' ? fromId : undefined,
      to,
      sendError,
      req,
    );
    queuePiece(framePiece(meta, s.json));
  }

  function recordState(callId: string, state: CallStateKind, detail: Record<string, unknown>): void {
    if (!channel || retired) return;
    for (const name in detail) {
      const value = detail[name];
      if (typeof value === 'object' && value !== null) own(value);
    }
    queue({ kind: 'call-state', callId, via: 'hook', t: I.now(), state }, serialize(own(detail)).json);
  }

  function errorText(err: unknown): string {
    let text = 'error';
    try {
      text = typeof err === 'object' && err !== null ? `${(err as { message?: unknown }).message}` : `${err as string}`;
    } catch {
      /* a hostile error */
    }
    return I.stringSlice(text, 0, 500);
  }

  // ---- wrapping the call's own methods -------------------------------------------------------------------------

  /** Wrapper → the function it wraps, for our wrappers only (unwrap on retire, and DevTools sends skip them). */
  const wrappers = I.newWeakMap();
  const wrappedOn = privateArray<{ target: object; name: string; wrapper: AnyFn; own: boolean }>(I);

  /** Makes `wrapper` look like `original` to code that inspects it: same name and length, not enumerable. */
  function disguise(wrapper: AnyFn, original: AnyFn): void {
    try {
      defineProperty(wrapper, 'name', { value: original.name, configurable: true });
      defineProperty(wrapper, 'length', { value: original.length, configurable: true });
    } catch {
      /* cosmetic */
    }
  }

  function replaceMethod(target: object, name: string, make: (original: AnyFn) => AnyFn): AnyFn | undefined {
    const descriptor = getOwn(target, name);
    const original = (descriptor ? descriptor.value : (target as Record<string, unknown>)[name]) as AnyFn | undefined;
    if (typeof original !== 'function') return undefined;
    if (I.weakMapHas(wrappers, original)) return I.weakMapGet(wrappers, original) as AnyFn; // already ours
    const wrapper = make(original);
    disguise(wrapper, original);
    const ok = defineProperty(target, name, {
      value: wrapper,
      writable: true,
      enumerable: descriptor ? descriptor.enumerable === true : false,
      configurable: true,
    });
    if (!ok) return undefined;
    I.weakMapSet(wrappers, wrapper, original);
    wrappedOn[wrappedOn.length] = { target, name, wrapper, own: descriptor !== undefined };
    return original;
  }

  /** The unwrapped sendAppMessage for `call` (DevTools sends use it, so they are recorded once, as DevTools'). */
  function originalSend(call: DailyCallLike): AnyFn | undefined {
    let fn = (call as unknown as Record<string, unknown>).sendAppMessage as AnyFn | undefined;
    while (typeof fn === 'function' && I.weakMapHas(wrappers, fn)) fn = I.weakMapGet(wrappers, fn) as AnyFn;
    return typeof fn === 'function' ? fn : undefined;
  }

  /** The unwrapped emit for `call` (injected events are delivered through it and recorded by the hook itself). */
  function originalEmit(call: DailyCallLike): AnyFn | undefined {
    let fn = (call as unknown as Record<string, unknown>).emit as AnyFn | undefined;
    while (typeof fn === 'function' && I.weakMapHas(wrappers, fn)) fn = I.weakMapGet(wrappers, fn) as AnyFn;
    return typeof fn === 'function' ? fn : undefined;
  }

  const makeSendWrapper = (original: AnyFn): AnyFn =>
    function sendAppMessage(this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      if (retired || !channel) return apply(original, this, args);
      const t = I.now();
      const data: unknown = args[0];
      const to: unknown = args.length > 1 && args[1] !== undefined ? args[1] : '*';
      const callId = (isDailyCallLike(this) ? callIdOf(this) : undefined) ?? 'unknown';
      let result: unknown;
      try {
        result = apply(original, this, args);
      } catch (err) {
        recordMessage(callId, 'out', 'app', data, t, undefined, to, errorText(err));
        throw err;
      }
      recordMessage(callId, 'out', 'app', data, t, undefined, to);
      return result;
    };

  const makeEmitWrapper = (original: AnyFn): AnyFn =>
    function emit(this: unknown, type: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      // Recorded before the app's handlers run: a reply sent inside one must sort after what triggered it.
      if (type === 'app-message' && channel && !retired) {
        try {
          const ev = args[1] as { data?: unknown; fromId?: unknown } | undefined;
          const callId = (isDailyCallLike(this) ? callIdOf(this) : undefined) ?? 'unknown';
          if (typeof ev === 'object' && ev !== null) recordMessage(callId, 'in', 'remote', ev.data, I.now(), ev.fromId);
        } catch {
          /* our bug must not become the page's */
        }
      }
      return apply(original, this, args);
    };

  /**
   * Wraps sendAppMessage and emit where daily-js defines them (the DailyCall prototype) and on the instance if it
   * has its own. Synchronous when the call is noticed: an app may send (and get an error) right after construction.
   */
  function wrapCall(call: DailyCallLike): { emitWrapped: boolean } {
    const proto = I.getPrototypeOf(call) as object | null;
    if (getOwn(call, 'sendAppMessage')) replaceMethod(call, 'sendAppMessage', makeSendWrapper);
    if (proto && getOwn(proto, 'sendAppMessage')) replaceMethod(proto, 'sendAppMessage', makeSendWrapper);
    let emitWrapped = false;
    // `emit` lives on the bundled EventEmitter prototype (shared by every emitter of that daily-js copy): wrap it
    // on the DailyCall prototype (or the instance), which shadows it for calls only.
    const emitTarget = getOwn(call, 'emit') ? call : proto;
    if (emitTarget && replaceMethod(emitTarget, 'emit', makeEmitWrapper)) emitWrapped = true;
    return { emitWrapped };
  }

  // ---- attaching to a call -----------------------------------------------------------------------------------

  function safeState(call: DailyCallLike): string | undefined {
    try {
      const s = call.meetingState();
      return typeof s === 'string' ? s : undefined;
    } catch {
      return undefined;
    }
  }

  function announce(info: CallInfo): void {
    post({ v: BRIDGE_VERSION, type: 'call', call: info });
  }

  function updateCall(callId: string, patch: Partial<CallInfo>): void {
    const entry = calls[callId];
    if (!entry || retired) return;
    entry.info = own({ ...entry.info, ...patch });
    flush();
    announce(entry.info);
  }

  function attach(call: DailyCallLike, found: CallInfo['found']): void {
    if (retired) return;
    const callId = callIdOf(call) ?? `anonymous-${++anonymous}`;
    if (calls[callId]) return;
    const version = dailyVersionOf(call);
    // A call caught late (created before this hook) has its loader already; one caught by the trap is watched.
    if (found === 'late' && call._callObjectMode) offline.watchCall(call, () => version);
    const { emitWrapped } = wrapCall(call);
    const send = originalSend(call);
    let emit: AnyFn | undefined;
    try {
      emit = originalEmit(call);
    } catch {
      /* a hostile getter: nothing can be injected into this call */
    }
    const info: CallInfo = own({
      callId,
      via: 'hook',
      mode: call._callObjectMode ? 'call-object' : call._iframe ? 'frame' : 'unknown',
      canSend: send !== undefined,
      found,
      ...(safeState(call) !== undefined ? { meetingState: safeState(call) } : {}),
      ...(version ? { dailyVersion: version } : {}),
    });
    calls[callId] = { call, info, send: send ?? (() => undefined), emit };

    const on = (name: string, handler: (ev: Record<string, unknown>) => void) => {
      try {
        call.on(name, (ev: unknown) => {
          if (retired) return;
          try {
            handler(typeof ev === 'object' && ev !== null ? (ev as Record<string, unknown>) : {});
          } catch {
            /* our bug must not become the page's */
          }
        });
      } catch {
        /* an event this version does not know */
      }
    };

    // Without an emit to wrap, a listener is the fallback (it runs after handlers registered before it).
    if (!emitWrapped)
      on('app-message', (ev) => {
        if (!injecting) recordMessage(callId, 'in', 'remote', ev.data, I.now(), ev.fromId);
      });
    on('joined-meeting', (ev) => {
      const participants = ev.participants as Record<string, unknown> | undefined;
      const max = call._maxAppMessageSize;
      updateCall(callId, {
        meetingState: 'joined-meeting',
        ...(I.isSafeInteger(max) && (max as number) > 0 ? { maxAppMessageSize: max } : {}),
      });
      recordState(callId, 'joined', { local: participantSummary(participants?.local) });
    });
    // Keep the state the composer checks current ("not joined" must name the real state).
    const stateEvents = ['loading', 'loaded', 'joining-meeting', 'load-attempt-failed'];
    for (let i = 0; i < stateEvents.length; i++)
      on(stateEvents[i] as string, () => updateCall(callId, { meetingState: safeState(call) }));
    on('left-meeting', () => {
      updateCall(callId, { meetingState: 'left-meeting' });
      recordState(callId, 'left', {});
    });
    on('participant-joined', (ev) => recordState(callId, 'participant-joined', participantSummary(ev.participant)));
    on('participant-left', (ev) => recordState(callId, 'participant-left', participantSummary(ev.participant)));
    on('error', (ev) => {
      updateCall(callId, { meetingState: 'error' });
      let errorMsg = '';
      let type = '';
      try {
        errorMsg = `${ev.errorMsg as string}`;
        type = `${ev.type as string}`;
      } catch {
        /* hostile */
      }
      recordState(callId, 'error', { errorMsg, type });
    });
    on('call-instance-destroyed', () => {
      updateCall(callId, { destroyed: true, canSend: false });
      recordState(callId, 'destroyed', {});
    });

    recordState(callId, 'captured', { mode: info.mode, dailyVersion: version ?? null, found });
    flush();
    announce(info);
    narrowTraps();
  }

  function dailyVersionOf(call: DailyCallLike): string | undefined {
    try {
      const ctor = (call as { constructor?: { version?: () => unknown } }).constructor;
      const v = ctor?.version?.();
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined; // version is only a label
    }
  }

  function noticeCandidate(obj: object): void {
    if (retired || I.weakMapHas(seen, obj) || !isDailyCallLike(obj)) return;
    I.weakMapSet(seen, obj, true);
    wrapCall(obj);
    // Its loader must be ours before the app can call join(), which may come in the same task as the constructor.
    if (obj._callObjectMode !== false) offline.watchCall(obj, () => dailyVersionOf(obj));
    // The constructor is still running: ids and mode are set later in it, so attach once it has returned.
    I.queueMicrotask(() => attach(obj, 'trap'));
  }

  // ---- 1. constructor-time trap ------------------------------------------------------------------------------

  const traps = privateDict<PropertyDescriptor>(I);

  function installTraps(): void {
    for (let i = 0; i < TRAP_NAMES.length; i++) {
      const name = TRAP_NAMES[i] as string;
      const descriptor: PropertyDescriptor = {
        configurable: true,
        enumerable: false,
        get() {
          return undefined;
        },
        set(this: unknown, value: unknown) {
          if (typeof this !== 'object' || this === null) return;
          // As a plain assignment would: an own, enumerable data property; a frozen target throws as in strict code.
          if (!defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true }))
            throw new TypeError(`Cannot add property ${name}, object is not extensible`);
          noticeCandidate(this);
        },
      };
      if (defineProperty(I.objectPrototype, name, descriptor)) traps[name] = descriptor;
    }
  }

  /** After the first call: every daily-js assigns `_messageChannel`, so the two backup names go. */
  function narrowTraps(): void {
    for (let i = 1; i < TRAP_NAMES.length; i++) removeTrap(TRAP_NAMES[i] as string);
  }

  function removeTrap(name: string): void {
    const ours = traps[name];
    if (!ours) return;
    const current = getOwn(I.objectPrototype, name);
    if (current && current.set === ours.set) I.deleteProperty(I.objectPrototype, name);
    delete traps[name];
  }

  // ---- passive fallback ---------------------------------------------------------------------------------------
  // daily-js's own postMessage traffic, for calls the trap missed (hardened pages, unknown builds). Sniffing here,
  // in the page's world, is nearly free: daily-js has already read `event.data` in this world.
  const sniffed = privateDict<boolean>(I);
  const onWindowMessage = (ev: Event): void => {
    if (retired || !channel) return;
    try {
      const data: unknown = I.messageEventData(ev);
      if (typeof data !== 'object' || data === null || (data as { what?: unknown }).what !== 'iframe-call-message')
        return;
      // Nearly all of daily-js's traffic belongs to a call the hook caught, which reports itself from the call object.
      const id = messageCallId(data);
      if (id !== undefined && calls[id]) return;
      const message = sniffAppMessage(data, I.isArray);
      if (!message) return;
      if (!sniffed[message.callId]) {
        sniffed[message.callId] = true;
        announce(own({ callId: message.callId, via: 'sniffer', mode: 'unknown', canSend: false, found: 'sniffed' }));
      }
      const s = serialize(message.data);
      const meta = appMessageMetaText(
        stringify,
        message.callId,
        'sniffer',
        I.now(),
        message.dir,
        message.dir === 'in' ? 'remote' : 'app',
        s.size,
        s.truncated === true,
        s.unserializable,
        message.fromId || undefined,
        message.to || undefined,
        undefined,
        undefined,
      );
      queuePiece(framePiece(meta, s.json));
    } catch {
      /* never break the page */
    }
  };

  // ---- 2. late attach ----------------------------------------------------------------------------------------

  function probe(): void {
    const found = privateArray<DailyCallLike>(I);
    const note = (x: unknown) => {
      if (isDailyCallLike(x)) found[found.length] = x;
    };
    // UMD pages expose the class; 0.67+ resolves each id in window._daily.instances.
    try {
      const daily = win._daily as { instances?: object } | undefined;
      const Klass = win.Daily as { getCallInstance?: (id?: string) => unknown } | undefined;
      if (Klass && typeof Klass.getCallInstance === 'function') {
        const ids = daily?.instances ? I.ownKeys(daily.instances) : privateArray<string>(I);
        for (let i = 0; i < ids.length; i++)
          if (typeof ids[i] === 'string') note(Klass.getCallInstance(ids[i] as string));
        note(Klass.getCallInstance());
      }
    } catch {
      /* fall through to the probe */
    }
    // daily-js's window listener runs `handler.call(dailyCall, msg)`: watch for that, once, synchronously.
    const fnCall = I.functionCall;
    const watcher = function (this: unknown, thisArg: unknown, ...args: unknown[]) {
      const first = args[0] as { action?: unknown } | undefined;
      if (first && first.action === PROBE_ACTION) note(thisArg);
      return apply(this as AnyFn, thisArg, args);
    };
    try {
      defineProperty(I.functionPrototype, 'call', { value: watcher, writable: true, configurable: true });
      I.dispatchEvent(
        win,
        I.newMessageEvent('message', {
          data: { what: 'iframe-call-message', from: 'embedded', action: PROBE_ACTION },
          origin: (win.location as Location).origin,
          source: win as unknown as Window,
        }),
      );
    } catch {
      /* nothing listening */
    } finally {
      defineProperty(I.functionPrototype, 'call', { value: fnCall, writable: true, configurable: true });
    }
    for (let i = 0; i < found.length; i++) {
      const call = found[i] as DailyCallLike;
      if (!I.weakMapHas(seen, call)) {
        I.weakMapSet(seen, call, true);
        attach(call, 'late');
      }
    }
  }

  // ---- commands from the relay ---------------------------------------------------------------------------------

  /** JSON objects parsed without Object.prototype in their chain: reading a field never reaches a page getter. */
  const bare = (_key: string, value: unknown) => {
    if (typeof value === 'object' && value !== null) I.setPrototypeOf(value, null);
    return value;
  };
  const isStrList = (x: unknown): boolean => {
    if (!I.isArray(x)) return false;
    const list = x as unknown[];
    for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
    return true;
  };

  /** What the relay said, heard inside its dispatch, handled in a microtask after it (see onRelayMessage). */
  const commands = privateArray<string>(I);
  function runCommands(): void {
    // What arrives meanwhile is appended and read by this same loop (the length is read on every turn).
    for (let i = 0; i < commands.length; i++) if (!retired) onCommand(commands[i] as string);
    commands.length = 0;
  }
  /**
   * A message from the relay, only queued: while this listener runs, `window.event` is an event on the channel target,
   * and a command runs page code (daily-js's send, the app's handlers), which could read it and so reach the target.
   */
  const onRelayMessage = (ev: Event): void => {
    let text: unknown;
    try {
      text = I.customEventDetail(ev);
    } catch {
      return;
    }
    if (typeof text !== 'string' || retired) return;
    commands[commands.length] = text;
    if (commands.length === 1) I.queueMicrotask(runCommands);
  };

  function onCommand(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = parse(text, bare) as Record<string, unknown>;
      if (typeof msg !== 'object' || msg === null || msg.v !== BRIDGE_VERSION) return;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'ack':
        if (typeof msg.bytes === 'number' && msg.bytes > 0) inFlight = inFlight > msg.bytes ? inFlight - msg.bytes : 0;
        return;
      case 'budget':
        if (I.isSafeInteger(msg.bytes) && (msg.bytes as number) > 0) budget = msg.bytes as number;
        return;
      case 'probe':
        probe();
        return;
      case 'retire':
        retire();
        return;
      case 'send': {
        const { requestId, callId, json } = msg;
        const to = msg.to;
        if (typeof requestId !== 'string' || typeof callId !== 'string' || typeof json !== 'string') return;
        if (typeof to !== 'string' && !isStrList(to)) return;
        runSend(requestId, callId, json, to as string | string[]);
        return;
      }
      case 'offline-join': {
        const grant = msg.grant as Record<string, unknown> | null;
        if (grant === null) offline.set(null);
        else if (
          typeof grant === 'object' &&
          typeof grant.callMachineUrl === 'string' &&
          typeof grant.conversation === 'string' &&
          typeof grant.conversationEnded === 'string'
        )
          offline.set({
            callMachineUrl: grant.callMachineUrl,
            conversation: grant.conversation,
            conversationEnded: grant.conversationEnded,
          });
        return;
      }
      case 'inject': {
        const { requestId, callId, events } = msg;
        if (typeof requestId !== 'string' || typeof callId !== 'string' || !I.isArray(events)) return;
        runInject(requestId, callId, events as unknown[]);
        return;
      }
    }
  }

  /**
   * Plays events into the call as daily-js delivers an incoming app-message (emitDailyJSEvent:
   * `this.emit('app-message', {action, data, fromId, callClientId})`), through the emit saved at attach, so every
   * `call.on('app-message')` handler (daily-react's hooks included) runs, joined or not. Each event is recorded first,
   * as an incoming record carrying the relay's request id (the relay, not this hook, decides its provenance), so a
   * reply the app sends from its handler sorts after it.
   */
  function runInject(requestId: string, callId: string, events: unknown[]): void {
    let delivered = 0;
    let handlerError: string | undefined;
    const reply = (ok: boolean, error?: string) => {
      flush(); // the records go out before the result: the relay marks them while the request is still open
      post({
        v: BRIDGE_VERSION,
        type: 'inject-result',
        requestId,
        ok,
        delivered,
        ...(error !== undefined ? { error } : {}),
        ...(handlerError !== undefined ? { handlerError } : {}),
      });
    };
    const entry = calls[callId];
    if (!entry || entry.info.destroyed) return reply(false, `No captured call with id ${callId}`);
    const emit = entry.emit;
    if (!emit) return reply(false, 'This call has no emit to deliver events through.');
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as { json?: unknown; fromId?: unknown } | null;
      if (typeof event !== 'object' || event === null) return reply(false, `Event ${i} is not an object`);
      const json = event.json;
      const fromId = event.fromId;
      if (typeof json !== 'string' || typeof fromId !== 'string') return reply(false, `Event ${i} is malformed`);
      let data: unknown;
      let recorded: unknown;
      try {
        data = parse(json); // ordinary objects: the app's handlers get what Tavus would have sent
        recorded = parse(json, bare);
      } catch {
        return reply(false, `Event ${i} is not valid JSON`);
      }
      recordMessage(callId, 'in', 'remote', recorded, I.now(), fromId, undefined, undefined, requestId);
      // The event object daily-js builds (an ordinary object: the app may read or keep it).
      const payload = { action: 'app-message', data, fromId, callClientId: callId };
      injecting = true;
      try {
        apply(emit, entry.call, ['app-message', payload]);
      } catch (err) {
        // daily-js's emitter throws what a handler threw; delivery of the rest goes on, and the panel is told.
        if (handlerError === undefined) handlerError = errorText(err);
      } finally {
        injecting = false;
      }
      delivered++;
    }
    reply(true);
  }

  function runSend(requestId: string, callId: string, json: string, toBare: string | string[]): void {
    const reply = (ok: boolean, error?: string) =>
      post({ v: BRIDGE_VERSION, type: 'send-result', requestId, ok, ...(error !== undefined ? { error } : {}) });
    const entry = calls[callId];
    if (!entry || !entry.info.canSend) return reply(false, `No captured call with id ${callId}`);
    const state = safeState(entry.call);
    if (state !== 'joined-meeting')
      return reply(
        false,
        `The call is not joined (meetingState is "${state ?? 'unknown'}"); Daily only sends after join.`,
      );
    let data: unknown;
    let recorded: unknown;
    let to: string | string[];
    try {
      data = parse(json); // ordinary objects: the page's daily-js gets what the developer wrote
      recorded = parse(json, bare); // our record is made from a copy no page toJSON or getter can see
      to = typeof toBare === 'string' ? toBare : (parse(stringify(toBare)) as string[]); // an ordinary array for daily-js
    } catch {
      return reply(false, 'The message is not valid JSON');
    }
    const t = I.now();
    try {
      apply(entry.send, entry.call, [data, to]);
    } catch (err) {
      recordMessage(callId, 'out', 'devtools', recorded, t, undefined, toBare, errorText(err), requestId);
      flush();
      return reply(false, errorText(err));
    }
    recordMessage(callId, 'out', 'devtools', recorded, t, undefined, toBare, undefined, requestId);
    flush();
    reply(true);
  }

  // ---- lifetime --------------------------------------------------------------------------------------------------

  function retire(): void {
    if (retired) return;
    flush();
    retired = true;
    offline.retire();
    for (const name in traps) removeTrap(name);
    for (let i = 0; i < wrappedOn.length; i++) {
      const w = wrappedOn[i] as { target: object; name: string; wrapper: AnyFn; own: boolean };
      const current = getOwn(w.target, w.name);
      if (!current || current.value !== w.wrapper) continue; // someone replaced it since: leave theirs
      if (w.own) defineProperty(w.target, w.name, { value: I.weakMapGet(wrappers, w.wrapper), writable: true });
      else I.deleteProperty(w.target, w.name);
    }
    try {
      I.removeEventListener(win, 'message', onWindowMessage);
      if (channel) I.removeEventListener(channel, TO_HOOK_EVENT, onRelayMessage);
    } catch {
      /* gone already */
    }
    channel = undefined;
  }

  /** A hook that arrives after daily-js (late injection) finds existing calls straight away. */
  const probeExisting = (): void => {
    try {
      const instances = (win._daily as { instances?: object } | undefined)?.instances;
      if (instances && I.ownKeys(instances).length > 0) probe();
    } catch {
      /* nothing to attach to */
    }
  };

  /** The relay's channel offer: the first one wins (it comes at document_start, before any page script). */
  const onOffer = (ev: Event): void => {
    if (channel || retired) return;
    let offered: unknown;
    let offeredKey: unknown;
    try {
      offered = I.offerTarget(ev);
      offeredKey = I.offerKey(ev);
    } catch {
      return;
    }
    if (typeof offered !== 'object' || offered === null || typeof offeredKey !== 'string' || offeredKey === '') return;
    I.preventDefault(ev); // tells the relay the channel was taken
    I.removeEventListener(doc, OFFER_EVENT, onOffer);
    channel = offered;
    // The relay's key, heard only by us at document_start: nothing needs posting (or drawing) at the handoff.
    key = offeredKey;
    I.addEventListener(channel, TO_HOOK_EVENT, onRelayMessage);
    if (stale) post({ v: BRIDGE_VERSION, type: 'hook-ready', stale });
    installTraps();
    I.addEventListener(win, 'message', onWindowMessage);
    // After this dispatch: reading the page's `_daily` may run a page getter, which must not see the offer event.
    I.queueMicrotask(probeExisting);
  };

  I.addEventListener(doc, OFFER_EVENT, onOffer);
  // A relay that ran first answers with its offer, synchronously, inside this dispatch.
  I.dispatchEvent(doc, I.newMessageEvent(HELLO_EVENT, {}));

  return { retire };
}
