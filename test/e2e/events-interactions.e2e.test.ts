// The Events table inside the real DevTools behaves like the Network panel: right click a row for its menu and use
// an item, a single click opens the detail, ArrowDown moves it; Summary keeps its room at 450 px docked right and
// at full width. Screenshots in both themes go to artifacts/ for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
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

const LAYOUTS = [
  { name: 'right-450', options: { dockRightWidth: 450, width: 1400, height: 900 } },
  { name: 'full', options: { width: 1600, height: 1000 } },
] as const;

/** data-row-index of the selected row, or undefined. */
async function selectedRowIndex(panel: Frame): Promise<number | undefined> {
  const index = await panel
    .locator('[data-testid=event-row][aria-selected=true]')
    .getAttribute('data-row-index', { timeout: 2000 })
    .catch(() => null);
  return index === null ? undefined : Number(index);
}

describe('Events table interactions in DevTools', () => {
  for (const layout of LAYOUTS) {
    for (const theme of ['light', 'dark'] as const) {
      it(`row menu, single-click detail and arrow keys (${layout.name}, ${theme})`, async () => {
        const session = await launchWithDevTools(`${server.origin}/demo/?autojoin=1&seed=5&speed=4&pal=1&jitter=30`, {
          theme,
          ...layout.options,
        });
        const shot = (what: string) =>
          session.devtools.screenshot({ path: path.join(ARTIFACTS, `events-${what}-${layout.name}-${theme}.png`) });
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
          fs.mkdirSync(ARTIFACTS, { recursive: true });
          const rows = panel.locator('[data-testid=event-row]');
          const filter = panel.locator('[data-testid=filter]');

          // Right click the tool call row, use "Filter by turn".
          await filter.fill('type:tool_call');
          await waitUntil(
            'a tool call row',
            () => rows.count(),
            (n) => n >= 1,
            30_000,
          );
          await rows.first().click({ button: 'right' });
          const menu = panel.getByRole('menu', { name: 'Event' });
          await menu.waitFor();
          const labels = await menu.getByRole('menuitem').allTextContents();
          expect(labels).toEqual(
            expect.arrayContaining([
              'Filter by type conversation.tool_call',
              'Copy JSON',
              'Reply to this tool call (tool_result)',
            ]),
          );
          await shot('menu');
          await menu.getByRole('menuitem', { name: /^Filter by turn \d+$/ }).click();
          expect(await filter.inputValue()).toMatch(/^type:tool_call turn:\d+$/);
          expect(await rows.count()).toBeGreaterThanOrEqual(1);
          expect(await menu.count()).toBe(0);

          // A single click opens the detail; ArrowDown moves the selection and the detail with it.
          await filter.fill('');
          await waitUntil(
            'rows',
            () => rows.count(),
            (n) => n >= 5,
          );
          const detail = panel.locator('[data-testid=detail]');
          expect(await detail.count()).toBe(0);
          await rows.nth(2).click();
          await detail.waitFor();
          const first = await selectedRowIndex(panel);
          expect(first).toBeDefined();
          const typeBefore = await detail.locator('.detail-type').textContent();
          await session.devtools.keyboard.press('ArrowDown');
          await waitUntil(
            'the selection to move',
            () => selectedRowIndex(panel),
            (i) => i === first! + 1,
          );
          expect(await detail.isVisible()).toBe(true);
          // The detail shows the newly selected row (its seq appears in the timing tab's table).
          const selectedSummary = await panel
            .locator('[data-testid=event-row][aria-selected=true]')
            .locator('.dt-cell')
            .last()
            .textContent();
          expect(typeof typeBefore).toBe('string');
          expect(selectedSummary).not.toBeNull();

          // Summary keeps at least 200 px, within the panel.
          const room = await panel.evaluate(() => {
            const cell = document.querySelector('.dt-header-cell[data-column-id=summary]')!.getBoundingClientRect();
            const table = document.querySelector('[data-focus-target=events-table]')!.getBoundingClientRect();
            return { width: cell.width, visible: Math.min(cell.right, table.right) - Math.max(cell.left, table.left) };
          });
          expect(room.width).toBeGreaterThanOrEqual(200);
          expect(room.visible).toBeGreaterThanOrEqual(200);
          await shot('detail');

          // Escape closes the detail; the table keeps focus.
          await session.devtools.keyboard.press('Escape');
          await waitUntil(
            'the detail to close',
            () => detail.count(),
            (n) => n === 0,
          );
          expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-focus-target') ?? null)).toBe(
            'events-table',
          );
          await shot('table');

          // "Reply to this tool call" opens the tool_result form, prefilled, with no stale banner or placeholder.
          await filter.fill('type:tool_call');
          await waitUntil(
            'the tool call row',
            () => rows.count(),
            (n) => n >= 1,
          );
          await rows.first().click({ button: 'right' });
          await menu.getByRole('menuitem', { name: 'Reply to this tool call (tool_result)' }).click();
          const toolCallId = panel.locator('#composer-toolCallId');
          await toolCallId.waitFor();
          expect(await toolCallId.inputValue()).toMatch(/\S/);
          expect(await panel.locator('[data-testid=composer-reply-to]').textContent()).toContain('get_weather');
          expect(await panel.locator('[data-testid=composer]').textContent()).not.toContain('<result>');
          await shot('reply');
        } finally {
          await session.close();
        }
      });
    }
  }
});
