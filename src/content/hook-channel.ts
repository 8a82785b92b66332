/**
 * The relay's end of the hook channel (src/bridge/channel.ts, "Channel"): a private EventTarget, spoken on with
 * CustomEvents whose `detail` is a string. Dispatch is synchronous: what the hook says is queued and handed to the
 * relay in a task of its own, in order, as a port message was, so the page's task (the hook flushes at its end) pays
 * only for the dispatch.
 */
import { FROM_HOOK_EVENT, TO_HOOK_EVENT } from '../bridge/channel';
import type { HookChannelEnd } from './create-relay';

export interface HookChannelEnv {
  /** A fresh EventTarget no document holds. */
  newTarget(): EventTarget;
  /** A CustomEvent of `type` whose `detail` is `text`. */
  newMessage(type: string, text: string): Event;
  /** An event's `detail`. */
  detailOf(ev: Event): unknown;
  setTimeout(fn: () => void, ms: number): unknown;
}

export function createHookChannel(env: HookChannelEnv): { mine: HookChannelEnd; theirs: EventTarget } {
  const target = env.newTarget();
  let inbox: string[] = [];
  let scheduled = false;
  let closed = false;
  let listener: ((message: unknown) => void) | undefined;

  const drain = (): void => {
    scheduled = false;
    const texts = inbox;
    inbox = [];
    for (const text of texts) {
      if (closed) return;
      listener?.(text);
    }
  };
  const hear = (ev: Event): void => {
    const text = env.detailOf(ev);
    if (closed || typeof text !== 'string') return;
    inbox.push(text);
    if (!scheduled) {
      scheduled = true;
      env.setTimeout(drain, 0);
    }
  };

  const mine: HookChannelEnd = {
    send(text) {
      if (!closed) target.dispatchEvent(env.newMessage(TO_HOOK_EVENT, text));
    },
    onMessage(fn) {
      listener = fn;
    },
    open() {
      target.addEventListener(FROM_HOOK_EVENT, hear);
    },
    close() {
      closed = true;
      inbox = [];
      target.removeEventListener(FROM_HOOK_EVENT, hear);
    },
  };
  return { mine, theirs: target };
}
