// The replay library as an app gets it: built (node scripts/build.mjs lib) to dist-lib/replay/, imported as ESM and
// required as CommonJS, with its declarations; plays the demo session into a fake call. Runs with the end-to-end
// suite because it needs the build (no browser).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server';
import type * as LibSource from '../../src/replay/lib';

const LIB = path.join(ROOT, 'dist-lib/replay');
const session = fs.readFileSync(path.join(ROOT, 'test/fixtures/replay/demo-session.ndjson'), 'utf8');

type Lib = typeof LibSource;

beforeAll(() => {
  const built = spawnSync('node', ['scripts/build.mjs', 'lib'], { cwd: ROOT, encoding: 'utf8' });
  expect(built.status, built.stderr + built.stdout).toBe(0);
}, 120_000);

async function playDemo(lib: Lib) {
  const call = lib.createFakeCall('c-built');
  const said: string[] = [];
  call.on('app-message', (ev) => {
    const data = ev.data as { event_type?: string; properties?: { speech?: string } };
    if (data.event_type === 'conversation.utterance') said.push(String(data.properties?.speech).slice(0, 12));
  });
  const state = await lib.replayInto(call, session).finished();
  return { state, said };
}

describe('the built replay library', () => {
  it('works as ESM and as CommonJS, with declarations for its entry', async () => {
    const esm = (await import(pathToFileURL(path.join(LIB, 'index.js')).href)) as Lib;
    const cjs = createRequire(import.meta.url)(path.join(LIB, 'index.cjs')) as Lib;
    for (const lib of [esm, cjs]) {
      const { state, said } = await playDemo(lib);
      expect(state).toMatchObject({ status: 'ended', delivered: 66 });
      expect(said).toEqual(['tell me a st', 'Here is a lo', "what's the w", 'Here is the ']);
    }
    const types = fs.readFileSync(path.join(LIB, 'types/replay/lib.d.ts'), 'utf8');
    expect(types).toMatch(/export declare function replayInto\(/);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
    };
    for (const file of Object.values(pkg.exports['./replay']!)) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  });
});
