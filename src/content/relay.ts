/** ISOLATED world, document_start, every frame: the relay over this document and the extension APIs (./create-relay.ts). */
import { lazyExtensionApi } from '../bridge/ext';
import { OFFER_EVENT } from '../bridge/channel';
import { readSettings } from '../bridge/settings';
import { createRelay, type HookPort } from './create-relay';

createRelay({
  api: lazyExtensionApi(),
  document,
  window,
  url: () => location.href,
  isTop: window === window.top,
  randomId: () => crypto.randomUUID(),
  now: () => performance.timeOrigin + performance.now(),
  newChannel: () => {
    const channel = new MessageChannel();
    return { mine: channel.port1 as unknown as HookPort, theirs: channel.port2 };
  },
  newOfferEvent: (theirs, key) =>
    new MessageEvent(OFFER_EVENT, { data: key, ports: [theirs as MessagePort], cancelable: true }),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  readSettings,
  registry: globalThis as unknown as Record<symbol, unknown>,
});
