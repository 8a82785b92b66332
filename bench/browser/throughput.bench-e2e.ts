/**
 * Benchmark 2, lossless throughput: N app-messages pushed through the real daily-js as fast as the fake call
 * machine can post them, with the standalone panel open; events/s from the first emit until all N are in the
 * panel's model, and every seq exactly once. Ceiling, same run: the same page and messages through the baseline
 * extension (window message → one port → service worker → counter page).
 */
import { describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  openPanelWindow,
  openBenchPage,
  profile,
  round,
  threadCost,
  describeCost,
  type ThreadCost,
  waitForPanelReady,
  type BenchWindow,
  type PanelGlobal,
  useComparisonEnv,
  type CeilingMode,
} from './support';

const SIZES = [10_000, 100_000];
/** `npm run bench -- --profile` (BENCH_PROFILE=1): also CPU-profile the panel during an extra, untimed burst. */
const PROFILE = process.env.BENCH_PROFILE === '1';

const env = useComparisonEnv('throughput');
/**
 * BENCH_BUFFER_MB=n sets settings.bufferBytes (the relay's byte budget, which is also the hook's budget for records
 * in flight to the relay) before the pages open: the experiment that shows what limits a lossless 100k burst.
 */
const BUFFER_MB = Number(process.env.BENCH_BUFFER_MB ?? 0);

interface RunResult {
  profile?: unknown;
  /** The receiving page's main thread (our panel, or the baseline's counter) during the run. */
  threadCost?: ThreadCost;
  n: number;
  ms: number;
  perSecond: number;
  received: number;
  missing: number;
  duplicates: number;
  missedByRelay?: number;
  complete: boolean;
  /** Our panel: store flushes that applied records during the run (each one is a frame's update of the table). */
  flushes?: number;
}

/**
 * Watches the panel's model: counts the app-messages the store applies (its flush runs once per animation frame)
 * and notes the time (Date.now) of the flush at which all `n` are in.
 */
async function armPanel(panel: Page, n: number): Promise<void> {
  await panel.evaluate((count) => {
    const g = globalThis as unknown as PanelGlobal & {
      __tp: { target: number; pending: number; applied: number; doneAt: number; flushes: number };
    };
    const store = g.__cviPanel!.store;
    const state = { target: count, pending: 0, applied: 0, doneAt: 0, flushes: 0 };
    g.__tp = state;
    const receive = store.receive.bind(store);
    const flush = store.flush.bind(store);
    store.receive = (inputs: unknown[]) => {
      for (const input of inputs as { record: { kind: string } }[])
        if (input.record.kind === 'app-message') state.pending++;
      receive(inputs);
    };
    store.flush = () => {
      flush();
      if (state.pending > 0 && !state.doneAt) state.flushes++;
      state.applied += state.pending;
      state.pending = 0;
      if (!state.doneAt && state.applied >= state.target) state.doneAt = Date.now();
    };
  }, n);
}

/** Seqs 1..n among the panel's app-messages: how many arrived, holes below the highest one, doubles. */
async function checkPanel(panel: Page, n: number) {
  return panel.evaluate((count) => {
    const g = globalThis as unknown as PanelGlobal;
    const p = g.__cviPanel!;
    const store = p.store;
    store.flush();
    const seen = new Uint8Array(count + 1);
    let received = 0;
    let duplicates = 0;
    let top = 0;
    const view = store.log.view({ order: 'arrival', collapseStreams: false, showGaps: false });
    for (const id of view.eventIds({ expandStreams: true })) {
      const event = store.log.get(id);
      if (!event || event.record.kind !== 'app-message') continue;
      let seq: unknown;
      try {
        seq = (JSON.parse(event.record.json) as { seq?: unknown }).seq;
      } catch {
        continue;
      }
      if (typeof seq !== 'number' || seq < 1 || seq > count) continue;
      received++;
      if (seen[seq]) duplicates++;
      seen[seq] = 1;
      if (seq > top) top = seq;
    }
    let missing = 0;
    for (let s = 1; s <= top; s++) if (!seen[s]) missing++;
    const missedByRelay = p.frames().reduce((sum, f) => sum + f.missed, 0);
    return { received, duplicates, missing, missedByRelay };
  }, n);
}

/** How long a run may take before it is reported as incomplete (the rate is then what arrived by the cap). */
const capFor = (n: number) => (n <= 10_000 ? 60_000 : 100_000);

/** Starts the burst in the page and polls `read` until it reports done or the run's cap passes. */
async function burstUntilDone<T extends { doneAt: number }>(
  page: Page,
  n: number,
  read: () => Promise<T>,
): Promise<{ started: number; state: T }> {
  const started = await page.evaluate((count) => {
    const t = Date.now();
    (window as unknown as BenchWindow).__bench.burst(count, 1);
    return t;
  }, n);
  const deadline = started + capFor(n);
  let state = await read();
  while (!state.doneAt && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    state = await read();
  }
  return { started, state };
}

async function runExtension(n: number): Promise<RunResult> {
  if (BUFFER_MB > 0) {
    const worker = await env.ext.serviceWorker();
    await worker.evaluate(
      (bufferBytes) => chrome.storage.local.set({ settings: { bufferBytes } }),
      BUFFER_MB * 1024 * 1024,
    );
  }
  const page = await openBenchPage(env.ext.context, env.server.origin);
  const panel = await openPanelWindow(env.ext, page);
  await waitForPanelReady(panel);
  await armPanel(panel, n);
  let started = 0;
  const read = () =>
    panel.evaluate(
      () => (globalThis as unknown as { __tp: { doneAt: number; applied: number; flushes: number } }).__tp,
    );
  // The panel's main-thread counters over the run say where its time went (script vs style/layout vs the rest).
  const { result: state, cost } = await threadCost(panel, async () => {
    const run = await burstUntilDone(page, n, read);
    started = run.started;
    return run.state;
  });
  const stoppedAt = Date.now();
  const check = await checkPanel(panel, n);
  const profiled = PROFILE ? await profilePanel(page, panel, n) : undefined;
  await panel.close();
  await page.close();
  const complete = state.doneAt > 0;
  const ms = complete ? state.doneAt - started : stoppedAt - started;
  const inModel = complete ? n : state.applied;
  return {
    n,
    ms,
    perSecond: (inModel / ms) * 1000,
    complete,
    ...check,
    flushes: state.flushes,
    threadCost: cost,
    ...(profiled ? { profile: profiled } : {}),
  };
}

/** BENCH_PROFILE=1: where the panel's main thread spends a second, untimed burst. */
async function profilePanel(page: Page, panel: Page, n: number) {
  const count = Math.min(n, 10_000);
  await armPanel(panel, count);
  // The page (hook, relay, daily-js, port posting) is profiled over the same burst as the panel.
  let panelProfile: Awaited<ReturnType<typeof profile>> | undefined;
  const pageProfile = await profile(
    page,
    async () => {
      panelProfile = await profilePanelDuring(page, panel, count, n);
    },
    20,
    `throughput-page-${n}`,
  );
  return { panel: panelProfile, page: pageProfile };
}

async function profilePanelDuring(page: Page, panel: Page, count: number, n: number) {
  return profile(
    panel,
    async () => {
      await page.evaluate((c) => (window as unknown as BenchWindow).__bench.burst(c, 1_000_001), count);
      await panel.waitForFunction(
        () => (globalThis as unknown as { __tp: { doneAt: number } }).__tp.doneAt > 0,
        undefined,
        { timeout: 120_000, polling: 200 },
      );
    },
    20,
    `throughput-panel-${count}-of-${n}`,
  );
}

async function runBaseline(n: number, mode: CeilingMode): Promise<RunResult> {
  const page = await openBenchPage(env.base.session.context, env.server.origin, mode);
  const counter = await env.base.openCounter(mode === 'direct' ? page : undefined);
  // The direct port is opened by the counter page: let it reach the content script before the burst.
  if (mode === 'direct') await counter.waitForTimeout(200);
  await counter.evaluate(
    (count) => (globalThis as unknown as { __baseline: { reset(n: number): void } }).__baseline.reset(count),
    n,
  );
  const read = () =>
    counter.evaluate(() =>
      (
        globalThis as unknown as {
          __baseline: { result(): { count: number; doneAt: number; dups: number; missing: number } };
        }
      ).__baseline.result(),
    );
  let started = 0;
  const { result, cost } = await threadCost(counter, async () => {
    const run = await burstUntilDone(page, n, read);
    started = run.started;
    return run.state;
  });
  const stoppedAt = Date.now();
  await page.close();
  await counter.close();
  const complete = result.doneAt > 0;
  const ms = complete ? result.doneAt - started : stoppedAt - started;
  return {
    n,
    ms,
    perSecond: (result.count / ms) * 1000,
    complete,
    received: result.count,
    missing: result.missing,
    duplicates: result.dups,
    threadCost: cost,
  };
}

describe('lossless throughput', () => {
  for (const n of SIZES) {
    it(`${n.toLocaleString('en-US')} events, real daily-js → panel model, vs the real ceiling and the naive baseline`, async () => {
      // Alternating order by size (machine load drifts): ours first for the small run, the ceilings first for the
      // large one.
      const ours = n <= 10_000 ? await runExtension(n) : undefined;
      const direct = await runBaseline(n, 'direct');
      const batched = await runBaseline(n, 'batched');
      const naive = await runBaseline(n, 'naive');
      const o = ours ?? (await runExtension(n));
      const c = direct;
      const lost = o.missing + o.duplicates + (o.missedByRelay ?? 0);
      env.results.details[`n${n}`] = { ours: o, ceiling: c, batchedViaWorker: batched, naive, capMs: capFor(n) };
      const label = n.toLocaleString('en-US');
      const incomplete = (r: RunResult) =>
        r.complete
          ? ''
          : ` (INCOMPLETE: ${r.received.toLocaleString('en-US')} of ${label} in the ${capFor(n) / 1000} s cap)`;
      const busy = (r: RunResult) => (r.threadCost ? round((100 * r.threadCost.taskMs) / r.ms, 0) : '?');
      env.results.add({
        group: 'throughput',
        metric: `${label} events → panel model, events/s`,
        value: Math.round(o.perSecond),
        unit: 'ev/s',
        baseline: Math.round(c.perSecond),
        target: '≥ 10,000 ev/s',
        pass: o.complete && o.perSecond >= 10_000,
        note: `${round(o.ms / 1000, 2)} s${incomplete(o)} vs real ceiling ${round(c.ms / 1000, 2)} s${incomplete(c)}; panel ${o.threadCost ? describeCost(o.threadCost, o.received / 1000, '1,000 events') : ''}; panel main thread busy ${busy(o)} % of the run, ceiling's counter ${busy(c)} %`,
      });
      env.results.add({
        group: 'throughput',
        metric: `${label} events, share of the real ceiling (batched, one port, counter only)`,
        value: round((100 * o.perSecond) / c.perSecond, 1),
        unit: '%',
        baseline: `${Math.round(c.perSecond).toLocaleString('en-US')} ev/s`,
        target: '≥ 50 %',
        pass: o.complete && c.complete && o.perSecond / c.perSecond >= 0.5,
        note: `real ceiling ${round(c.ms / 1000, 2)} s${incomplete(c)}, ${c.missing + c.duplicates} lost or doubled`,
      });
      env.results.add({
        group: 'throughput',
        metric: `${label} events, the same batches through the service worker (a panel's route)`,
        value: Math.round(batched.perSecond),
        unit: 'ev/s',
        baseline: `ours ${round((100 * o.perSecond) / batched.perSecond, 0)} % of it`,
        note: `${round(batched.ms / 1000, 2)} s${incomplete(batched)}, counter busy ${busy(batched)} %`,
      });
      env.results.add({
        group: 'throughput',
        metric: `${label} events, share of the naive baseline (one port message per event)`,
        value: round((100 * o.perSecond) / naive.perSecond, 1),
        unit: '%',
        baseline: `${Math.round(naive.perSecond).toLocaleString('en-US')} ev/s`,
        note: `naive ${round(naive.ms / 1000, 2)} s${incomplete(naive)}`,
      });
      env.results.add({
        group: 'throughput',
        metric: `${label} events, lost or doubled (every seq exactly once)`,
        value: lost,
        unit: '',
        baseline: c.missing + c.duplicates,
        target: '0',
        pass: lost === 0 && (!o.complete || o.received === n),
        note: `received ${o.received}, holes ${o.missing}, doubled ${o.duplicates}, evicted by the relay ${o.missedByRelay ?? 0}${o.complete ? '' : ' (checked on what arrived by the cap)'}`,
      });
    }, 600_000); // four runs (ours and three baselines) of up to 100 s each, on a loaded machine
  }
});
