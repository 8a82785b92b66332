// The Firefox build (dist-firefox/) in a real Firefox ESR: install, MAIN-world hook timing, capture all the way to
// the CVI panel inside Firefox's own DevTools, the standalone panel tab with a send back into the call, the event page
// suspended mid-stream, and a tab that was already open when the add-on was installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServer, type TestServer } from '../support/server';
import { appMessages, outgoing, seqsOf, waitUntil } from '../e2e/support/panel';
import { BRIDGE_VERSION, PANEL_PORT, type BackgroundToPanel, type PanelToBackground } from '../../src/bridge/messages';
import {
  geckoId,
  launchFirefox,
  readStandalonePanel,
  type FirefoxSession,
  type PanelSnapshot,
} from './support/firefox';

interface FixtureWindow {
  __joined?: boolean;
  __fakeMachine: { burst(n: number, opts?: { startSeq?: number }): void };
  __machineLog: { id: string; data: unknown; to: unknown }[];
  __pageLog: { kind: string; message?: string }[];
}

let server: TestServer;
let session: FirefoxSession;
let installedId: string;
/** A tab with a joined call that is open before the add-on is installed, like a developer's app tab. */
let tabOpenBeforeInstall: Page;

/** `label` makes the URL unique: tabs are told apart by URL when looking up their id. */
async function openJoinedCall(label: string): Promise<Page> {
  const page = await session.newPage();
  await page.goto(`${server.origin}/fixtures/esm.html?v=0.92.2&tab=${label}`);
  await page.waitForFunction(() => (window as unknown as FixtureWindow).__joined === true);
  return page;
}

const burst = (page: Page, n: number, startSeq = 1) =>
  page.evaluate(
    (count, start) => (window as unknown as FixtureWindow).__fakeMachine.burst(count, { startSeq: start }),
    n,
    startSeq,
  );

const waitForPanel = (
  what: string,
  read: () => Promise<PanelSnapshot | undefined>,
  ok: (snapshot: PanelSnapshot) => boolean,
) => waitUntil(what, read, (s) => s !== undefined && ok(s)) as Promise<PanelSnapshot>;

beforeAll(async () => {
  server = await startServer();
  // Firefox's DevTools in its dark theme: the panel must follow devtools.panels.themeName, not the OS.
  session = await launchFirefox({ 'devtools.theme': 'dark' });
  tabOpenBeforeInstall = await openJoinedCall('before-install');
  await burst(tabOpenBeforeInstall, 2);
  installedId = await session.installExtension();
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('Firefox: the same extension from the same source', () => {
  it('installs as a temporary add-on under its gecko id, with a background script instead of a service worker', async () => {
    expect(installedId).toBe(geckoId());
    const page = await session.newPage();
    await session.openExtensionPage(page, 'src/panel/index.html');
    const seen = await page.evaluate(() => {
      const ext = (
        globalThis as unknown as {
          browser: {
            runtime: { id: string; getManifest(): { background?: { scripts?: string[]; service_worker?: string } } };
          };
        }
      ).browser;
      const background = ext.runtime.getManifest().background;
      return { id: ext.runtime.id, scripts: background?.scripts, hasServiceWorker: background?.service_worker != null };
    });
    // Firefox reports background scripts as absolute moz-extension URLs.
    expect(seen).toEqual({
      id: installedId,
      scripts: [expect.stringMatching(/^moz-extension:\/\/[^/]+\/service-worker-loader\.js$/)],
      hasServiceWorker: false,
    });
    await page.close();
  });

  it("runs the MAIN-world hook before the page's first inline script", async () => {
    const page = await session.newPage();
    await page.goto(`${server.origin}/fixtures/hook-order.html`);
    const first = await page.evaluate(() => (window as unknown as { __firstScript: unknown }).__firstScript);
    // The hook leaves no marker on window (issue 12: less to fingerprint); its trap is there before page scripts.
    expect(first).toEqual({ trapInstalled: true, hookMarker: false, readyState: 'loading' });
    await page.close();
  });

  it('delivers app-messages to the CVI panel inside the real Firefox DevTools: from before it opened, then live', async () => {
    const page = await openJoinedCall('devtools');
    await burst(page, 5);
    await page.waitForFunction(() => (window as unknown as FixtureWindow).__pageLog.length >= 6); // early send + 5 messages
    const readPanel = await session.openDevToolsPanel(page);

    let panel = await waitForPanel(
      'five early events in the DevTools panel',
      readPanel,
      (s) => seqsOf(s.inputs).length === 5,
    );
    expect(seqsOf(panel.inputs)).toEqual([1, 2, 3, 4, 5]);
    // It is the DevTools panel (not the standalone page), inspecting the tab the extension knows for this page.
    expect(panel.href).toMatch(/^moz-extension:\/\/[^/]+\/src\/panel\/index\.html$/);
    expect(panel.inspectedTabId).toBe(await session.tabIdOf(page));
    expect(panel.dark).toBe(true);
    // Found by the constructor trap: the hook was in place when daily-js created the call.
    const call = panel.frames.flatMap((f) => f.calls)[0];
    expect(call).toMatchObject({ found: 'trap', via: 'hook', mode: 'call-object', dailyVersion: '0.92.2' });
    expect(panel.frames[0]?.hookPresent, 'the relay heard the hook announce itself (hook-ready)').toBe(true);
    expect(outgoing(panel.inputs)[0]?.record.sendError).toBe('sendAppMessage() only supported after join.');

    await burst(page, 3, 6);
    panel = await waitForPanel('three live events', readPanel, (s) => seqsOf(s.inputs).length === 8);
    expect(seqsOf(panel.inputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const cursors = panel.inputs.map((i) => i.cursor);
    expect(cursors).toEqual(cursors.map((_, k) => k + 1));
    await page.close();
  });

  it('standalone panel tab: live events, and a send from the panel goes through background, relay and hook into the call', async () => {
    const page = await openJoinedCall('standalone');
    const tabId = await session.tabIdOf(page);
    const panelTab = await session.openStandalonePanel(page);
    await burst(page, 4);
    let panel = await waitForPanel(
      'four events in the standalone panel',
      () => readStandalonePanel(panelTab),
      (s) => seqsOf(s.inputs).length === 4,
    );
    expect(seqsOf(panel.inputs)).toEqual([1, 2, 3, 4]);
    expect(panel.dark).toBe(false); // ?theme=light; DevTools' theme does not apply to a tab
    const frame = panel.frames.find((f) => f.calls.length > 0);
    const callId = frame?.calls[0]?.callId;
    expect(callId).toBeTruthy();

    // The composer's path: a panel port asks the background to send into the call (a second panel, same protocol).
    const data = {
      message_type: 'conversation',
      event_type: 'conversation.echo',
      properties: { text: 'from Firefox' },
    };
    const watch: PanelToBackground = { v: BRIDGE_VERSION, type: 'watch', tabId };
    const send: PanelToBackground = {
      v: BRIDGE_VERSION,
      type: 'send',
      frameId: frame?.frameId ?? 0,
      requestId: 'ff-send-1',
      callId: callId ?? '',
      json: JSON.stringify(data),
      to: '*',
    };
    const result = await panelTab.evaluate(
      (portName: string, messages: PanelToBackground[]) =>
        new Promise<BackgroundToPanel>((resolve) => {
          const ext = (
            globalThis as unknown as {
              browser: {
                runtime: {
                  connect(o: { name: string }): {
                    postMessage(m: unknown): void;
                    disconnect(): void;
                    onMessage: { addListener(f: (m: BackgroundToPanel) => void): void };
                  };
                };
              };
            }
          ).browser;
          const port = ext.runtime.connect({ name: portName });
          port.onMessage.addListener((msg) => {
            if (msg.type === 'send-result') {
              port.disconnect();
              resolve(msg);
            }
          });
          for (const message of messages) port.postMessage(message);
        }),
      PANEL_PORT,
      [watch, send],
    );
    expect(result).toEqual({ v: BRIDGE_VERSION, type: 'send-result', requestId: 'ff-send-1', ok: true });
    const machineLog = await page.evaluate(() => (window as unknown as FixtureWindow).__machineLog);
    expect(machineLog).toEqual([{ id: expect.any(String), data, to: '*' }]);
    panel = await waitForPanel(
      'the DevTools send in the log',
      () => readStandalonePanel(panelTab),
      (s) => outgoing(s.inputs).some((i) => i.record.origin === 'devtools'),
    );
    const sent = outgoing(panel.inputs).find((i) => i.record.origin === 'devtools');
    expect(JSON.parse(sent?.record.json ?? 'null')).toEqual(data);
    await panelTab.close();
    await page.close();
  });

  it('loses and doubles nothing when Firefox suspends the event page mid-stream', async () => {
    const page = await openJoinedCall('suspend');
    const panelTab = await session.openStandalonePanel(page);
    await burst(page, 3);
    await waitForPanel(
      'three events before the suspension',
      () => readStandalonePanel(panelTab),
      (s) => seqsOf(s.inputs).length === 3,
    );
    expect(await session.suspendBackground()).toBe('stopped');
    // Sent while no background runs: the relay keeps them; the panel's reconnect wakes the event page and resyncs.
    await burst(page, 3, 4);
    const panel = await waitForPanel(
      'all six after the restart',
      () => readStandalonePanel(panelTab),
      (s) => seqsOf(s.inputs).length >= 6,
    );
    expect(seqsOf(panel.inputs)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await session.backgroundState()).toBe('running');
    await panelTab.close();
    await page.close();
  });

  it('captures from a tab that was open before install: Firefox injects the content scripts and the hook attaches late', async () => {
    const panelTab = await session.openStandalonePanel(tabOpenBeforeInstall);
    let panel = await waitForPanel(
      'the late-attached call',
      () => readStandalonePanel(panelTab),
      (s) => s.frames.some((f) => f.calls.length > 0),
    );
    expect(panel.frames.flatMap((f) => f.calls)[0]).toMatchObject({
      found: 'late',
      via: 'hook',
      dailyVersion: '0.92.2',
    });
    // The two messages before install happened before any capture script existed; later ones are captured.
    await burst(tabOpenBeforeInstall, 3, 10);
    panel = await waitForPanel(
      'events after install',
      () => readStandalonePanel(panelTab),
      (s) => seqsOf(s.inputs).length === 3,
    );
    expect(seqsOf(panel.inputs)).toEqual([10, 11, 12]);
    expect(appMessages(panel.inputs).every((i) => i.record.via === 'hook')).toBe(true);
    await panelTab.close();
  });
});
