import { defineConfig } from 'vitest/config';

// The Firefox suite: the built dist-firefox/ in Debian's firefox-esr, driven over WebDriver BiDi (puppeteer-core).
export default defineConfig({
  test: {
    include: ['test/firefox/**/*.firefox.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
