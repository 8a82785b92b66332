// The extension API as the relay sees it, faked: ports that record what they were sent, runtime messaging whose
// listeners a test can call, settings storage. Shared by the relay's unit tests.
import type { ExtApi, ExtPort } from '../../../src/bridge/ext';

export class FakeExtPort implements ExtPort {
  sent: Record<string, unknown>[] = [];
  private listeners: ((m: unknown) => void)[] = [];
  private dropListeners: (() => void)[] = [];
  onMessage = { addListener: (l: (m: unknown) => void) => void this.listeners.push(l) };
  onDisconnect = { addListener: (l: () => void) => void this.dropListeners.push(l) };
  postMessage(m: unknown) {
    this.sent.push(m as Record<string, unknown>);
  }
  disconnect() {}
  receive(m: unknown) {
    for (const l of this.listeners) l(m);
  }
  drop() {
    for (const l of this.dropListeners) l();
  }
  ofType(type: string) {
    return this.sent.filter((m) => m.type === type);
  }
}

export function fakeApi() {
  const ports: FakeExtPort[] = [];
  const runtimeListeners: ((m: unknown) => unknown)[] = [];
  const api = {
    runtime: {
      id: 'ext-id' as string | undefined,
      connect: () => {
        const p = new FakeExtPort();
        ports.push(p);
        return p;
      },
      sendMessage: () => Promise.resolve(null),
      getURL: (path: string) => `chrome-extension://dyn-id/${path}`,
      onMessage: { addListener: (l: (m: unknown) => unknown) => void runtimeListeners.push(l) },
    },
    storage: { local: { get: () => Promise.resolve({}), set: () => Promise.resolve() } },
  };
  const subscribe = () => runtimeListeners.forEach((l) => l({ v: 1, type: 'subscribe' }));
  return { api: api as unknown as ExtApi & { runtime: { id?: string } }, ports, subscribe };
}
