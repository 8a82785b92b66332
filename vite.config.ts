import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import base from './manifest.json' with { type: 'json' };

/** `TARGET=firefox vite build` writes dist-firefox/ with a Firefox-shaped manifest; the default is Chrome. */
const target = process.env.TARGET === 'firefox' ? 'firefox' : 'chrome';
/**
 * `CVI_TEST_BUILD=1` makes the build the tests load (dist-test/, dist-firefox-test/): the same code plus the panel's
 * read-only state hook on globalThis (`__cviPanel`). The shipped builds (dist/, dist-firefox/) compile it out.
 */
const testBuild = process.env.CVI_TEST_BUILD === '1';

function manifestFor(browser: 'chrome' | 'firefox'): ManifestV3Export {
  const manifest = structuredClone(base) as Record<string, unknown> & typeof base;
  if (browser === 'firefox') {
    const { service_worker: sw } = base.background;
    (manifest as Record<string, unknown>).background = { scripts: [sw], type: 'module' };
    (manifest as Record<string, unknown>).browser_specific_settings = {
      gecko: {
        id: 'cvi-devtools@cvi-devtools.dev',
        strict_min_version: '128.0',
        // AMO requires this for new add-ons; nothing leaves the browser. Firefox < 140 ignores the key.
        data_collection_permissions: { required: ['none'] },
      },
    };
    delete (manifest as Record<string, unknown>).minimum_chrome_version;
  }
  return manifest as ManifestV3Export;
}

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: manifestFor(target),
      browser: target,
      // MAIN-world and relay scripts must be self-contained IIFEs that run at document_start (no async loader).
      contentScripts: { standaloneFiles: ['src/page/hook.ts', 'src/content/relay.ts'] },
    }),
  ],
  define: { __CVI_TEST_HOOK__: JSON.stringify(testBuild) },
  build: {
    outDir: (target === 'firefox' ? 'dist-firefox' : 'dist') + (testBuild ? '-test' : ''),
    emptyOutDir: true,
    target: 'es2022',
    // The panel page is only referenced from devtools.panels.create(), so crxjs needs it as an explicit input.
    rollupOptions: { input: { panel: 'src/panel/index.html' } },
  },
});
