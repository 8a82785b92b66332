/**
 * Probe (skipped in npm run bench unless BENCH_PROBES=1): what an extension port charges the sender's thread for a frame of realistic
 * records, as JSON text (its quotes escaped by extension messaging) and with quotes and apostrophes swapped.
 *   node scripts/build.mjs chrome && BENCH_PROBES=1 flock /tmp/cvi-browser.lock \
 *     npx vitest run --project bench bench/browser/probe-port-quotes.bench-e2e.ts
 */
import { it } from 'vitest';
import { streamingEventMaker } from '../../test/fixtures/bench-event.js';
import { launchWithExtension } from '../../test/support/browser';

it.skipIf(process.env.BENCH_PROBES !== '1')(
  'probe: port cost of JSON text vs swapped quotes',
  async () => {
    const session = await launchWithExtension();
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/src/panel/index.html?tabId=999999`);
    const event = await page.evaluateHandle(streamingEventMaker, false);
    const result = await page.evaluate(async (event) => {
      let frame = 'R';
      for (let i = 0; i < 100; i++) {
        const meta = JSON.stringify([
          0,
          i === 0 ? 'f3c1e9a0-6c4f-4a57-9a0b-2f6e1d7c8b90' : 0,
          0,
          1733420000123.4 + i,
          0,
          0,
          420,
        ]);
        const json = JSON.stringify(event(i));
        frame += meta.length + ':' + meta + json.length + ':' + json;
      }
      const swap = (s: string) => s.replaceAll("'", '\0').replaceAll('"', "'").replaceAll('\0', '"');
      const port = chrome.runtime.connect({ name: 'probe' });
      const variants: Record<string, string> = {
        json: frame,
        swapped: swap(frame),
        noQuotes: frame.replaceAll('"', 'q'),
      };
      const out: Record<string, number[]> = {};
      for (let round = 0; round < 6; round++)
        for (const [name, text] of Object.entries(variants)) {
          const t0 = performance.now();
          for (let i = 0; i < 50; i++) port.postMessage({ v: 1, type: 'events', frame: text + String(i) });
          (out[name] ??= []).push((performance.now() - t0) / 50);
        }
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) swap(frame + String(i));
      const swapMs = (performance.now() - t0) / 200;
      return { bytes: frame.length, quotes: frame.split('"').length - 1, out, swapMs };
    }, event);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `frame ${result.bytes} chars, ${result.quotes} quotes; swap itself ${result.swapMs.toFixed(3)} ms per frame`,
    );
    for (const [name, xs] of Object.entries(result.out))
      console.log(
        `${name}: median ${median(xs)!.toFixed(3)} ms per port message of 100 records (${xs.map((x) => x.toFixed(2)).join(' ')})`,
      );
    await session.close();
  },
  120_000,
);
