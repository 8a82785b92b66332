/**
 * CVI DevTools page hook. MAIN world, document_start, every frame; built as a standalone IIFE.
 *
 * Finds every daily-js DailyCall the page creates, without the page's help, and reports its app-messages and
 * call-state context to the ISOLATED relay. It must be near-free for pages (one accessor trap, no work until a
 * call exists) and must never change what the page sees: our handlers swallow their own errors, and the wrapped
 * sendAppMessage returns and throws exactly what the original does.
 *
 * How the call object is caught (see shared/daily-internals.md §4):
 *  1. an accessor on Object.prototype for `_messageChannel` / `callClientId` / `_callFrameId`, names the DailyCall
 *     constructor assigns exactly once; the setter turns the value into an own property and notes `this`;
 *  2. late attach for calls created before this script ran: a one-shot synchronous probe message makes daily-js's
 *     own listener run `handler.call(dailyCall, msg)`, which a momentary Function.prototype.call wrapper observes.
 *
 * Channel to the relay: DOM CustomEvents whose *names* carry a nonce the relay hands over at document_start,
 * before any page script can listen, so the page can neither read nor forge our traffic later.
 */
import { BRIDGE_VERSION, isRelayToPage, type CallInfo, type PageToRelay } from '../bridge/messages';
import { type CallStateKind, type CapturedRecord, type MessageOrigin } from '../record/record';
import { serializeForTransfer } from '../bridge/serialize';
import { HANDSHAKE_EVENT, HOOK_HELLO_EVENT, PROBE_ACTION, channelNames, encodeRecords } from '../bridge/channel';
import { sniffAppMessage } from '../bridge/sniffer';
import { callIdOf, isDailyCallLike, participantSummary, type DailyCallLike } from './daily';

type AnyFn = (...args: unknown[]) => unknown;

(() => {
  const globalKey = Symbol.for('cvi-devtools.hook');
  const win = window as unknown as Record<symbol, unknown>;
  if (win[globalKey]) return; // injected twice (content script + late injection)
  Object.defineProperty(win, globalKey, { value: true });

  // Saved at document_start so later page patches of these cannot observe or break us.
  const dispatch = EventTarget.prototype.dispatchEvent;
  const listen = EventTarget.prototype.addEventListener;
  const CustomEventCtor = CustomEvent;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const fnCall = Function.prototype.call;
  const now = () => performance.timeOrigin + performance.now();
  const doc = document;

  const calls = new Map<string, { call: DailyCallLike; info: CallInfo; send: AnyFn }>();
  const seen = new WeakSet<object>();
  let outEvent: string | undefined;
  let pending: CapturedRecord[] = [];
  /** Records let go because no relay has taken the channel yet (bounded, and reported once one does). */
  let droppedBeforeRelay = 0;
  const PENDING_CAP = 50_000;
  let flushQueued = false;
  let anonymous = 0;

  // ---- channel ---------------------------------------------------------------------------------------------

  function post(msg: PageToRelay): void {
    if (!outEvent) return; // no relay (yet): records wait in `pending`
    try {
      dispatch.call(doc, new CustomEventCtor(outEvent, { detail: stringify(msg) }));
    } catch {
      /* never break the page */
    }
  }

  function flush(): void {
    flushQueued = false;
    if (!outEvent || pending.length === 0) return;
    const records = pending;
    pending = [];
    try {
      dispatch.call(doc, new CustomEventCtor(outEvent, { detail: encodeRecords(records) }));
    } catch {
      /* never break the page */
    }
  }

  function queue(record: CapturedRecord): void {
    if (!outEvent && pending.length >= PENDING_CAP) {
      pending.shift();
      droppedBeforeRelay++;
    }
    pending.push(record);
    if (!flushQueued) {
      flushQueued = true;
      queueMicrotask(flush);
    }
  }

  function onHandshake(ev: Event): void {
    const nonce = (ev as CustomEvent).detail;
    if (outEvent || typeof nonce !== 'string' || nonce.length < 16) return; // first one wins (document_start)
    const names = channelNames(nonce);
    outEvent = names.pageToRelay;
    listen.call(doc, names.relayToPage, onCommand as EventListener);
    post({ v: BRIDGE_VERSION, type: 'hook-ready', ...(droppedBeforeRelay > 0 ? { dropped: droppedBeforeRelay } : {}) });
    for (const entry of calls.values()) post({ v: BRIDGE_VERSION, type: 'call', call: entry.info });
    flush();
  }

  listen.call(doc, HANDSHAKE_EVENT, onHandshake as EventListener);
  dispatch.call(doc, new CustomEventCtor(HOOK_HELLO_EVENT)); // a relay that ran first answers with the handshake

  // ---- records -----------------------------------------------------------------------------------------------

  function recordMessage(
    callId: string,
    dir: 'in' | 'out',
    origin: MessageOrigin,
    data: unknown,
    extra: { fromId?: unknown; to?: unknown; sendError?: string },
    t = now(),
  ): void {
    const serialized = serializeForTransfer(data);
    const record: CapturedRecord = { kind: 'app-message', callId, via: 'hook', t, dir, origin, ...serialized };
    if (typeof extra.fromId === 'string') record.fromId = extra.fromId;
    if (typeof extra.to === 'string' || (Array.isArray(extra.to) && extra.to.every((x) => typeof x === 'string')))
      record.to = extra.to as string | string[];
    if (extra.sendError !== undefined) record.sendError = extra.sendError;
    queue(record);
  }

  function recordState(callId: string, state: CallStateKind, detail: Record<string, unknown>): void {
    queue({ kind: 'call-state', callId, via: 'hook', t: now(), state, json: serializeForTransfer(detail).json });
  }

  const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

  // ---- attaching to a call -----------------------------------------------------------------------------------

  function attach(call: DailyCallLike, found: CallInfo['found']): void {
    const callId = callIdOf(call) ?? `anonymous-${++anonymous}`;
    if (calls.has(callId)) return;
    let version: string | undefined;
    try {
      const ctor = (call as { constructor?: { version?: () => unknown } }).constructor;
      const v = ctor?.version?.();
      if (typeof v === 'string') version = v;
    } catch {
      /* version is only a label */
    }
    const info: CallInfo = {
      callId,
      via: 'hook',
      mode: call._callObjectMode ? 'call-object' : call._iframe ? 'frame' : 'unknown',
      canSend: true,
      found,
      meetingState: safeState(call),
    };
    if (version) info.dailyVersion = version;

    const originalSend = wrapSend(call);
    if (!originalSend) info.canSend = false;
    calls.set(callId, { call, info, send: originalSend ?? (call.sendAppMessage as AnyFn) });

    const on = (name: string, handler: (ev: Record<string, unknown>) => void) => {
      try {
        call.on(name, (ev: unknown) => {
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

    on('app-message', (ev) => recordMessage(callId, 'in', 'remote', ev.data, { fromId: ev.fromId }));
    on('joined-meeting', (ev) => {
      const participants = ev.participants as Record<string, unknown> | undefined;
      const max = call._maxAppMessageSize;
      updateCall(callId, {
        meetingState: 'joined-meeting',
        ...(Number.isSafeInteger(max) && (max as number) > 0 ? { maxAppMessageSize: max } : {}),
      });
      recordState(callId, 'joined', { local: participantSummary(participants?.local) });
    });
    // Keep the state the composer checks current ("not joined" must name the real state).
    for (const name of ['loading', 'loaded', 'joining-meeting', 'load-attempt-failed'])
      on(name, () => updateCall(callId, { meetingState: safeState(call) }));
    on('left-meeting', () => {
      updateCall(callId, { meetingState: 'left-meeting' });
      recordState(callId, 'left', {});
    });
    on('participant-joined', (ev) => recordState(callId, 'participant-joined', participantSummary(ev.participant)));
    on('participant-left', (ev) => recordState(callId, 'participant-left', participantSummary(ev.participant)));
    on('error', (ev) => {
      updateCall(callId, { meetingState: 'error' });
      recordState(callId, 'error', { errorMsg: String(ev.errorMsg ?? ''), type: String(ev.type ?? '') });
    });
    on('call-instance-destroyed', () => {
      updateCall(callId, { destroyed: true, canSend: false });
      recordState(callId, 'destroyed', {});
    });

    recordState(callId, 'captured', { mode: info.mode, dailyVersion: version ?? null, found });
    flush();
    post({ v: BRIDGE_VERSION, type: 'call', call: info });
  }

  function safeState(call: DailyCallLike): string | undefined {
    try {
      const s = call.meetingState();
      return typeof s === 'string' ? s : undefined;
    } catch {
      return undefined;
    }
  }

  function updateCall(callId: string, patch: Partial<CallInfo>): void {
    const entry = calls.get(callId);
    if (!entry) return;
    Object.assign(entry.info, patch);
    flush();
    post({ v: BRIDGE_VERSION, type: 'call', call: entry.info });
  }

  const originals = new WeakMap<object, AnyFn>();

  /**
   * Wraps the instance's sendAppMessage so the app's own sends are recorded (Daily never echoes broadcasts back).
   * Done synchronously when the call is noticed: an app may send (and get an error) right after construction.
   * Returns the original, which DevTools sends use so they are not recorded twice.
   */
  function wrapSend(call: DailyCallLike): AnyFn | undefined {
    const known = originals.get(call);
    if (known) return known;
    const originalSend = call.sendAppMessage as AnyFn;
    const wrapped = function sendAppMessage(this: unknown, data: unknown) {
      const t = now();
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const to = args.length > 1 && args[1] !== undefined ? args[1] : '*';
      const callId = callIdOf(call) ?? 'unknown';
      let result: unknown;
      try {
        result = originalSend.apply(this, args as unknown as unknown[]);
      } catch (err) {
        recordMessage(callId, 'out', 'app', data, { to, sendError: errorText(err) }, t);
        throw err;
      }
      recordMessage(callId, 'out', 'app', data, { to }, t);
      return result;
    };
    try {
      Object.defineProperty(call, 'sendAppMessage', { value: wrapped, writable: true, configurable: true });
    } catch {
      return undefined;
    }
    originals.set(call, originalSend);
    return originalSend;
  }

  function noticeCandidate(obj: object): void {
    if (seen.has(obj) || !isDailyCallLike(obj)) return;
    seen.add(obj);
    wrapSend(obj);
    // The constructor is still running: ids and mode are set later in it, so attach once it has returned.
    queueMicrotask(() => attach(obj, 'trap'));
  }

  // ---- 1. constructor-time trap ------------------------------------------------------------------------------

  for (const name of ['_messageChannel', 'callClientId', '_callFrameId']) {
    try {
      Object.defineProperty(Object.prototype, name, {
        configurable: true,
        enumerable: false,
        get() {
          return undefined;
        },
        set(this: unknown, value: unknown) {
          if (typeof this !== 'object' || this === null) return;
          try {
            Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
          } catch {
            return; // frozen object: behave like a failed assignment
          }
          noticeCandidate(this);
        },
      });
    } catch {
      /* the page (or another extension) already owns this name */
    }
  }

  // ---- passive fallback -------------------------------------------------------------------------------------
  // daily-js's own postMessage traffic, for calls the trap missed (hardened pages, unknown builds). Sniffing here,
  // in the page's world, is nearly free: daily-js has already read `event.data` in this world, while reading it
  // from the ISOLATED relay would copy every message across worlds. The relay sniffs only when no hook answers.
  const sniffed = new Set<string>();
  listen.call(window, 'message', ((ev: MessageEvent) => {
    try {
      const data: unknown = ev.data;
      if (typeof data !== 'object' || data === null || (data as { what?: unknown }).what !== 'iframe-call-message')
        return;
      const message = sniffAppMessage(data);
      if (!message || calls.has(message.callId)) return;
      if (!sniffed.has(message.callId)) {
        sniffed.add(message.callId);
        post({
          v: BRIDGE_VERSION,
          type: 'call',
          call: { callId: message.callId, via: 'sniffer', mode: 'unknown', canSend: false, found: 'sniffed' },
        });
      }
      const record: CapturedRecord = {
        kind: 'app-message',
        callId: message.callId,
        via: 'sniffer',
        t: now(),
        dir: message.dir,
        origin: message.dir === 'in' ? 'remote' : 'app',
        ...serializeForTransfer(message.data),
      };
      if (message.fromId) record.fromId = message.fromId;
      if (message.to) record.to = message.to;
      queue(record);
    } catch {
      /* never break the page */
    }
  }) as EventListener);

  // ---- 2. late attach ----------------------------------------------------------------------------------------

  function probe(): number {
    const before = calls.size;
    const found: DailyCallLike[] = [];
    // UMD pages expose the class; 0.67+ resolves each id in window._daily.instances.
    try {
      const daily = (window as unknown as { _daily?: { instances?: Record<string, unknown> } })._daily;
      const Klass = (window as unknown as { Daily?: { getCallInstance?: (id?: string) => unknown } }).Daily;
      if (Klass?.getCallInstance) {
        for (const id of Object.keys(daily?.instances ?? {})) found.push(Klass.getCallInstance(id) as DailyCallLike);
        found.push(Klass.getCallInstance() as DailyCallLike);
      }
    } catch {
      /* fall through to the probe */
    }
    // daily-js's window listener runs `handler.call(dailyCall, copyOfMessage)`: watch for that, once, synchronously.
    const probeMessage = { what: 'iframe-call-message', from: 'embedded', action: PROBE_ACTION };
    const watcher = function (this: unknown, thisArg: unknown, ...args: unknown[]) {
      const first = args[0] as { action?: unknown } | undefined;
      if (first && first.action === PROBE_ACTION && isDailyCallLike(thisArg)) found.push(thisArg);
      return Reflect.apply(this as AnyFn, thisArg, args);
    };
    try {
      Function.prototype.call = watcher as typeof fnCall;
      dispatch.call(
        window,
        new MessageEvent('message', { data: probeMessage, origin: location.origin, source: window }),
      );
    } catch {
      /* nothing listening */
    } finally {
      Function.prototype.call = fnCall;
    }
    for (const call of found) {
      if (isDailyCallLike(call) && !seen.has(call)) {
        seen.add(call);
        attach(call, 'late');
      }
    }
    return calls.size - before;
  }

  // ---- commands from the relay (the nonce-named channel: only the extension can send these) --------------------

  function onCommand(ev: Event): void {
    let msg: unknown;
    try {
      const detail = (ev as CustomEvent).detail;
      msg = typeof detail === 'string' ? parse(detail) : undefined;
    } catch {
      return;
    }
    if (!isRelayToPage(msg)) return;
    if (msg.type === 'probe') {
      probe();
      return;
    }
    const entry = calls.get(msg.callId);
    const reply = (ok: boolean, error?: string) =>
      post({ v: BRIDGE_VERSION, type: 'send-result', requestId: msg.requestId, ok, ...(error ? { error } : {}) });
    if (!entry) return reply(false, `No captured call with id ${msg.callId}`);
    const state = safeState(entry.call);
    if (state !== 'joined-meeting')
      return reply(
        false,
        `The call is not joined (meetingState is "${state ?? 'unknown'}"); Daily only sends after join.`,
      );
    let data: unknown;
    try {
      data = parse(msg.json);
    } catch {
      return reply(false, 'The message is not valid JSON');
    }
    const t = now();
    try {
      entry.send.call(entry.call, data, msg.to);
    } catch (err) {
      recordMessage(msg.callId, 'out', 'devtools', data, { to: msg.to, sendError: errorText(err) }, t);
      flush();
      return reply(false, errorText(err));
    }
    recordMessage(msg.callId, 'out', 'devtools', data, { to: msg.to }, t);
    flush();
    reply(true);
  }

  // A hook that arrives after daily-js (late injection) finds existing calls straight away.
  try {
    const instances = (window as unknown as { _daily?: { instances?: object } })._daily?.instances;
    if (instances && Object.keys(instances).length > 0) probe();
  } catch {
    /* nothing to attach to */
  }
})();
