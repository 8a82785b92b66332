// The inject path above the relay: its guards, the background router (panel port only, result to the asking panel)
// and the panel's CaptureConnection.inject API.
import { describe, expect, it } from 'vitest';
import * as bridge from '../../../src/bridge/messages';
import { Router, type RouterPort } from '../../../src/background/router';
import { CaptureConnection, type PortLike } from '../../../src/panel/connection';
import { MAX_EVENT_JSON } from '../../../src/record/record';

class FakePort implements RouterPort, PortLike {
  sent: Record<string, unknown>[] = [];
  disconnected = false;
  private listeners: ((m: unknown) => void)[] = [];
  private drops: (() => void)[] = [];
  onMessage = { addListener: (cb: (m: unknown) => void) => void this.listeners.push(cb) };
  onDisconnect = { addListener: (cb: () => void) => void this.drops.push(cb) };
  postMessage(m: unknown) {
    this.sent.push(m as Record<string, unknown>);
  }
  disconnect() {
    this.disconnected = true;
  }
  receive(m: unknown) {
    for (const l of this.listeners) l(m);
  }
  drop() {
    for (const l of this.drops) l();
  }
  ofType(type: string) {
    return this.sent.filter((m) => m.type === type);
  }
}

const events = [{ json: '{"seq":1}', fromId: 'replica' }];
const panelInject = { v: 1, type: 'inject', frameId: 0, requestId: 'i1', callId: 'c', events, origin: 'replay' };

describe('inject guards', () => {
  it('accept inject commands and results on their hops only', () => {
    expect(bridge.isPanelToBackground(panelInject)).toBe(true);
    expect(bridge.isPanelToBackground({ ...panelInject, origin: 'mock' })).toBe(true);
    const { frameId: _f, ...toContent } = panelInject;
    expect(bridge.isBackgroundToContent(toContent)).toBe(true);
    const result = { v: 1, type: 'inject-result', requestId: 'i1', ok: true, delivered: 1 };
    for (const guard of [bridge.isPageToRelay, bridge.isContentToBackground, bridge.isBackgroundToPanel])
      expect(guard(result)).toBe(true);
    // The page hook never receives or sends the origin; a page-to-relay inject does not exist.
    expect(bridge.isPageToRelay(toContent)).toBe(false);
  });

  it('refuse a bad origin, no events, too many, oversized or malformed events, and bad results', () => {
    const bad = [
      { ...panelInject, origin: 'devtools' },
      { ...panelInject, origin: 'remote' },
      { ...panelInject, origin: undefined },
      { ...panelInject, events: [] },
      { ...panelInject, events: Array.from({ length: bridge.MAX_INJECT_EVENTS + 1 }, () => events[0]) },
      { ...panelInject, events: [{ json: 'x'.repeat(MAX_EVENT_JSON + 1), fromId: 'r' }] },
      { ...panelInject, events: [{ json: '{}' }] },
      { ...panelInject, events: [{ json: '{}', fromId: 3 }] },
      { ...panelInject, events: '[]' },
      { ...panelInject, frameId: 'top' },
    ];
    for (const msg of bad) expect(bridge.isPanelToBackground(msg), JSON.stringify(msg).slice(0, 80)).toBe(false);
    const result = { v: 1, type: 'inject-result', requestId: 'i1', ok: true, delivered: 1 };
    expect(bridge.isBackgroundToPanel({ ...result, delivered: -1 })).toBe(false);
    expect(bridge.isBackgroundToPanel({ ...result, delivered: '1' })).toBe(false);
    expect(bridge.isBackgroundToPanel({ ...result, handlerError: 5 })).toBe(false);
  });
});

describe('router', () => {
  const EXT = 'ext-id';
  const ORIGIN = 'chrome-extension://ext-id/';
  function setup() {
    const router = new Router({
      extensionId: EXT,
      extensionOrigin: ORIGIN,
      subscribeTab: () => {},
      injectTab: async () => {},
    });
    const panel = (sender: { id: string; url: string; tab?: { id: number } } = { id: EXT, url: `${ORIGIN}p.html` }) => {
      const port = new FakePort();
      router.connectPanel(port, sender);
      port.receive({ v: 1, type: 'watch', tabId: 1 });
      return port;
    };
    const content = () => {
      const port = new FakePort();
      router.connectContent(port, { id: EXT, tab: { id: 1 }, frameId: 0, url: 'https://app.example/' });
      port.receive({
        v: 1,
        type: 'hello',
        docId: 'd',
        url: 'https://app.example/',
        top: true,
        calls: [],
        head: 0,
        hookPresent: true,
      });
      return port;
    };
    return { panel, content };
  }

  it('forwards a panel inject to the frame and its result to that panel only', () => {
    const { panel, content } = setup();
    const a = panel();
    const b = panel();
    const c = content();
    a.receive(panelInject);
    expect(c.ofType('inject')).toEqual([
      { v: 1, type: 'inject', requestId: 'i1', callId: 'c', events, origin: 'replay' },
    ]);
    c.receive({ v: 1, type: 'inject-result', requestId: 'i1', ok: true, delivered: 1 });
    expect(a.ofType('inject-result')).toEqual([
      { v: 1, type: 'inject-result', requestId: 'i1', ok: true, delivered: 1 },
    ]);
    expect(b.ofType('inject-result')).toEqual([]);
  });

  it('a web page cannot open a panel port to inject, and a frame that is gone is reported', () => {
    const { panel, content } = setup();
    const c = content();
    const web = panel({ id: EXT, url: 'https://evil.example/', tab: { id: 1 } });
    expect(web.disconnected).toBe(true);
    web.receive(panelInject);
    const foreign = panel({ id: 'other-extension', url: 'chrome-extension://other/p.html' });
    foreign.receive(panelInject);
    expect(c.ofType('inject')).toEqual([]);
    const p = panel();
    p.receive({ ...panelInject, frameId: 9 });
    expect(p.ofType('inject-result')).toEqual([expect.objectContaining({ requestId: 'i1', ok: false, delivered: 0 })]);
  });
});

describe('CaptureConnection.inject', () => {
  function setup() {
    const ports: FakePort[] = [];
    const connection = new CaptureConnection(
      () => {
        const p = new FakePort();
        ports.push(p);
        return p;
      },
      1,
      { onRecords: () => {}, onFrames: () => {}, onStatus: () => {}, onNavigated: () => {} },
      { set: (() => 0) as unknown as typeof setTimeout, clear: (() => {}) as typeof clearTimeout },
    );
    connection.start();
    return { connection, port: () => ports.at(-1)! };
  }

  it('posts the command and resolves with the result for its own request id', async () => {
    const { connection, port } = setup();
    const outcome = connection.inject({ frameId: 2, callId: 'c' }, [{ json: '{"seq":1}', fromId: 'r' }], 'mock');
    const [sent] = port().ofType('inject');
    expect(sent).toMatchObject({
      frameId: 2,
      callId: 'c',
      origin: 'mock',
      events: [{ json: '{"seq":1}', fromId: 'r' }],
    });
    port().receive({ v: 1, type: 'inject-result', requestId: 'other', ok: false, delivered: 0 });
    port().receive({ v: 1, type: 'send-result', requestId: sent!.requestId, ok: false });
    port().receive({
      v: 1,
      type: 'inject-result',
      requestId: sent!.requestId,
      ok: true,
      delivered: 1,
      handlerError: 'x',
    });
    await expect(outcome).resolves.toEqual({ ok: true, delivered: 1, handlerError: 'x' });
  });

  it('fails in flight injections when the connection drops, and refuses oversized batches without posting', async () => {
    const { connection, port } = setup();
    const pending = connection.inject({ frameId: 0, callId: 'c' }, [{ json: '{}', fromId: 'r' }], 'replay');
    port().drop();
    await expect(pending).resolves.toMatchObject({ ok: false, delivered: 0 });
    const tooMany = Array.from({ length: bridge.MAX_INJECT_EVENTS + 1 }, () => ({ json: '{}', fromId: 'r' }));
    await expect(connection.inject({ frameId: 0, callId: 'c' }, tooMany, 'replay')).resolves.toMatchObject({
      ok: false,
    });
  });
});
