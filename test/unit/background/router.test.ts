import { describe, expect, it } from 'vitest';
import { Router, type RouterPort } from '../../../src/background/router';
import { encodeRecords } from '../../../src/bridge/channel';
import type { BufferedRecord } from '../../../src/record/record';

class FakePort implements RouterPort {
  sent: unknown[] = [];
  disconnected = false;
  private messageListeners: ((msg: unknown) => void)[] = [];
  private disconnectListeners: (() => void)[] = [];
  onMessage = { addListener: (cb: (msg: unknown) => void) => void this.messageListeners.push(cb) };
  onDisconnect = { addListener: (cb: () => void) => void this.disconnectListeners.push(cb) };
  postMessage(msg: unknown) {
    this.sent.push(msg);
  }
  disconnect() {
    this.disconnected = true;
  }
  receive(msg: unknown) {
    for (const l of this.messageListeners) l(msg);
  }
  drop() {
    for (const l of this.disconnectListeners) l();
  }
  ofType(type: string) {
    return this.sent.filter((m) => (m as { type: string }).type === type) as Record<string, unknown>[];
  }
}

const EXT = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
function setup() {
  const subscribed: number[] = [];
  const router = new Router({
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    subscribeTab: (t) => void subscribed.push(t),
    injectTab: async () => {},
  });
  const panel = (tabId: number) => {
    const port = new FakePort();
    router.connectPanel(port, { id: EXT, url: `${ORIGIN}src/panel/index.html` });
    port.receive({ v: 1, type: 'watch', tabId });
    return port;
  };
  const content = (tabId: number, frameId: number, docId = `doc-${tabId}-${frameId}`) => {
    const port = new FakePort();
    router.connectContent(port, { id: EXT, tab: { id: tabId }, frameId, url: 'https://app.example/' });
    port.receive({
      v: 1,
      type: 'hello',
      docId,
      url: 'https://app.example/',
      top: frameId === 0,
      calls: [],
      head: 0,
      hookPresent: true,
    });
    return port;
  };
  return { router, panel, content, subscribed };
}
const event = (cursor: number) =>
  ({
    kind: 'app-message',
    callId: 'c',
    via: 'hook',
    t: 1,
    dir: 'in',
    origin: 'remote',
    json: '{}',
    size: 2,
    cursor,
  }) as BufferedRecord;
const frame = (events: BufferedRecord[]) => ({
  frame: encodeRecords(events),
  count: events.length,
  first: events[0]?.cursor ?? 0,
  droppedBytes: 0,
  droppedUpstream: 0,
});

describe('Router', () => {
  it("routes a tab's frames only to the panels watching that tab", () => {
    const { panel, content, subscribed } = setup();
    const p1 = panel(1);
    const p2 = panel(2);
    expect(subscribed).toEqual([1, 2]);
    const c1 = content(1, 0);
    content(2, 0);
    expect(p1.ofType('frame').map((f) => f.docId)).toEqual(['doc-1-0']);
    expect(p2.ofType('frame').map((f) => f.docId)).toEqual(['doc-2-0']);
    c1.receive({ v: 1, type: 'events', docId: 'doc-1-0', ...frame([event(1)]), firstCursor: 1, dropped: 0 });
    expect(p1.ofType('events')).toHaveLength(1);
    expect(p2.ofType('events')).toHaveLength(0);
  });

  it('files content ports by the browser-given sender, whatever the message claims', () => {
    const { router, panel } = setup();
    const p1 = panel(1);
    const p2 = panel(2);
    // A page in tab 2 (frame 0) says things; it only ever reaches tab 2's panel.
    const port = new FakePort();
    router.connectContent(port, { id: EXT, tab: { id: 2 }, frameId: 0 });
    port.receive({
      v: 1,
      type: 'hello',
      docId: 'spoof',
      url: 'x',
      top: true,
      calls: [],
      head: 0,
      hookPresent: true,
      tabId: 1,
      frameId: 7,
    });
    expect(p1.ofType('frame')).toHaveLength(0);
    expect(p2.ofType('frame')[0]).toMatchObject({ docId: 'spoof', frameId: 0 });
  });

  it('refuses ports without a tab, from other extensions, and panels from web pages', () => {
    const { router } = setup();
    const noTab = new FakePort();
    router.connectContent(noTab, { id: EXT, frameId: 0 });
    expect(noTab.disconnected).toBe(true);
    const foreign = new FakePort();
    router.connectContent(foreign, { id: 'evil', tab: { id: 1 }, frameId: 0 });
    expect(foreign.disconnected).toBe(true);
    const webPanel = new FakePort();
    router.connectPanel(webPanel, { id: EXT, url: 'https://evil.example/', tab: { id: 1 } });
    expect(webPanel.disconnected).toBe(true);
  });

  it("answers a panel's sync only to that panel, and send results to the sender", () => {
    const { panel, content } = setup();
    const a = panel(1);
    const b = panel(1);
    const c = content(1, 0);
    a.receive({ v: 1, type: 'sync', frameId: 0, docId: 'doc-1-0', after: 0 });
    const sync = c.ofType('sync')[0]!;
    c.receive({
      v: 1,
      type: 'events',
      docId: 'doc-1-0',
      ...frame([event(1)]),
      firstCursor: 1,
      dropped: 0,
      replyTo: sync.requestId,
    });
    expect(a.ofType('events')).toHaveLength(1);
    expect(b.ofType('events')).toHaveLength(0);
    b.receive({ v: 1, type: 'send', frameId: 0, requestId: 'r1', callId: 'c', json: '{}', to: '*' });
    expect(c.ofType('send')).toHaveLength(1);
    c.receive({ v: 1, type: 'send-result', requestId: 'r1', ok: true });
    expect(b.ofType('send-result')).toEqual([{ v: 1, type: 'send-result', requestId: 'r1', ok: true }]);
    expect(a.ofType('send-result')).toHaveLength(0);
  });

  it("ignores a sync for a document that is not the frame's current one, and says when a frame goes", () => {
    const { panel, content } = setup();
    const p = panel(1);
    const first = content(1, 0, 'old');
    content(1, 0, 'new');
    expect(p.ofType('frame-gone')).toEqual([{ v: 1, type: 'frame-gone', frameId: 0, docId: 'old' }]);
    p.receive({ v: 1, type: 'sync', frameId: 0, docId: 'old', after: 0 });
    expect(first.ofType('sync')).toHaveLength(0);
  });

  it('drops invalid messages instead of acting on them', () => {
    const { panel, content } = setup();
    const p = panel(1);
    const c = content(1, 0);
    c.receive({
      v: 1,
      type: 'events',
      docId: 'doc-1-0',
      frame: 'not a frame',
      count: 1,
      first: 1,
      firstCursor: 1,
      dropped: 0,
      droppedBytes: 0,
      droppedUpstream: 0,
    });
    c.receive({ v: 1, type: 'events', docId: 'other-doc', ...frame([event(1)]), firstCursor: 1, dropped: 0 });
    expect(p.ofType('events')).toHaveLength(0);
  });

  it("tells a tab's relays to stop streaming when its last panel goes, and not before", () => {
    const { panel, content } = setup();
    const a = panel(1);
    const b = panel(1);
    const c = content(1, 0);
    const other = content(2, 0);
    a.drop();
    expect(c.ofType('unsubscribe')).toHaveLength(0);
    b.drop();
    expect(c.ofType('unsubscribe')).toHaveLength(1);
    expect(other.ofType('unsubscribe')).toHaveLength(0);
  });

  it('tells a panel that the frame is gone for sends to a frame it does not know', () => {
    const { panel } = setup();
    const p = panel(1);
    p.receive({ v: 1, type: 'send', frameId: 5, requestId: 'r', callId: 'c', json: '{}', to: '*' });
    expect(p.ofType('send-result')[0]).toMatchObject({ ok: false });
  });

  it('tells the panels of a tab where no relay answers that it needs a reload, but not when one has reported', () => {
    const { router, panel, content } = setup();
    const watching = panel(1);
    router.noCapture(1);
    expect(watching.ofType('no-capture')).toHaveLength(1);
    content(2, 0);
    const other = panel(2);
    router.noCapture(2);
    expect(other.ofType('no-capture')).toHaveLength(0);
  });

  describe('mock-replica flag', () => {
    function withStore(stored: number[] = []) {
      const kept = new Set(stored);
      const writes: Array<[number, boolean]> = [];
      const router = new Router({
        extensionId: EXT,
        extensionOrigin: ORIGIN,
        subscribeTab: () => {},
        injectTab: async () => {},
        mockReplicaStore: {
          read: async (tabId) => kept.has(tabId),
          write: async (tabId, on) => {
            writes.push([tabId, on]);
            if (on) kept.add(tabId);
            else kept.delete(tabId);
          },
        },
      });
      const panel = (tabId: number) => {
        const port = new FakePort();
        router.connectPanel(port, { id: EXT, url: `${ORIGIN}src/panel/index.html` });
        port.receive({ v: 1, type: 'watch', tabId });
        return port;
      };
      return { router, panel, kept, writes };
    }
    const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

    it('is set for the tab the panel watches, stored, and told to every panel of that tab only', async () => {
      const { router, panel, kept } = withStore();
      const a = panel(1);
      const b = panel(1);
      const other = panel(2);
      await flush();
      expect(a.ofType('mock-replica').at(-1)).toMatchObject({ on: false });
      a.receive({ v: 1, type: 'mock-replica', on: true, tabId: 2 });
      expect(router.mockReplicaOn(1)).toBe(true);
      expect(router.mockReplicaOn(2)).toBe(false);
      expect(kept.has(1)).toBe(true);
      expect(b.ofType('mock-replica').at(-1)).toMatchObject({ on: true });
      expect(other.ofType('mock-replica').at(-1)).toMatchObject({ on: false });
      a.receive({ v: 1, type: 'mock-replica', on: false });
      expect(router.mockReplicaOn(1)).toBe(false);
      expect(kept.has(1)).toBe(false);
    });

    it('is read back from storage after a worker restart, and a new panel is told', async () => {
      const { router, panel } = withStore([4]);
      const p = panel(4);
      await flush();
      expect(p.ofType('mock-replica').at(-1)).toMatchObject({ on: true });
      expect(router.mockReplicaOn(4)).toBe(true);
    });

    it('goes off when the last panel of the tab closes and when the tab closes', async () => {
      const { router, panel, kept } = withStore();
      const a = panel(1);
      const b = panel(1);
      a.receive({ v: 1, type: 'mock-replica', on: true });
      a.drop();
      expect(router.mockReplicaOn(1)).toBe(true);
      b.drop();
      expect(router.mockReplicaOn(1)).toBe(false);
      expect(kept.has(1)).toBe(false);
      const c = panel(3);
      c.receive({ v: 1, type: 'mock-replica', on: true });
      router.tabRemoved(3);
      expect(router.mockReplicaOn(3)).toBe(false);
    });

    it('ignores the message from a panel that watches no tab, and a malformed one', () => {
      const { router } = withStore();
      const port = new FakePort();
      router.connectPanel(port, { id: EXT, url: `${ORIGIN}src/panel/index.html` });
      port.receive({ v: 1, type: 'mock-replica', on: true });
      port.receive({ v: 1, type: 'watch', tabId: 1 });
      port.receive({ v: 1, type: 'mock-replica', on: 'yes' });
      expect(router.mockReplicaOn(1)).toBe(false);
    });
  });
});
