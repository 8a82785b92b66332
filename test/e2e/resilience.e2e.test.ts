// The pipeline under stress: the MV3 service worker stopped mid-stream, the page reloaded, late attach.
import { describe, expect, it } from 'vitest';
import { useExtensionEnv } from './support/setup';
import { stopServiceWorker } from '../support/browser';
import { panelFrames, panelInputs, seqsOf, waitForInputs, waitUntil } from './support/panel';

const env = useExtensionEnv();

type W = {
  __joined?: boolean;
  __fakeMachine: {
    stream(n: number, perTick: number, ms: number): Promise<number>;
    burst(n: number, o?: object): void;
  };
};

describe('service worker stopped mid-stream', () => {
  it('loses and doubles nothing: every seq arrives exactly once', async () => {
    const page = await env.session.context.newPage();
    await page.goto(`${env.server.origin}/fixtures/esm.html`);
    await page.waitForFunction(() => (window as unknown as W).__joined === true);
    const panel = await env.session.openPanel(page);
    await waitUntil(
      'panel sees the call',
      () => panelFrames(panel),
      (f) => f.some((x) => x.calls.length > 0),
    );
    const total = 3000;
    const streaming = page.evaluate((n) => (window as unknown as W).__fakeMachine.stream(n, 20, 5), total);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 150));
      await stopServiceWorker(env.session, page);
    }
    await streaming;
    // The worker really was stopped: the panel lost its port and reconnected.
    const reconnects = await panel.evaluate(() =>
      (globalThis as unknown as { __cviPanel: { reconnects(): number } }).__cviPanel.reconnects(),
    );
    expect(reconnects).toBeGreaterThanOrEqual(1);
    const inputs = await waitForInputs(panel, (x) => seqsOf(x).length >= total, `all ${total} events`, 30_000);
    const seqs = seqsOf(inputs);
    expect(seqs.length).toBe(total);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const cursors = inputs.map((i) => i.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    await panel.close();
    await page.close();
  });
});

describe('page reload', () => {
  it('starts a new document in the panel and captures the new call from document_start', async () => {
    const page = await env.session.context.newPage();
    await page.goto(`${env.server.origin}/fixtures/esm.html`);
    await page.waitForFunction(() => (window as unknown as W).__joined === true);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(2));
    const panel = await env.session.openPanel(page);
    await waitForInputs(panel, (x) => seqsOf(x).length === 2, 'first document');
    const before = await panelFrames(panel);
    await panel.click('[data-testid=preserve-log]'); // keep the first document's events across the reload
    await page.reload();
    await page.waitForFunction(() => (window as unknown as W).__joined === true);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(3, { startSeq: 1 }));
    const inputs = await waitForInputs(panel, (x) => seqsOf(x).length === 5, 'second document');
    const frames = await panelFrames(panel);
    const live = frames.filter((f) => !f.gone);
    expect(live).toHaveLength(1);
    expect(live[0]?.docId).not.toBe(before[0]?.docId);
    expect(frames.find((f) => f.docId === before[0]?.docId)?.gone).toBe(true);
    const sources = new Set(inputs.filter((i) => i.record.kind === 'app-message').map((i) => i.source));
    expect(sources.size).toBe(2);

    // Without "preserve log", a navigation starts the log afresh with the new document only.
    await panel.click('[data-testid=preserve-log]');
    await page.reload();
    await page.waitForFunction(() => (window as unknown as W).__joined === true);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(1, { startSeq: 1 }));
    const fresh = await waitForInputs(
      panel,
      (x) => seqsOf(x).length === 1 && new Set(x.map((i) => i.source)).size === 1,
      'only the third document',
    );
    expect(new Set(fresh.map((i) => i.source)).has(inputs[0]!.source)).toBe(false);
    await panel.close();
    await page.close();
  });
});

describe('buffer bound', () => {
  it('counts what the relay bound evicted before the panel connected, and shows the rest', async () => {
    const sw = await env.session.serviceWorker();
    await sw.evaluate(() => chrome.storage.local.set({ settings: { bufferCap: 100, logCap: 100000 } }));
    const page = await env.session.context.newPage();
    await page.goto(`${env.server.origin}/fixtures/esm.html`);
    await page.waitForFunction(() => (window as unknown as W).__joined === true);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(250));
    const panel = await env.session.openPanel(page);
    const frames = await waitUntil(
      'missed count',
      () => panelFrames(panel),
      (f) => f.some((x) => x.missed > 0),
    );
    const inputs = await panelInputs(panel);
    const doc = frames.find((f) => f.missed > 0)!;
    // Everything captured is either shown or counted as missed: nothing disappears silently.
    expect(inputs.length).toBe(100);
    expect(doc.missed + inputs.length).toBe(doc.head ?? doc.missed + inputs.length);
    expect(seqsOf(inputs).at(-1)).toBe(250);
    await sw.evaluate(() => chrome.storage.local.remove('settings'));
    await panel.close();
    await page.close();
  });
});
