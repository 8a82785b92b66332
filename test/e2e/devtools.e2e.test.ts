// The panel inside the real Chrome DevTools: selected like a user would, fed by the real pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ROOT, type TestServer } from '../support/server';
import { launchWithDevTools } from '../support/browser';
import { panelFrames, seqsOf, waitForInputs, waitUntil } from './support/panel';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

type W = { __joined?: boolean; __fakeMachine: { burst(n: number, o?: object): void } };
const ARTIFACTS = path.join(ROOT, 'artifacts');

describe('the CVI panel in real DevTools', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`shows events captured before DevTools' panel was opened, then live (${theme} theme)`, async () => {
      const session = await launchWithDevTools(`${server.origin}/fixtures/esm.html`, { theme });
      try {
        const { page } = session;
        await page.waitForFunction(() => (window as unknown as W).__joined === true, undefined, { timeout: 15_000 });
        await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(6));
        const panel = await session.openPanel();
        const host = await panel.evaluate(() => ({
          devtools: typeof chrome.devtools?.inspectedWindow?.tabId === 'number',
          themeName: chrome.devtools?.panels?.themeName,
          dark: document.documentElement.classList.contains('theme-dark'),
        }));
        expect(host.devtools).toBe(true);
        expect(host.dark).toBe(theme === 'dark');
        await waitForInputs(panel, (i) => seqsOf(i).length === 6, 'six early events');
        await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(2, { startSeq: 7 }));
        const inputs = await waitForInputs(panel, (i) => seqsOf(i).length === 8, 'two live events');
        expect(seqsOf(inputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const frames = await waitUntil(
          'call label',
          () => panelFrames(panel),
          (f) => f.some((x) => x.calls.length === 1),
        );
        expect(frames.flatMap((f) => f.calls)[0]?.mode).toBe('call-object');
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await new Promise((r) => setTimeout(r, 300));
        await session.devtools.screenshot({ path: path.join(ARTIFACTS, `devtools-panel-${theme}.png`) });
      } finally {
        await session.close();
      }
    });
  }
});
