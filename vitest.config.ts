import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

/**
 * One config, four projects; pick one with `--project`:
 * - `unit`: pure logic and components (test/unit) and the examples for apps' own tests (test/examples), Node with
 *   happy-dom per file where needed.
 * - `e2e`: the built extension in Debian's Chromium (test/e2e); needs `npm run build` first.
 * - `firefox`: the built dist-firefox/ in firefox-esr over WebDriver BiDi (test/firefox).
 * - `bench`: `vitest bench --project bench` runs the model benchmarks (bench/*.bench.ts);
 *   `vitest run --project bench` runs the browser benchmarks (bench/browser), each against a same-run baseline.
 * Browser projects run one file at a time: the machine has two cores and each file launches a browser.
 */
const browserSuite = { environment: 'node', fileParallelism: false, testTimeout: 90_000, hookTimeout: 90_000 } as const;

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [preact()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}', 'test/examples/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      { test: { name: 'e2e', include: ['test/e2e/**/*.e2e.test.ts'], ...browserSuite } },
      { test: { name: 'firefox', include: ['test/firefox/**/*.firefox.test.ts'], ...browserSuite } },
      {
        test: {
          name: 'bench',
          include: ['bench/browser/**/*.bench-e2e.ts'],
          benchmark: { include: ['bench/**/*.bench.ts'] },
          ...browserSuite,
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
