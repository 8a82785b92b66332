import { defineConfig } from 'vitest/config';

/**
 * `npx vitest run --config vitest.benchbrowser.config.ts`: the browser benchmarks (real Chromium, built extension,
 * each with its bare baseline in the same run). Run through `npm run bench`, which builds first; not part of npm test.
 */
export default defineConfig({
  test: {
    include: ['bench/browser/**/*.bench-e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
