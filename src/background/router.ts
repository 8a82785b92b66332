/**
 * The background router: connects each panel to the content relays of the tab it inspects.
 *
 * Identity comes only from the browser: a content port is filed under its `sender.tab.id` / `sender.frameId`,
 * and a panel port is accepted only from our own extension pages. Nothing a message says about tabs or frames is
 * trusted for routing. The router keeps no state worth saving: if the service worker is killed, panels reconnect,
 * say `watch` again, relays resubscribe and the panels resync by cursor.
 */
import {
  BRIDGE_VERSION,
  isContentToBackground,
  isPanelToBackground,
  type BackgroundToContent,
  type BackgroundToPanel,
  type FrameHello,
} from '../bridge/messages';
import type { ExtPort, ExtSender } from '../bridge/ext';

/** The port the router uses: the one extension port type (tests drive it with plain objects). */
export type RouterPort = ExtPort;
export type PortSender = ExtSender;

export interface RouterEnv {
  extensionId: string;
  extensionOrigin: string;
  /** Ask every frame of a tab to connect (tabs.sendMessage with a `subscribe`). */
  subscribeTab(tabId: number): void;
  /** Inject the hook and relay into a tab that has none (tab opened before the extension was installed). */
  injectTab(tabId: number): Promise<void>;
  /**
   * Where the per-tab mock-replica flag is kept so it outlives a stopped service worker (storage.session, see
   * src/bridge/mock-mode.ts). Absent: the flag lives only in the router's memory.
   */
  mockReplicaStore?: {
    read(tabId: number): Promise<boolean>;
    write(tabId: number, on: boolean): Promise<void>;
  };
}

interface FrameEntry extends FrameHello {
  port: RouterPort;
  frameId: number;
}

interface PanelEntry {
  port: RouterPort;
  tabId?: number;
}

export class Router {
  private readonly panels = new Set<PanelEntry>();
  private readonly frames = new Map<number, Map<number, FrameEntry>>();
  private readonly pendingSyncs = new Map<number, PanelEntry>();
  private readonly pendingSends = new Map<string, PanelEntry>();
  private nextSyncId = 1;
  /** Tabs with the mock replica on (the mirror of mockReplicaStore; rebuilt from it on `watch` after a restart). */
  private readonly mockTabs = new Set<number>();

  constructor(private readonly env: RouterEnv) {}

  /** Accepts a port from a content relay, filed under the browser-given tab and frame. */
  connectContent(port: RouterPort, sender: PortSender): void {
    const tabId = sender.tab?.id;
    const frameId = sender.frameId;
    if (sender.id !== this.env.extensionId || !Number.isSafeInteger(tabId) || !Number.isSafeInteger(frameId)) {
      port.disconnect();
      return;
    }
    let entry: FrameEntry | undefined;
    port.onMessage.addListener((msg) => {
      if (!isContentToBackground(msg)) return;
      switch (msg.type) {
        case 'hello': {
          const { v: _v, type: _t, ...hello } = msg;
          const frames = this.framesOf(tabId as number);
          const previous = frames.get(frameId as number);
          if (previous && previous.docId !== hello.docId)
            this.toPanels(tabId as number, {
              v: BRIDGE_VERSION,
              type: 'frame-gone',
              frameId: frameId as number,
              docId: previous.docId,
            });
          entry = { ...hello, port, frameId: frameId as number };
          frames.set(frameId as number, entry);
          this.toPanels(tabId as number, this.frameMessage(entry));
          return;
        }
        case 'events': {
          if (!entry || msg.docId !== entry.docId) return;
          const { v: _v, type: _t, ...batch } = msg;
          const out: BackgroundToPanel = { v: BRIDGE_VERSION, type: 'events', frameId: entry.frameId, ...batch };
          if (batch.replyTo !== undefined) {
            const panel = this.pendingSyncs.get(batch.replyTo);
            if (panel) safePost(panel.port, out);
          } else this.toPanels(tabId as number, out);
          return;
        }
        case 'calls':
          if (!entry || msg.docId !== entry.docId) return;
          entry.calls = msg.calls;
          this.toPanels(tabId as number, {
            v: BRIDGE_VERSION,
            type: 'calls',
            frameId: entry.frameId,
            docId: entry.docId,
            calls: msg.calls,
          });
          return;
        case 'send-result':
        case 'inject-result': {
          // Only to the panel that asked (the relay echoes the panel's id, which only that panel and we know).
          const panel = this.pendingSends.get(msg.requestId);
          this.pendingSends.delete(msg.requestId);
          if (panel) safePost(panel.port, msg);
          return;
        }
      }
    });
    port.onDisconnect.addListener(() => {
      if (!entry) return;
      const frames = this.framesOf(tabId as number);
      if (frames.get(entry.frameId) === entry) {
        frames.delete(entry.frameId);
        this.toPanels(tabId as number, {
          v: BRIDGE_VERSION,
          type: 'frame-gone',
          frameId: entry.frameId,
          docId: entry.docId,
        });
      }
    });
  }

  /** Accepts a port from our panel (DevTools panel or the standalone panel page), never from a web page. */
  connectPanel(port: RouterPort, sender: PortSender): void {
    const fromOurPage = sender.id === this.env.extensionId && (sender.url ?? '').startsWith(this.env.extensionOrigin);
    if (!fromOurPage) {
      port.disconnect();
      return;
    }
    const panel: PanelEntry = { port };
    this.panels.add(panel);
    port.onDisconnect.addListener(() => {
      this.panels.delete(panel);
      // The last panel of a tab went away: its relays stop streaming, so the page stops paying for messages.
      if (panel.tabId !== undefined && !this.isWatched(panel.tabId)) {
        for (const frame of this.framesOf(panel.tabId).values())
          safePost(frame.port, { v: BRIDGE_VERSION, type: 'unsubscribe' } satisfies BackgroundToContent);
        // The mock answers from the panel: with none left nothing would answer, and no banner would say it is on.
        this.setMockReplica(panel.tabId, false);
      }
    });
    port.onMessage.addListener((msg) => {
      if (!isPanelToBackground(msg)) return;
      if (msg.type === 'watch') {
        panel.tabId = msg.tabId;
        for (const frame of this.framesOf(msg.tabId).values()) safePost(port, this.frameMessage(frame));
        this.env.subscribeTab(msg.tabId);
        this.tellMockReplica(port, msg.tabId);
        return;
      }
      const tabId = panel.tabId;
      if (tabId === undefined) return;
      switch (msg.type) {
        case 'mock-replica':
          this.setMockReplica(tabId, msg.on);
          return;
        case 'sync': {
          const frame = this.framesOf(tabId).get(msg.frameId);
          if (!frame || frame.docId !== msg.docId) return;
          const requestId = this.nextSyncId++;
          this.pendingSyncs.set(requestId, panel);
          const out: BackgroundToContent = { v: BRIDGE_VERSION, type: 'sync', after: msg.after, requestId };
          safePost(frame.port, out);
          return;
        }
        case 'send': {
          const frame = this.framesOf(tabId).get(msg.frameId);
          if (!frame) {
            safePost(port, {
              v: BRIDGE_VERSION,
              type: 'send-result',
              requestId: msg.requestId,
              ok: false,
              error: 'That frame is gone (reloaded or removed).',
            });
            return;
          }
          this.pendingSends.set(msg.requestId, panel);
          safePost(frame.port, {
            v: BRIDGE_VERSION,
            type: 'send',
            requestId: msg.requestId,
            callId: msg.callId,
            json: msg.json,
            to: msg.to,
          } satisfies BackgroundToContent);
          return;
        }
        case 'inject': {
          const frame = this.framesOf(tabId).get(msg.frameId);
          if (!frame) {
            safePost(port, {
              v: BRIDGE_VERSION,
              type: 'inject-result',
              requestId: msg.requestId,
              ok: false,
              delivered: 0,
              error: 'That frame is gone (reloaded or removed).',
            });
            return;
          }
          this.pendingSends.set(msg.requestId, panel);
          safePost(frame.port, {
            v: BRIDGE_VERSION,
            type: 'inject',
            requestId: msg.requestId,
            callId: msg.callId,
            events: msg.events,
            origin: msg.origin,
          } satisfies BackgroundToContent);
          return;
        }
        case 'attach': {
          const frames = this.framesOf(tabId);
          for (const frame of frames.values())
            safePost(frame.port, { v: BRIDGE_VERSION, type: 'probe' } satisfies BackgroundToContent);
          const done = (ok: boolean, error?: string) =>
            safePost(port, { v: BRIDGE_VERSION, type: 'attach-result', ok, ...(error ? { error } : {}) });
          if (frames.size > 0) {
            done(true);
            return;
          }
          this.env.injectTab(tabId).then(
            () => {
              done(true);
              this.env.subscribeTab(tabId);
            },
            (err: unknown) => done(false, err instanceof Error ? err.message : String(err)),
          );
          return;
        }
      }
    });
  }

  /** A content script's one-shot "I have a call": subscribe it if a panel is watching its tab. */
  isWatched(tabId: number | undefined): boolean {
    if (tabId === undefined) return false;
    for (const panel of this.panels) if (panel.tabId === tabId) return true;
    return false;
  }

  /** No relay of this extension answered in the tab: panels watching it (with no frame from it) say so. */
  noCapture(tabId: number): void {
    if (this.framesOf(tabId).size === 0) this.toPanels(tabId, { v: BRIDGE_VERSION, type: 'no-capture' });
  }

  tabNavigated(tabId: number, url: string): void {
    this.toPanels(tabId, { v: BRIDGE_VERSION, type: 'navigated', url });
  }

  /** A new document finished loading: one without a Daily call stays quiet, so ask it to report to the panel. */
  tabLoaded(tabId: number): void {
    if (this.isWatched(tabId)) this.env.subscribeTab(tabId);
  }

  tabRemoved(tabId: number): void {
    this.frames.delete(tabId);
    this.setMockReplica(tabId, false);
  }

  /** The tab's mock-replica flag as this router knows it (see src/bridge/mock-mode.ts). */
  mockReplicaOn(tabId: number): boolean {
    return this.mockTabs.has(tabId);
  }

  private setMockReplica(tabId: number, on: boolean): void {
    const was = this.mockTabs.has(tabId);
    if (on) this.mockTabs.add(tabId);
    else this.mockTabs.delete(tabId);
    this.env.mockReplicaStore?.write(tabId, on).catch(() => {
      /* storage.session unavailable: the in-memory mirror still holds it while the worker runs */
    });
    if (was !== on) this.toPanels(tabId, { v: BRIDGE_VERSION, type: 'mock-replica', on });
  }

  /** Answers a `watch` with the tab's flag, from storage when the worker restarted and its mirror is empty. */
  private tellMockReplica(port: RouterPort, tabId: number): void {
    const store = this.env.mockReplicaStore;
    if (!store || this.mockTabs.has(tabId)) {
      safePost(port, { v: BRIDGE_VERSION, type: 'mock-replica', on: this.mockTabs.has(tabId) });
      return;
    }
    store.read(tabId).then(
      (stored) => {
        if (stored && this.isWatched(tabId)) this.mockTabs.add(tabId);
        safePost(port, { v: BRIDGE_VERSION, type: 'mock-replica', on: this.mockTabs.has(tabId) });
      },
      () => safePost(port, { v: BRIDGE_VERSION, type: 'mock-replica', on: this.mockTabs.has(tabId) }),
    );
  }

  private frameMessage(frame: FrameEntry): BackgroundToPanel {
    const { port: _p, frameId, ...hello } = frame;
    return { v: BRIDGE_VERSION, type: 'frame', frameId, ...hello };
  }

  private framesOf(tabId: number): Map<number, FrameEntry> {
    let frames = this.frames.get(tabId);
    if (!frames) this.frames.set(tabId, (frames = new Map()));
    return frames;
  }

  private toPanels(tabId: number, msg: BackgroundToPanel): void {
    for (const panel of this.panels) if (panel.tabId === tabId) safePost(panel.port, msg);
  }
}

function safePost(port: RouterPort, msg: unknown): void {
  try {
    port.postMessage(msg);
  } catch {
    /* the other side is gone; its onDisconnect cleans up */
  }
}
