// Extension messaging clones structurally (manifest `message_serialization: structured_clone`, Chrome 148+): a relay
// batch is one long string, which JSON messaging would escape quote by quote on the page's thread and parse again in
// the service worker and the panel; a structured clone copies it. This checks that Chrome honours the key for our
// build: a Map and an undefined field survive a runtime message only under structured clone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionSession } from '../support/browser';

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchWithExtension();
});
afterAll(async () => {
  await session?.close();
});

it('extension messages are structured clones, not JSON', async () => {
  const pageUrl = `chrome-extension://${session.extensionId}/src/panel/index.html?tabId=999999`;
  const receiver = await session.context.newPage();
  await receiver.goto(pageUrl);
  await receiver.evaluate(() => {
    const w = window as unknown as { received?: unknown };
    chrome.runtime.onMessage.addListener((message: unknown) => {
      const m = message as { probe?: string; map?: unknown; gap?: unknown };
      if (m.probe !== 'clone-check') return;
      w.received = {
        mapIsMap: m.map instanceof Map,
        mapSize: m.map instanceof Map ? m.map.size : -1,
        hasGap: 'gap' in m,
      };
    });
  });
  const sender = await session.context.newPage();
  await sender.goto(pageUrl);
  await sender.evaluate(() => {
    // The reply (the background's or nobody's) does not matter; delivery to the receiver does.
    void chrome.runtime
      .sendMessage({ probe: 'clone-check', map: new Map([['a', 1]]), gap: undefined })
      .catch(() => undefined);
  });
  await receiver.waitForFunction(() => (window as unknown as { received?: unknown }).received !== undefined);
  // Under JSON the Map would arrive as {} and the undefined field would be dropped.
  expect(await receiver.evaluate(() => (window as unknown as { received?: unknown }).received)).toEqual({
    mapIsMap: true,
    mapSize: 1,
    hasGap: true,
  });
});
