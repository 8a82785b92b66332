/**
 * Probe (skipped in npm run bench unless BENCH_PROBES=1): what the panel's thread pays per event of a flood, alone.
 * The throughput bench's stream shares two cores with the page, the service worker and the browser process, and its
 * figures move ±30 % with the machine's load; here the panel page is fed the same events (the throughput bench's
 * realistic streaming event) through its store, 100 every 10 ms (10,000 events/s) for `SECONDS`, and its main
 * thread's CPU time (CDP ThreadTime) is divided by the events applied. BENCH_PANEL_BUILDS=a,b,c measures copies of a
 * test build (`.tmp/dist-test-<name>/`, swapped into dist-test/ in turn, ABAB…) in one sitting.
 *   BENCH_PROBES=1 flock /tmp/cvi-browser.lock npx vitest run --project bench bench/browser/probe-panel-ingest.bench-e2e.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { ROOT } from '../../test/support/server';
import { streamingEventMaker } from '../../test/fixtures/bench-event.js';
import {
  launchWithExtension,
  openBenchPage,
  openPanelWindow,
  panelBenchKit,
  startServer,
  threadCost,
  waitForPanelReady,
} from './support';
import type { PanelGlobal } from './support';

const SECONDS = Number(process.env.BENCH_PANEL_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_PANEL_ROUNDS ?? 2);
const BUILDS = (process.env.BENCH_PANEL_BUILDS ?? '').split(',').filter(Boolean);

async function measure(): Promise<{ events: number; cpuUsPerEvent: number; taskUsPerEvent: number; flushes: number }> {
  const server = await startServer();
  const session = await launchWithExtension();
  try {
    const page = await openBenchPage(session.context, server.origin);
    const panel = await openPanelWindow(session, page);
    await waitForPanelReady(panel);
    const kit = await panel.evaluateHandle(panelBenchKit);
    const event = await panel.evaluateHandle(streamingEventMaker, false);
    const target = await panel.evaluate(
      ({ kit, event, seconds }) => {
        const store = (globalThis as unknown as PanelGlobal).__cviPanel!.store;
        const n = seconds * 10_000;
        const inputs: unknown[] = [];
        for (let seq = 1; seq <= n; seq++) {
          const json = JSON.stringify(event(seq));
          inputs.push(
            kit.appMessageInput({ json, cursor: seq, source: 'probe', callId: 'probe-call', peer: { fromId: 'r' } }),
          );
        }
        const g = globalThis as unknown as { __probe: { inputs: unknown[]; flushes: number; base: number } };
        g.__probe = { inputs, flushes: 0, base: store.log.size };
        const flush = store.flush.bind(store);
        store.flush = () => {
          g.__probe.flushes++;
          flush();
        };
        return store.log.size + n;
      },
      { kit, event, seconds: SECONDS },
    );
    const { cost, result } = await threadCost(panel, async () => {
      await panel.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const g = globalThis as unknown as { __probe: { inputs: unknown[] } };
            const store = (globalThis as unknown as PanelGlobal).__cviPanel!.store;
            let at = 0;
            const timer = setInterval(() => {
              store.receive(g.__probe.inputs.slice(at, at + 100));
              at += 100;
              if (at >= g.__probe.inputs.length) {
                clearInterval(timer);
                resolve();
              }
            }, 10);
          }),
      );
      await panel.waitForFunction(
        (n) => (globalThis as unknown as PanelGlobal).__cviPanel!.store.log.size >= n,
        target,
        {
          timeout: 60_000,
          polling: 50,
        },
      );
      return panel.evaluate(() => (globalThis as unknown as { __probe: { flushes: number } }).__probe.flushes);
    });
    const events = SECONDS * 10_000;
    return {
      events,
      cpuUsPerEvent: (cost.cpuMs * 1000) / events,
      taskUsPerEvent: (cost.taskMs * 1000) / events,
      flushes: result,
    };
  } finally {
    await session.close();
    await server.close();
  }
}

it.skipIf(process.env.BENCH_PROBES !== '1')(
  'probe: the panel thread per event of a 10,000 events/s flood',
  async () => {
    const dist = path.join(ROOT, 'dist-test');
    const builds = BUILDS.length > 0 ? BUILDS : [''];
    for (let round = 0; round < ROUNDS; round++) {
      for (const build of builds) {
        if (build) {
          fs.rmSync(dist, { recursive: true, force: true });
          fs.cpSync(path.join(ROOT, '.tmp', `dist-test-${build}`), dist, { recursive: true });
        }
        const r = await measure();
        const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
        console.log(
          `probe panel ${build || 'dist-test'}: cpu ${r.cpuUsPerEvent.toFixed(1)} µs/event, task ${r.taskUsPerEvent.toFixed(1)} µs/event, ${r.flushes} flushes for ${r.events} events (load ${load})`,
        );
      }
    }
  },
  1_200_000,
);
