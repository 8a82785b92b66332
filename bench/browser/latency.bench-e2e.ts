/**
 * Benchmark 3, latency: emit (Date.now() in the event, at the fake call machine's postMessage) → the event is in the
 * panel's model → that frame's rendering is done (a MessageChannel task posted from the animation frame that
 * applied it runs right after the frame's style/layout/paint). At 50 events/s and 1,000 events/s.
 * Baseline, same run: the baseline extension's counter page, which paints a count once per animation frame and
 * measures the same way.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBaseline,
  launchWithExtension,
  openPanelWindow,
  openBenchPage,
  quantile,
  Results,
  round,
  startServer,
  threadCost,
  describeCost,
  waitForPanelReady,
  type BaselineSession,
  type BenchWindow,
  type ExtensionSession,
  type PanelGlobal,
  type TestServer,
} from './support';

const RATES = [
  { perSecond: 50, seconds: 4 },
  { perSecond: 1000, seconds: 3 },
];

let server: TestServer;
let ext: ExtensionSession;
let base: BaselineSession;
const results = new Results('latency');

beforeAll(async () => {
  server = await startServer();
  [ext, base] = await Promise.all([launchWithExtension(), launchBaseline()]);
});
afterAll(async () => {
  results.write();
  await ext?.close();
  await base?.close();
  await server?.close();
});

/** In the panel: latency of every event tagged `tag`, from emittedAt to the end of the frame that showed it. */
async function instrumentPanel(panel: Page): Promise<void> {
  await panel.evaluate(() => {
    const g = globalThis as unknown as PanelGlobal & { __lat: { tag: string; values: number[] } };
    const store = g.__cviPanel!.store;
    const state = { tag: '', values: [] as number[] };
    g.__lat = state;
    let received: number[] = [];
    let applied: number[] = [];
    const afterFrame = new MessageChannel();
    afterFrame.port1.onmessage = () => {
      const now = Date.now();
      for (const emittedAt of applied) state.values.push(now - emittedAt);
      applied = [];
    };
    const receive = store.receive.bind(store);
    const flush = store.flush.bind(store);
    store.receive = (inputs: unknown[]) => {
      for (const input of inputs as { record: { kind: string; json: string } }[]) {
        if (input.record.kind !== 'app-message' || !state.tag || !input.record.json.includes(state.tag)) continue;
        const data = JSON.parse(input.record.json) as { emittedAt?: number; bench?: string };
        if (data.bench === state.tag && typeof data.emittedAt === 'number') received.push(data.emittedAt);
      }
      receive(inputs);
    };
    store.flush = () => {
      flush();
      if (received.length === 0) return;
      applied = applied.concat(received);
      received = [];
      afterFrame.port2.postMessage(0);
    };
  });
}

async function measure(page: Page, target: Page, kind: 'ours' | 'baseline', perSecond: number, seconds: number) {
  const n = perSecond * seconds;
  const tag = `lat-${perSecond}-${kind}`;
  if (kind === 'ours')
    await target.evaluate((t) => {
      const lat = (globalThis as unknown as { __lat: { tag: string; values: number[] } }).__lat;
      lat.tag = t;
      lat.values = [];
    }, tag);
  else await target.evaluate((count) => (globalThis as unknown as { __baseline: { reset(n: number): void } }).__baseline.reset(count), n);
  await page.evaluate(([count, rate, t]) => (window as unknown as BenchWindow).__bench.stream(count, rate, t), [n, perSecond, tag] as const);
  const read = () =>
    kind === 'ours'
      ? target.evaluate(() => (globalThis as unknown as { __lat: { values: number[] } }).__lat.values.slice())
      : target.evaluate(() => (globalThis as unknown as { __baseline: { latencies(): number[] } }).__baseline.latencies());
  const deadline = Date.now() + 30_000;
  let values = await read();
  while (values.length < n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    values = await read();
  }
  return values;
}

describe('latency: emit → row painted in the panel', () => {
  it('at 50/s and 1,000/s, vs the baseline extension', async () => {
    const page = await openBenchPage(ext.context, server.origin);
    const panel = await openPanelWindow(ext, page);
    await waitForPanelReady(panel);
    await instrumentPanel(panel);
    const basePage = await openBenchPage(base.session.context, server.origin);
    const counter = await base.openCounter();

    for (const { perSecond, seconds } of RATES) {
      const n = perSecond * seconds;
      const t0 = Date.now();
      const { result: ours, cost } = await threadCost(panel, () => measure(page, panel, 'ours', perSecond, seconds));
      const wall = Date.now() - t0;
      const ceiling = await measure(basePage, counter, 'baseline', perSecond, seconds);
      const p = (xs: number[], q: number) => round(quantile(xs, q), 1);
      results.details[`rate${perSecond}`] = {
        ours: { count: ours.length, p50: p(ours, 0.5), p95: p(ours, 0.95), p99: p(ours, 0.99), max: Math.max(...ours) },
        baseline: { count: ceiling.length, p50: p(ceiling, 0.5), p95: p(ceiling, 0.95), p99: p(ceiling, 0.99), max: Math.max(...ceiling) },
      };
      const rows = await panel.evaluate(() => document.querySelectorAll('[data-testid=event-row]').length);
      results.add({ group: 'latency', metric: `${perSecond.toLocaleString('en-US')}/s, p50`, value: p(ours, 0.5), unit: 'ms', baseline: p(ceiling, 0.5) });
      results.add({
        group: 'latency',
        metric: `${perSecond.toLocaleString('en-US')}/s, p95`,
        value: p(ours, 0.95),
        unit: 'ms',
        baseline: p(ceiling, 0.95),
        target: '≤ 50 ms',
        pass: ours.length === n && quantile(ours, 0.95) <= 50,
        note: `${ours.length} of ${n} events measured (baseline ${ceiling.length}); max ${Math.max(...ours)} ms; ${rows} rows in the DOM; panel main thread busy ${round((100 * cost.taskMs) / wall, 0)} % of the run, ${describeCost(cost, ours.length / 1000, '1,000 events')}`,
      });
    }
    await panel.close();
    await page.close();
    await basePage.close();
    await counter.close();
  });
});
