// `npm test`: every test there is, in the order that fails fastest: types, unit, build, end-to-end in Chromium
// (and Firefox when firefox-esr is installed, or always under CI).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const step = (title, cmd, args, env = {}) => {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(
    `=== ${title}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
};

step('typecheck', 'npx', ['tsc', '--noEmit']);
step('lint', 'npx', ['eslint', '.']);
step('format', 'npx', ['prettier', '--check', '.']);
step('unit tests', 'npx', ['vitest', 'run', '--project', 'unit']);
// The test builds (dist-test/, dist-firefox-test/, dist-demo/) and the shipped dist/, whose manifest and hook are
// checked as shipped.
step('build', 'node', ['scripts/build.mjs', 'test']);
step('end-to-end (Chromium)', 'npx', ['vitest', 'run', '--project', 'e2e']);
// Firefox whenever firefox-esr is installed, and always in CI (a missing browser must fail there, not skip).
if (process.env.CI === 'true' || fs.existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'))
  step('end-to-end (Firefox)', 'npx', ['vitest', 'run', '--project', 'firefox']);
else
  console.log(
    '\n=== end-to-end (Firefox): skipped, /usr/bin/firefox-esr is not installed (apt-get install firefox-esr)',
  );
