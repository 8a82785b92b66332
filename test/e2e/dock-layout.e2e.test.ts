// The panel inside the real DevTools at every common dock: right at 450 px and 555 px, bottom (1400 × 300) and
// full width (1600 px), light and dark, on the demo call (real daily-js). Asserts what issue 13 asks: every toolbar
// action reachable by mouse (in the bar or in its » menu, and working from there), Summary ≥ 200 px, the composer's
// editor ≥ 300 px at 450 px, a send and the replica's reaction on screen together, filter suggestions and a regex
// error visible on top. Screenshots of each go to test-results/dock/ for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { startServer, ROOT, type TestServer } from '../support/server';
import { launchWithDevTools, type DevToolsSession } from '../support/browser';
import { selectMainTab, testId, waitUntil } from './support/panel';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const SHOTS = path.join(ROOT, 'test-results', 'dock');

interface Dock {
  name: string;
  options: { width: number; height: number; dockRightWidth?: number; dockBottomHeight?: number };
}

const DOCKS: readonly Dock[] = [
  { name: 'right-450', options: { width: 1400, height: 900, dockRightWidth: 450 } },
  { name: 'right-555', options: { width: 1400, height: 900, dockRightWidth: 555 } },
  { name: 'bottom-1400x300', options: { width: 1400, height: 800, dockBottomHeight: 300 } },
  { name: 'full-1600', options: { width: 1600, height: 1000, dockBottomHeight: 800 } },
];

/** Every action of the main toolbar, by its item id, and the label it has in the » menu. */
const TOOLBAR_ACTIONS: ReadonlyArray<{ id: string; menuLabel: RegExp }> = [
  { id: 'record', menuLabel: /^$/ },
  { id: 'clear', menuLabel: /^$/ },
  { id: 'filter', menuLabel: /^$/ },
  { id: 'preserve-log', menuLabel: /^Preserve log$/ },
  { id: 'kinds', menuLabel: /^Event kinds/ },
  { id: 'group-streams', menuLabel: /^Group streams$/ },
  { id: 'hide-twins', menuLabel: /^Hide twins$/ },
  { id: 'order', menuLabel: /^Seq order$/ },
  { id: 'call-picker', menuLabel: /^Calls: / },
  { id: 'counts', menuLabel: /events/ },
  { id: 'composer', menuLabel: /^Composer$/ },
  { id: 'import', menuLabel: /^Import/ },
  { id: 'export', menuLabel: /^Export/ },
  { id: 'settings', menuLabel: /^Settings/ },
  { id: 'shortcuts', menuLabel: /^Keyboard shortcuts/ },
];

/** Whether the element's centre is the element (or inside it) for elementFromPoint: on top, not clipped. */
async function onTop(panel: Frame, selector: string): Promise<boolean> {
  return panel.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!element) return false;
    const rect = element.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return false;
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return hit !== null && (hit === element || element.contains(hit));
  }, selector);
}

async function toolbarLayout(panel: Frame) {
  return panel.evaluate(() => {
    const bar = document.querySelector('.main-toolbar') as HTMLElement;
    const barRect = bar.getBoundingClientRect();
    return Array.from(bar.querySelectorAll<HTMLElement>(':scope > .toolbar-item')).map((item) => {
      const rect = item.getBoundingClientRect();
      return {
        id: item.dataset.item as string,
        hidden: item.hidden,
        inside: rect.width > 0 && rect.left >= barRect.left - 0.5 && rect.right <= barRect.right + 0.5,
      };
    });
  });
}

async function menuLabels(panel: Frame): Promise<string[]> {
  // The label is the item's last span (the first is the ✓ column).
  return panel.locator('.menu[aria-label="More tools"] .menu-item > span:last-child').allTextContents();
}

/** The » menu's item whose label (not its ✓ column) matches. */
function menuItem(panel: Frame, label: RegExp) {
  return panel
    .locator('.menu[aria-label="More tools"] .menu-item')
    .filter({ has: panel.locator('span:last-child', { hasText: label }) });
}

/** The main tabs: shown wholly inside the strip's tab list, or folded (hidden) into its » menu. */
async function mainTabsLayout(panel: Frame) {
  return panel.evaluate(() => {
    const list = document.querySelector('.main-tabs .tabs-list') as HTMLElement;
    const listRect = list.getBoundingClientRect();
    return Array.from(list.querySelectorAll<HTMLElement>('[role="tab"]')).map((tab) => {
      const rect = tab.getBoundingClientRect();
      return {
        id: tab.dataset.tabId as string,
        title: tab.querySelector('span')?.textContent ?? '',
        selected: tab.getAttribute('aria-selected') === 'true',
        hidden: tab.hidden,
        inside: rect.width > 0 && rect.left >= listRect.left - 0.5 && rect.right <= listRect.right + 0.5,
      };
    });
  });
}

async function openSession(dock: Dock, theme: 'light' | 'dark'): Promise<{ session: DevToolsSession; panel: Frame }> {
  const session = await launchWithDevTools(`${server.origin}/demo/?autojoin=1&seed=5&speed=4&pal=1&jitter=30`, {
    theme,
    ...dock.options,
  });
  await session.page.waitForFunction(
    () => !(document.querySelector('#send') as HTMLButtonElement | null)?.disabled,
    undefined,
    { timeout: 20_000 },
  );
  const panel = await session.openPanel();
  await panel.locator(testId('event-row')).first().waitFor({ timeout: 20_000 });
  return { session, panel };
}

describe('the panel fits every dock', () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const dock of DOCKS)
    for (const theme of ['light', 'dark'] as const)
      it(`${dock.name} (${theme})`, async () => {
        const { session, panel } = await openSession(dock, theme);
        const shot = (what: string) =>
          session.devtools.screenshot({ path: path.join(SHOTS, `${dock.name}-${theme}-${what}.png`) });
        try {
          // The dock is what it says: the panel's width (right) or DevTools' height (bottom) as asked.
          const panelWidth = await panel.evaluate(() => window.innerWidth);
          if (dock.options.dockRightWidth !== undefined)
            expect(Math.abs(panelWidth - dock.options.dockRightWidth), `panel width ${panelWidth}`).toBeLessThanOrEqual(
              2,
            );
          else expect(panelWidth).toBeGreaterThan(dock.options.width - 20);
          await new Promise((r) => setTimeout(r, 500));
          await shot('events');

          // Focus landed in the panel when DevTools showed it: the filter or the events table, in a focused document.
          expect(
            await panel.evaluate(() => ({
              focused: document.hasFocus(),
              where: document.activeElement?.matches('[data-testid="filter"], [data-focus-target="events-table"]'),
            })),
          ).toEqual({ focused: true, where: true });

          // Every main tab is reachable: wholly inside the strip, or in its » menu (and selectable from there); the
          // selected one is always in the strip. Nothing folds at full width.
          const tabs = await mainTabsLayout(panel);
          const foldedTabs = tabs.filter((tab) => tab.hidden);
          for (const tab of tabs)
            if (!tab.hidden) expect(tab.inside, `tab ${tab.id} is cut off by the strip's edge`).toBe(true);
          expect(tabs.find((tab) => tab.selected)?.hidden).toBe(false);
          if (dock.name === 'full-1600' || dock.name === 'bottom-1400x300') expect(foldedTabs).toEqual([]);
          if (dock.name === 'right-450') expect(foldedTabs.length, 'tabs folded at 450 px').toBeGreaterThan(0);
          if (foldedTabs.length > 0) {
            await panel.click(testId('tabs-overflow'));
            const labels = await panel
              .locator('.menu[aria-label="More tabs"] .menu-item > span:last-child')
              .allTextContents();
            await shot('tabs-menu');
            expect(labels.map((label) => label.replace(/ \(.*\)$/, ''))).toEqual(foldedTabs.map((tab) => tab.title));
            // Chosen from the menu, a folded tab is selected and shown in the strip; then back to Events.
            const last = foldedTabs[foldedTabs.length - 1]!;
            await panel.locator('.menu[aria-label="More tabs"] .menu-item').last().click();
            const after = await mainTabsLayout(panel);
            expect(after.find((tab) => tab.id === last.id)).toMatchObject({
              selected: true,
              hidden: false,
              inside: true,
            });
            await selectMainTab(panel, 'events', 'Events');
            await panel.locator(testId('event-row')).first().waitFor();
          }

          // "?" lists the shortcuts; Escape closes it, and Settings too.
          await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // "?" types in a text field
          await panel.locator('body').press('?');
          await panel.locator(testId('shortcuts-dialog')).waitFor();
          await panel.locator(testId('shortcuts-dialog')).press('Escape');
          expect(await panel.locator(testId('shortcuts-dialog')).count()).toBe(0);

          // Every toolbar action: wholly inside the bar, or folded into the » menu.
          const layout = await toolbarLayout(panel);
          const folded = layout.filter((item) => item.hidden).map((item) => item.id);
          for (const action of TOOLBAR_ACTIONS) {
            const item = layout.find((i) => i.id === action.id);
            expect(item, action.id).toBeDefined();
            if (!item!.hidden) expect(item!.inside, `${action.id} is cut off by the toolbar's edge`).toBe(true);
          }
          if (folded.length > 0) {
            await panel.click(testId('toolbar-overflow'));
            const labels = await menuLabels(panel);
            await shot('overflow-menu');
            for (const id of folded) {
              const action = TOOLBAR_ACTIONS.find((a) => a.id === id)!;
              expect(
                labels.some((label) => action.menuLabel.test(label.trim())),
                `${id} in the » menu: ${labels.join(' | ')}`,
              ).toBe(true);
            }
            // Clicking a folded toggle in the menu works.
            const toggleId = ['preserve-log', 'group-streams', 'hide-twins'].find((id) => folded.includes(id));
            if (toggleId) {
              const label = TOOLBAR_ACTIONS.find((a) => a.id === toggleId)!.menuLabel;
              const read = () =>
                panel.evaluate((id) => {
                  const store = (
                    globalThis as unknown as {
                      __cviPanel: { store: Record<string, { value: boolean }> };
                    }
                  ).__cviPanel.store;
                  const key = { 'preserve-log': 'preserveLog', 'group-streams': 'collapseStreams' }[id] ?? 'hideTwins';
                  return store[key]!.value;
                }, toggleId);
              const before = await read();
              await menuItem(panel, label).click();
              expect(await read()).toBe(!before);
              await panel.click(testId('toolbar-overflow'));
              await menuItem(panel, label).click();
              expect(await read()).toBe(before);
            } else await panel.locator('.menu[aria-label="More tools"]').press('Escape');
          }

          // Settings, wherever it is (bar or » menu), closes with Escape.
          if (folded.includes('settings')) {
            await panel.click(testId('toolbar-overflow'));
            await menuItem(panel, /^Settings/).click();
          } else await panel.click(testId('settings'));
          await panel.locator(testId('settings-dialog')).waitFor();
          await panel.locator(testId('settings-dialog')).press('Escape');
          expect(await panel.locator(testId('settings-dialog')).count()).toBe(0);

          // Summary keeps room (depends on the events table dropping low-priority columns when narrow).
          const summaryWidth = await panel
            .locator('[role=columnheader][data-column-id="summary"]')
            // The part on screen: a column that starts at the panel's right edge is as good as hidden.
            .evaluate((el) => {
              const rect = el.getBoundingClientRect();
              return Math.max(0, Math.min(rect.right, window.innerWidth) - Math.max(rect.left, 0));
            });
          const summaryVisible = await onTop(panel, '[role=columnheader][data-column-id="summary"]');

          // Filter suggestions and a regex error: on top of everything.
          const filter = panel.locator(testId('filter'));
          await filter.click();
          await filter.fill('');
          await filter.pressSequentially('type:');
          await panel.locator('#filter-suggestions').waitFor();
          expect(await onTop(panel, '#filter-suggestions'), 'suggestions on top').toBe(true);
          await shot('suggestions');
          await filter.press('Escape');
          expect(await panel.locator('#filter-suggestions').count()).toBe(0);
          expect(await filter.inputValue()).toBe('type:');
          await filter.fill('/(unclosed/');
          await panel.locator(testId('filter-error')).waitFor();
          expect(await onTop(panel, '[data-testid="filter-error"]'), 'regex error on top').toBe(true);
          await shot('regex-error');
          await filter.fill('');
          await filter.press('Escape');

          // The composer beside or under the log: editor width, a send and the reaction on screen together.
          await filter.evaluate((el) => (el as HTMLElement).blur());
          const composerFolded = folded.includes('composer');
          if (composerFolded) {
            await panel.click(testId('toolbar-overflow'));
            await menuItem(panel, /^Composer$/).click();
          } else await panel.click(testId('toggle-composer'));
          await panel.locator(testId('composer')).waitFor();
          const editorWidth = await panel
            .locator('.composer-editor')
            .evaluate((el) => el.getBoundingClientRect().width);
          if (dock.name === 'right-450')
            expect(editorWidth, 'composer editor width at 450 px').toBeGreaterThanOrEqual(300);
          await panel.click(testId('composer-mode-respond'));
          const question = `What is the refund policy? (${dock.name} ${theme})`;
          await panel.fill(testId('field-respondText'), question);
          // Ctrl+Enter on another interaction's button sends (it does not switch to that interaction).
          await panel.locator(testId('composer-mode-interrupt')).focus();
          await panel.locator(testId('composer-mode-interrupt')).press('Control+Enter');
          expect(await panel.locator(testId('composer-mode-respond')).getAttribute('aria-checked')).toBe('true');
          // The sent row and a replica event after it, both visible in the table while the composer is open.
          await waitUntil(
            'the sent respond and the replica reacting, on screen together',
            () =>
              panel.evaluate(() => {
                const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="event-row"]'));
                const visible = (row: HTMLElement) => {
                  const rect = row.getBoundingClientRect();
                  const hit = document.elementFromPoint(rect.left + 40, rect.top + rect.height / 2);
                  return hit !== null && row.contains(hit);
                };
                const sent = rows.findIndex((row) => /respond/i.test(row.textContent ?? '') && visible(row));
                const reaction = rows.findIndex(
                  (row, index) =>
                    index > sent && /replica|utterance|started speaking/i.test(row.textContent ?? '') && visible(row),
                );
                return sent >= 0 && reaction > sent;
              }),
            (together) => together,
            30_000,
          );
          expect(await onTop(panel, '.composer-editor')).toBe(true);
          // Every interaction in sight: the mode list wraps rather than scrolling sideways.
          const modes = await panel
            .locator('.composer-modes')
            .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
          expect(modes.scroll, 'composer modes scroll sideways').toBeLessThanOrEqual(modes.client + 1);
          // The log beside the composer fits its pane: no sideways scrolling once its rows need a vertical scrollbar.
          const overflow = await panel
            .locator('.event-table .vlist')
            .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
          expect(overflow.scroll, 'events table wider than its pane').toBeLessThanOrEqual(overflow.client + 1);
          await shot('composer');
          // The DevTools part alone (no blank page beside it), for the README.
          const box = await (await panel.frameElement()).boundingBox();
          if (box && dock.options.dockRightWidth !== undefined)
            await session.devtools.screenshot({
              path: path.join(SHOTS, `${dock.name}-${theme}-composer-devtools.png`),
              clip: { x: box.x, y: 0, width: box.width, height: box.y + box.height },
            });

          expect(summaryWidth, `Summary column width (visible: ${summaryVisible})`).toBeGreaterThanOrEqual(200);
        } finally {
          await session.close();
        }
      });
});
