/**
 * Probe (skipped in npm run bench unless BENCH_PROBES=1): what a MessagePort charges the sender's thread per byte of
 * string, the carrier between the page hook and the relay (src/bridge/channel.ts). Plain Chromium, no extension:
 * strings of a records frame's sizes (one record, 10, 100), a two-byte string, and for comparison the same bytes as a
 * transferred ArrayBuffer and what TextEncoder charges to make those bytes.
 *   BENCH_PROBES=1 flock /tmp/cvi-browser.lock npx vitest run --project bench bench/browser/probe-port-bytes.bench-e2e.ts
 */
import { it } from 'vitest';
import { launchPlain } from './support';

it.skipIf(process.env.BENCH_PROBES !== '1')(
  'probe: MessagePort cost per byte of string',
  async () => {
    const session = await launchPlain();
    const page = await session.context.newPage();
    await page.goto('about:blank');
    const result = await page.evaluate(() => {
      const channel = new MessageChannel();
      channel.port2.onmessage = () => {};
      const encoder = new TextEncoder();
      const FRAME = 47_000; // 100 realistic records (meta + payload text)
      // Each string is made fresh and flat (indexOf walks it), so no post finds it serialised or flattened already.
      const flat = (n: number, unit: string) => {
        const s = unit.repeat(Math.ceil(n / unit.length)).slice(0, n - 1) + String(Math.random() * 10)[0];
        s.indexOf('\u0001');
        return s;
      };
      const cases: Record<string, { bytes: number; make: () => unknown; send: (x: unknown) => void }> = {
        'empty string': { bytes: 0, make: () => '', send: (x) => channel.port1.postMessage(x) },
        'string, 470 chars (one record)': {
          bytes: 470,
          make: () => flat(470, 'x'),
          send: (x) => channel.port1.postMessage(x),
        },
        'string, 4,700 chars (10 records)': {
          bytes: 4700,
          make: () => flat(4700, 'x'),
          send: (x) => channel.port1.postMessage(x),
        },
        'string, 47,000 chars (100 records)': {
          bytes: FRAME,
          make: () => flat(FRAME, 'x'),
          send: (x) => channel.port1.postMessage(x),
        },
        'two-byte string, 47,000 chars': {
          bytes: FRAME * 2,
          make: () => flat(FRAME, 'é€'),
          send: (x) => channel.port1.postMessage(x),
        },
        'ArrayBuffer of 47,000 bytes, transferred': {
          bytes: FRAME,
          make: () => new Uint8Array(FRAME),
          send: (x) => channel.port1.postMessage(x, [(x as Uint8Array).buffer]),
        },
        'TextEncoder.encode of 47,000 chars (no post)': {
          bytes: FRAME,
          make: () => flat(FRAME, 'x'),
          send: (x) => encoder.encode(x as string),
        },
      };
      const out: Record<string, { bytes: number; us: number[] }> = {};
      for (let round = 0; round < 8; round++)
        for (const [name, c] of Object.entries(cases)) {
          const inputs: unknown[] = [];
          for (let k = 0; k < 40; k++) inputs.push(c.make());
          const t0 = performance.now();
          for (const x of inputs) c.send(x);
          (out[name] ??= { bytes: c.bytes, us: [] }).us.push(((performance.now() - t0) / inputs.length) * 1000);
        }
      return out;
    });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const [name, { bytes, us }] of Object.entries(result)) {
      const m = median(us);
      console.log(
        `${name}: median ${m.toFixed(0)} µs per post${bytes ? `, ${((m * 1000) / bytes).toFixed(1)} ns per byte` : ''} (${us.map((x) => x.toFixed(0)).join(' ')})`,
      );
    }
    await session.close();
  },
  120_000,
);
