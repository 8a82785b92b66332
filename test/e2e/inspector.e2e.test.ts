// The inspector on a realistic conversation: the demo's simulated replica with jitter, dropped seqs, duplicates and
// PAL twins, through the real daily-js and the built extension, read back from the panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { incoming, panelInputs, waitUntil, type PanelInput } from './support/panel';

let server: TestServer;
let session: ExtensionSession;
let page: Page;
let panel: Page;

interface Stats {
  total: number;
  anomalies: { outOfOrder: number; duplicate: number; late: number; gapSeqs: number };
}
interface ViewRowLike {
  type: string;
  event?: { seq?: number; callId: string; kind: string; twinGroup?: number };
}
const stats = (p: Page) =>
  p.evaluate(() =>
    (globalThis as unknown as { __cviPanel: { stats(): unknown } }).__cviPanel.stats(),
  ) as Promise<Stats>;
const seqView = (p: Page) =>
  p.evaluate(() => {
    const store = (
      globalThis as unknown as {
        __cviPanel: { store: { log: { view(o: object): { length: number; at(i: number): unknown } } } };
      }
    ).__cviPanel.store;
    const view = store.log.view({ order: 'seq', collapseStreams: false, showGaps: true });
    const rows: unknown[] = [];
    for (let i = 0; i < view.length; i++) {
      const row = view.at(i) as {
        type: string;
        event?: { seq?: number; callId: string; kind: string; twinGroup?: number };
      };
      rows.push({
        type: row.type,
        event: row.event
          ? { seq: row.event.seq, callId: row.event.callId, kind: row.event.kind, twinGroup: row.event.twinGroup }
          : undefined,
      });
    }
    return rows;
  }) as Promise<ViewRowLike[]>;

async function say(text: string) {
  await page.fill('#chat-text', text);
  await page.click('#send');
}

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(`${server.origin}/demo/?autojoin=1&seed=11&jitter=80&drop=0.04&dup=0.04&pal=1&speed=4&perception=0`);
  await page.waitForFunction(() => !(document.querySelector('#send') as HTMLButtonElement).disabled, undefined, {
    timeout: 20_000,
  });
  await say('tell me a story');
  await page.waitForTimeout(1500);
  await say("what's the weather in Paris?");
  panel = await session.openPanel(page);
  // Both turns finished: the weather reply came back after the app's tool_result.
  await waitUntil(
    'two turns with replica speech',
    () => panelInputs(panel),
    (inputs) =>
      incoming(inputs).filter(
        (i) =>
          /"event_type":"conversation.utterance"/.test(i.record.json) && /"role":"(replica|pal)"/.test(i.record.json),
      ).length >= 2,
    30_000,
  );
  await page.waitForTimeout(1000);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/**
 * Out-of-order arrivals computed from the raw arrival order, independently of the model: a delivery whose seq is
 * below the highest seen so far, unless it is an exact re-delivery (a duplicate). PAL twins (same seq, role "pal" vs
 * "replica") are distinct messages, so a late twin counts as out of order too.
 */
function expectedOutOfOrder(inputs: PanelInput[]): number {
  const maxByCall = new Map<string, number>();
  const seen = new Map<string, Set<string>>();
  let count = 0;
  for (const input of incoming(inputs)) {
    const data = JSON.parse(input.record.json) as { seq?: unknown };
    if (typeof data.seq !== 'number') continue;
    const key = input.record.json;
    const callSeen = seen.get(input.record.callId) ?? new Set<string>();
    seen.set(input.record.callId, callSeen);
    const max = maxByCall.get(input.record.callId) ?? -Infinity;
    if (!callSeen.has(key) && data.seq < max) count++;
    callSeen.add(key);
    maxByCall.set(input.record.callId, Math.max(max, data.seq));
  }
  return count;
}

describe('inspector on a jittery, lossy demo conversation', () => {
  it('orders rows by seq, marks gaps, and counts out-of-order arrivals exactly', async () => {
    // One snapshot: the live call keeps talking, so inputs and stats must be read together.
    const { inputs, s } = (await panel.evaluate(() => {
      const p = (globalThis as unknown as { __cviPanel: { inputs(): unknown[]; stats(): unknown } }).__cviPanel;
      return { inputs: p.inputs(), s: p.stats() };
    })) as { inputs: PanelInput[]; s: Stats };
    const rows = await seqView(panel);
    const seqs = rows.filter((r) => r.type === 'event' && r.event?.seq !== undefined).map((r) => r.event!.seq!);
    expect(seqs.length).toBeGreaterThan(30);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(s.anomalies.outOfOrder).toBe(expectedOutOfOrder(inputs));
    expect(s.anomalies.outOfOrder).toBeGreaterThan(0);
    // Dropped seqs leave gaps: a gap row sits where seqs are missing.
    const received = new Set(incoming(inputs).map((i) => (JSON.parse(i.record.json) as { seq?: number }).seq));
    const max = Math.max(...[...received].filter((x): x is number => typeof x === 'number'));
    const missing = Array.from({ length: max }, (_, i) => i + 1).filter((n) => !received.has(n));
    expect(s.anomalies.gapSeqs).toBe(missing.length);
    expect(rows.filter((r) => r.type === 'gap').length).toBeGreaterThan(0);
    // PAL twins are linked, not counted as duplicates.
    expect(rows.some((r) => r.event?.twinGroup !== undefined)).toBe(true);
  });

  it('shows the table in seq order with warning rows, and filters by key, regex and negation', async () => {
    await panel.bringToFront();
    // Rows sit in recycled slots (DOM order is not row order): read them in row order.
    const firstSeqs = await panel.locator('[data-testid=event-row]').evaluateAll((rows) =>
      rows
        .map((r) => ({
          index: Number((r as HTMLElement).dataset.rowIndex),
          seq: (r.children[0] as HTMLElement).textContent ?? '',
        }))
        .sort((a, b) => a.index - b.index)
        .map((r) => r.seq),
    );
    const numeric = firstSeqs.filter((t) => t !== '').map(Number);
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
    expect(await panel.locator('[data-testid=event-row].row-warning').count()).toBeGreaterThan(0);

    await panel.fill('[data-testid=filter]', 'type:tool_call');
    await waitUntil(
      'tool call rows',
      () => panel.locator('[data-testid=event-row]').count(),
      (n) => n >= 1,
    );
    const kinds = await panel.locator('[data-testid=event-row] .badge').allTextContents();
    expect(new Set(kinds)).toEqual(new Set(['tool call']));

    await panel.fill('[data-testid=filter]', '/weather/i -dir:out');
    await waitUntil(
      'weather rows',
      () => panel.locator('[data-testid=event-row]').count(),
      (n) => n >= 1,
    );
    const dirs = await panel
      .locator('[data-testid=event-row]')
      .evaluateAll((rows) => rows.map((r) => (r.children[3] as HTMLElement).textContent));
    expect(dirs.every((d) => d?.includes('in'))).toBe(true);

    await panel.fill('[data-testid=filter]', '/(/');
    await expect(panel.locator('[data-testid=filter-error]').textContent()).resolves.toMatch(
      /regex|regular expression|invalid/i,
    );
    await panel.fill('[data-testid=filter]', '');
  });

  it('opens the detail of a row with its raw payload and linked events', async () => {
    await panel.fill('[data-testid=filter]', 'type:conversation.tool_call');
    await panel.locator('[data-testid=event-row]').first().dblclick();
    await panel.locator('[data-testid=detail]').waitFor();
    await panel.getByRole('tab', { name: 'Raw' }).click();
    await expect(panel.locator('[data-testid=detail-raw]').textContent()).resolves.toContain('get_weather');
    await expect(panel.locator('[data-testid=tool-reply]').count()).resolves.toBeGreaterThan(0);
    await panel.getByRole('tab', { name: /Links/ }).click();
    await expect(panel.locator('.links-pane').textContent()).resolves.toMatch(/Same inference_id/);
    await panel.fill('[data-testid=filter]', '');
  });

  it('groups turns with latencies in the Turns view', async () => {
    await panel.getByRole('tab', { name: /Turns/ }).click();
    await panel.locator('[data-testid=turn]').first().waitFor();
    expect(await panel.locator('[data-testid=turn]').count()).toBeGreaterThanOrEqual(2);
    const text = await panel.locator('[data-testid=turns]').textContent();
    expect(text).toMatch(/respond → first replica event/);
    expect(text).toMatch(/tool get_weather → reply/);
    await panel.getByRole('tab', { name: /Events/ }).click();
  });

  it('exports a redacted session and imports it back into an empty panel with the same views; a bad file changes nothing', async () => {
    const before = await stats(panel);
    await panel.click('[data-testid=export]');
    await panel.click('[data-testid=export-save]');
    const exported = (await panel.evaluate(
      () => (globalThis as unknown as { __cviLastExport: string }).__cviLastExport,
    )) as string;
    const header = JSON.parse(exported.split('\n')[0]!) as { format: string; redacted: boolean };
    expect(header).toMatchObject({ format: 'cvi-devtools-session', redacted: true });
    expect(exported).not.toContain('Paris'); // speech and text are replaced by their length

    // A foreign file: clear error, nothing lost.
    await panel.setInputFiles('[data-testid=import-file]', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello\nworld'),
    });
    await expect(panel.locator('[data-testid=notice]').textContent()).resolves.toMatch(/Could not import notes.txt/);
    expect((await stats(panel)).total).toBe(before.total);

    await panel.click('[data-testid=record]'); // stop recording so the live call can't add to the comparison
    await panel.click('[data-testid=clear]');
    expect((await stats(panel)).total).toBe(0);
    await panel.setInputFiles('[data-testid=import-file]', {
      name: 'session.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(exported),
    });
    const after = await waitUntil(
      'imported',
      () => stats(panel),
      (s) => s.total > 0,
    );
    expect(after.total).toBe(before.total);
    expect(after.anomalies).toEqual(before.anomalies);
  });
});
