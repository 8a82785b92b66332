/**
 * The one wrapper over the extension APIs (no webextension-polyfill: the relay runs in every page, and the polyfill
 * was most of the script time a page without Daily paid at load). Firefox's `browser` and Chrome MV3's `chrome` both
 * return promises for these calls and share the Port shape. `ExtPort` is the one port type every layer uses (the
 * relay, the router and the panel connection), so tests drive all of them with the same plain objects.
 */
export interface ExtPort {
  readonly name?: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: { addListener(listener: (message: unknown) => void): void };
  readonly onDisconnect: { addListener(listener: () => void): void };
}

/** Who is on the other end of a port or message, as the browser says (never as a message claims). */
export interface ExtSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface ExtApi {
  runtime: {
    /** Undefined once this context is cut off from its extension (the extension was updated or reloaded). */
    readonly id?: string;
    connect(info: { name: string }): ExtPort;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: (message: unknown, sender: ExtSender) => unknown): void };
    /** An extension file's URL (for a `use_dynamic_url` web-accessible file, its per-session URL). */
    getURL(path: string): string;
  };
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
    /** In-memory per browser session (Chrome 102+, Firefox 115+); only extension pages and the worker see it. */
    session?: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(key: string): Promise<void>;
    };
  };
}

/** The extra APIs the service worker uses. */
export interface BackgroundApi extends ExtApi {
  runtime: ExtApi['runtime'] & {
    readonly id: string;
    getURL(path: string): string;
    getManifest(): { content_scripts?: { js?: string[] }[] };
    onConnect: { addListener(listener: (port: ExtPort & { sender?: ExtSender }) => void): void };
  };
  tabs: {
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
    onUpdated: {
      addListener(listener: (tabId: number, change: { status?: string; url?: string }) => void): void;
    };
    onRemoved: { addListener(listener: (tabId: number) => void): void };
  };
  scripting: {
    executeScript(
      injection:
        | { target: { tabId: number; allFrames?: boolean }; files: string[]; world?: 'MAIN' | 'ISOLATED' }
        | {
            target: { tabId: number; allFrames?: boolean };
            func: () => unknown;
            /** Run now, not at document_idle (a page still loading would delay its relay's wake-up). */
            injectImmediately?: boolean;
          },
    ): Promise<{ frameId?: number; result?: unknown }[] | undefined>;
  };
}

/** The extra API the devtools_page uses. */
export interface DevtoolsApi extends ExtApi {
  devtools: {
    panels: {
      /** The callback gets the panel (Chrome, and Firefox's `chrome.*`); Firefox's `browser.*` returns a promise. */
      create(
        title: string,
        icon: string,
        page: string,
        callback?: (panel: { onShown: { addListener(l: (w: Window) => void): void } }) => void,
      ): unknown;
    };
  };
}

/** Firefox's `browser` when present, else Chrome's `chrome`. */
export function extensionApi<T extends ExtApi = ExtApi>(): T {
  const scope = globalThis as unknown as { browser?: T; chrome?: T };
  const api = scope.browser ?? scope.chrome;
  if (!api?.runtime) throw new Error('No extension API in this context');
  return api;
}

/**
 * The extension API, looked up on first use. Reading `chrome.runtime` makes the browser build its bindings, the bulk
 * of what the relay cost a page without Daily at load; a document without a call never needs them.
 */
export function lazyExtensionApi(): ExtApi {
  let api: ExtApi | undefined;
  const real = (): ExtApi => (api ??= extensionApi());
  return {
    get runtime() {
      return real().runtime;
    },
    get storage() {
      return real().storage;
    },
  };
}

/** True while `api` still reaches its extension; false in a capture script orphaned by an update or reload. */
export function extensionAlive(api: ExtApi): boolean {
  try {
    return typeof api.runtime?.id === 'string';
  } catch {
    return false;
  }
}
