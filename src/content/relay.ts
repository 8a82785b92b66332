/**
 * CVI DevTools relay. ISOLATED world, document_start, every frame; built as a standalone IIFE.
 *
 * - hands the MAIN-world hook its private channel nonce (before page scripts can listen),
 * - keeps a bounded buffer of everything captured in this document from document_start,
 * - sniffs daily-js's postMessage traffic as a fallback for calls the hook does not hold,
 * - talks to the background only once there is something to say (a call) or a panel asks (subscribe),
 *   then replays the buffer by cursor and streams live.
 */
import { extensionApi, type ExtPort } from '../bridge/ext';
import {
  BRIDGE_VERSION,
  CONTENT_PORT,
  DEFAULT_BUFFER_CAP,
  isBackgroundRuntimeMessage,
  isBackgroundToContent,
  isPageToRelay,
  type CallInfo,
  type ContentToBackground,
  type RelayToPage,
} from '../bridge/messages';
import { type BufferedRecord, type CapturedRecord } from '../record/record';
import {
  HANDSHAKE_EVENT,
  HOOK_HELLO_EVENT,
  RECORDS_FRAME,
  channelNames,
  decodeRecords,
  encodeRecords,
} from '../bridge/channel';
import { serializeForTransfer } from '../bridge/serialize';
import { RecordBuffer, chunkForTransfer } from './buffer';
import { sniffAppMessage } from '../bridge/sniffer';
import { readSettings } from '../bridge/settings';

(() => {
  const browser = extensionApi();
  const docId = crypto.randomUUID();
  const nonce = crypto.randomUUID().replace(/-/g, '') + crypto.randomUUID().replace(/-/g, '');
  const names = channelNames(nonce);
  const buffer = new RecordBuffer(DEFAULT_BUFFER_CAP);
  const calls = new Map<string, CallInfo>();
  let hookPresent = false;
  let port: ExtPort | undefined;
  let announced = false;
  let streaming = false;

  // ---- the hook channel ----------------------------------------------------------------------------------------

  let handshakeAnswered = false;
  const sendHandshake = () => document.dispatchEvent(new CustomEvent(HANDSHAKE_EVENT, { detail: nonce }));
  document.addEventListener(HOOK_HELLO_EVENT, () => {
    if (handshakeAnswered) return; // only the real hook, at document_start, ever gets it
    handshakeAnswered = true;
    sendHandshake();
  });

  const toPage = (msg: RelayToPage) =>
    document.dispatchEvent(new CustomEvent(names.relayToPage, { detail: JSON.stringify(msg) }));

  document.addEventListener(names.pageToRelay, (ev) => {
    handshakeAnswered = true;
    const detail = (ev as CustomEvent).detail;
    if (typeof detail !== 'string') return;
    if (detail.startsWith(RECORDS_FRAME + '\n')) {
      const records = decodeRecords(detail);
      if (records) addRecords(records);
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(detail);
    } catch {
      return;
    }
    if (!isPageToRelay(msg)) return;
    switch (msg.type) {
      case 'hook-ready':
        hookPresent = true;
        if (msg.dropped) buffer.countDropped(msg.dropped); // records the hook had to let go while no relay listened
        return;
      case 'records':
        addRecords(msg.records);
        return;
      case 'call':
        noteCall(msg.call);
        return;
      case 'send-result':
        postToBackground({
          v: BRIDGE_VERSION,
          type: 'send-result',
          requestId: msg.requestId,
          ok: msg.ok,
          ...(msg.error ? { error: msg.error } : {}),
        });
        return;
    }
  });

  // A hook that started before us (injected first, or already in the page) said hello to nobody: hand it the nonce
  // now. It answers synchronously (hook-ready, its calls, buffered records), so only once we are listening.
  sendHandshake();

  // ---- passive fallback (no hook in this document) ----------------------------------------------------------------------------------------

  // Only while no hook answered: the hook sniffs in the page's own world, where reading messages costs nothing. A
  // hook normally answers the handshake above synchronously, and then this listener is never added.
  const sniff = (ev: MessageEvent): void => {
    if (hookPresent) {
      window.removeEventListener('message', sniff);
      return;
    }
    const sniffed = sniffAppMessage(ev.data);
    if (!sniffed) return;
    const known = calls.get(sniffed.callId);
    if (known?.via === 'hook') return; // the hook reports this call itself, from the call object
    if (!known) noteCall({ callId: sniffed.callId, via: 'sniffer', mode: 'unknown', canSend: false, found: 'sniffed' });
    const record: CapturedRecord = {
      kind: 'app-message',
      callId: sniffed.callId,
      via: 'sniffer',
      t: performance.timeOrigin + performance.now(),
      dir: sniffed.dir,
      origin: sniffed.dir === 'in' ? 'remote' : 'app',
      ...serializeForTransfer(sniffed.data),
    };
    if (sniffed.fromId) record.fromId = sniffed.fromId;
    if (sniffed.to) record.to = sniffed.to;
    addRecords([record]);
  };
  if (!hookPresent) window.addEventListener('message', sniff);

  // ---- buffer and background -----------------------------------------------------------------------------------

  // Live records go out in small batches: one port message per app-message would cost the page more than the
  // capture itself. A batch leaves after OUTBOX_DELAY_MS or when it holds OUTBOX_MAX records.
  const OUTBOX_DELAY_MS = 4;
  const OUTBOX_MAX = 500;
  let outbox: BufferedRecord[] = [];
  let outboxTimer: ReturnType<typeof setTimeout> | undefined;

  function flushOutbox(): void {
    if (outboxTimer !== undefined) clearTimeout(outboxTimer);
    outboxTimer = undefined;
    const batch = outbox;
    outbox = [];
    if (batch.length > 0 && port && streaming) sendEvents(batch);
  }

  function addRecords(records: CapturedRecord[]): void {
    for (const record of records) {
      const buffered = buffer.push(record);
      if (port && streaming) outbox.push(buffered);
    }
    if (outbox.length >= OUTBOX_MAX) flushOutbox();
    else if (outbox.length > 0 && outboxTimer === undefined) outboxTimer = setTimeout(flushOutbox, OUTBOX_DELAY_MS);
  }

  function noteCall(call: CallInfo): void {
    const previous = calls.get(call.callId);
    if (previous?.via === 'hook' && call.via === 'sniffer') return;
    calls.set(call.callId, call);
    if (port) postToBackground({ v: BRIDGE_VERSION, type: 'calls', docId, calls: [...calls.values()] });
    else if (!announced) announce();
  }

  function sendEvents(events: BufferedRecord[], replyTo?: number): void {
    for (const chunk of chunkForTransfer(events)) {
      postToBackground({
        v: BRIDGE_VERSION,
        type: 'events',
        docId,
        frame: encodeRecords(chunk),
        count: chunk.length,
        firstCursor: buffer.firstCursor,
        dropped: buffer.dropped,
        ...(replyTo !== undefined ? { replyTo } : {}),
      });
    }
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
    browser.runtime
      .sendMessage({ v: BRIDGE_VERSION, type: 'content-ready' })
      .then((reply: unknown) => {
        if (isBackgroundRuntimeMessage(reply)) connect();
      })
      .catch(() => {
        /* no background listening (extension reloading): a panel will subscribe us */
      });
  }

  let settingsRead = false;
  /** The buffer bound from storage, read only by documents that capture something (not by every page). */
  function applySettings(): void {
    if (settingsRead) return;
    settingsRead = true;
    readSettings()
      .then((settings) => {
        if (settings.bufferCap !== buffer.capacity) buffer.resize(settings.bufferCap);
      })
      .catch(() => {
        /* defaults stay */
      });
  }

  function connect(): void {
    if (port) return;
    applySettings();
    port = browser.runtime.connect({ name: CONTENT_PORT });
    port.onDisconnect.addListener(() => {
      port = undefined;
      streaming = false;
    });
    port.onMessage.addListener((msg: unknown) => {
      if (!isBackgroundToContent(msg)) return;
      switch (msg.type) {
        case 'sync': {
          // Everything after the reader's cursor, then live. Sending `firstCursor` tells it what was evicted.
          const slice = buffer.since(msg.after);
          streaming = true;
          outbox = []; // the reply covers everything buffered so far
          if (slice.events.length === 0) {
            postToBackground({
              v: BRIDGE_VERSION,
              type: 'events',
              docId,
              frame: RECORDS_FRAME,
              count: 0,
              firstCursor: slice.firstCursor,
              dropped: slice.dropped,
              replyTo: msg.requestId,
            });
          } else sendEvents(slice.events, msg.requestId);
          return;
        }
        case 'send':
          toPage({
            v: BRIDGE_VERSION,
            type: 'send',
            requestId: msg.requestId,
            callId: msg.callId,
            json: msg.json,
            to: msg.to,
          });
          return;
        case 'probe':
          toPage({ v: BRIDGE_VERSION, type: 'probe' });
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
      docId,
      url: location.href,
      top: window === window.top,
      calls: [...calls.values()],
      head: buffer.head,
      hookPresent,
    });
  }

  browser.runtime.onMessage.addListener((msg: unknown) => {
    if (isBackgroundRuntimeMessage(msg)) connect();
    return undefined;
  });
})();
