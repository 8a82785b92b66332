import { defineConfig } from 'vitest/config';

/** `npx vitest bench --run --config vitest.bench.config.ts`: the pure-model benchmarks (bench/*.bench.ts). */
export default defineConfig({
  test: {
    environment: 'node',
    include: [],
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
