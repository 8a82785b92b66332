/**
 * The panel's connection to the capture pipeline, independent of any browser API (it is handed a `connect`
 * function), so unit tests drive it with fake ports and the real panel with runtime ports.
 *
 * Reconnection is a small state machine: connected → (port lost: service worker stopped) → reconnecting →
 * connected. Delivery is exactly-once per document: the client remembers the last cursor of every document
 * (docId) and accepts only the next one; a hole that eviction does not explain triggers a resync from the
 * cursor, and anything at or below it is a redelivery and ignored.
 */
import {
  BRIDGE_VERSION,
  MAX_INJECT_EVENTS,
  isBackgroundToPanel,
  type BackgroundToPanel,
  type FrameHello,
  type InjectEvent,
  type InjectOrigin,
  type InjectOutcome,
  type PanelToBackground,
} from '../bridge/messages';

export type { InjectEvent, InjectOrigin, InjectOutcome };

/** Which live call of the inspected tab: the frame it lives in and its daily-js id. */
export interface CallKey {
  frameId: number;
  callId: string;
}
import { type CapturedRecord } from '../record/record';
import { decodeRelayFrame } from '../bridge/channel';
import type { ExtPort } from '../bridge/ext';

/** The extension port (one type for every layer, see src/bridge/ext.ts). */
export type PortLike = ExtPort;

/** One captured record as the log model takes it: (source, cursor) is unique. */
export interface CapturedInput {
  source: string;
  cursor: number;
  frameId: number;
  record: CapturedRecord;
}

export interface FrameState extends FrameHello {
  frameId: number;
  /** Last cursor delivered to the log. */
  cursor: number;
  /** Records the relay's bounds (count or bytes) evicted before this panel saw them. */
  missed: number;
  /** Bytes of JSON text of the records the relay evicted (its whole document so far). */
  missedBytes?: number;
  /** Records this panel could not decode at all (skipped, counted; never asked for again). */
  undecodable?: number;
  /** Records the page lost before the relay numbered them (the hook's budget); included in `missed`. */
  missedUpstream?: number;
  gone: boolean;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionEvents {
  onRecords(inputs: CapturedInput[]): void;
  onFrames(frames: FrameState[]): void;
  onStatus(status: ConnectionStatus): void;
  onNavigated(url: string): void;
  /** No capture script of this extension answers in the tab: it needs a reload (or Attach). */
  onNoCapture?(): void;
  /** The tab's mock-replica flag as the background holds it (on `watch` and on every change). */
  onMockReplica?(on: boolean): void;
}

export interface SendOutcome {
  ok: boolean;
  error?: string;
}

export class CaptureConnection {
  private port: PortLike | undefined;
  private status: ConnectionStatus = 'connecting';
  private readonly docs = new Map<string, FrameState>();
  private readonly syncing = new Set<string>();
  private readonly sends = new Map<string, (outcome: SendOutcome) => void>();
  private readonly injects = new Map<string, (outcome: InjectOutcome) => void>();
  private attachWaiter: ((outcome: SendOutcome) => void) | undefined;
  private retryDelay = 50;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private nextRequest = 1;
  redelivered = 0;
  /** Batches whose frame could not be read at all (their cursors are skipped and counted, not re-requested). */
  invalidBatches = 0;
  /** Per document: when the next resync may go out, and the delay after that (backoff, so a reply that keeps
   *  failing never turns into a request loop). */
  private readonly resyncBackoff = new Map<string, { notBefore: number; delay: number; timer?: unknown }>();

  constructor(
    private readonly connect: () => PortLike,
    private readonly tabId: number,
    private readonly events: ConnectionEvents,
    private readonly timers: { set: typeof setTimeout; clear: typeof clearTimeout; now?: () => number } = {
      set: setTimeout.bind(globalThis),
      clear: clearTimeout.bind(globalThis),
      now: () => Date.now(),
    },
  ) {}

  private now(): number {
    return this.timers.now?.() ?? Date.now();
  }

  start(): void {
    this.closed = false;
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) this.timers.clear(this.retryTimer);
    this.port?.disconnect();
    this.port = undefined;
  }

  frames(): FrameState[] {
    return [...this.docs.values()];
  }

  /** Sends `json` with the page's call object; resolves with the page's verdict (or the reason it could not). */
  send(frameId: number, callId: string, json: string, to: string | string[]): Promise<SendOutcome> {
    const requestId = `s${Date.now().toString(36)}-${this.nextRequest++}`;
    return new Promise((resolve) => {
      if (!this.post({ v: BRIDGE_VERSION, type: 'send', frameId, requestId, callId, json, to })) {
        resolve({ ok: false, error: 'Not connected to the extension background; retrying.' });
        return;
      }
      this.sends.set(requestId, resolve);
    });
  }

  /**
   * Delivers `events` to the page's call as incoming app-messages (each through the call's own emit, so the app's
   * handlers run as for Tavus's events). The rows they make are marked `origin` by the relay, which alone can tell
   * them apart. At most MAX_INJECT_EVENTS per call; resolves with what the page did.
   */
  inject(call: CallKey, events: InjectEvent[], origin: InjectOrigin): Promise<InjectOutcome> {
    const requestId = `i${Date.now().toString(36)}-${this.nextRequest++}`;
    return new Promise((resolve) => {
      if (events.length === 0) return resolve({ ok: true, delivered: 0 });
      if (events.length > MAX_INJECT_EVENTS)
        return resolve({ ok: false, delivered: 0, error: `At most ${MAX_INJECT_EVENTS} events per injection.` });
      const msg: PanelToBackground = {
        v: BRIDGE_VERSION,
        type: 'inject',
        frameId: call.frameId,
        requestId,
        callId: call.callId,
        events: events.map(({ json, fromId }) => ({ json, fromId })),
        origin,
      };
      if (!this.post(msg))
        return resolve({ ok: false, delivered: 0, error: 'Not connected to the extension background; retrying.' });
      this.injects.set(requestId, resolve);
    });
  }

  /** Switches the mock replica on or off for this tab (see src/bridge/mock-mode.ts); false when not connected. */
  setMockReplica(on: boolean): boolean {
    return this.post({ v: BRIDGE_VERSION, type: 'mock-replica', on });
  }

  /** Looks again for call objects (late attach), injecting the capture scripts into tabs that lack them. */
  attach(): Promise<SendOutcome> {
    return new Promise((resolve) => {
      this.attachWaiter = resolve;
      if (!this.post({ v: BRIDGE_VERSION, type: 'attach' })) resolve({ ok: false, error: 'Not connected.' });
    });
  }

  private open(): void {
    let port: PortLike;
    try {
      port = this.connect();
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.port = port;
    port.onMessage.addListener((msg) => {
      if (this.port === port) this.receive(msg);
    });
    port.onDisconnect.addListener(() => {
      if (this.port !== port) return;
      this.port = undefined;
      this.syncing.clear();
      // Sends in flight may or may not have happened; say so instead of waiting forever.
      for (const resolve of this.sends.values())
        resolve({ ok: false, error: 'Lost the connection while sending; check the log for whether it went out.' });
      this.sends.clear();
      for (const resolve of this.injects.values())
        resolve({
          ok: false,
          delivered: 0,
          error: 'Lost the connection while injecting; check the log for what arrived.',
        });
      this.injects.clear();
      this.scheduleReconnect();
    });
    this.post({ v: BRIDGE_VERSION, type: 'watch', tabId: this.tabId });
    this.retryDelay = 50;
    this.setStatus('connected');
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.setStatus('reconnecting');
    this.retryTimer = this.timers.set(() => this.open(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 1000);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.events.onStatus(status);
  }

  private post(msg: PanelToBackground): boolean {
    if (!this.port) return false;
    try {
      this.port.postMessage(msg);
      return true;
    } catch {
      return false;
    }
  }

  private receive(msg: unknown): void {
    if (!isBackgroundToPanel(msg)) return;
    switch (msg.type) {
      case 'frame':
        return this.onFrame(msg);
      case 'events':
        return this.onEvents(msg);
      case 'calls': {
        const doc = this.docs.get(msg.docId);
        if (doc) {
          doc.calls = msg.calls;
          this.events.onFrames(this.frames());
        }
        return;
      }
      case 'frame-gone': {
        const doc = this.docs.get(msg.docId);
        if (doc) {
          doc.gone = true;
          this.events.onFrames(this.frames());
        }
        return;
      }
      case 'navigated':
        this.events.onNavigated(msg.url);
        return;
      case 'send-result': {
        const resolve = this.sends.get(msg.requestId);
        this.sends.delete(msg.requestId);
        resolve?.({ ok: msg.ok, ...(msg.error ? { error: msg.error } : {}) });
        return;
      }
      case 'inject-result': {
        const resolve = this.injects.get(msg.requestId);
        this.injects.delete(msg.requestId);
        const { v: _v, type: _t, requestId: _r, ...outcome } = msg;
        resolve?.(outcome);
        return;
      }
      case 'attach-result':
        this.attachWaiter?.({ ok: msg.ok, ...(msg.error ? { error: msg.error } : {}) });
        this.attachWaiter = undefined;
        return;
      case 'no-capture':
        this.events.onNoCapture?.();
        return;
      case 'mock-replica':
        this.events.onMockReplica?.(msg.on);
        return;
    }
  }

  private onFrame(msg: Extract<BackgroundToPanel, { type: 'frame' }>): void {
    const { v: _v, type: _t, frameId, ...hello } = msg;
    const known = this.docs.get(hello.docId);
    // A new document in a frame replaces the old one there (reload/navigation).
    for (const doc of this.docs.values()) if (doc.frameId === frameId && doc.docId !== hello.docId) doc.gone = true;
    const state: FrameState = known
      ? { ...known, ...hello, frameId, gone: false }
      : { ...hello, frameId, cursor: 0, missed: 0, missedBytes: 0, undecodable: 0, gone: false };
    this.docs.set(hello.docId, state);
    this.events.onFrames(this.frames());
    this.requestSync(state);
  }

  private requestSync(doc: FrameState): void {
    if (this.syncing.has(doc.docId)) return;
    const backoff = this.resyncBackoff.get(doc.docId);
    const wait = backoff ? backoff.notBefore - this.now() : 0;
    if (wait > 0) {
      // Asked again too soon after a reply that did not fit: try once the delay is over, not in a loop.
      if (backoff && backoff.timer === undefined)
        backoff.timer = this.timers.set(() => {
          backoff.timer = undefined;
          this.requestSync(doc);
        }, wait);
      return;
    }
    if (this.post({ v: BRIDGE_VERSION, type: 'sync', frameId: doc.frameId, docId: doc.docId, after: doc.cursor }))
      this.syncing.add(doc.docId);
  }

  /** A resync is about to be asked for because of a hole: each one in a row waits longer (50 ms … 5 s). */
  private backOff(doc: FrameState): void {
    const previous = this.resyncBackoff.get(doc.docId);
    const delay = previous ? Math.min(previous.delay * 2, 5000) : 50;
    this.resyncBackoff.set(doc.docId, {
      notBefore: this.now() + (previous ? previous.delay : 0),
      delay,
      ...(previous?.timer !== undefined ? { timer: previous.timer } : {}),
    });
  }

  private onEvents(msg: Extract<BackgroundToPanel, { type: 'events' }>): void {
    const doc = this.docs.get(msg.docId);
    if (!doc) return;
    if (msg.replyTo !== undefined) this.syncing.delete(doc.docId);
    const missedBefore = doc.missed;
    const undecodableBefore = doc.undecodable;
    doc.missedBytes = Math.max(doc.missedBytes ?? 0, msg.droppedBytes);
    // Losses before a cursor leave no gap to count; the relay's running total says how many there were.
    if (msg.droppedUpstream > (doc.missedUpstream ?? 0)) {
      doc.missed += msg.droppedUpstream - (doc.missedUpstream ?? 0);
      doc.missedUpstream = msg.droppedUpstream;
    }
    const decoded = decodeRelayFrame(msg.frame, msg.first, msg.count, Date.now());
    // records[i] is cursor msg.first + i.
    let events: CapturedRecord[];
    if (!decoded) {
      // Not a frame at all: its cursors are skipped and counted (asking again would get the same bytes again).
      this.invalidBatches++;
      events = [];
      if (msg.count > 0 && msg.first === doc.cursor + 1) {
        doc.undecodable = (doc.undecodable ?? 0) + msg.count;
        doc.cursor += msg.count;
      }
    } else {
      events = decoded.records;
      if (decoded.lost > 0) {
        this.invalidBatches++;
        const lastReadable = msg.first + events.length - 1;
        if (msg.first <= doc.cursor + 1 && lastReadable + decoded.lost > doc.cursor) {
          const skipFrom = Math.max(doc.cursor, lastReadable);
          // Records before the unreadable tail are accepted below; the tail is skipped and counted.
          this.pendingSkip = { docId: doc.docId, from: skipFrom + 1, to: lastReadable + decoded.lost };
        }
      }
    }
    const accepted: CapturedInput[] = [];
    // One source string for the batch, not one per record: the log keeps it with every event and keys its delivery
    // ledger by it (a fresh string per record was one more object held, and hashed, per event).
    const source = `${doc.frameId}:${doc.docId}`;
    for (let i = 0; i < events.length; i++) {
      const cursor = msg.first + i;
      if (cursor <= doc.cursor) {
        this.redelivered++;
        continue;
      }
      if (cursor !== doc.cursor + 1) {
        // Evicted by the relay's bound before we saw them: count them, never pretend they did not exist.
        if (cursor <= msg.firstCursor) {
          doc.missed += cursor - doc.cursor - 1;
        } else {
          // Live records overtook our sync reply: ask again from where we are; the reply fills the hole.
          this.backOff(doc);
          this.requestSync(doc);
          break;
        }
      }
      accepted.push({ source, cursor, frameId: doc.frameId, record: events[i]! });
      doc.cursor = cursor;
    }
    const skip = this.pendingSkip;
    this.pendingSkip = undefined;
    if (skip && skip.docId === doc.docId && skip.from === doc.cursor + 1) {
      doc.undecodable = (doc.undecodable ?? 0) + skip.to - skip.from + 1;
      doc.cursor = skip.to;
    }
    if (events.length === 0 && msg.firstCursor > doc.cursor + 1) {
      doc.missed += msg.firstCursor - doc.cursor - 1;
      doc.cursor = msg.firstCursor - 1;
    }
    if (msg.replyTo !== undefined && accepted.length > 0) this.resyncBackoff.delete(doc.docId);
    if (accepted.length > 0) this.events.onRecords(accepted);
    // Frames change for the UI only when a count does; cursors alone are bookkeeping (re-rendering the frame list
    // on every batch was the panel's main cost under load).
    if (doc.missed !== missedBefore || doc.undecodable !== undecodableBefore) this.events.onFrames(this.frames());
  }

  private pendingSkip: { docId: string; from: number; to: number } | undefined;
}
