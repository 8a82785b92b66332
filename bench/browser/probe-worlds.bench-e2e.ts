/**
 * Probes (skipped in npm run bench unless BENCH_PROBES=1): what crossing between an extension's ISOLATED world and
 * the page's MAIN world costs, with a throwaway extension of two document_start scripts (no CVI DevTools code).
 *  1. Per message, MAIN → ISOLATED: a string posted on a MessagePort vs the same string as the `detail` of a
 *     CustomEvent dispatched on a private EventTarget (src/bridge/channel.ts, "Channel"), 470 and 47,000 chars.
 *  2. At document_start, per world: what the first use of an interface costs (Blink makes a world's interface objects
 *     on first touch), for each thing the hook and the relay touch before any page script runs. Each variant runs in
 *     its own page load; the clock is coarse (100 µs, jittered), so the figures are means of many loads.
 *   BENCH_PROBES=1 flock /tmp/cvi-browser.lock npx vitest run --project bench bench/browser/probe-worlds.bench-e2e.ts
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { chromium } from 'playwright-core';
import { BASE_ARGS, CHROMIUM } from '../../test/support/browser';

const MANIFEST = {
  manifest_version: 3,
  name: 'probe-worlds',
  version: '1',
  content_scripts: [
    { js: ['main.js'], matches: ['http://*/*'], run_at: 'document_start', world: 'MAIN' },
    { js: ['iso.js'], matches: ['http://*/*'], run_at: 'document_start' },
  ],
};

/** MAIN world: takes the channel (both kinds), times its first touches, and posts strings on request. */
const MAIN = `(() => {
  const v = new URLSearchParams(location.search).get('m') || 'none';
  const t0 = performance.now();
  let keep;
  if (v === 'offline-join saves') keep = [window.fetch, Response, Object.getOwnPropertyDescriptor(Request.prototype, 'url').get, Object.getOwnPropertyDescriptor(URL.prototype, 'href').get];
  if (v === 'channel target getters') keep = [Object.getOwnPropertyDescriptor(MouseEvent.prototype, 'relatedTarget').get, Object.getOwnPropertyDescriptor(PointerEvent.prototype, 'pointerType').get, Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get];
  if (v === 'FocusEvent + CustomEvent getters') keep = [Object.getOwnPropertyDescriptor(FocusEvent.prototype, 'relatedTarget').get, Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail').get];
  if (v === 'port getters') keep = [MessagePort.prototype.postMessage, Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'ports').get];
  window.__firstTouch = performance.now() - t0;
  let target, port;
  document.addEventListener('probe-offer', (ev) => { if (ev.relatedTarget) target = ev.relatedTarget; if (ev.ports && ev.ports[0]) port = ev.ports[0]; });
  window.__post = (kind, n, chars) => {
    const texts = [];
    for (let i = 0; i < n; i++) { const s = 'x'.repeat(chars - 1) + String(Math.random() * 10)[0]; s.indexOf('\\u0001'); texts.push(s); }
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      if (kind === 'port') port.postMessage(texts[i]);
      else target.dispatchEvent(new CustomEvent('m', { detail: texts[i] }));
    }
    return ((performance.now() - t) / n) * 1000;
  };
})();`;

/** ISOLATED world: hands over a channel target and a port, times its own first touches. */
const ISO = `(() => {
  const v = new URLSearchParams(location.search).get('i') || 'none';
  const t0 = performance.now();
  if (v === 'randomUUID') crypto.randomUUID();
  if (v === 'MessageChannel offer') { const ch = new MessageChannel(); ch.port1.addEventListener('message', () => {}); ch.port1.start(); document.dispatchEvent(new MessageEvent('x', { data: 'k', ports: [ch.port2], cancelable: true })); }
  if (v === 'EventTarget offer (PointerEvent)') { const et = new EventTarget(); et.addEventListener('y', () => {}); document.dispatchEvent(new PointerEvent('z', { relatedTarget: et, pointerType: 'k', cancelable: true })); }
  if (v === 'EventTarget offer (FocusEvent) + key message') { const et = new EventTarget(); et.addEventListener('y', () => {}); document.dispatchEvent(new FocusEvent('z', { relatedTarget: et, cancelable: true })); et.dispatchEvent(new CustomEvent('w', { detail: 'k' })); }
  if (v === 'plain Event on document') document.dispatchEvent(new Event('z'));
  const firstTouch = performance.now() - t0;
  const target = new EventTarget();
  let got = 0;
  target.addEventListener('m', (ev) => { got += ev.detail.length; });
  const ch = new MessageChannel();
  ch.port1.onmessage = (ev) => { got += ev.data.length; };
  document.dispatchEvent(new MessageEvent('probe-offer', { ports: [ch.port2] }));
  document.dispatchEvent(new MouseEvent('probe-offer', { relatedTarget: target }));
  setTimeout(() => { document.documentElement.dataset.probe = JSON.stringify({ firstTouch }); }, 0);
})();`;

const MAIN_VARIANTS = [
  'none',
  'port getters',
  'channel target getters',
  'FocusEvent + CustomEvent getters',
  'offline-join saves',
];
const ISO_VARIANTS = [
  'none',
  'MessageChannel offer',
  'EventTarget offer (PointerEvent)',
  'EventTarget offer (FocusEvent) + key message',
  'plain Event on document',
];

it.skipIf(process.env.BENCH_PROBES !== '1')(
  'probe: crossing worlds, per message and at document_start',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-worlds-'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
    fs.writeFileSync(path.join(dir, 'main.js'), MAIN);
    fs.writeFileSync(path.join(dir, 'iso.js'), ISO);
    const server = http.createServer((_q, r) => {
      r.setHeader('content-type', 'text/html');
      r.end('<!doctype html><p>probe</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const context = await chromium.launchPersistentContext('', {
      executablePath: CHROMIUM,
      headless: true,
      args: [...BASE_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
    });
    try {
      const page = await context.newPage();
      const touch: Record<string, number[]> = {};
      const LOADS = 60;
      for (let n = 0; n < LOADS; n++)
        for (let k = 0; k < MAIN_VARIANTS.length; k++) {
          const m = MAIN_VARIANTS[k]!;
          const i = ISO_VARIANTS[k]!;
          await page.goto(`${origin}/?m=${encodeURIComponent(m)}&i=${encodeURIComponent(i)}&n=${n}`);
          await page.waitForFunction(() => document.documentElement.dataset.probe !== undefined);
          const [main, iso] = await page.evaluate(() => [
            (window as unknown as { __firstTouch: number }).__firstTouch,
            (JSON.parse(document.documentElement.dataset.probe!) as { firstTouch: number }).firstTouch,
          ]);
          (touch[`MAIN: ${m}`] ??= []).push(main);
          (touch[`ISOLATED: ${i}`] ??= []).push(iso);
        }
      const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length) * 1000;
      for (const [name, xs] of Object.entries(touch))
        console.log(`first touch at document_start, ${name}: mean ${mean(xs).toFixed(0)} µs over ${xs.length} loads`);

      await page.goto(`${origin}/?m=none&i=none`);
      await page.waitForFunction(() => document.documentElement.dataset.probe !== undefined);
      for (const chars of [470, 47_000]) {
        const us: Record<string, number[]> = { port: [], 'channel target': [] };
        for (let round = 0; round < 6; round++)
          for (const kind of ['port', 'channel target'])
            us[kind]!.push(
              await page.evaluate(
                ([k, c]) => (window as unknown as { __post: (...a: unknown[]) => number }).__post(k, 40, c),
                [kind, chars] as const,
              ),
            );
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        for (const [kind, xs] of Object.entries(us))
          console.log(
            `MAIN → ISOLATED, ${chars} chars, ${kind}: median ${median(xs).toFixed(1)} µs per message (${xs.map((x) => x.toFixed(0)).join(' ')})`,
          );
      }
    } finally {
      await context.close();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  300_000,
);
