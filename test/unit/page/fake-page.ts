/**
 * A fake page for the hook and relay factories: a realm over Node's real built-ins (so a patched prototype is patched
 * for the hook too), the offer and message events, the hook channel over a private EventTarget, a manual microtask
 * queue, a daily-js-like call class, `setupHook()` (the hook installed on a fake page, the relay played by the test),
 * and `hostile()`: every built-in a page could patch after document_start replaced by a spy that records each use.
 * Harness code that runs inside `hostile()` uses only functions saved before it.
 */
import { expect, onTestFinished } from 'vitest';
import {
  FROM_HOOK_EVENT,
  OFFER_EVENT,
  RECORDS_FRAME,
  TO_HOOK_EVENT,
  recordOf,
  splitFrame,
} from '../../../src/bridge/channel';
import { installHook, type HookHandle } from '../../../src/page/install-hook';
import type { HookRealm } from '../../../src/page/intrinsics';
import type { AppMessageRecord } from '../../../src/record/record';

const saved = {
  apply: Reflect.apply,
  defineProperty: Reflect.defineProperty,
  getOwn: Reflect.getOwnPropertyDescriptor,
  deleteProperty: Reflect.deleteProperty,
  setPrototypeOf: Reflect.setPrototypeOf,
  dispatch: EventTarget.prototype.dispatchEvent,
  listen: EventTarget.prototype.addEventListener,
  detail: Reflect.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail')!.get!,
};

/** A deep copy of JSON-like page data without Object.prototype: serialising it never consults a page `toJSON`, so
 *  any such lookup a test sees comes from the hook's own objects. */
export function bareData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const copy = (Array.isArray(value) ? [] : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) copy[k] = bareData(v);
  saved.setPrototypeOf(copy, null);
  return copy as T;
}

/** An array whose index writes never reach Array.prototype (what a hostile page would watch). */
export function bareArray<T>(): T[] {
  const list: T[] = [];
  saved.setPrototypeOf(list, null);
  return list;
}

export class FakeMessageEvent extends Event {
  readonly #data: unknown;
  readonly #ports: readonly unknown[];
  constructor(type: string, init: { data?: unknown; ports?: unknown[]; cancelable?: boolean } = {}) {
    super(type, { cancelable: init.cancelable === true });
    this.#data = init.data;
    this.#ports = Object.freeze(init.ports ? init.ports.slice() : []);
  }
  get data(): unknown {
    return this.#data;
  }
  get ports(): readonly unknown[] {
    return this.#ports;
  }
}

/** The mouse-event family as far as the offer needs it: `relatedTarget`, and PointerEvent's `pointerType`. */
export class FakeMouseEvent extends Event {
  readonly #relatedTarget: unknown;
  constructor(type: string, init: { relatedTarget?: unknown; cancelable?: boolean } = {}) {
    super(type, { cancelable: init.cancelable === true });
    this.#relatedTarget = init.relatedTarget ?? null;
  }
  get relatedTarget(): unknown {
    return this.#relatedTarget;
  }
}
export class FakePointerEvent extends FakeMouseEvent {
  readonly #pointerType: string;
  constructor(type: string, init: { relatedTarget?: unknown; pointerType?: string; cancelable?: boolean } = {}) {
    super(type, init);
    this.#pointerType = init.pointerType ?? '';
  }
  get pointerType(): string {
    return this.#pointerType;
  }
}

/** The relay's offer of `target` with `key`, as src/content/relay.ts makes it. */
export const offerEvent = (target: EventTarget, key: unknown): Event =>
  new FakePointerEvent(OFFER_EVENT, { relatedTarget: target, pointerType: key as string, cancelable: true });

/** The hook's end: the channel target; `deliver()` runs the microtasks in which the hook handles what it heard. */
export class FakeHookEnd extends EventTarget {
  constructor(private readonly realm: FakeRealm) {
    super();
  }
  deliver(): void {
    this.realm.runMicrotasksOnly();
  }
}

/**
 * The relay's end of the hook channel, speaking as src/content/hook-channel.ts does: `send` dispatches a TO_HOOK_EVENT
 * on the target; what the hook dispatches is queued and handed to the `onMessage` listener on `deliver()` (the relay's
 * later task). Safe inside hostile().
 */
export class FakeRelayEnd {
  inbox: unknown[] = bareArray();
  #listener: ((message: unknown) => void) | undefined;
  constructor(readonly target: EventTarget) {
    saved.apply(saved.listen, target, [
      FROM_HOOK_EVENT,
      (ev: Event) => {
        this.inbox[this.inbox.length] = saved.apply(saved.detail, ev, []);
      },
    ]);
  }
  send(text: string): void {
    const init = { detail: text };
    saved.setPrototypeOf(init, null);
    saved.apply(saved.dispatch, this.target, [new CustomEvent(TO_HOOK_EVENT, init)]);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.#listener = listener;
  }
  deliver(): void {
    const texts = this.inbox;
    this.inbox = bareArray();
    for (let i = 0; i < texts.length; i++) this.#listener?.(texts[i]);
  }
}

/** A hook channel over a private EventTarget: the relay's end, and the hook's (the target handed over in the offer). */
export function fakeHookChannel(realm: FakeRealm): { relay: FakeRelayEnd; hookEnd: FakeHookEnd } {
  const hookEnd = new FakeHookEnd(realm);
  return { relay: new FakeRelayEnd(hookEnd), hookEnd };
}

export interface FakeRealm extends HookRealm {
  /** Runs the queued microtasks (and those they queue). */
  /** Microtasks, then timers (the hook's burst timer), then the microtasks they queued. */
  runMicrotasks(): void;
  runMicrotasksOnly(): void;
  pendingTimers(): number;
}

export function fakeRealm(): FakeRealm {
  const tasks: (() => void)[] = bareArray();
  const timers: (() => void)[] = bareArray();
  const realm = {
    Reflect,
    Array,
    Number,
    JSON,
    WeakMap,
    String,
    Object,
    Function,
    EventTarget,
    Event,
    MessageEvent: FakeMessageEvent as unknown as typeof MessageEvent,
    CustomEvent,
    MouseEvent: FakeMouseEvent as unknown as typeof MouseEvent,
    PointerEvent: FakePointerEvent as unknown as typeof PointerEvent,
    queueMicrotask: (task: () => void) => {
      tasks[tasks.length] = task;
    },
    // Timers run after the microtasks (runMicrotasks): the hook's burst timer is a few ms, tests step past it.
    setTimeout: (task: () => void) => {
      timers[timers.length] = task;
    },
    performance,
    crypto,
    Symbol,
    runMicrotasks() {
      this.runMicrotasksOnly();
      for (let i = 0; i < timers.length; i++) (timers[i] as () => void)();
      timers.length = 0;
      this.runMicrotasksOnly();
    },
    runMicrotasksOnly() {
      for (let i = 0; i < tasks.length; i++) (tasks[i] as () => void)();
      tasks.length = 0;
    },
    pendingTimers: () => timers.length,
  };
  return realm as unknown as FakeRealm;
}

/** A page: window and document are EventTargets; `window` also carries whatever globals a test puts on it. */
export function fakePage(): { window: EventTarget & Record<string | symbol, unknown>; document: EventTarget } {
  const win = new EventTarget() as EventTarget & Record<string | symbol, unknown>;
  win.location = { origin: 'https://app.example' };
  return { window: win, document: new EventTarget() };
}

// ---- the hook on a fake page, the relay played by the test ------------------------------------------------------

/** A record the hook framed, as the relay decodes it (any kind), with the relay request id (`req`) it carried. */
export type HookRecord = AppMessageRecord & { req?: string; kind: string; state?: string };

export const appMessages = (records: HookRecord[]): HookRecord[] => records.filter((r) => r.kind === 'app-message');

/** The relay's key as a relay hands it over in the offer: every hook message must start with it. */
export const OFFERED_KEY = `relay-key-${'r'.repeat(32)}`;

/** Saved at load: a command sent under hostile() must not go through anything a test patched. */
const relaySend = FakeRelayEnd.prototype.send;

export interface HookSetupOptions {
  /** Replaces the realm's performance.now (the hook saves it at start), so a test steps time itself. */
  clock?: () => number;
  /** Realm globals added or replaced before the hook starts (offline join's fetch, Response, Request, URL). */
  realm?: Record<string, unknown>;
  /** The page to install on, for a test that listens on it first; a fresh fakePage() by default. */
  page?: ReturnType<typeof fakePage>;
  /** Globals the page has before the hook starts (a call registry, an earlier install's marker). */
  window?: Record<string | symbol, unknown>;
  /** Offer the channel at once, as a relay that ran first does (default); false leaves it to `offer()`. */
  offer?: boolean;
}

/**
 * Installs the hook on a fake page (retired when the test ends) and plays the relay: offers the channel with
 * OFFERED_KEY, reads what the hook says, sends it commands.
 */
export function setupHook(options: HookSetupOptions = {}) {
  const realm = Object.assign(fakeRealm(), options.realm ?? {});
  if (options.clock) realm.performance = { now: options.clock, timeOrigin: 0 } as unknown as Performance;
  const page = options.page ?? fakePage();
  Object.assign(page.window, options.window ?? {});
  const hook: HookHandle = installHook({ realm, window: page.window, document: page.document });
  onTestFinished(() => hook.retire());
  const { relay, hookEnd } = fakeHookChannel(realm);
  const texts: string[] = [];
  relay.onMessage((message) => texts.push(message as string));
  let taken = false;
  /** Dispatches the relay's offer (of the channel, with `key`) on the document; true if the hook took it. */
  const offer = (key: unknown = OFFERED_KEY): boolean => {
    taken = !page.document.dispatchEvent(offerEvent(hookEnd, key));
    return taken;
  };
  if (options.offer !== false) offer();
  /** Everything the hook said since the last read, decoded as the relay would; each message must carry the key. */
  const read = () => {
    relay.deliver();
    const controls: Record<string, unknown>[] = [];
    const records: HookRecord[] = [];
    let frames = 0;
    for (const text of texts.splice(0)) {
      const [k, ...rest] = text.split('\n');
      expect(k).toBe(OFFERED_KEY);
      const body = rest.join('\n');
      if (body.startsWith(RECORDS_FRAME)) {
        frames++;
        for (const item of splitFrame(body)!.items) {
          const meta = (item as { meta: Record<string, unknown> }).meta;
          const { req, ...withoutReq } = meta;
          const record = recordOf({ meta: withoutReq, json: (item as { json: string }).json }) as
            HookRecord | undefined;
          expect(record, JSON.stringify(meta)).toBeDefined();
          records.push({ ...record!, ...(req !== undefined ? { req: req as string } : {}) });
        }
      } else controls.push(JSON.parse(body) as Record<string, unknown>);
    }
    return { controls, records, frames };
  };
  /** Sends `text` to the hook as the relay does, with the relay end's saved method (safe inside hostile()); the hook
   *  handles it only on `hookEnd.deliver()`. */
  const send = (text: string): void => {
    saved.apply(relaySend, relay, [text]);
  };
  /** A command from the relay, handled at once. A string goes as it is (a test under hostile() must not stringify
   *  there); an object is sent as JSON with `v: 1`. */
  const command = (msg: Record<string, unknown> | string): void => {
    send(typeof msg === 'string' ? msg : JSON.stringify({ v: 1, ...msg }));
    hookEnd.deliver();
  };
  return { realm, page, hook, relay, hookEnd, offer, isTaken: () => taken, read, send, command };
}

// ---- a daily-js-like call: private emitter, methods on the prototype, ids assigned in the constructor ----------

class Emitter {
  _handlers: Record<string, ((ev: unknown) => void)[]>;
  constructor() {
    this._handlers = Object.create(null) as Record<string, ((ev: unknown) => void)[]>;
  }
  on(name: string, handler: (ev: unknown) => void): this {
    const list = this._handlers[name] ?? (this._handlers[name] = bareArray());
    list[list.length] = handler;
    return this;
  }
  emit(name: string, ev: unknown): boolean {
    const list = this._handlers[name];
    if (!list) return false;
    for (let i = 0; i < list.length; i++) (list[i] as (ev: unknown) => void)(ev);
    return true;
  }
}

export class FakeDailyCall extends Emitter {
  _callObjectMode = true;
  _iframe: unknown = undefined;
  _maxAppMessageSize = 4096;
  state = 'new';
  sent: { data: unknown; to: unknown }[] = bareArray();
  // Assigned in the constructor, not declared as fields: daily-js's Babel output assigns them (the trap relies on it).
  declare _messageChannel: object;
  declare callClientId: string;
  constructor(id: string) {
    super();
    this._messageChannel = {};
    this.callClientId = id;
  }
  static version(): string {
    return '0.92.2';
  }
  sendAppMessage(data: unknown, to: unknown = '*'): this {
    if (this.state !== 'joined-meeting') throw new Error('sendAppMessage() only supported after join.');
    if (typeof data === 'object' && data !== null && 'tooLarge' in data)
      throw new Error(`Message data too large. Max size is ${this._maxAppMessageSize}`);
    const sent = this.sent;
    sent[sent.length] = { data, to };
    return this;
  }
  meetingState(): string {
    return this.state;
  }
  /** What daily-js does for an incoming app-message (emitDailyJSEvent). */
  receive(data: unknown, fromId = 'replica'): void {
    this.emit('app-message', { action: 'app-message', data, fromId, callClientId: this.callClientId });
  }
  join(): void {
    this.state = 'joined-meeting';
    this.emit('joined-meeting', { action: 'joined-meeting', participants: {} });
  }
}

// ---- the hostile page ------------------------------------------------------------------------------------------

/** Names a page might watch on Object.prototype to see our objects pass by (getters) or being filled (setters). */
const WATCHED_NAMES = ['type', 'requestId', 'json', 'to', 'error', 'bytes', 'callId', 'v', 'toJSON', 'req', 'k'];

/**
 * Replaces, on the real built-ins, every method and getter the issue lists (and more) with spies that record their
 * use and then behave as before. Returns the recorded uses and a restore function.
 */
export function hostile(realm: FakeRealm): { hits: string[]; restore(): void } {
  const hits: string[] = bareArray();
  const undo: (() => void)[] = bareArray();
  const note = (name: string) => {
    hits[hits.length] = name;
  };
  const spyMethod = (target: object, key: PropertyKey, label: string) => {
    const before = saved.getOwn(target, key);
    if (!before || typeof before.value !== 'function') return;
    const original = before.value as (...a: unknown[]) => unknown;
    saved.defineProperty(target, key, {
      ...before,
      value: function (this: unknown, ...args: unknown[]) {
        note(label);
        return saved.apply(original, this, args);
      },
    });
    undo[undo.length] = () => saved.defineProperty(target, key, before);
  };
  const spyGetter = (target: object, key: string, label: string) => {
    const before = saved.getOwn(target, key);
    if (!before?.get) return;
    const get = before.get;
    saved.defineProperty(target, key, {
      ...before,
      get(this: unknown) {
        note(label);
        return saved.apply(get, this, []);
      },
    });
    undo[undo.length] = () => saved.defineProperty(target, key, before);
  };

  for (const k of ['call', 'apply', 'bind', 'toString']) spyMethod(Function.prototype, k, `Function.prototype.${k}`);
  for (const k of ['dispatchEvent', 'addEventListener', 'removeEventListener'])
    spyMethod(EventTarget.prototype, k, `EventTarget.prototype.${k}`);
  spyMethod(Event.prototype, 'preventDefault', 'Event.prototype.preventDefault');
  spyGetter(FakeMessageEvent.prototype, 'data', 'MessageEvent data');
  spyGetter(FakeMessageEvent.prototype, 'ports', 'MessageEvent ports');
  spyGetter(FakeMouseEvent.prototype, 'relatedTarget', 'MouseEvent relatedTarget');
  spyGetter(FakePointerEvent.prototype, 'pointerType', 'PointerEvent pointerType');
  if (typeof CustomEvent === 'function') spyGetter(CustomEvent.prototype, 'detail', 'CustomEvent detail');
  spyMethod(JSON, 'stringify', 'JSON.stringify');
  spyMethod(JSON, 'parse', 'JSON.parse');
  for (const k of ['join', 'push', 'every', 'includes', 'slice', 'map', 'forEach', 'indexOf', Symbol.iterator])
    spyMethod(Array.prototype, k, `Array.prototype.${String(k)}`);
  spyMethod(Array, 'isArray', 'Array.isArray');
  for (const k of ['get', 'set', 'has']) spyMethod(Map.prototype, k, `Map.prototype.${k}`);
  for (const k of ['get', 'set', 'has']) spyMethod(WeakMap.prototype, k, `WeakMap.prototype.${k}`);
  for (const k of ['add', 'has']) spyMethod(Set.prototype, k, `Set.prototype.${k}`);
  for (const k of ['slice', 'startsWith', 'indexOf', 'charCodeAt', 'split'])
    spyMethod(String.prototype, k, `String.prototype.${k}`);
  for (const k of ['apply', 'defineProperty', 'getOwnPropertyDescriptor', 'setPrototypeOf', 'ownKeys'])
    spyMethod(Reflect, k, `Reflect.${k}`);
  for (const k of ['defineProperty', 'assign', 'keys', 'setPrototypeOf']) spyMethod(Object, k, `Object.${k}`);
  spyMethod(crypto, 'randomUUID', 'crypto.randomUUID');
  spyMethod(performance, 'now', 'performance.now');
  spyMethod(realm, 'queueMicrotask', 'queueMicrotask');
  spyMethod(realm, 'setTimeout', 'setTimeout');
  // Accessors a page would put on Object.prototype and Array.prototype[0] to watch our objects go by.
  for (const name of WATCHED_NAMES) {
    saved.defineProperty(Object.prototype, name, {
      configurable: true,
      get() {
        note(`get Object.prototype.${name}`);
        return undefined;
      },
      set(this: object, value: unknown) {
        note(`set Object.prototype.${name}`);
        saved.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
      },
    });
    undo[undo.length] = () => saved.deleteProperty(Object.prototype, name);
  }
  saved.defineProperty(Array.prototype, '0', {
    configurable: true,
    get() {
      note('get Array.prototype[0]');
      return undefined;
    },
    set(this: object, value: unknown) {
      note('set Array.prototype[0]');
      saved.defineProperty(this, '0', { value, writable: true, enumerable: true, configurable: true });
    },
  });
  undo[undo.length] = () => saved.deleteProperty(Array.prototype, '0');
  hits.length = 0; // what this harness itself did while patching
  return {
    get hits() {
      return Array.from(hits);
    },
    restore() {
      for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
    },
  };
}
