/**
 * Offline join, the page hook's part (what and why: src/bridge/offline-join.ts). While the relay says it is on for
 * this document:
 *  - every caught call object's loader loads the extension's simulated call machine instead of Daily's: the app's
 *    own `dailyConfig`, copied, with the call machine option pointed at the extension's file;
 *  - `fetch` answers Tavus's create- and end-conversation POSTs with the mock answers (everything else goes to the
 *    fetch that was there), and is put back when it goes off.
 * A call's `load()` that comes before the relay has said anything waits for it, at most OFFLINE_ANSWER_WAIT_MS.
 *
 * Same rules as the rest of the hook (./intrinsics.ts): only what was saved at document_start, private containers.
 */
import {
  OFFLINE_ANSWER_WAIT_MS,
  OFFLINE_CALL_MACHINE_PATH,
  tavusRestRoute,
  usesBundlePath,
  type OfflineJoinGrant,
  type StringOps,
} from '../bridge/offline-join';
import { privateArray, type Intrinsics } from './intrinsics';

type AnyFn = (...args: unknown[]) => unknown;

export interface OfflineJoinEnv {
  window: Record<string | symbol, unknown>;
  /** The page's fetch, Response and Request as they were at document_start (absent in a realm without them). */
  fetch?: AnyFn;
  Response?: new (body: string, init: ResponseInit) => unknown;
  Request?: { prototype: object };
  URL?: { prototype: object };
}

export interface OfflineJoinHook {
  /** The relay's word for this document: on (with what it needs) or off. */
  set(grant: OfflineJoinGrant | null): void;
  /**
   * A call object being constructed: its loader (assigned in the constructor, before or after this) gets the offline
   * choice. `dailyVersion` is asked at load time.
   */
  watchCall(call: object, dailyVersion: () => string | undefined): void;
  /** Undo: loaders and fetch back as they were. */
  retire(): void;
}

const LOADER = '_callObjectLoader';
const MACHINE_FILE = OFFLINE_CALL_MACHINE_PATH.slice(OFFLINE_CALL_MACHINE_PATH.lastIndexOf('/'));

export function createOfflineJoin(I: Intrinsics, env: OfflineJoinEnv): OfflineJoinHook {
  const { apply, defineProperty, getOwnPropertyDescriptor } = I;
  const ops: StringOps = {
    slice: (s, start, end) => (end === undefined ? I.stringSlice(s, start) : I.stringSlice(s, start, end)),
    indexOf: (s, search) => I.stringIndexOf(s, search),
  };
  const getterOf = (ctor: { prototype: object } | undefined, name: string): AnyFn | undefined => {
    const get = ctor ? getOwnPropertyDescriptor(ctor.prototype, name)?.get : undefined;
    return typeof get === 'function' ? (get as AnyFn) : undefined;
  };
  const requestUrl = getterOf(env.Request, 'url');
  const requestMethod = getterOf(env.Request, 'method');
  const urlHref = getterOf(env.URL, 'href');
  const ResponseCtor = env.Response;
  const win = env.window;

  let known = false;
  let grant: OfflineJoinGrant | null = null;
  let retired = false;
  const waiting = privateArray<() => void>(I);
  /** Loaders whose `load` is ours, to put back on retire. */
  const loaders = privateArray<object>(I);

  // ---- the call machine ---------------------------------------------------------------------------------------

  /** The loader's arguments with the simulated machine chosen: `load(dailyConfig, onLoaded, onFailed)` (0.80+). */
  function offlineArgs(args: unknown[], dailyVersion: string | undefined): unknown[] {
    const first = args[0];
    if (grant === null || (first !== undefined && (typeof first !== 'object' || first === null))) return args;
    const config: Record<string, unknown> = {};
    if (first !== undefined) {
      const keys = I.ownKeys(first);
      for (let i = 0; i < keys.length; i++) {
        const desc = getOwnPropertyDescriptor(first, keys[i] as PropertyKey);
        if (desc?.enumerable && 'value' in desc)
          defineProperty(config, keys[i] as PropertyKey, {
            value: desc.value,
            writable: true,
            enumerable: true,
            configurable: true,
          });
      }
    }
    const url = grant.callMachineUrl;
    const bundlePath = usesBundlePath(dailyVersion, ops);
    I.deleteProperty(config, bundlePath ? 'callObjectBundleUrlOverride' : 'bundlePathOverride');
    defineProperty(config, bundlePath ? 'bundlePathOverride' : 'callObjectBundleUrlOverride', {
      value: bundlePath ? I.stringSlice(url, 0, url.length - MACHINE_FILE.length) : url,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    const out = privateArray<unknown>(I);
    out[0] = config;
    for (let i = 1; i < args.length; i++) out[i] = args[i];
    return out;
  }

  function wrapLoader(loader: unknown, dailyVersion: () => string | undefined): void {
    if (typeof loader !== 'object' || loader === null) return;
    const original = (loader as { load?: unknown }).load;
    if (typeof original !== 'function') return;
    const load = function (this: unknown, ...args: unknown[]): unknown {
      const run = () => apply(original as AnyFn, this, offlineArgs(args, dailyVersion()));
      if (known || retired) return run();
      let started = false;
      const start = () => {
        if (started) return;
        started = true;
        run();
      };
      waiting[waiting.length] = start;
      I.setTimeout(start, OFFLINE_ANSWER_WAIT_MS);
      return undefined;
    };
    defineProperty(loader, 'load', { value: load, writable: true, configurable: true });
    loaders[loaders.length] = loader;
  }

  function watchCall(call: object, dailyVersion: () => string | undefined): void {
    if (retired) return;
    const own = getOwnPropertyDescriptor(call, LOADER);
    if (own && 'value' in own) {
      wrapLoader(own.value, dailyVersion);
      return;
    }
    if (own) return; // someone else's accessor: leave it
    // Not assigned yet (the constructor assigns it later): catch the assignment, once, as an own data property.
    defineProperty(call, LOADER, {
      configurable: true,
      enumerable: false,
      get: () => undefined,
      set(this: object, value: unknown) {
        defineProperty(this, LOADER, { value, writable: true, enumerable: true, configurable: true });
        wrapLoader(value, dailyVersion);
      },
    });
  }

  // ---- Tavus REST ---------------------------------------------------------------------------------------------

  let pageFetch: unknown;
  let installedFetch: AnyFn | undefined;

  /** The saved getter's string on `input`, if it is that kind of object. */
  const read = (get: AnyFn | undefined, input: unknown): string | undefined => {
    if (get === undefined) return undefined;
    try {
      const value = apply(get, input, []);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined; // not that kind of object
    }
  };
  const urlOf = (input: unknown): string | undefined =>
    typeof input === 'string' ? input : (read(requestUrl, input) ?? read(urlHref, input));
  const methodOf = (input: unknown, init: unknown): string => {
    try {
      const method = typeof init === 'object' && init !== null ? (init as { method?: unknown }).method : undefined;
      if (typeof method === 'string') return method;
    } catch {
      /* a throwing getter in the app's own init */
    }
    return read(requestMethod, input) ?? 'GET';
  };

  const answer = async (json: string): Promise<unknown> =>
    new (ResponseCtor as NonNullable<typeof ResponseCtor>)(json, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });

  function installFetch(): void {
    if (installedFetch !== undefined || ResponseCtor === undefined) return;
    const before = getOwnPropertyDescriptor(win, 'fetch');
    pageFetch = before && 'value' in before ? before.value : env.fetch;
    const passOn = pageFetch;
    const mockFetch = function (this: unknown, ...args: unknown[]): unknown {
      const current = grant;
      if (current !== null) {
        const url = urlOf(args[0]);
        const method = methodOf(args[0], args[1]);
        const route = url === undefined ? undefined : tavusRestRoute(method, url, ops);
        if (route === 'create') return answer(current.conversation);
        if (route === 'end') return answer(current.conversationEnded);
      }
      return apply(passOn as AnyFn, this, args);
    };
    installedFetch = mockFetch;
    defineProperty(win, 'fetch', { value: mockFetch, writable: true, enumerable: true, configurable: true });
  }

  function removeFetch(): void {
    if (installedFetch === undefined) return;
    const now = getOwnPropertyDescriptor(win, 'fetch');
    // Only if nobody replaced ours since (the app's own wrapper then keeps calling ours, which passes everything on).
    if (now && 'value' in now && now.value === installedFetch)
      defineProperty(win, 'fetch', { value: pageFetch, writable: true, enumerable: true, configurable: true });
    installedFetch = undefined;
  }

  // ---- the relay's word ---------------------------------------------------------------------------------------

  function set(next: OfflineJoinGrant | null): void {
    if (retired) return;
    known = true;
    grant = next;
    if (grant !== null) installFetch();
    else removeFetch();
    const ready = privateArray<() => void>(I);
    for (let i = 0; i < waiting.length; i++) ready[i] = waiting[i] as () => void;
    waiting.length = 0;
    for (let i = 0; i < ready.length; i++) (ready[i] as () => void)();
  }

  function retire(): void {
    if (retired) return;
    grant = null;
    removeFetch();
    retired = true;
    for (let i = 0; i < loaders.length; i++) I.deleteProperty(loaders[i] as object, 'load');
    // Loads still waiting go ahead as they would have without us.
    for (let i = 0; i < waiting.length; i++) (waiting[i] as () => void)();
    waiting.length = 0;
  }

  return { set, watchCall, retire };
}
