// Builds everything a test or a user needs. Usage: node scripts/build.mjs [target ...], targets:
//   chrome        dist/               the Chrome extension as shipped (npm run package zips it)
//   firefox       dist-firefox/       the Firefox extension as shipped
//   chrome-test   dist-test/          the Chrome extension the e2e tests and browser benchmarks load: the same code
//                                     plus the panel's read-only state hook (`__cviPanel`), compiled out of dist/
//   firefox-test  dist-firefox-test/  the same for the Firefox tests
//   demo          dist-demo/          the offline demo call
//   test          = chrome chrome-test firefox-test demo (what `npm test` needs: the manifest and late-attach tests
//                   check the shipped dist/)
//   lib           dist-lib/replay/    the replay library for apps' tests (only when named: the extension's tests do
//                                     not need it; test/e2e/replay-lib.e2e.test.ts builds and checks it)
// No target: all of them but lib.
import { spawnSync } from 'node:child_process';

const ALL = ['chrome', 'firefox', 'chrome-test', 'firefox-test', 'demo'];
const args = process.argv
  .slice(2)
  .flatMap((t) => (t === 'test' ? ['chrome', 'chrome-test', 'firefox-test', 'demo'] : [t]));
const unknown = args.filter((t) => !ALL.includes(t) && t !== 'lib');
if (unknown.length > 0) {
  console.error(`build: unknown target(s) ${unknown.join(', ')}; known: ${ALL.join(', ')}, lib, test`);
  process.exit(2);
}
const wanted = args.length === 0 ? ALL : args;
const run = (cmd, cmdArgs, env = {}) => {
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const vite = ['vite', 'build', '--logLevel', 'warn'];

for (const target of wanted) {
  if (target === 'lib') {
    run('npx', [...vite, '-c', 'vite.replay-lib.config.ts']);
    run('npx', ['tsc', '-p', 'tsconfig.replay-lib.json']);
  } else if (target === 'demo') run('npx', [...vite, '-c', 'vite.demo.config.ts']);
  else
    run('npx', vite, {
      TARGET: target.startsWith('firefox') ? 'firefox' : 'chrome',
      CVI_TEST_BUILD: target.endsWith('-test') ? '1' : '0',
    });
}
