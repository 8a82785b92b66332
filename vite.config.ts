import { build, defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { OFFLINE_CALL_MACHINE_PATH } from './src/bridge/offline-join';
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
    // Firefox always clones extension messages structurally, and warns about the key that asks Chrome to.
    delete (manifest as Record<string, unknown>).message_serialization;
  }
  (manifest as Record<string, unknown>).web_accessible_resources = [
    { resources: [OFFLINE_CALL_MACHINE_PATH], matches: ['http://*/*', 'https://*/*'], use_dynamic_url: true },
  ];
  return manifest as ManifestV3Export;
}

/**
 * Offline join's file (see src/bridge/offline-join.ts): the simulated call machine, built as one classic script
 * (daily-js runs it with `Function(code)()` or a script tag). Web-accessible only through a per-session URL
 * (`use_dynamic_url`), so a page cannot probe for the extension with it; the page hook hands that URL to a caught
 * call's loader only in a tab whose mock mode is on.
 */
function offlineJoinPlugin(): Plugin {
  return {
    name: 'cvi-offline-join',
    apply: 'build',
    async generateBundle() {
      const result = await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          sourcemap: false,
          lib: {
            entry: fileURLToPath(new URL('./src/page/offline/call-machine-bundle.ts', import.meta.url)),
            formats: ['iife'],
            name: 'CviOfflineCallMachine',
            fileName: () => 'call-machine-object-bundle.js',
          },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((out) => ('output' in out ? out.output : []));
      const chunk = outputs.find((item) => item.type === 'chunk');
      if (chunk === undefined || chunk.type !== 'chunk')
        throw new Error('offline call machine build produced no chunk');
      this.emitFile({ type: 'asset', fileName: OFFLINE_CALL_MACHINE_PATH, source: chunk.code });
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    offlineJoinPlugin(),
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
