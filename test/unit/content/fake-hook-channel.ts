// The hook channel as the relay's tests drive it: two ends, the relay's (a HookChannelEnd) and the page side's (the
// hook, or a page that got hold of the channel). What one end sends waits in the other's inbox until the test calls
// `deliver()` on it, so a test decides when the relay hears (in the browser: a task after the hook's dispatch).
import { FakePointerEvent } from '../page/fake-page';
import { OFFER_EVENT } from '../../../src/bridge/channel';
import type { HookChannelEnd } from '../../../src/content/create-relay';

export class FakeChannelEnd implements HookChannelEnd {
  peer: FakeChannelEnd | undefined;
  /** What the other end sent, not yet delivered. */
  inbox: unknown[] = [];
  opened = false;
  closed = false;
  #listener: ((message: unknown) => void) | undefined;
  send(text: string): void {
    if (this.closed || !this.peer || this.peer.closed) return;
    this.peer.inbox.push(text);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.#listener = listener;
  }
  open(): void {
    this.opened = true;
  }
  close(): void {
    this.closed = true;
  }
  /** Hands everything queued for this end to its listener; as with the real end, nothing is heard before `open()`. */
  deliver(): void {
    const queued = this.inbox;
    this.inbox = [];
    if (this.opened) for (const message of queued) this.#listener?.(message);
  }
}

/** The relay's end and the end it offers to the hook (in the browser, the private channel target). */
export function fakeHookChannelEnds(): { relayEnd: FakeChannelEnd; hookEnd: FakeChannelEnd } {
  const relayEnd = new FakeChannelEnd();
  const hookEnd = new FakeChannelEnd();
  relayEnd.peer = hookEnd;
  hookEnd.peer = relayEnd;
  return { relayEnd, hookEnd };
}

/** The relay's offer, as src/content/relay.ts makes it: the channel as `relatedTarget`, the key as `pointerType`. */
export const fakeOfferEvent = (theirs: unknown, key: string): Event =>
  new FakePointerEvent(OFFER_EVENT, { relatedTarget: theirs, pointerType: key, cancelable: true });

/** What the hook does with an offer: takes the channel end and the key, and cancels the event (the relay's "taken"). */
export function takeOffer(ev: Event): { hookEnd: FakeChannelEnd; key: string } {
  ev.preventDefault();
  const offer = ev as FakePointerEvent;
  return { hookEnd: offer.relatedTarget as FakeChannelEnd, key: offer.pointerType };
}
