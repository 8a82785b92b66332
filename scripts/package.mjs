// `npm run package`: store-ready zips of both builds, from the same source.
//   artifacts/cvi-devtools-chrome-<version>.zip   (Chrome Web Store: zip of dist/)
//   artifacts/cvi-devtools-firefox-<version>.zip  (addons.mozilla.org: zip of dist-firefox/)
// The Firefox build must pass `web-ext lint` without errors first (AMO runs the same linter); warnings are listed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const webExt = path.join(root, 'node_modules', '.bin', 'web-ext');
const artifacts = path.join(root, 'artifacts');

function run(cmd, args, { capture = false } = {}) {
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  return result;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const built = run('node', ['scripts/build.mjs', 'chrome', 'firefox']);
if (built.status !== 0) fail('the build failed');

const versionOf = (dir) => JSON.parse(fs.readFileSync(path.join(root, dir, 'manifest.json'), 'utf8')).version;
const version = versionOf('dist');
if (versionOf('dist-firefox') !== version) fail('dist/ and dist-firefox/ have different versions; rebuild both');

// --output json gives the full list; web-ext exits non-zero when there are errors, so read the report either way.
const lint = run(webExt, ['lint', '--source-dir', 'dist-firefox', '--output', 'json', '--no-config-discovery'], {
  capture: true,
});
let report;
try {
  report = JSON.parse(lint.stdout);
} catch {
  fail(`web-ext lint gave no report (exit ${lint.status}):\n${lint.stdout}`);
}
const describe = (entry) =>
  `  ${entry.code}: ${entry.message}${entry.file ? ` (${entry.file}${entry.line ? `:${entry.line}` : ''})` : ''}`;
for (const kind of ['errors', 'warnings', 'notices']) {
  if (report[kind].length === 0) continue;
  console.log(`web-ext lint ${kind}:`);
  for (const entry of report[kind]) console.log(describe(entry));
}
if (report.errors.length > 0) fail(`web-ext lint found ${report.errors.length} error(s) in dist-firefox/`);
console.log(`web-ext lint: 0 errors, ${report.warnings.length} warning(s), ${report.notices.length} notice(s)`);

// The panel's test hook (`__cviPanel`, `__cviLastExport`) exists only in the test builds; never ship it.
for (const dir of ['dist', 'dist-firefox'])
  for (const file of fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(root, dir, file), 'utf8');
    if (text.includes('__cviPanel') || text.includes('__cviLastExport'))
      fail(`${dir}/${file} contains the panel's test hook; it belongs only in the test builds`);
  }

fs.mkdirSync(artifacts, { recursive: true });
for (const [target, dir] of [
  ['chrome', 'dist'],
  ['firefox', 'dist-firefox'],
]) {
  // web-ext build zips any extension directory with manifest.json at the root of the archive.
  const filename = `cvi-devtools-${target}-${version}.zip`;
  const zipped = run(webExt, [
    'build',
    '--source-dir',
    dir,
    '--artifacts-dir',
    artifacts,
    '--filename',
    filename,
    '--overwrite-dest',
    '--no-config-discovery',
  ]);
  if (zipped.status !== 0) fail(`web-ext build failed for ${dir}/`);
  const size = fs.statSync(path.join(artifacts, filename)).size;
  console.log(`${path.relative(root, path.join(artifacts, filename))}  ${(size / 1024).toFixed(1)} kB`);
}
