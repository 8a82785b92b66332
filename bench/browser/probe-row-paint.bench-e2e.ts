/**
 * Probe (skipped in npm run bench unless BENCH_PROBES=1): what a fling frame of the event table costs under CSS
 * variants, measured in one browser with the variants alternating (the machine's load moves absolute figures by
 * ±30 %; alternation keeps the comparison fair). Each variant is a style sheet adopted by the panel on top of its
 * own; PROBE_VARIANTS picks some by name (comma-separated), PROBE_ROUNDS sets the rounds (default 3),
 * PROBE_TRACE=1 also prints the largest trace events of each variant.
 *   BENCH_PROBES=1 flock /tmp/cvi-browser.lock npx vitest run --project bench bench/browser/probe-row-paint.bench-e2e.ts
 */
import { it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  median,
  openPanelWindow,
  panelBenchKit,
  profile,
  round,
  scrollEventTable,
  startServer,
  threadCost,
  type PanelGlobal,
  type ScrollRun,
} from './support';

const N = 100_000;
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 3);
const TRACE = process.env.PROBE_TRACE === '1';

/** Cells placed absolutely at the sum of the widths before them, instead of as flex items. */
const ABSOLUTE_CELLS =
  '.dt-row { display: block !important; } .dt-row > .dt-cell { position: absolute; top: 0; bottom: 0; } .dt-row > .dt-c-last { right: 0; }' +
  Array.from({ length: 12 }, (_, k) => {
    const left = k === 0 ? '0px' : `calc(${Array.from({ length: k }, (_, j) => `var(--dt-w${j})`).join(' + ')})`;
    return `.dt-row > .dt-c${k} { left: ${left}; }`;
  }).join(' ');

const VARIANTS: Record<string, string> = {
  base: '',
  'no cell borders': '.dt-cell { border-left: none !important; }',
  'cells overflow visible': '.dt-cell { overflow: visible !important; text-overflow: clip !important; }',
  'rows contain strict': '.dt-row { contain: strict; }',
  'rows contain layout paint style': '.dt-row { contain: layout paint style; }',
  'cells contain strict': '.dt-cell { contain: strict; height: 100%; }',
  'scroller will-change + strict': '.event-table .vlist { will-change: scroll-position; contain: strict; }',
  'plain badge': '.dt-row .badge { border-radius: 0; overflow: visible; text-overflow: clip; }',
  'no badge':
    '.dt-row .badge { display: inline; padding: 0; background: none; height: auto; border-radius: 0; overflow: visible; }',
  'optimizeSpeed text': '.dt-row { text-rendering: optimizeSpeed; font-kerning: none; }',
  'no odd stripes': '.dt-row.odd { background: none; }',
  'hide summary': '.dt-row .dt-c-last { visibility: hidden; }',
  'hide all text': '.dt-row { visibility: hidden; }',
  'clip only last': '.dt-cell:not(.dt-c-last) { overflow: visible !important; text-overflow: clip !important; }',
  'clip only last + badge unclipped':
    '.dt-cell:not(.dt-c-last) { overflow: visible !important; text-overflow: clip !important; } .dt-row .badge { overflow: visible; text-overflow: clip; }',
  'absolute cells': ABSOLUTE_CELLS,
  'four cells gone': '.dt-row > .dt-c1, .dt-row > .dt-c2, .dt-row > .dt-c3, .dt-row > .dt-c5 { display: none; }',
  'summary cell only': '.dt-row > .dt-cell:not(.dt-c-last) { display: none; }',
  'kind cell gone': '.dt-row > .dt-c4 { display: none; }',
  'badge hidden': '.dt-row .badge { display: none; }',
  'badge inline': '.dt-row .badge { display: inline; overflow: visible; }',
  'right-aligned gone': '.dt-row > .dt-c0, .dt-row > .dt-c2, .dt-row > .dt-c6 { display: none; }',
  'badge unclipped': '.dt-row .badge { overflow: visible; text-overflow: clip; }',
  'grid lines on top':
    '.dt-cell { border-left: none !important; padding-left: calc(var(--cell-padding-x) + 1px) !important; } .dt-cell:first-child { padding-left: var(--cell-padding-x) !important; } .dt-filler { z-index: 1; }',
  ...Object.fromEntries(
    [0, 1, 2, 3, 4, 5, 6].map((k) => [
      `summary + c${k}`,
      `.dt-row > .dt-cell:not(.dt-c-last):not(.dt-c${k}) { display: none; }`,
    ]),
  ),
  'no user-select': '.dt-cell { user-select: none !important; }',
  'cells block, no flex':
    '.dt-row { display: block !important; white-space: nowrap; } .dt-row > .dt-cell { display: inline-block; vertical-align: top; }',
  'no ellipsis': '.dt-cell { text-overflow: clip !important; }',
  'absolute cells + clip only last + badge unclipped':
    ABSOLUTE_CELLS +
    '.dt-cell:not(.dt-c-last) { overflow: visible !important; text-overflow: clip !important; } .dt-row .badge { overflow: visible; text-overflow: clip; }',
};

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the span: unlike dur, not inflated while the machine's other work preempts the thread. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time per trace event name on the busiest renderer main thread while `run` runs, ms per frame. */
async function traceMainThread(page: Page, run: () => Promise<unknown>, frames: number) {
  const session = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', {
    traceConfig: {
      includedCategories: (
        process.env.PROBE_CATEGORIES ?? 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,toplevel'
      ).split(','),
    },
  });
  await run();
  await session.send('Tracing.end');
  await done;
  await session.detach().catch(() => {});
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = (pid: number, tid: number) =>
    events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X').reduce((sum, e) => sum + (e.dur ?? 0), 0);
  const main = mains.sort((a, b) => busy(b.pid, b.tid) - busy(a.pid, a.tid))[0];
  if (!main) return undefined;
  const spans = events
    .filter(
      (e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.tdur !== undefined,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { name: string; end: number }[] = [];
  for (const e of spans) {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - (e.tdur ?? 0));
    self.set(e.name, (self.get(e.name) ?? 0) + (e.tdur ?? 0));
    stack.push({ name: e.name, end: e.ts + (e.dur ?? 0) });
  }
  const perFrame = (us: number) => round(us / 1000 / frames, 2);
  const phaseOf = (name: string): keyof typeof phases => {
    if (/^(FunctionCall|V8\.|v8\.|EventDispatch|RunMicrotasks|TimerFire|FireAnimationFrame)/.test(name))
      return 'script';
    if (/recalcStyle|updateStyle|rebuildLayoutTree|StyleEngine|Style/.test(name)) return 'style';
    if (/performLayout|^InlineNode|^Layout|LayoutNG|UpdateLayout/.test(name)) return 'layout';
    if (/Paint|CullRect|CompositingInputs|Commit|commit|LayerTreeHost|Layerize|PrePaint|Raster/.test(name))
      return 'paint';
    return 'other';
  };
  const phases = { script: 0, style: 0, layout: 0, paint: 0, other: 0 };
  for (const [name, us] of self) phases[phaseOf(name)] += us;
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return {
    total: perFrame(total),
    phases: Object.fromEntries(Object.entries(phases).map(([k, us]) => [k, perFrame(us)])) as Record<
      keyof typeof phases,
      number
    >,
    top: Object.fromEntries(
      [...self.entries()]
        .map(([name, us]) => [name, perFrame(us)] as const)
        .filter(([, ms]) => ms >= 0.1)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12),
    ),
  };
}

it.skipIf(process.env.BENCH_PROBES !== '1')(
  'probe: fling frame cost under CSS variants',
  async () => {
    const server = await startServer();
    const ext = await launchWithExtension();
    try {
      const page = await ext.context.newPage();
      await page.goto(`${server.origin}/fixtures/nodaily.html`);
      const panel = await openPanelWindow(ext, page);
      await panel.waitForFunction(() => (globalThis as unknown as PanelGlobal).__cviPanel?.status() === 'connected');
      // The scale bench's events: realistic Tavus turns (replica answers streamed in 10 chunks).
      const kit = await panel.evaluateHandle(panelBenchKit);
      await panel.evaluate(
        ({ kit, n }) =>
          kit.feedInChunks((globalThis as unknown as PanelGlobal).__cviPanel!.store, kit.realisticTurns(n)),
        { kit, n: N },
      );
      await panel.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await panel.waitForTimeout(500);

      // Which cells draw without a clip (dt-fit), per column, and whether any of them overflows (it must not).
      console.log(
        'cells without a clip, per column:',
        JSON.stringify(
          await panel.evaluate(() => {
            const out: Record<string, string> = {};
            const cells = [...document.querySelectorAll<HTMLElement>('[data-testid=event-row] .dt-cell')];
            for (const cell of cells) {
              const k = cell.dataset.col!;
              const [fit, all, over] = (out[k] ?? '0/0/0').split('/').map(Number) as [number, number, number];
              const fits = cell.classList.contains('dt-fit');
              const overflows =
                fits &&
                (cell.scrollWidth > cell.clientWidth ||
                  [...cell.querySelectorAll('.badge')].some((b) => b.scrollWidth > b.clientWidth));
              out[k] = `${fit + (fits ? 1 : 0)}/${all + 1}/${over + (overflows ? 1 : 0)}`;
            }
            return out;
          }),
        ),
      );
      if (process.env.PROBE_DEBUG === '1')
        console.log(
          await panel.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('[data-testid=event-row] .dt-cell')]
              .slice(0, 18)
              .map(
                (c) =>
                  `${c.dataset.col} "${c.textContent}" client ${c.clientWidth} scroll ${c.scrollWidth} ${c.className}`,
              )
              .join('\n'),
          ),
        );
      // The scale bench's fling, from `from` (0–1) of the table, without its per-frame row count.
      const flingFrom = (from: number, frames: number) =>
        scrollEventTable(panel, 'fling', frames, { from, countRows: false });
      const picked = process.env.PROBE_VARIANTS?.split(',').map((name) => name.trim());
      const names = Object.keys(VARIANTS).filter((name) => !picked || picked.includes(name));
      const adopt = (css: string) =>
        panel.evaluate((text) => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(text);
          document.adoptedStyleSheets = [sheet];
          return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        }, css);
      if (process.env.PROBE_MICRO === '1') {
        // In-page and interleaved: every iteration gives all visible rows new texts (from rows elsewhere in the
        // table) under one variant, and times the frame's rendering from the end of its animation frame callback to
        // the next task (style, layout, paint, commit). The variants take turns, so load drifts hit all alike.
        const micro = await panel.evaluate(
          async ({ variants, iterations }) => {
            const scroller = document.querySelector('.event-table .vlist') as HTMLElement;
            const frame = () => new Promise((r) => requestAnimationFrame(r));
            const rows = () =>
              [...document.querySelectorAll<HTMLElement>('[data-testid=event-row]')].sort(
                (a, b) => Number(a.dataset.rowIndex) - Number(b.dataset.rowIndex),
              );
            const textsOf = (row: HTMLElement): Text[] => {
              const out: Text[] = [];
              const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
              return out;
            };
            // A pool of row texts from all over the table.
            const pool: string[][] = [];
            const max = scroller.scrollHeight - scroller.clientHeight;
            for (let k = 1; k <= 24; k++) {
              scroller.scrollTop = Math.round((max * k) / 25);
              scroller.dispatchEvent(new Event('scroll'));
              await frame();
              await frame();
              for (const row of rows()) pool.push(textsOf(row).map((t) => t.data));
            }
            scroller.scrollTop = Math.round(max / 2);
            scroller.dispatchEvent(new Event('scroll'));
            await frame();
            await new Promise((r) => setTimeout(r, 300));
            await frame();
            const sheets = variants.map(([, css]) => {
              const sheet = new CSSStyleSheet();
              sheet.replaceSync(css);
              return sheet;
            });
            const times: number[][] = variants.map(() => []);
            let cursor = 0;
            for (let i = 0; i < iterations; i++) {
              for (let v = 0; v < variants.length; v++) {
                document.adoptedStyleSheets = [sheets[v]!];
                await frame(); // the restyle of the sheet change, not measured
                await frame();
                const spent = await new Promise<number>((resolve) =>
                  requestAnimationFrame(() => {
                    const visible = rows().filter((row) => {
                      const r = row.getBoundingClientRect();
                      return r.bottom > 0 && r.top < innerHeight;
                    });
                    for (const row of visible) {
                      const texts = textsOf(row);
                      let source = pool[(cursor = (cursor + 1) % pool.length)]!;
                      for (let tries = 0; source.length !== texts.length && tries < pool.length; tries++)
                        source = pool[(cursor = (cursor + 1) % pool.length)]!;
                      texts.forEach((t, k) => (t.data = source[k] ?? ''));
                    }
                    const t0 = performance.now();
                    const channel = new MessageChannel();
                    channel.port1.onmessage = () => resolve(performance.now() - t0);
                    channel.port2.postMessage(0);
                  }),
                );
                times[v]!.push(spent);
              }
            }
            document.adoptedStyleSheets = [];
            return times;
          },
          {
            variants: names.map((name) => [name, VARIANTS[name]!] as const),
            iterations: Number(process.env.PROBE_ITERATIONS ?? 40),
          },
        );
        const q = (xs: number[], p: number) => {
          const s = [...xs].sort((a, b) => a - b);
          return round(s[Math.floor(p * (s.length - 1))]!, 2);
        };
        console.log(
          `micro: rendering ms per frame of new row texts (p10 / p25 / median), load ${(await import('node:os'))
            .loadavg()
            .map((x) => x.toFixed(2))
            .join(' ')}`,
        );
        names.forEach((name, v) =>
          console.log(`  ${name.padEnd(48)} ${q(micro[v]!, 0.1)} / ${q(micro[v]!, 0.25)} / ${q(micro[v]!, 0.5)}`),
        );
        return;
      }
      type Run = {
        fps: number;
        cpuMs: number;
        total: number;
        script: number;
        style: number;
        layout: number;
        paint: number;
        other: number;
      };
      const runs = new Map<string, Run[]>();
      const tops = new Map<string, unknown>();
      let offset = 0;
      for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
        for (const name of roundIndex % 2 === 0 ? names : [...names].reverse()) {
          await adopt(VARIANTS[name]!);
          const from = (offset = (offset + 0.137) % 1);
          const frames = 90;
          let flung: ScrollRun | undefined;
          let cost: Awaited<ReturnType<typeof threadCost>>['cost'] | undefined;
          const trace = await traceMainThread(
            panel,
            async () => ({ result: flung, cost } = await threadCost(panel, () => flingFrom(from, frames))),
            frames,
          );
          if (!flung || !cost || !trace) throw new Error('no run');
          if (process.env.PROBE_DEBUG === '1') console.log(name, from, flung.scrolledTo, flung.firstRow);
          const n = flung.intervals.length;
          const mean = flung.intervals.reduce((a, b) => a + b, 0) / n;
          const list = runs.get(name) ?? [];
          list.push({
            fps: round(1000 / mean, 1),
            cpuMs: round(cost.cpuMs / n, 2),
            total: trace.total,
            ...trace.phases,
          });
          runs.set(name, list);
          if (roundIndex === 0) tops.set(name, trace.top);
        }
      }
      if (process.env.PROBE_PROFILE === '1') {
        await adopt('');
        const p = await profile(panel, () => flingFrom(0.3, 120), 30);
        console.log(`profile: ${p.totalMs} ms of ${p.wallMs}`);
        for (const e of p.byScript.slice(0, 8)) console.log(`  script ${e.script} ${e.selfMs} ms ${e.percent} %`);
        for (const e of p.entries) console.log(`  ${e.selfMs} ms ${e.percent} % ${e.fn} ${e.where} ${e.code ?? ''}`);
      }
      const load = (await import('node:os')).loadavg().map((x) => x.toFixed(2));
      console.log(`load ${load.join(' ')}; ${ROUNDS} rounds; ms of main-thread CPU per frame (trace tdur), medians`);
      for (const name of names) {
        const list = runs.get(name)!;
        const med = (key: keyof Run) => round(median(list.map((x) => x[key])), 2);
        console.log(
          `${name.padEnd(34)} fps ${med('fps')}  cpu ${med('cpuMs')}  traced ${med('total')} = script ${med('script')} + style ${med('style')} + layout ${med('layout')} + paint ${med('paint')} + other ${med('other')}   (traced per run ${list.map((x) => x.total).join('/')})`,
        );
        if (TRACE) console.log(`   top ${JSON.stringify(tops.get(name))}`);
      }
    } finally {
      await ext.close();
      await server.close();
    }
  },
  600_000,
);
