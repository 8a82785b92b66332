// After the extension is reloaded (or updated) with a tab open, the tab keeps the old capture scripts, cut off from
// the extension. The panel must say "reload the tab", and Attach must then work: the call found again, events and
// sends captured once (not twice), DevTools sends delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJoined, type ExtensionEnv } from './support/setup';
import { EXTENSION_DIR, launchWithExtension } from '../support/browser';
import { startServer } from '../support/server';
import { incoming, outgoing, panelFrames, waitForInputs, waitUntil } from './support/panel';

// CDP's Extensions.loadUnpacked (behind this flag) reloads the unpacked extension from the same path, as an update
// or a click on "reload" in chrome://extensions does: same id, new scripts, open tabs keep the old ones.
const env = {} as ExtensionEnv;
beforeAll(async () => {
  env.server = await startServer();
  env.session = await launchWithExtension(['--enable-unsafe-extension-debugging']);
});
afterAll(async () => {
  await env.session?.close();
  await env.server?.close();
});

type W = { __fakeMachine: { emit(d: unknown): void }; __appSend(d: unknown): void; __machineLog: { data: unknown }[] };

async function reloadExtension(): Promise<void> {
  const cdp = await env.session.context.browser()!.newBrowserCDPSession();
  await cdp.send('Extensions.loadUnpacked' as never, { path: EXTENSION_DIR } as never);
  await cdp.detach();
}

describe('a tab open across an extension reload', () => {
  it('the panel says to reload the tab; after Attach the call is captured once and DevTools can send', async () => {
    const page = await openJoined(env, '/fixtures/esm.html');
    const tabId = await env.session.tabIdOf(page);
    await reloadExtension();
    const panel = await env.session.context.newPage();
    const panelUrl = `chrome-extension://${env.session.extensionId}/src/panel/index.html?tabId=${tabId}&theme=light`;
    await waitUntil(
      'the reloaded extension to serve its panel',
      () =>
        panel.goto(panelUrl).then(
          () => true,
          () => false,
        ),
      (ok) => ok,
      20_000,
    );
    await panel.waitForSelector('[data-testid="no-capture"]', { timeout: 15_000 });
    expect(await panel.textContent('[data-testid="no-capture"]')).toMatch(/Reload the tab/);

    await panel.click('[data-testid="attach"]');
    const frames = await waitUntil(
      'the call found again',
      () => panelFrames(panel),
      (f) => f.some((x) => x.calls.some((c) => c.found === 'late')),
      15_000,
    );
    const call = frames.flatMap((f) => f.calls)[0]!;
    expect(call).toMatchObject({ via: 'hook', found: 'late' });

    await page.evaluate(() => {
      const w = window as unknown as W;
      w.__fakeMachine.emit({ seq: 1, after: 'reload' });
      w.__appSend({ app: 'send' });
    });
    const inputs = await waitForInputs(panel, (i) => incoming(i).length >= 1 && outgoing(i).length >= 1, 'traffic');
    await new Promise((r) => setTimeout(r, 500));
    const settled = await waitForInputs(panel, () => true, 'settled');
    expect(incoming(settled).map((i) => i.record.json)).toEqual(['{"seq":1,"after":"reload"}']);
    expect(outgoing(settled).map((i) => i.record.json)).toEqual(['{"app":"send"}']);
    void inputs;

    // A DevTools send through the re-attached call reaches the call machine.
    const result = await panel.evaluate(
      ({ tabId, callId }) =>
        new Promise<{ ok: boolean }>((resolve) => {
          const port = chrome.runtime.connect({ name: 'cvi-panel' });
          port.onMessage.addListener((msg: { type: string; frameId?: number; ok?: boolean; requestId?: string }) => {
            if (msg.type === 'frame' && msg.frameId === 0)
              port.postMessage({
                v: 1,
                type: 'send',
                frameId: 0,
                requestId: 'r-stale',
                callId,
                json: '{"dev":1}',
                to: '*',
              });
            if (msg.type === 'send-result' && msg.requestId === 'r-stale') resolve(msg as { ok: boolean });
          });
          port.postMessage({ v: 1, type: 'watch', tabId });
        }),
      { tabId, callId: call.callId },
    );
    expect(result.ok).toBe(true);
    const machine = await page.evaluate(() => (window as unknown as W).__machineLog.map((e) => JSON.stringify(e.data)));
    expect(machine).toContain('{"dev":1}');
    // The old copy was found (retired in its world, or its trap seen by the new hook): the panel says to reload.
    expect(await panel.isVisible('[data-testid="stale-capture"]')).toBe(true);
    expect((await panelFrames(panel))[0]).toMatchObject({ stale: true, hookPresent: true });
    await panel.close();
    await page.close();
  });
});
