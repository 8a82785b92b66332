// The Turns and Transcript tabs in the real DevTools on the demo call: a tool-call turn, a context overwrite and
// an audio echo between turns, then a second respond. Checks the grouping, sorts the latency table, opens the
// transcript; screenshots docked right at 450 px and full width, light and dark (artifacts/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startServer, ROOT, type TestServer } from '../support/server';
import { launchWithDevTools } from '../support/browser';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const ARTIFACTS = path.join(ROOT, 'artifacts');

/** "850 ms", "1.25 s", "2 min 5 s" → ms (the panel's formatDuration). */
function parseDuration(text: string): number {
  let ms = 0;
  for (const [, value, unit] of text.matchAll(/([\d.]+)\s*(µs|ms|s|min|h)\b/g)) {
    const n = Number(value);
    ms +=
      unit === 'µs'
        ? n / 1000
        : unit === 'ms'
          ? n
          : unit === 's'
            ? n * 1000
            : unit === 'min'
              ? n * 60_000
              : n * 3_600_000;
  }
  return ms;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill('#chat-text', text);
  await page.click('#send');
}

async function openTab(panel: Frame, name: RegExp): Promise<void> {
  await panel.getByRole('tab', { name }).click();
}

const layouts = [
  { name: '450', options: { dockRightWidth: 450, width: 1400, height: 1000 } },
  { name: 'full', options: { width: 1600, height: 1000 } },
] as const;

describe('Turns and Transcript tabs in DevTools on the demo call', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const layout of layouts) {
      it(`groups sends between turns, sorts latencies, shows the transcript (${layout.name}, ${theme})`, async () => {
        const session = await launchWithDevTools(`${server.origin}/demo/?autojoin=1&seed=5&speed=4`, {
          theme,
          ...layout.options,
        });
        try {
          const { page } = session;
          await page.waitForFunction(
            () => !(document.querySelector('#send') as HTMLButtonElement | null)?.disabled,
            undefined,
            { timeout: 20_000 },
          );
          await say(page, "what's the weather in Paris?");
          const panel = await session.openPanel();
          await openTab(panel, /^Turns/);
          // Turn 1 done: the tool call answered by the demo app, the replica spoke and stopped.
          await panel
            .locator('[data-testid=turn]', { hasText: 'tool get_weather → reply' })
            .locator('.badge', { hasText: /^done$/ })
            .waitFor({ timeout: 30_000 });

          // Between turns: a context overwrite and a 1 s audio echo, which the replica speaks.
          await page.click('#overwrite-context');
          await page.click('#echo-audio');
          const between = panel.locator('[data-testid=between-turns]');
          await between.locator('[data-testid=waterfall-span]', { hasText: 'speaking' }).waitFor({ timeout: 30_000 });
          await say(page, 'tell me a story');
          await panel.locator('[data-testid=latency-row]').nth(1).waitFor({ timeout: 30_000 });
          await panel
            .locator('[data-testid=turn]')
            .nth(1)
            .locator('.badge', { hasText: /^done$/ })
            .waitFor({ timeout: 30_000 });

          // The first respond has its turn; the echo and the overwrite are in the between-turns block, not a turn.
          const firstTurnKinds = await panel
            .locator('[data-testid=turn]')
            .first()
            .locator('.wf-badge')
            .allTextContents();
          expect(firstTurnKinds).toContain('respond');
          expect(firstTurnKinds).toContain('tool call');
          const turnKinds = await panel.locator('[data-testid=turn] .wf-badge').allTextContents();
          expect(turnKinds).not.toContain('echo');
          expect(turnKinds).not.toContain('context');
          expect(await between.count()).toBe(1);
          const betweenText = (await between.textContent()) ?? '';
          expect(betweenText).toContain('after turn 1');
          // About 20 echo chunks of 50 ms fold into one row.
          const echoRow = between.locator('[data-testid=waterfall-row]', { hasText: 'echo' });
          expect(await echoRow.count()).toBe(1);
          expect(Number(/(\d+) chunks/.exec((await echoRow.textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(10);
          // The waterfall has a time axis with ticks.
          expect(await panel.locator('[data-testid=turn]').first().locator('.wf-tick').count()).toBeGreaterThan(2);

          // Sort the latency table by respond → first replica event, slowest first, then fastest first.
          const header = panel.locator('[data-column=respondToFirstReplica]');
          const column = async () =>
            (await panel.locator('[data-testid=latency-row] td:nth-child(3)').allTextContents()).map(parseDuration);
          await header.click();
          expect(await header.locator('xpath=..').getAttribute('aria-sort')).toBe('descending');
          const descending = await column();
          expect(descending.length).toBe(2);
          expect(descending).toEqual([...descending].sort((a, b) => b - a));
          await header.click();
          expect(await header.locator('xpath=..').getAttribute('aria-sort')).toBe('ascending');
          const ascending = await column();
          expect(ascending).toEqual([...descending].reverse());
          // A row click jumps to its turn.
          await panel.locator('[data-testid=latency-row]').last().click();
          await panel.locator('.turn-highlighted').waitFor();

          fs.mkdirSync(ARTIFACTS, { recursive: true });
          await panel.locator('[data-testid=turns]').evaluate((el) => el.scrollTo(0, 0));
          await new Promise((r) => setTimeout(r, 200));
          await session.devtools.screenshot({ path: path.join(ARTIFACTS, `turns-${layout.name}-${theme}.png`) });

          await openTab(panel, /^Transcript/);
          const lines = panel.locator('[data-testid=transcript-line]');
          await lines.nth(5).waitFor();
          const types = await lines.evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.type));
          expect(types).toContain('user');
          expect(types).toContain('replica');
          expect(types).toContain('tool');
          expect(types).toContain('app');
          const tool = panel.locator('[data-testid=transcript-line][data-type=tool]', { hasText: 'get_weather' });
          expect(await tool.count()).toBe(1);
          expect(await tool.textContent()).toContain('conversation.tool_result');
          await new Promise((r) => setTimeout(r, 200));
          await session.devtools.screenshot({ path: path.join(ARTIFACTS, `transcript-${layout.name}-${theme}.png`) });
        } finally {
          await session.close();
        }
      });
    }
  }
});
