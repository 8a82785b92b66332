/** MAIN world, document_start, every frame: the page hook over the page's own globals (see ./install-hook.ts). */
import { installHook } from './install-hook';
import type { HookRealm } from './intrinsics';

installHook({
  realm: globalThis as unknown as HookRealm,
  window: window as unknown as EventTarget & Record<string | symbol, unknown>,
  document,
});
