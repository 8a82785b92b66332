// The replay bar inside the real DevTools (docked right at 555 px, light), driven like a user: load the demo's
// session, break before the tool call, then play on; the app's DOM follows. Saves artifacts/replay.png (the README's docs/replay.png).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServer, type TestServer } from '../support/server';
import { launchWithDevTools } from '../support/browser';
import { waitUntil } from './support/panel';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('replay in DevTools', () => {
  it('breaks before the tool call and plays on into the page', async () => {
    const session = await launchWithDevTools(`${server.origin}/fixtures/replay-transcript.html`, {
      theme: 'light',
      width: 1300,
      height: 760,
      dockRightWidth: 555,
    });
    try {
      const { page } = session;
      await page.waitForFunction(() => (window as unknown as { __joined?: boolean }).__joined === true, undefined, {
        timeout: 20_000,
      });
      const panel = await session.openPanel();
      await panel.locator('[data-testid=replay-toggle]').click();
      await panel.setInputFiles(
        '[data-testid=replay-file]',
        path.join(ROOT, 'test/fixtures/replay/demo-session.ndjson'),
      );
      await panel.locator('[data-testid=replay-speed]').selectOption('10');
      await panel.locator('[data-testid=replay-breakpoint]').fill('type:tool_call');
      await panel.locator('[data-testid=replay-play]').click();
      const status = () => panel.locator('[data-testid=replay-status]').textContent();
      await waitUntil('the breakpoint', status, (s) => /conversation\.tool_call \(breakpoint\)/.test(s ?? ''), 20_000);
      expect(await page.locator('#transcript li').count()).toBe(3);
      await new Promise((r) => setTimeout(r, 300));
      // Looked at, and copied to docs/replay.png for the README when the controls change.
      fs.mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
      await session.devtools.screenshot({ path: path.join(ROOT, 'artifacts/replay.png') });
      await panel.locator('[data-testid=replay-play]').click();
      await waitUntil('the end', status, (s) => /Done: 66 events played/.test(s ?? ''), 20_000);
      expect(await page.locator('#transcript li').count()).toBe(4);
    } finally {
      await session.close();
    }
  });
});
