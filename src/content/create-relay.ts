/**
 * The CVI DevTools relay: ISOLATED world, document_start, every frame (entry: ./relay.ts); a factory over its
 * environment so every hostile-page case is a unit test.
 *
 * - hands the MAIN-world hook a private channel at document_start, before page scripts run, and from then on
 *   treats everything arriving on it as page-controlled: records are validated one by one (a bad one
 *   becomes a counted malformed placeholder, never a lost batch); provenance is decided here, not by what a message
 *   says: only a record answering a request this relay forwarded (with an id of its own) is marked `devtools`,
 *   and only a send result for such a request is passed on;
 * - keeps a buffer bounded by records and bytes of everything captured in this document from document_start;
 * - sniffs daily-js's postMessage traffic as a fallback when no hook answered;
 * - talks to the background only once there is something to say (a call) or a panel asks (subscribe), then replays
 *   the buffer by cursor and streams live;
 * - notices when its extension went away (update/reload) and retires itself and its hook; a fresh copy injected
 *   later (Attach) finds the retired one and tells the panel to suggest reloading the tab.
 */
import { extensionAlive, type ExtApi, type ExtPort } from '../bridge/ext';
import {
  BRIDGE_VERSION,
  CONTENT_PORT,
  DEFAULT_BUFFER_BYTES,
  DEFAULT_BUFFER_CAP,
  isBackgroundRuntimeMessage,
  isOfflineJoinNotice,
  type OfflineJoinNotice,
  isBackgroundToContent,
  isPageToRelay,
  type CallInfo,
  type ContentToBackground,
  type InjectOrigin,
  type RelayToPage,
} from '../bridge/messages';
import { MAX_EVENT_JSON, isObj, type BufferedRecord, type CapturedRecord } from '../record/record';
import { HELLO_EVENT, RECORDS_FRAME, encodeBatch, recordOf, rejectedRecord, splitFrame } from '../bridge/channel';
import { serializeForTransfer } from '../bridge/serialize';
import { RecordBuffer, chunkForTransfer } from './buffer';
import { sniffAppMessage } from '../bridge/sniffer';
import type { Settings } from '../bridge/settings';
import { OFFLINE_CALL_MACHINE_PATH, type OfflineJoinGrant } from '../bridge/offline-join';
import { RELAY_REGISTRY_NAME, type WakeableRelay } from '../bridge/relay-registry';

/** The relay's end of the hook channel (in the browser, ./hook-channel.ts over a private EventTarget). */
export interface HookChannelEnd {
  /** Says `text` to the hook. */
  send(text: string): void;
  /** The one listener for what the hook says (page-controlled: the listener checks it is a string). */
  onMessage(listener: (message: unknown) => void): void;
  /** Starts hearing the hook. */
  open(): void;
  /** Stops hearing and speaking; what was heard and not yet handed on is dropped. */
  close(): void;
}

export interface RelayEnv {
  api: ExtApi;
  document: EventTarget;
  window: EventTarget;
  url(): string;
  isTop: boolean;
  randomId(): string;
  now(): number;
  /** A fresh hook channel: our end, and what is handed to the hook (the channel target). */
  newChannel(): { mine: HookChannelEnd; theirs: unknown };
  /** The offer: a cancelable PointerEvent of type OFFER_EVENT, `relatedTarget` `theirs`, `pointerType` `key`. */
  newOfferEvent(theirs: unknown, key: string): Event;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  readSettings(): Promise<Settings>;
  /** The ISOLATED world's global: shared by every copy of this relay in the document, invisible to the page. */
  registry: Record<symbol, unknown>;
}

/**
 * What a relay leaves in its world's registry so a later copy (Attach, or after an update) can find it, and so the
 * background can wake it (src/bridge/relay-registry.ts) without the document listening for runtime messages.
 */
interface RelayEntry extends WakeableRelay {
  alive(): boolean;
  probe(): void;
  retire(): void;
}

export interface RelayHandle {
  /** Set when this copy found a live relay already in the document and stood down. */
  readonly redundant: boolean;
  retire(): void;
}

const REGISTRY_KEY = Symbol.for(RELAY_REGISTRY_NAME);
/** Live records go out in small batches: one port message per app-message would cost the page more than capture. */
const OUTBOX_DELAY_MS = 4;
const OUTBOX_MAX = 500;
/** The hook's frames are acknowledged once this many bytes were consumed, or this long after the first unacked one. */
const ACK_BYTES = 256 * 1024;
const ACK_DELAY_MS = 16;

export function createRelay(env: RelayEnv): RelayHandle {
  const { api } = env;

  // ---- one relay per document and extension instance -------------------------------------------------------------
  let stale = false;
  const previous = env.registry[REGISTRY_KEY] as RelayEntry | undefined;
  if (previous) {
    if (previous.alive()) {
      // Injected again (Attach) into a document whose relay works: it looks for calls again; this copy does nothing.
      previous.probe();
      return { redundant: true, retire: () => {} };
    }
    // The extension was updated or reloaded while this tab was open: the old copy is cut off. Undo its capture.
    previous.retire();
    stale = true;
  }

  /** This document's id towards the background, drawn when first needed (a page without a call never is). */
  let docIdDrawn: string | undefined;
  const docId = (): string => (docIdDrawn ??= env.randomId());
  const buffer = new RecordBuffer(DEFAULT_BUFFER_CAP, DEFAULT_BUFFER_BYTES);
  const calls = new Map<string, CallInfo>();
  let port: ExtPort | undefined;
  let announced = false;
  let streaming = false;
  let retired = false;

  // ---- the hook channel ------------------------------------------------------------------------------------------

  const { mine: hookChannel, theirs: channelTarget } = env.newChannel();
  /**
   * The key every hook message must start with. Drawn here and handed over inside the offer, which at document_start
   * only the hook can hear; so a page that somehow got the channel target can still never speak for the hook, and
   * the hook needs no message (nor randomness of its own) at the handoff. Valid once the offer was taken.
   */
  const hookKey = env.randomId();
  /** Sends forwarded to the hook: our own request id → the panel's (this relay has one channel, so no more is needed). */
  const forwarded = new Map<string, { panelRequestId: string; recorded: boolean }>();
  /** Injections forwarded to the hook: our own request id → the panel's, the origin the panel asked for, and how many
   *  incoming records may still carry the mark (one per event sent). */
  const injections = new Map<string, { panelRequestId: string; origin: InjectOrigin; unmarked: number }>();
  /** The hook took the channel (and the key): a hook is present in this document. */
  let offerTaken = false;
  /** Listening to daily-js's postMessage traffic ourselves: only while no hook took the channel (see sniff below). */
  let sniffing = false;

  const offer = () => {
    if (offerTaken) return;
    // The hook cancels the event when it takes the channel: that is how we know it was taken (and by whom: at
    // document_start no page script exists yet to take it).
    const taken = !env.document.dispatchEvent(env.newOfferEvent(channelTarget, hookKey));
    if (taken) {
      offerTaken = true;
      env.document.removeEventListener(HELLO_EVENT, offer);
      stopSniffing(); // a hook that came after this relay: it sniffs in its own world from now on
    }
  };

  const toHook = (msg: RelayToPage) => {
    try {
      hookChannel.send(JSON.stringify(msg));
    } catch {
      /* closed */
    }
  };

  hookChannel.onMessage((text) => {
    if (retired) return;
    if (typeof text !== 'string') return;
    const newline = text.indexOf('\n');
    if (newline < 0) return;
    // Not the key handed to the hook with the channel: not the hook, whatever it claims.
    if (!offerTaken || text.slice(0, newline) !== hookKey) return;
    const body = text.slice(newline + 1);
    if (body.startsWith(RECORDS_FRAME)) {
      addFrame(body);
      noteConsumed(body.length - 1);
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(body);
    } catch {
      return;
    }
    if (!isPageToRelay(msg)) return;
    switch (msg.type) {
      case 'hook-ready':
        // Sent only by a hook that found an earlier install's hook in the page (the rare case worth a message).
        if (msg.stale) stale = true;
        return;
      case 'dropped':
        noteHookDrops(msg.records, msg.bytes);
        return;
      case 'call':
        // Only what the keyed hook announces may be a composer target, and never a call it only sniffed.
        noteCall({ ...msg.call, canSend: msg.call.canSend && msg.call.via === 'hook' });
        return;
      case 'send-result': {
        const pending = forwarded.get(msg.requestId);
        if (!pending) return; // not a request we sent
        forwarded.delete(msg.requestId);
        postToBackground({
          v: BRIDGE_VERSION,
          type: 'send-result',
          requestId: pending.panelRequestId,
          ok: msg.ok,
          ...(msg.error ? { error: msg.error } : {}),
        });
        return;
      }
      case 'inject-result': {
        const pending = injections.get(msg.requestId);
        if (!pending) return; // not a request we sent
        injections.delete(msg.requestId);
        postToBackground({
          v: BRIDGE_VERSION,
          type: 'inject-result',
          requestId: pending.panelRequestId,
          ok: msg.ok,
          delivered: msg.delivered,
          ...(msg.error ? { error: msg.error } : {}),
          ...(msg.handlerError ? { handlerError: msg.handlerError } : {}),
        });
        return;
      }
    }
  });
  hookChannel.open();
  env.document.addEventListener(HELLO_EVENT, offer);
  offer(); // a hook that ran first is listening now

  // Acks are coalesced: one per frame was one more message (and task) per app-message on the page's thread, since
  // daily-js delivers each app-message in its own task and the hook posts a frame per task. The hook's in-flight
  // count is then at most ACK_BYTES or ACK_DELAY_MS behind, a small margin on its budget (64 MB by default).
  let unacked = 0;
  let ackTimer: unknown;
  const ack = (): void => {
    if (ackTimer !== undefined) env.clearTimeout(ackTimer);
    ackTimer = undefined;
    if (unacked > 0 && !retired) toHook({ v: BRIDGE_VERSION, type: 'ack', bytes: unacked });
    unacked = 0;
  };
  function noteConsumed(bytes: number): void {
    unacked += bytes;
    if (unacked >= ACK_BYTES) ack();
    else if (ackTimer === undefined) ackTimer = env.setTimeout(ack, ACK_DELAY_MS);
  }

  let hookDropsSeen = { records: 0, bytes: 0 };
  function noteHookDrops(records: number, bytes: number): void {
    // The hook reports running totals; count what is new.
    if (records > hookDropsSeen.records || bytes > hookDropsSeen.bytes) {
      buffer.countDropped(records - hookDropsSeen.records, bytes - hookDropsSeen.bytes);
      hookDropsSeen = { records, bytes };
      // A panel learns of losses from a batch: when no record follows them (the hook lets everything go while it is
      // a budget ahead), an empty batch carries the counts.
      if (port && streaming) {
        dropsUnsent = true;
        if (outboxTimer === undefined) outboxTimer = env.setTimeout(flushOutbox, OUTBOX_DELAY_MS);
      }
    }
  }

  /** One frame from the hook: each record validated on its own; provenance set here. */
  function addFrame(body: string): void {
    const split = splitFrame(body);
    if (!split) return;
    const records: CapturedRecord[] = [];
    for (const item of split.items) records.push(admit(item));
    if (split.broken) records.push(rejectedRecord('the rest of a records frame could not be read', env.now()));
    addRecords(records);
  }

  function admit(item: Parameters<typeof recordOf>[0]): CapturedRecord {
    let req: unknown;
    if (!('error' in item) && isObj(item.meta)) {
      req = item.meta.req;
      delete item.meta.req;
    }
    const record = recordOf(item) as CapturedRecord | undefined;
    if (!record) {
      const reason = 'error' in item ? item.error : 'record fields do not validate';
      return rejectedRecord(reason, env.now());
    }
    if (record.json.length > MAX_EVENT_JSON + 64 || !isWellFormed(record.json))
      return rejectedRecord('record text is too long or not well-formed', record.t, record.callId);
    if (record.kind === 'app-message') {
      // Whatever the record says, `devtools`, `replay` and `mock` are earned here only; anything else claiming them
      // (or carrying a request id that is not one of ours) is the page's own: `app` going out, `remote` coming in.
      const pageOrigin = record.dir === 'out' ? 'app' : 'remote';
      if (record.origin !== 'app' && record.origin !== 'remote') record.origin = pageOrigin;
      const sent = typeof req === 'string' ? forwarded.get(req) : undefined;
      const injected = typeof req === 'string' ? injections.get(req) : undefined;
      if (sent && !sent.recorded && record.dir === 'out') {
        // The one record answering a send this relay forwarded.
        sent.recorded = true;
        record.origin = 'devtools';
      } else if (injected && injected.unmarked > 0 && record.dir === 'in') {
        // One record per event of an injection this relay forwarded.
        injected.unmarked--;
        record.origin = injected.origin;
      } else if (req !== undefined) record.origin = pageOrigin;
    }
    return record;
  }

  // ---- passive fallback (no hook in this document) ------------------------------------------------------------

  // Only while no hook answered: the hook sniffs in the page's own world, where reading messages costs nothing. A
  // hook normally takes the channel synchronously at document_start, and then this listener is removed at once.
  const sniff = (ev: Event): void => {
    const sniffed = sniffAppMessage((ev as MessageEvent).data);
    if (!sniffed) return;
    const known = calls.get(sniffed.callId);
    if (known?.via === 'hook') return; // the hook reports this call itself, from the call object
    if (!known) noteCall({ callId: sniffed.callId, via: 'sniffer', mode: 'unknown', canSend: false, found: 'sniffed' });
    const record: CapturedRecord = {
      kind: 'app-message',
      callId: sniffed.callId,
      via: 'sniffer',
      t: env.now(),
      dir: sniffed.dir,
      origin: sniffed.dir === 'in' ? 'remote' : 'app',
      ...serializeForTransfer(sniffed.data),
      ...(sniffed.fromId ? { fromId: sniffed.fromId } : {}),
      ...(sniffed.to ? { to: sniffed.to } : {}),
    };
    addRecords([record]);
  };
  function stopSniffing(): void {
    if (!sniffing) return;
    sniffing = false;
    env.window.removeEventListener('message', sniff);
  }
  if (!offerTaken) {
    sniffing = true;
    env.window.addEventListener('message', sniff);
  }

  // ---- buffer and background -----------------------------------------------------------------------------------

  let outbox: BufferedRecord[] = [];
  let outboxTimer: unknown;
  /** The hook reported losses that no batch has carried to the panel yet. */
  let dropsUnsent = false;

  function flushOutbox(): void {
    if (outboxTimer !== undefined) env.clearTimeout(outboxTimer);
    outboxTimer = undefined;
    const records = outbox;
    outbox = [];
    if (port && streaming) {
      if (records.length > 0) sendEvents(records);
      else if (dropsUnsent) postToBackground(batch([]));
    }
    dropsUnsent = false;
  }

  function addRecords(records: CapturedRecord[]): void {
    if (retired) return;
    if (!extensionAlive(api)) {
      retire(); // cut off from the extension: nobody will ever read this buffer
      return;
    }
    for (const record of records) {
      const buffered = buffer.push(record);
      if (port && streaming) outbox.push(buffered);
    }
    if (outbox.length >= OUTBOX_MAX) flushOutbox();
    else if (outbox.length > 0 && outboxTimer === undefined) outboxTimer = env.setTimeout(flushOutbox, OUTBOX_DELAY_MS);
  }

  function noteCall(call: CallInfo): void {
    const previous = calls.get(call.callId);
    if (previous?.via === 'hook' && call.via === 'sniffer') return;
    if (retired) return;
    if (!extensionAlive(api)) {
      retire(); // cut off from the extension (updated or reloaded): an invalidated API throws on every call
      return;
    }
    calls.set(call.callId, call);
    listen();
    if (!offlineAsked) askOfflineJoin();
    if (port) postToBackground({ v: BRIDGE_VERSION, type: 'calls', docId: docId(), calls: [...calls.values()] });
    else if (!announced) announce();
  }

  function batch(events: BufferedRecord[], replyTo?: number): ContentToBackground {
    return {
      v: BRIDGE_VERSION,
      type: 'events',
      docId: docId(),
      frame: events.length > 0 ? encodeBatch(events) : RECORDS_FRAME,
      count: events.length,
      first: events[0]?.cursor ?? 0,
      firstCursor: buffer.firstCursor,
      dropped: buffer.dropped,
      droppedBytes: buffer.droppedBytes,
      droppedUpstream: buffer.droppedUpstream,
      ...(replyTo !== undefined ? { replyTo } : {}),
    };
  }

  function sendEvents(events: BufferedRecord[], replyTo?: number): void {
    for (const chunk of chunkForTransfer(events)) postToBackground(batch(chunk, replyTo));
  }

  function postToBackground(msg: ContentToBackground): void {
    try {
      port?.postMessage(msg);
    } catch {
      port = undefined; // the service worker went away; a panel will ask us to resubscribe
      streaming = false;
    }
  }

  /** First call in this document: tell the background once, so a panel that is already open can subscribe. */
  function announce(): void {
    announced = true;
    applySettings();
    api.runtime
      .sendMessage({ v: BRIDGE_VERSION, type: 'content-ready' })
      .then((reply: unknown) => {
        if (isBackgroundRuntimeMessage(reply)) connect();
      })
      .catch(() => {
        if (!extensionAlive(api)) retire();
        /* else no background listening right now: a panel will subscribe us */
      });
  }

  /**
   * Offline join (src/bridge/offline-join.ts): asked once the document has a call (a call's `load()` waits for the
   * answer), then kept current by the background's pushes. The hook is always told, on or off, so it stops waiting.
   */
  let offlineAsked = false;
  function askOfflineJoin(): void {
    offlineAsked = true;
    api.runtime
      .sendMessage({ v: BRIDGE_VERSION, type: 'offline-join?' })
      .then((reply: unknown) => tellOfflineJoin(isOfflineJoinNotice(reply) ? reply : undefined))
      .catch(() => tellOfflineJoin(undefined));
  }

  function tellOfflineJoin(notice: OfflineJoinNotice | undefined): void {
    if (retired) return;
    let grant: OfflineJoinGrant | null = null;
    if (notice?.on === true) {
      try {
        grant = {
          callMachineUrl: api.runtime.getURL(OFFLINE_CALL_MACHINE_PATH),
          conversation: notice.conversation,
          conversationEnded: notice.conversationEnded,
        };
      } catch {
        grant = null; // cut off from the extension: nothing to load the machine from
      }
    }
    toHook({ v: BRIDGE_VERSION, type: 'offline-join', grant });
  }

  let settingsRead = false;
  /** The buffer bounds from storage, read only by documents that capture something (not by every page). */
  function applySettings(): void {
    if (settingsRead) return;
    settingsRead = true;
    env
      .readSettings()
      .then((settings) => {
        if (settings.bufferCap !== buffer.capacity || settings.bufferBytes !== buffer.byteBudget)
          buffer.resize(settings.bufferCap, settings.bufferBytes);
        toHook({ v: BRIDGE_VERSION, type: 'budget', bytes: settings.bufferBytes });
      })
      .catch(() => {
        /* defaults stay */
      });
  }

  function connect(): void {
    if (port || retired) return;
    applySettings();
    const connected = api.runtime.connect({ name: CONTENT_PORT });
    port = connected;
    connected.onDisconnect.addListener(() => {
      if (port === connected) port = undefined;
      streaming = false;
      if (!extensionAlive(api)) retire();
    });
    connected.onMessage.addListener((msg: unknown) => {
      if (!isBackgroundToContent(msg) || retired) return;
      switch (msg.type) {
        case 'sync': {
          // Everything after the reader's cursor, then live. Sending `firstCursor` tells it what was evicted.
          const slice = buffer.since(msg.after);
          streaming = true;
          outbox = []; // the reply covers everything buffered so far
          if (slice.events.length === 0) postToBackground(batch([], msg.requestId));
          else sendEvents(slice.events, msg.requestId);
          return;
        }
        case 'send': {
          // Our own id for the hook (the panel's id never reaches the page).
          const requestId = env.randomId();
          forwarded.set(requestId, { panelRequestId: msg.requestId, recorded: false });
          if (!offerTaken) {
            forwarded.delete(requestId);
            postToBackground({
              v: BRIDGE_VERSION,
              type: 'send-result',
              requestId: msg.requestId,
              ok: false,
              error: 'No capture hook in this page (the call is only sniffed, read-only).',
            });
            return;
          }
          toHook({ v: BRIDGE_VERSION, type: 'send', requestId, callId: msg.callId, json: msg.json, to: msg.to });
          return;
        }
        case 'inject': {
          // As for sends: our own id for the hook; the origin stays here, the hook is never told it.
          if (!offerTaken) {
            postToBackground({
              v: BRIDGE_VERSION,
              type: 'inject-result',
              requestId: msg.requestId,
              ok: false,
              delivered: 0,
              error: 'No capture hook in this page (the call is only sniffed, read-only).',
            });
            return;
          }
          const requestId = env.randomId();
          injections.set(requestId, {
            panelRequestId: msg.requestId,
            origin: msg.origin,
            unmarked: msg.events.length,
          });
          toHook({ v: BRIDGE_VERSION, type: 'inject', requestId, callId: msg.callId, events: msg.events });
          return;
        }
        case 'probe':
          toHook({ v: BRIDGE_VERSION, type: 'probe' });
          return;
        case 'unsubscribe':
          streaming = false;
          outbox = [];
          return;
      }
    });
    postToBackground({
      v: BRIDGE_VERSION,
      type: 'hello',
      docId: docId(),
      url: env.url(),
      top: env.isTop,
      calls: [...calls.values()],
      head: buffer.head,
      hookPresent: offerTaken,
      ...(stale ? { stale: true } : {}),
    });
  }

  function retire(): void {
    if (retired) return;
    retired = true;
    toHook({ v: BRIDGE_VERSION, type: 'retire' });
    try {
      hookChannel.close();
    } catch {
      /* closed */
    }
    stopSniffing();
    env.document.removeEventListener(HELLO_EVENT, offer);
    buffer.clear();
    outbox = [];
    forwarded.clear();
    injections.clear();
    if (env.registry[REGISTRY_KEY] === entry) delete env.registry[REGISTRY_KEY];
  }

  /**
   * Runtime messages (a panel's subscribe, offline join's pushes) are listened for only from a document's first call
   * on: binding `runtime.onMessage` is most of what a page without Daily would pay for this script at load. Until
   * then the background reaches the document through its registry entry (`wake`, run by scripting.executeScript in
   * this world), and the extension API is not touched at all.
   */
  let listening = false;
  function listen(): void {
    if (listening || retired) return;
    listening = true;
    api.runtime.onMessage.addListener((msg: unknown) => {
      if (retired) return undefined;
      if (isBackgroundRuntimeMessage(msg)) connect();
      else if (isOfflineJoinNotice(msg)) tellOfflineJoin(msg);
      return undefined;
    });
  }

  const entry: RelayEntry = {
    alive: () => !retired && extensionAlive(api),
    probe: () => toHook({ v: BRIDGE_VERSION, type: 'probe' }),
    retire,
    wake: () => {
      if (retired || !extensionAlive(api)) return false;
      listen();
      connect();
      return true;
    },
  };
  env.registry[REGISTRY_KEY] = entry;

  // A panel may already be waiting for this document (a copy injected by Attach, or one that replaced a stale one).
  if (stale) {
    listen();
    announce();
  }

  return { redundant: false, retire };
}

/** A string a runtime port carries unchanged (no lone surrogate for UTF-8 conversion to replace). */
function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === 'function') return native.call(text) as boolean;
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
