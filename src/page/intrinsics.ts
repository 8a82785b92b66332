/**
 * The built-ins the page hook uses, captured once at document_start, before any page script runs.
 *
 * A page may later replace any prototype method or getter (`Function.prototype.call`, `EventTarget.prototype.*`,
 * `JSON`, `Array.prototype.*`, `Map.prototype.*`, `MessageEvent.prototype.data`, …). The hook never looks them up
 * again: every method here is "uncurried" through the saved `Reflect.apply`, so calling it touches no property the
 * page can reach (a direct call of our own closure, then the engine's Reflect.apply). The same rules hold in the
 * hook's own code: no `.call`/`.apply`/`.bind`, no array spread, destructuring or `for…of` (they use the patchable
 * iterator), no `[].push`/`.join`, no Map/Set, no `instanceof`; containers are null-prototype objects or arrays whose
 * prototype is null, so a setter the page puts on `Array.prototype[0]` or `Object.prototype.x` never sees our data.
 */

type AnyFn = (...args: never[]) => unknown;
/** `method(self, ...args)` for a method captured from a prototype. */
export type Uncurried<R = unknown> = (self: unknown, ...args: unknown[]) => R;

export interface Intrinsics {
  apply: typeof Reflect.apply;
  defineProperty: typeof Reflect.defineProperty;
  getOwnPropertyDescriptor: typeof Reflect.getOwnPropertyDescriptor;
  deleteProperty: typeof Reflect.deleteProperty;
  getPrototypeOf: typeof Reflect.getPrototypeOf;
  setPrototypeOf: typeof Reflect.setPrototypeOf;
  ownKeys: typeof Reflect.ownKeys;
  isArray: typeof Array.isArray;
  isSafeInteger: typeof Number.isSafeInteger;
  stringify: typeof JSON.stringify;
  parse: typeof JSON.parse;
  weakMapGet: Uncurried;
  weakMapSet: Uncurried;
  weakMapHas: Uncurried<boolean>;
  newWeakMap: () => WeakMap<object, unknown>;
  stringSlice: Uncurried<string>;
  stringCharCodeAt: Uncurried<number>;
  stringIndexOf: Uncurried<number>;
  symbolFor: (key: string) => symbol;
  addEventListener: Uncurried;
  removeEventListener: Uncurried;
  dispatchEvent: Uncurried<boolean>;
  preventDefault: Uncurried;
  messageEventData: Uncurried;
  newMessageEvent: (type: string, init: MessageEventInit) => Event;
  /** The offer's channel target and key (src/bridge/channel.ts, "Channel"). */
  offerTarget: Uncurried;
  offerKey: Uncurried;
  customEventDetail: Uncurried;
  /** A CustomEvent whose `detail` is `text` (its init object has no prototype: nothing of the page's reads it). */
  newTextEvent: (type: string, text: string) => Event;
  queueMicrotask: (task: () => void) => void;
  setTimeout: (task: () => void, ms: number) => void;
  now: () => number;
  /** The pristine Function.prototype.call (the late-attach probe swaps it for one dispatch and restores it). */
  functionCall: AnyFn;
  functionPrototype: object;
  objectPrototype: object;
}

/** The globals a hook needs from its realm (globalThis in the page; a patched fake in unit tests). */
export interface HookRealm {
  Reflect: typeof Reflect;
  Array: typeof Array;
  Number: typeof Number;
  JSON: typeof JSON;
  WeakMap: typeof WeakMap;
  String: typeof String;
  Object: typeof Object;
  Function: typeof Function;
  EventTarget: typeof EventTarget;
  Event: typeof Event;
  MessageEvent: typeof MessageEvent;
  CustomEvent: typeof CustomEvent;
  MouseEvent: typeof MouseEvent;
  PointerEvent: typeof PointerEvent;
  queueMicrotask: typeof queueMicrotask;
  setTimeout: typeof setTimeout;
  performance: Performance;
  Symbol: typeof Symbol;
  /** Used by offline join only (./offline-join.ts); a realm without them has no offline REST mock. */
  fetch?: typeof fetch;
  Response?: typeof Response;
  Request?: typeof Request;
  URL?: typeof URL;
}

export function captureIntrinsics(realm: HookRealm): Intrinsics {
  const R = realm.Reflect;
  const apply = R.apply;
  const getOwn = R.getOwnPropertyDescriptor;
  // `call` bound to the method: `uncurried(self, a, b)` is `method.call(self, a, b)` through the pristine `call` the
  // bound function holds, with no property lookup and no arguments array per call (the hook makes several calls per
  // app-message; a rest-parameter wrapper around Reflect.apply was 6 % of the page's profile in a 100k burst).
  const bind = realm.Function.prototype.bind;
  const call = realm.Function.prototype.call;
  const uncurry = <T = unknown>(fn: unknown): Uncurried<T> => apply(bind, call, [fn]) as Uncurried<T>;
  const getter = (proto: object, name: string) => uncurry(getOwn(proto, name)?.get);
  const WeakMapCtor = realm.WeakMap;
  const MessageEventCtor = realm.MessageEvent;
  const microtask = realm.queueMicrotask;
  const timeout = realm.setTimeout;
  const perf = realm.performance;
  const perfNow = uncurry<number>(perf.now);
  const timeOrigin = perf.timeOrigin;
  const weakMapProto = WeakMapCtor.prototype;
  const CustomEventCtor = realm.CustomEvent;
  const setPrototypeOf = R.setPrototypeOf;
  const eventTargetProto = realm.EventTarget.prototype;
  return {
    apply,
    defineProperty: R.defineProperty,
    getOwnPropertyDescriptor: getOwn,
    deleteProperty: R.deleteProperty,
    getPrototypeOf: R.getPrototypeOf,
    setPrototypeOf: R.setPrototypeOf,
    ownKeys: R.ownKeys,
    isArray: realm.Array.isArray,
    isSafeInteger: realm.Number.isSafeInteger,
    stringify: realm.JSON.stringify,
    parse: realm.JSON.parse,
    weakMapGet: uncurry(weakMapProto.get),
    weakMapSet: uncurry(weakMapProto.set),
    weakMapHas: uncurry<boolean>(weakMapProto.has),
    newWeakMap: () => new WeakMapCtor(),
    stringSlice: uncurry<string>(realm.String.prototype.slice),
    stringCharCodeAt: uncurry<number>(realm.String.prototype.charCodeAt),
    stringIndexOf: uncurry<number>(realm.String.prototype.indexOf),
    symbolFor: realm.Symbol.for,
    addEventListener: uncurry(eventTargetProto.addEventListener),
    removeEventListener: uncurry(eventTargetProto.removeEventListener),
    dispatchEvent: uncurry<boolean>(eventTargetProto.dispatchEvent),
    preventDefault: uncurry(realm.Event.prototype.preventDefault),
    messageEventData: getter(MessageEventCtor.prototype, 'data'),
    newMessageEvent: (type, init) => new MessageEventCtor(type, init),
    offerTarget: getter(realm.MouseEvent.prototype, 'relatedTarget'),
    offerKey: getter(realm.PointerEvent.prototype, 'pointerType'),
    customEventDetail: getter(CustomEventCtor.prototype, 'detail'),
    newTextEvent: (type, text) => {
      const init = { detail: text };
      setPrototypeOf(init, null);
      return new CustomEventCtor(type, init);
    },
    queueMicrotask: (task) => microtask(task),
    setTimeout: (task, ms) => {
      timeout(task, ms);
    },
    now: () => timeOrigin + perfNow(perf),
    functionCall: realm.Function.prototype.call as AnyFn,
    functionPrototype: realm.Function.prototype,
    objectPrototype: realm.Object.prototype,
  };
}

/** An array no page setter can observe: index writes never reach a prototype. */
export function privateArray<T>(I: Intrinsics): T[] {
  const list: T[] = [];
  I.setPrototypeOf(list, null);
  return list;
}

/** A dictionary no page getter/setter can observe (no Object.prototype in its chain). */
export function privateDict<T>(I: Intrinsics): Record<string, T> {
  const dict = {} as Record<string, T>;
  I.setPrototypeOf(dict, null);
  return dict;
}
