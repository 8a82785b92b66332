/**
 * The few extension APIs the content relay and the settings use, without webextension-polyfill: the relay runs in
 * every page, and the polyfill (10 KB) was most of the script time a page without Daily paid at load. Firefox's
 * `browser` and Chrome MV3's `chrome` both return promises for these calls and share the Port shape.
 */
export interface ExtPort {
  readonly name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: { addListener(listener: (message: unknown) => void): void };
  readonly onDisconnect: { addListener(listener: () => void): void };
}

export interface ExtApi {
  runtime: {
    connect(info: { name: string }): ExtPort;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: (message: unknown) => undefined): void };
  };
  storage: {
    local: {
      get(key: string): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
  };
}

/** Firefox's `browser` when present, else Chrome's `chrome`. */
export function extensionApi(): ExtApi {
  const scope = globalThis as unknown as { browser?: ExtApi; chrome?: ExtApi };
  const api = scope.browser ?? scope.chrome;
  if (!api?.runtime) throw new Error('No extension API in this context');
  return api;
}
