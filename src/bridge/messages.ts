/**
 * Every message that crosses a boundary in CVI DevTools, in one place:
 *
 *   page hook (MAIN world)  ⇄  content relay (ISOLATED)  ⇄  background router  ⇄  panel
 *
 * Each hop is a discriminated union on `type`, stamped with `v` (BRIDGE_VERSION), and every receiver runs the
 * matching guard before it acts. Page data is carried as JSON *text* (`json` fields), never as live objects, so
 * nothing from the page is evaluated or rendered as HTML on the way.
 *
 * Trust: the hook runs inside the page, so anything arriving from it is page-controlled (it can be forged by the
 * page). Routing between tabs and frames is decided by the browser-given `sender`, never by fields in a message.
 */

import {
  MAX_EVENT_JSON,
  isBool,
  isInt,
  isObj,
  isRecipient,
  isStr,
  oneOf,
  optStr,
  type CaptureVia,
  type Obj,
} from '../record/record';
import type { OfflineJoinGrant } from './offline-join';

export const BRIDGE_VERSION = 1;

// The MAIN-world hook and the ISOLATED relay talk over a private EventTarget handed over at document_start, in strings:
// records frames and JSON control messages (see src/bridge/channel.ts).

/** Port names for runtime.connect. */
export const CONTENT_PORT = 'cvi-content';
export const PANEL_PORT = 'cvi-panel';

export const DEFAULT_BUFFER_CAP = 50_000;
/**
 * Bytes of captured JSON text the relay keeps per document (and the hook lets be in flight), by default. 64 MB holds
 * a synchronous burst of 100,000 realistic events (~560 bytes each): a page that queues them all before any of our
 * tasks can run is otherwise cut at the budget (issue 17's throughput experiment; issue 12's memory goal is this + 30).
 */
export const DEFAULT_BUFFER_BYTES = 64 * 1024 * 1024;

export type CallMode = 'call-object' | 'frame' | 'unknown';

/** Who asked for events to be played into the page's call: the replay engine or the mock replica. */
export type InjectOrigin = 'replay' | 'mock';
export const INJECT_ORIGINS: readonly InjectOrigin[] = ['replay', 'mock'];

/** One event to deliver to the page's call as an incoming app-message: its `data` as JSON text, and the sender. */
export interface InjectEvent {
  json: string;
  fromId: string;
}

/** Events per inject command: a replay paces them one by one; "no delay" sends small batches. */
export const MAX_INJECT_EVENTS = 500;

/** What the hook did with an inject command. */
export interface InjectOutcome {
  ok: boolean;
  /** Events handed to the call's emit (each one fired the app's app-message handlers). */
  delivered: number;
  /** Why nothing (or not everything) was delivered. */
  error?: string;
  /** The first exception an app handler threw while an event was delivered (delivery went on, as daily-js would). */
  handlerError?: string;
}

export interface CallInfo {
  callId: string;
  via: CaptureVia;
  mode: CallMode;
  dailyVersion?: string;
  meetingState?: string;
  /** The call's app-message size limit (daily-js `_maxAppMessageSize`; 4096 unless the server raised it). */
  maxAppMessageSize?: number;
  /** sendAppMessage is reachable (the hook holds the object). */
  canSend: boolean;
  /** How the hook found it: constructor trap, late probe, or only sniffed traffic. */
  found: 'trap' | 'late' | 'sniffed';
  destroyed?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// page hook → relay

// (records travel as records frames; these are the control messages, each behind the hook's key)
export type PageToRelay =
  /** `stale`: an earlier copy of the hook (an older install of the extension) is still running in this page. */
  | { v: 1; type: 'hook-ready'; stale: boolean }
  /** Totals the hook had to let go because its in-flight byte budget was full. */
  | { v: 1; type: 'dropped'; records: number; bytes: number }
  | { v: 1; type: 'call'; call: CallInfo }
  | { v: 1; type: 'send-result'; requestId: string; ok: boolean; error?: string }
  | ({ v: 1; type: 'inject-result'; requestId: string } & InjectOutcome);

// relay → page hook
export type RelayToPage =
  | { v: 1; type: 'send'; requestId: string; callId: string; json: string; to: string | string[] }
  /**
   * Deliver `events` to the call as incoming app-messages, through its own emit. The hook records them as captured
   * incoming records carrying `requestId`; the relay, which made the id, marks them with the origin it remembered
   * (the hook is never told the origin: nothing the page sees on this channel can earn a record the mark).
   */
  | { v: 1; type: 'inject'; requestId: string; callId: string; events: InjectEvent[] }
  | { v: 1; type: 'probe' }
  /** The relay consumed a frame of this many bytes (the hook's in-flight budget). */
  | { v: 1; type: 'ack'; bytes: number }
  | { v: 1; type: 'budget'; bytes: number }
  /** The extension this relay belongs to is gone (updated/reloaded): stop capturing and undo what can be undone. */
  | { v: 1; type: 'retire' }
  /** Offline join on (with what it needs) or off for this document (see src/bridge/offline-join.ts). */
  | { v: 1; type: 'offline-join'; grant: OfflineJoinGrant | null };

// ---------------------------------------------------------------------------------------------------------------
// content relay ⇄ background (port CONTENT_PORT; frame identity comes from port.sender)

export interface FrameHello {
  /** Random per content-script instance: a reload gives a new docId, so cursors start over. */
  docId: string;
  url: string;
  top: boolean;
  calls: CallInfo[];
  /** Highest cursor handed out so far (0 = nothing yet). */
  head: number;
  /** The MAIN-world hook announced itself in this document. */
  hookPresent: boolean;
  /** A capture script of an earlier install of the extension is still running here: reload the tab. */
  stale?: boolean;
}

export interface EventBatch {
  docId: string;
  /**
   * The records as a records frame (see src/bridge/channel.ts): one string is far cheaper for the page to post than
   * an array of objects, and the payload text is never re-encoded. The panel decodes and validates it.
   */
  frame: string;
  /** Records in the frame. */
  count: number;
  /** Cursor of the frame's first record (its records are numbered densely from it); 0 when empty. */
  first: number;
  /** Lowest cursor still in the buffer; anything below it was evicted by the bound. */
  firstCursor: number;
  /** Total evicted by the bounds (records) since document start. */
  dropped: number;
  /** Bytes of JSON text of those evicted records. */
  droppedBytes: number;
  /**
   * Of `dropped`, the records lost before they got a cursor (the hook's in-flight budget). No cursor gap shows them,
   * so the panel adds them to what it missed from this count.
   */
  droppedUpstream: number;
  /** Set when answering a sync request (echoes its id). */
  replyTo?: number;
}

export type ContentToBackground =
  | ({ v: 1; type: 'hello' } & FrameHello)
  | ({ v: 1; type: 'events' } & EventBatch)
  | { v: 1; type: 'calls'; docId: string; calls: CallInfo[] }
  | { v: 1; type: 'send-result'; requestId: string; ok: boolean; error?: string }
  | ({ v: 1; type: 'inject-result'; requestId: string } & InjectOutcome);

export type BackgroundToContent =
  | { v: 1; type: 'sync'; after: number; requestId: number }
  | { v: 1; type: 'send'; requestId: string; callId: string; json: string; to: string | string[] }
  | { v: 1; type: 'inject'; requestId: string; callId: string; events: InjectEvent[]; origin: InjectOrigin }
  | { v: 1; type: 'probe' }
  /** No panel watches this tab any more: stop streaming (the buffer keeps filling, a panel resyncs later). */
  | { v: 1; type: 'unsubscribe' };

/** One-shot runtime messages (not on a port). */
export type ContentRuntimeMessage = { v: 1; type: 'content-ready' } | OfflineJoinQuery;
export type BackgroundRuntimeMessage = { v: 1; type: 'subscribe' };
/** A relay asks whether its tab is in mock mode (answered for the browser-given sender tab). */
export type OfflineJoinQuery = { v: 1; type: 'offline-join?' };
/** The answer, and the background's push when the tab's flag changes: the REST mock's answers come with `on`. */
export type OfflineJoinNotice =
  | { v: 1; type: 'offline-join'; on: false }
  | { v: 1; type: 'offline-join'; on: true; conversation: string; conversationEnded: string };

// ---------------------------------------------------------------------------------------------------------------
// panel ⇄ background (port PANEL_PORT)

export type PanelToBackground =
  | { v: 1; type: 'watch'; tabId: number }
  | { v: 1; type: 'sync'; frameId: number; docId: string; after: number }
  | {
      v: 1;
      type: 'send';
      frameId: number;
      requestId: string;
      callId: string;
      json: string;
      to: string | string[];
    }
  | {
      v: 1;
      type: 'inject';
      frameId: number;
      requestId: string;
      callId: string;
      events: InjectEvent[];
      origin: InjectOrigin;
    }
  | { v: 1; type: 'attach' }
  /**
   * Mock replica on or off for the tab this panel watches (the router takes the tab from its own `watch` state, never
   * from the message). See MockReplicaFlag in src/bridge/mock-mode.ts for where the flag lives and who reads it.
   */
  | { v: 1; type: 'mock-replica'; on: boolean };

export type BackgroundToPanel =
  | ({ v: 1; type: 'frame'; frameId: number } & FrameHello)
  | ({ v: 1; type: 'events'; frameId: number } & EventBatch)
  | { v: 1; type: 'calls'; frameId: number; docId: string; calls: CallInfo[] }
  | { v: 1; type: 'frame-gone'; frameId: number; docId: string }
  | { v: 1; type: 'navigated'; url: string }
  | { v: 1; type: 'send-result'; requestId: string; ok: boolean; error?: string }
  | ({ v: 1; type: 'inject-result'; requestId: string } & InjectOutcome)
  | { v: 1; type: 'attach-result'; ok: boolean; error?: string }
  /** No capture script of this extension answers in the tab (opened before install, or the extension was updated). */
  | { v: 1; type: 'no-capture' }
  /** The tab's mock-replica flag: sent on `watch` and to every panel of the tab whenever it changes. */
  | { v: 1; type: 'mock-replica'; on: boolean };

// ---------------------------------------------------------------------------------------------------------------
// Guards. Small and dependency-free: the page hook imports this file and must stay tiny.

const envelope = (x: unknown): x is Obj & { type: string } => isObj(x) && x.v === BRIDGE_VERSION && isStr(x.type);

export function isCallInfo(x: unknown): x is CallInfo {
  return (
    isObj(x) &&
    isStr(x.callId) &&
    oneOf(x.via, ['hook', 'sniffer'] as const) &&
    oneOf(x.mode, ['call-object', 'frame', 'unknown'] as const) &&
    optStr(x.dailyVersion) &&
    optStr(x.meetingState) &&
    (x.maxAppMessageSize === undefined || (isInt(x.maxAppMessageSize) && x.maxAppMessageSize > 0)) &&
    isBool(x.canSend) &&
    oneOf(x.found, ['trap', 'late', 'sniffed'] as const) &&
    (x.destroyed === undefined || isBool(x.destroyed))
  );
}

const isCallList = (x: unknown): x is CallInfo[] => Array.isArray(x) && x.every(isCallInfo);

function isFrameHello(x: Obj): boolean {
  return (
    isStr(x.docId) &&
    isStr(x.url) &&
    isBool(x.top) &&
    isCallList(x.calls) &&
    isInt(x.head) &&
    isBool(x.hookPresent) &&
    (x.stale === undefined || isBool(x.stale))
  );
}

function isEventBatch(x: Obj): boolean {
  return (
    isStr(x.docId) &&
    isStr(x.frame) &&
    x.frame.startsWith('R') &&
    isInt(x.count) &&
    x.count >= 0 &&
    isInt(x.first) &&
    x.first >= 0 &&
    isInt(x.firstCursor) &&
    isInt(x.dropped) &&
    isInt(x.droppedBytes) &&
    isInt(x.droppedUpstream) &&
    x.droppedUpstream >= 0 &&
    (x.replyTo === undefined || isInt(x.replyTo))
  );
}

const isSendResult = (x: Obj) => isStr(x.requestId) && isBool(x.ok) && optStr(x.error);
const isSendCommand = (x: Obj) => isStr(x.requestId) && isStr(x.callId) && isStr(x.json) && isRecipient(x.to);

export const isInjectEvent = (x: unknown): x is InjectEvent =>
  isObj(x) && isStr(x.json) && x.json.length <= MAX_EVENT_JSON && isStr(x.fromId) && x.fromId.length <= 200;
const isInjectEvents = (x: unknown): x is InjectEvent[] =>
  Array.isArray(x) && x.length > 0 && x.length <= MAX_INJECT_EVENTS && x.every(isInjectEvent);
const isInjectCommand = (x: Obj) => isStr(x.requestId) && isStr(x.callId) && isInjectEvents(x.events);
const isInjectResult = (x: Obj) =>
  isStr(x.requestId) &&
  isBool(x.ok) &&
  isInt(x.delivered) &&
  x.delivered >= 0 &&
  optStr(x.error) &&
  optStr(x.handlerError);

export function isPageToRelay(x: unknown): x is PageToRelay {
  if (!envelope(x)) return false;
  switch (x.type) {
    case 'hook-ready':
      return isBool(x.stale);
    case 'dropped':
      return isInt(x.records) && x.records >= 0 && isInt(x.bytes) && x.bytes >= 0;
    case 'call':
      return isCallInfo(x.call);
    case 'send-result':
      return isSendResult(x);
    case 'inject-result':
      return isInjectResult(x);
    default:
      return false;
  }
}

export function isContentToBackground(x: unknown): x is ContentToBackground {
  if (!envelope(x)) return false;
  switch (x.type) {
    case 'hello':
      return isFrameHello(x);
    case 'events':
      return isEventBatch(x);
    case 'calls':
      return isStr(x.docId) && isCallList(x.calls);
    case 'send-result':
      return isSendResult(x);
    case 'inject-result':
      return isInjectResult(x);
    default:
      return false;
  }
}

export function isBackgroundToContent(x: unknown): x is BackgroundToContent {
  if (!envelope(x)) return false;
  switch (x.type) {
    case 'sync':
      return isInt(x.after) && x.after >= 0 && isInt(x.requestId);
    case 'send':
      return isSendCommand(x);
    case 'inject':
      return isInjectCommand(x) && oneOf(x.origin, INJECT_ORIGINS);
    case 'probe':
    case 'unsubscribe':
      return true;
    default:
      return false;
  }
}

export const isContentRuntimeMessage = (x: unknown): x is ContentRuntimeMessage =>
  envelope(x) && (x.type === 'content-ready' || x.type === 'offline-join?');
export const isOfflineJoinNotice = (x: unknown): x is OfflineJoinNotice =>
  envelope(x) &&
  x.type === 'offline-join' &&
  (x.on === false || (x.on === true && isStr(x.conversation) && isStr(x.conversationEnded)));
export const isBackgroundRuntimeMessage = (x: unknown): x is BackgroundRuntimeMessage =>
  envelope(x) && x.type === 'subscribe';

export function isPanelToBackground(x: unknown): x is PanelToBackground {
  if (!envelope(x)) return false;
  switch (x.type) {
    case 'watch':
      return isInt(x.tabId) && x.tabId >= 0;
    case 'sync':
      return isInt(x.frameId) && isStr(x.docId) && isInt(x.after) && x.after >= 0;
    case 'send':
      return isInt(x.frameId) && isSendCommand(x);
    case 'inject':
      return isInt(x.frameId) && isInjectCommand(x) && oneOf(x.origin, INJECT_ORIGINS);
    case 'attach':
      return true;
    case 'mock-replica':
      return isBool(x.on);
    default:
      return false;
  }
}

export function isBackgroundToPanel(x: unknown): x is BackgroundToPanel {
  if (!envelope(x)) return false;
  switch (x.type) {
    case 'frame':
      return isInt(x.frameId) && isFrameHello(x);
    case 'events':
      return isInt(x.frameId) && isEventBatch(x);
    case 'calls':
      return isInt(x.frameId) && isStr(x.docId) && isCallList(x.calls);
    case 'frame-gone':
      return isInt(x.frameId) && isStr(x.docId);
    case 'navigated':
      return isStr(x.url);
    case 'send-result':
      return isSendResult(x);
    case 'inject-result':
      return isInjectResult(x);
    case 'attach-result':
      return isBool(x.ok) && optStr(x.error);
    case 'no-capture':
      return true;
    case 'mock-replica':
      return isBool(x.on);
    default:
      return false;
  }
}
