// Builds everything a test or a user needs: the Chrome extension (dist/), the Firefox extension (dist-firefox/)
// and the offline demo (dist-demo/). Usage: node scripts/build.mjs [chrome|firefox|demo|lib ...]
// `lib` (only when named: the extension's tests do not need it) is the replay library for apps' tests, dist-lib/replay/.
import { spawnSync } from 'node:child_process';

const wanted = process.argv.slice(2);
const all = wanted.length === 0;
const run = (cmd, args, env = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (all || wanted.includes('chrome')) run('npx', ['vite', 'build', '--logLevel', 'warn'], { TARGET: 'chrome' });
if (all || wanted.includes('firefox')) run('npx', ['vite', 'build', '--logLevel', 'warn'], { TARGET: 'firefox' });
if (all || wanted.includes('demo')) run('npx', ['vite', 'build', '-c', 'vite.demo.config.ts', '--logLevel', 'warn']);
if (wanted.includes('lib')) {
  run('npx', ['vite', 'build', '-c', 'vite.replay-lib.config.ts', '--logLevel', 'warn']);
  run('npx', ['tsc', '-p', 'tsconfig.replay-lib.json']);
}
