// The event table draws a cell without a clip only when its text certainly fits (src/panel/ui/data-table/text-fit.ts):
// in the real Chromium, with its real fonts, no such cell's text (or pill) may reach past its content box, at the
// default widths and after dragging columns narrow, over ASCII, digits, wide and narrow letters, CJK, emoji,
// combining accents and right-to-left text. Cells that may overflow keep their clip and ellipsis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { waitUntil } from './support/panel';

let server: TestServer;
let session: ExtensionSession;
let panel: Page;

const SPEECH = [
  'ok',
  'Sure, the refund policy covers thirty days.',
  'WWWWWWWWWWMMMMMMMMMM@@@@@@@@@@%%%%%%%%%%',
  'iiiiiiiiiiiiiiiiiiiilllllllllllllllll||||||||||||||||',
  '東京の天気は晴れです。明日も晴れるでしょう。',
  'Weather 🌤️ in Paris 👍🏽 today',
  'café crème, naïve, Ångström, e\u0301\u0301 stacked',
  'مرحبا بالعالم',
  'Option 12345 part 9 covers the shipping times. '.repeat(6),
  'x'.repeat(400), // an utterance (every third event is a tool call, whose summary is its name)
];

interface CellReport {
  col: number;
  text: string;
  fit: boolean;
  /** How far the text (or the pill) reaches past the cell's content box, px; and a pill's text past the pill's. */
  over: number;
}

/** Every rendered cell: whether it is drawn unclipped, and how far its content reaches past its content box. */
function cellReports(page: Page): Promise<CellReport[]> {
  return page.evaluate(() => {
    const past = (inner: DOMRect, outer: Element) => {
      const box = outer.getBoundingClientRect();
      const style = getComputedStyle(outer);
      const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
      return inner.width === 0 ? 0 : Math.max(left - inner.left, inner.right - right);
    };
    const textRect = (element: Element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return range.getBoundingClientRect();
    };
    return [...document.querySelectorAll<HTMLElement>('[data-testid=event-row] .dt-cell')].map((cell) => {
      const pill = cell.querySelector('.badge');
      const over = pill
        ? Math.max(past(pill.getBoundingClientRect(), cell), past(textRect(pill), pill))
        : past(textRect(cell), cell);
      return {
        col: Number(cell.dataset.col),
        text: cell.textContent ?? '',
        fit: cell.classList.contains('dt-fit'),
        over,
      };
    });
  });
}

/** Drags the right edge of header column `index` by `dx` px, as a user does. */
async function dragColumnEdge(page: Page, index: number, dx: number): Promise<void> {
  const edge = await page.locator('.dt-resizer').nth(index).boundingBox();
  if (!edge) throw new Error(`no resizer ${index}`);
  const x = edge.x + edge.width / 2;
  const y = edge.y + edge.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y, { steps: 3 });
  await page.mouse.move(x + dx, y, { steps: 3 });
  await page.mouse.up();
}

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  const page = await session.context.newPage();
  await page.goto(`${server.origin}/fixtures/nodaily.html`);
  panel = await session.openPanel(page);
  await panel.waitForFunction(
    () => (globalThis as unknown as { __cviPanel?: { status(): string } }).__cviPanel?.status() === 'connected',
    undefined,
    { timeout: 30_000 },
  );
  await panel.evaluate((speeches) => {
    const store = (globalThis as unknown as { __cviPanel: { store: { receive(x: unknown[]): void; flush(): void } } })
      .__cviPanel.store;
    const inputs = speeches.map((speech, k) => {
      const json = JSON.stringify({
        message_type: 'conversation',
        event_type: k % 3 === 2 ? 'conversation.tool_call' : 'conversation.utterance',
        conversation_id: 'c1',
        inference_id: `i${k}`,
        // Seqs of one to seven digits.
        seq: 10 ** k + k,
        turn_idx: 10 ** k,
        properties: { role: k % 2 ? 'replica' : 'a_rather_long_custom_role', speech, name: speech.slice(0, 30) },
      });
      return {
        source: '0:doc',
        cursor: k + 1,
        frameId: 0,
        record: {
          kind: 'app-message',
          callId: 'call-1',
          via: 'hook',
          t: Date.now() + k * 37,
          dir: 'in',
          origin: 'remote',
          json,
          size: json.length,
          fromId: 'replica-1',
        },
      };
    });
    store.receive(inputs);
    store.flush();
  }, SPEECH);
  await waitUntil(
    'the rows',
    () => panel.locator('[data-testid=event-row]').count(),
    (n) => n >= SPEECH.length, // and the gap rows between the seqs
  );
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('event table cells without a clip', () => {
  it('only where the text certainly fits, at the default widths and with columns dragged narrow', async () => {
    const states: Array<{ name: string; cells: CellReport[] }> = [{ name: 'default', cells: await cellReports(panel) }];
    // Seq, Time, Dir and Kind dragged narrow (their right edges), then Seq and Kind wide again.
    for (const [index, dx] of [
      [0, -14],
      [1, -30],
      [3, -40],
      [4, -40],
    ] as const)
      await dragColumnEdge(panel, index, dx);
    states.push({ name: 'narrow', cells: await cellReports(panel) });
    await dragColumnEdge(panel, 0, 60);
    await dragColumnEdge(panel, 4, 80);
    states.push({ name: 'wide', cells: await cellReports(panel) });

    for (const { name, cells } of states) {
      const overflowing = cells.filter((cell) => cell.fit && cell.over > 0.5);
      expect(overflowing, `${name}: unclipped cells whose text reaches past their box`).toEqual([]);
      // The cells that do not fit are the ones drawn with a clip (and an ellipsis).
      for (const cell of cells) if (cell.over > 0.5) expect(cell.fit, `${name}: ${cell.text}`).toBe(false);
    }
    // Short cells fit at the default widths (the point of it): all of Dir's and Kind's, and most others.
    const fitShare = (cells: CellReport[]) => cells.filter((cell) => cell.fit).length / cells.length;
    const byDefault = states[0]!.cells;
    expect(byDefault.filter((cell) => cell.col === 3 || cell.col === 4).every((cell) => cell.fit)).toBe(true);
    expect(fitShare(byDefault)).toBeGreaterThan(0.6);
    // Narrow columns clip: the narrow Kind column's pills no longer fit, and fit again once it is wide.
    expect(states[1]!.cells.filter((cell) => cell.col === 4).some((cell) => !cell.fit)).toBe(true);
    expect(states[2]!.cells.filter((cell) => cell.col === 4).every((cell) => cell.fit)).toBe(true);
    // Text no character can be bounded for never goes unclipped.
    for (const { cells } of states)
      for (const cell of cells)
        if (/[\u{1F300}-\u{1FAFF}\u0600-\u06FF]|\u0301/u.test(cell.text)) expect(cell.fit, cell.text).toBe(false);
  });

  it('cuts a long text to what its column can show, with an ellipsis', async () => {
    // Seq made very wide: Summary, the column that fills the rest, keeps its 200 px minimum.
    await dragColumnEdge(panel, 0, 400);
    const summaries = (await cellReports(panel)).filter((cell) => cell.text.includes('x'.repeat(40)));
    expect(summaries.map((cell) => cell.text.length)).toHaveLength(1);
    const shown = summaries[0]!.text;
    expect(shown.endsWith('…'), shown).toBe(true);
    // The model's summary is 160 characters; 200 px show fewer than 70 of them.
    expect(shown.length).toBeLessThan(100);
    const width = await panel.evaluate(
      () => document.querySelector<HTMLElement>('.dt-header-cell[data-column-id=summary]')!.offsetWidth,
    );
    // A quarter of an em (3 px) per character: never fewer than the column could show.
    expect(shown.length).toBeGreaterThanOrEqual(Math.floor((width - 9) / 3));
  });
});
