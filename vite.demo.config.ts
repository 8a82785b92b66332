/**
 * The offline demo call: `vite build -c vite.demo.config.ts` writes
 *   dist-demo/index.html + assets/          the "customer's app" (bundles daily-js from npm)
 *   dist-demo/call-machine/call-machine-object-bundle.js   the fake call machine (one classic script)
 * `vite -c vite.demo.config.ts` serves the same thing with the call machine built on request.
 * Kept apart from vite.config.ts (the extension, dist/).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const DEMO_OUT_DIR = fromRoot('./dist-demo');
const CALL_MACHINE_DIR = 'call-machine';
const CALL_MACHINE_FILE = 'call-machine-object-bundle.js';

/** daily-js runs the bundle with `Function('"use strict";' + code)()`, so it must be one self-contained classic script. */
function callMachineBuild(write: boolean, outDir = DEMO_OUT_DIR): InlineConfig {
  return {
    configFile: false,
    root: projectRoot,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write,
      outDir: `${outDir}/${CALL_MACHINE_DIR}`,
      emptyOutDir: false,
      target: 'es2020',
      minify: false,
      sourcemap: false,
      lib: {
        entry: fromRoot('./src/demo/call-machine.ts'),
        formats: ['iife'],
        name: 'CviDemoCallMachine',
        fileName: () => CALL_MACHINE_FILE,
      },
    },
  };
}

/** After the app build, builds the call machine into `<app outDir>/call-machine/` (so `--outDir` moves both). */
function callMachinePlugin(): Plugin {
  let appOutDir = DEMO_OUT_DIR;
  return {
    name: 'cvi-demo-call-machine',
    apply: 'build',
    configResolved(config) {
      appOutDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await build(callMachineBuild(true, appOutDir));
    },
  };
}

function callMachineDevPlugin(): Plugin {
  return {
    name: 'cvi-demo-call-machine-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use(`/${CALL_MACHINE_DIR}/${CALL_MACHINE_FILE}`, (_request, response, next) => {
        build(callMachineBuild(false))
          .then((result) => {
            const outputs = Array.isArray(result) ? result : [result];
            const chunk = outputs
              .flatMap((output) => ('output' in output ? output.output : []))
              .find((item) => item.type === 'chunk');
            if (chunk === undefined || chunk.type !== 'chunk') throw new Error('call machine build produced no chunk');
            response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            response.setHeader('Cache-Control', 'no-store');
            response.end(chunk.code);
          })
          .catch(next);
      });
    },
  };
}

export default defineConfig({
  root: fromRoot('./src/demo/app'),
  base: './',
  publicDir: false,
  plugins: [callMachinePlugin(), callMachineDevPlugin()],
  server: { host: '127.0.0.1', port: 5179, strictPort: false },
  build: {
    outDir: DEMO_OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
