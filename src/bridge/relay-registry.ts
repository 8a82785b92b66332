/**
 * How the background reaches a document's relay without that document listening for runtime messages: each relay
 * leaves an entry in its ISOLATED world's global under `Symbol.for(RELAY_REGISTRY_NAME)` (invisible to the page), and
 * the background runs `wakeRelay` in that world of every frame of a tab (scripting.executeScript, `func`). A frame
 * answers true only when a live relay of this extension instance was there and is now connecting.
 */
export const RELAY_REGISTRY_NAME = 'cvi-devtools.relay';

/** What `wakeRelay` calls on a registry entry. */
export interface WakeableRelay {
  /** Connect to the background (as a `subscribe` runtime message would); false when retired or cut off. */
  wake(): boolean;
}

/**
 * Runs in the relay's world, injected by the background: it must not refer to anything outside itself (the browser
 * serialises it), hence the literal name, which a unit test keeps equal to RELAY_REGISTRY_NAME.
 */
export function wakeRelay(world: object = globalThis): boolean {
  const entry = (world as Record<symbol, Partial<WakeableRelay> | undefined>)[Symbol.for('cvi-devtools.relay')];
  try {
    return typeof entry?.wake === 'function' && entry.wake() === true;
  } catch {
    return false;
  }
}
