// The real DevTools panel on the demo conversation, driven like a user (keyboard to the panel, clicks inside it),
// with screenshots of each view in both themes for review (artifacts/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, ROOT, type TestServer } from '../support/server';
import { launchWithDevTools } from '../support/browser';
import { waitUntil } from './support/panel';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const ARTIFACTS = path.join(ROOT, 'artifacts');

describe('CVI panel in DevTools on the demo call', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`events, detail and turns views (${theme})`, async () => {
      const session = await launchWithDevTools(`${server.origin}/demo/?autojoin=1&seed=5&speed=4&pal=1&jitter=30`, {
        theme,
        height: 1000,
      });
      try {
        const { page } = session;
        await page.waitForFunction(
          () => !(document.querySelector('#send') as HTMLButtonElement | null)?.disabled,
          undefined,
          { timeout: 20_000 },
        );
        await page.fill('#chat-text', "what's the weather in Paris?");
        await page.click('#send');
        const panel = await session.openPanel();
        await waitUntil(
          'a finished turn',
          () =>
            panel.evaluate(
              () =>
                (
                  globalThis as unknown as { __cviPanel: { store: { turns: { value: { state: string }[] } } } }
                ).__cviPanel.store.turns.value.filter((t) => t.state === 'done').length,
            ),
          (n) => n >= 1,
          30_000,
        );
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        // Select the tool call row with the keyboard-driven filter, open its detail.
        await panel.locator('[data-testid=filter]').fill('type:tool_call');
        await panel.locator('[data-testid=event-row]').first().dblclick();
        await panel.locator('[data-testid=detail]').waitFor();
        await panel.locator('[data-testid=filter]').fill('');
        await new Promise((r) => setTimeout(r, 300));
        await session.devtools.screenshot({ path: path.join(ARTIFACTS, `demo-events-${theme}.png`) });
        expect(await panel.locator('[data-testid=event-row]').count()).toBeLessThanOrEqual(100);
        await panel.getByRole('tab', { name: /Turns/ }).click();
        await panel.locator('[data-testid=turn]').first().waitFor();
        await session.devtools.screenshot({ path: path.join(ARTIFACTS, `demo-turns-${theme}.png`) });
        await panel.getByRole('tab', { name: /Composer/ }).click();
        await new Promise((r) => setTimeout(r, 300));
        await session.devtools.screenshot({ path: path.join(ARTIFACTS, `demo-composer-${theme}.png`) });
        const bg = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
        const [r, g, b] = bg.match(/\d+/g)!.map(Number) as [number, number, number];
        expect(theme === 'dark' ? r + g + b < 200 : r + g + b > 600).toBe(true);
      } finally {
        await session.close();
      }
    });
  }
});
