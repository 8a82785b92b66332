/**
 * The replay library for apps' own tests (src/replay/lib.ts): `vite build -c vite.replay-lib.config.ts` writes
 *   dist-lib/replay/index.js (ESM) and index.cjs (CommonJS), self-contained (no runtime dependencies);
 * the declarations come from tsconfig.replay-lib.json (dist-lib/replay/types/). Run by `node scripts/build.mjs lib`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist-lib/replay', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./src/replay/lib.ts', import.meta.url)),
      formats: ['es', 'cjs'],
      fileName: (format) => (format === 'es' ? 'index.js' : 'index.cjs'),
    },
  },
});
