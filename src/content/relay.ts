/** ISOLATED world, document_start, every frame: the relay over this document and the extension APIs (./create-relay.ts). */
import { lazyExtensionApi } from '../bridge/ext';
import { OFFER_EVENT } from '../bridge/channel';
import { readSettings } from '../bridge/settings';
import { createRelay } from './create-relay';
import { createHookChannel } from './hook-channel';

createRelay({
  api: lazyExtensionApi(),
  document,
  window,
  url: () => location.href,
  isTop: window === window.top,
  randomId: () => crypto.randomUUID(),
  now: () => performance.timeOrigin + performance.now(),
  newChannel: () =>
    createHookChannel({
      newTarget: () => new EventTarget(),
      newMessage: (type, text) => new CustomEvent(type, { detail: text }),
      detailOf: (ev) => (ev as CustomEvent).detail,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
    }),
  // The key rides in pointerType, the one string a mouse-family event carries beside its relatedTarget.
  newOfferEvent: (theirs, key) =>
    new PointerEvent(OFFER_EVENT, { relatedTarget: theirs as EventTarget, pointerType: key, cancelable: true }),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  readSettings,
  registry: globalThis as unknown as Record<symbol, unknown>,
});
