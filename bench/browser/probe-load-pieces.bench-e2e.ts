/**
 * Probe (skipped in npm run bench unless BENCH_PROBES=1): which piece of what the hook does at document_start costs a
 * page without Daily what. The floor extension (bench/floor-extension: the two-world handshake alone) is loaded as is
 * and with one piece of the hook's document_start work added to its MAIN-world script; each variant in a browser of
 * its own, loads rotated, against plain Chromium and our built extension (dist-test) in the same run. The figure is
 * the page-cost bench's no-Daily one: main-thread script + compile time per load (CDP Performance metrics).
 *   BENCH_PROBES=1 flock /tmp/cvi-browser.lock npx vitest run --project bench bench/browser/probe-load-pieces.bench-e2e.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { launchPlain, launchWithExtension, median, round, startServer } from './support';
import { ROOT } from '../../test/support/server';

const FLOOR_DIR = path.join(ROOT, 'bench/floor-extension');
const LOADS = Number(process.env.PROBE_LOADS ?? 100);

/** What src/page/intrinsics.ts and src/page/install-hook.ts do at document_start beyond the handshake, piece by piece. */
const PIECES: Record<string, string> = {
  'floor (handshake alone)': '',
  '+ performance (now, timeOrigin)': `kept.p = [performance, call.bind(performance.now), performance.timeOrigin];`,
  '+ offline join saves (fetch, Response, Request, URL)': `kept.o = [window.fetch, Response, getter(Request.prototype, 'url'), getter(Request.prototype, 'method'), getter(URL.prototype, 'href')];`,
  '+ Object.prototype traps (3 accessors)': `for (const n of ['_messageChannel', 'callClientId', '_callFrameId']) Reflect.defineProperty(Object.prototype, n, { configurable: true, get() { return undefined; }, set(v) { Reflect.defineProperty(this, n, { value: v, writable: true, configurable: true, enumerable: true }); } });`,
  "+ window 'message' listener (MessageEvent data)": `const data = getter(MessageEvent.prototype, 'data'); addEventListener(window, 'message', (ev) => { kept.d = data(ev); });`,
  '+ JS built-ins saved': `kept.j = [Reflect.apply, Reflect.defineProperty, Reflect.ownKeys, Array.isArray, Number.isSafeInteger, JSON.stringify, JSON.parse, uncurry(WeakMap.prototype.get), uncurry(WeakMap.prototype.set), uncurry(WeakMap.prototype.has), new WeakMap(), uncurry(String.prototype.slice), uncurry(String.prototype.charCodeAt), uncurry(String.prototype.indexOf), Symbol.for, queueMicrotask, setTimeout];`,
};
const ANCHOR = '  const kept = { detail, CustomEventCtor };\n';

it.skipIf(process.env.BENCH_PROBES !== '1')(
  'probe: what each piece of the hook at document_start costs a page without Daily',
  async () => {
    const floorMain = fs.readFileSync(path.join(FLOOR_DIR, 'main.js'), 'utf8');
    if (!floorMain.includes(ANCHOR)) throw new Error('bench/floor-extension/main.js changed: update ANCHOR');
    const dirs: string[] = [];
    const server = await startServer();
    const plain = await launchPlain();
    const closers: (() => Promise<void>)[] = [() => plain.close(), () => server.close()];
    try {
      const pages: { name: string; page: Page; cdp: CDPSession }[] = [];
      const add = async (name: string, page: Page) => {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        pages.push({ name, page, cdp });
      };
      for (const [name, code] of Object.entries(PIECES)) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-load-pieces-'));
        dirs.push(dir);
        for (const file of ['manifest.json', 'iso.js', 'sw.js'])
          fs.copyFileSync(path.join(FLOOR_DIR, file), path.join(dir, file));
        fs.writeFileSync(path.join(dir, 'main.js'), floorMain.replace(ANCHOR, `${ANCHOR}${code}\n`));
        const session = await launchWithExtension([], dir);
        closers.push(() => session.close());
        await add(name, await session.context.newPage());
      }
      const ours = await launchWithExtension();
      closers.push(() => ours.close());
      await add('CVI DevTools (dist-test)', await ours.context.newPage());
      await add('plain Chromium', await plain.context.newPage());

      const url = `${server.origin}/fixtures/nodaily.html`;
      const scriptMs = async ({ page, cdp }: { page: Page; cdp: CDPSession }) => {
        await page.goto(url, { waitUntil: 'load' });
        const { metrics } = (await cdp.send('Performance.getMetrics')) as {
          metrics: { name: string; value: number }[];
        };
        const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
        return (get('ScriptDuration') + get('V8CompileDuration')) * 1000;
      };
      for (const p of pages) await scriptMs(p); // warm-up
      const ms = pages.map(() => [] as number[]);
      for (let i = 0; i < LOADS; i++)
        for (let k = 0; k < pages.length; k++) {
          const at = (i + k) % pages.length;
          ms[at]!.push(await scriptMs(pages[at]!));
        }
      const base = median(ms[pages.length - 1]!);
      const floor = median(ms[0]!);
      for (let k = 0; k < pages.length - 1; k++)
        console.log(
          `${pages[k]!.name}: Δ ${round(median(ms[k]!) - base, 2)} ms over plain` +
            (k > 0 ? `, ${round(median(ms[k]!) - floor, 2)} ms over the floor` : '') +
            ` (medians of ${LOADS} loads)`,
        );
    } finally {
      for (const close of closers.reverse()) await close().catch(() => {});
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  600_000,
);
