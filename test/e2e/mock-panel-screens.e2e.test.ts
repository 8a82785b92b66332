// The Mock tab in the real DevTools, docked right at 450 px and full width, light and dark: the banner is on screen
// and whole while the mock is on, and the screenshots (artifacts/mock-*.png) are there to be looked at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ROOT, type TestServer } from '../support/server';
import { launchWithDevTools } from '../support/browser';
import { selectMainTab, waitUntil } from './support/panel';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const ARTIFACTS = path.join(ROOT, 'artifacts');
const LAYOUTS = [
  { name: 'right-450', options: { dockRightWidth: 450, width: 1400, height: 900 } },
  { name: 'full', options: { width: 1400, height: 900 } },
] as const;

describe('Mock tab in DevTools', () => {
  for (const theme of ['light', 'dark'] as const)
    for (const layout of LAYOUTS)
      it(`${layout.name}, ${theme}: banner whole and visible while on`, async () => {
        const session = await launchWithDevTools(`${server.origin}/fixtures/mock-replica.html`, {
          theme,
          ...layout.options,
        });
        try {
          const { page } = session;
          await page.waitForFunction(() => (globalThis as unknown as { __joined?: boolean }).__joined === true);
          const panel = await session.openPanel();
          // Docked right at 450 px the Mock tab is in the strip's » menu.
          await selectMainTab(panel, 'mock', 'Mock');
          await panel.click('[data-testid=mock-switch]');
          const banner = panel.locator('[data-testid=mock-banner]');
          await banner.waitFor({ timeout: 10_000 });
          await waitUntil(
            'the replica to join',
            () => page.textContent('#replica-state'),
            (s) => s === 'present',
          );
          await page.evaluate(() => (globalThis as unknown as { __respond(t: string): void }).__respond('hello mock'));
          await waitUntil(
            'the answer',
            () => page.$$eval('#transcript li', (items) => items.length),
            (n) => n > 0,
            20_000,
          );
          fs.mkdirSync(ARTIFACTS, { recursive: true });
          await session.devtools.screenshot({ path: path.join(ARTIFACTS, `mock-${layout.name}-${theme}.png`) });
          // Measured inside the panel's frame (Playwright's boxes are in the DevTools window's coordinates).
          const fit = await panel.evaluate(() => {
            const rect = (id: string) => document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect();
            const banner = rect('mock-banner');
            const off = rect('mock-banner-off');
            return {
              width: document.documentElement.clientWidth,
              height: document.documentElement.clientHeight,
              scrollWidth: document.documentElement.scrollWidth,
              banner: { left: banner.left, right: banner.right, top: banner.top, bottom: banner.bottom },
              offRight: off.right,
            };
          });
          expect(fit.banner.left).toBeGreaterThanOrEqual(0);
          expect(fit.banner.right).toBeLessThanOrEqual(fit.width + 1);
          expect(fit.banner.top).toBeLessThan(fit.height / 2);
          // The whole sentence and the off button fit (wrapped, not cut), and nothing makes the panel scroll sideways.
          expect(fit.offRight).toBeLessThanOrEqual(fit.width + 1);
          expect(fit.scrollWidth).toBeLessThanOrEqual(fit.width + 1);
          await selectMainTab(panel, 'events', 'Events');
          await new Promise((r) => setTimeout(r, 300));
          await session.devtools.screenshot({ path: path.join(ARTIFACTS, `mock-events-${layout.name}-${theme}.png`) });
        } finally {
          await session.close();
        }
      });
});
