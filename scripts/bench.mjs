// `npm run bench`: builds the Chrome extension (dist/, and the test build dist-test/ that the browser benchmarks
// load), runs the pure-model benchmarks (vitest bench) and the browser benchmarks (real Chromium, each against a bare
// baseline in the same run), then prints one table.
//
//   npm run bench                      everything (about 15 minutes on an idle 2-core machine)
//   npm run bench -- --profile         also CPU-profile the hot paths (BENCH_PROFILE=1; adds ~1 minute)
//   npm run bench -- --browser-only    skip the model benchmarks
//   npm run bench -- --strict          exit 1 when a target is missed
//
// Results: bench-results/*.json (gitignored). See BENCHMARKS.md for what each figure means.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench-results');
const args = new Set(process.argv.slice(2));
const env = { ...process.env, ...(args.has('--profile') ? { BENCH_PROFILE: '1' } : {}) };

const started = Date.now();
const failures = [];
const step = (title, cmd, cmdArgs) => {
  console.log(`\n=== ${title}`);
  const t0 = Date.now();
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env, cwd: root });
  const ok = result.status === 0;
  console.log(`=== ${title}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!ok) failures.push(title);
  return ok;
};

fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });
console.log(
  `bench: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`,
);

// dist/ for the shipped bundle sizes; dist-test/ is what the browser benchmarks load (test/support/browser.ts).
if (!step('build (chrome, chrome-test)', 'node', ['scripts/build.mjs', 'chrome', 'chrome-test'])) process.exit(1);
if (!args.has('--browser-only'))
  step('model benchmarks (bench/*.bench.ts)', 'npx', [
    'vitest',
    'bench',
    '--run',
    '--project',
    'bench',
    '--outputJson',
    'bench-results/model.json',
  ]);
step('browser benchmarks (bench/browser)', 'npx', ['vitest', 'run', '--project', 'bench']);

// ---- one table ------------------------------------------------------------------------------------------------

const rows = [];
const num = (value, unit) => {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  const text = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(Number(value.toFixed(2)));
  return unit ? `${text} ${unit}` : text;
};

const modelFile = path.join(resultsDir, 'model.json');
if (fs.existsSync(modelFile)) {
  const model = JSON.parse(fs.readFileSync(modelFile, 'utf8'));
  for (const file of model.files ?? [])
    for (const group of file.groups ?? [])
      for (const b of group.benchmarks ?? [])
        rows.push({
          metric: `model: ${group.fullName.split(' > ').slice(1).join(' > ')}: ${b.name}`,
          value: num(b.median ?? b.mean, 'ms'),
          baseline: '—',
          target: '—',
          result: 'info',
        });
}
const order = ['page-cost', 'throughput', 'latency', 'scale', 'memory'];
const browserFiles = fs
  .readdirSync(resultsDir)
  .filter((f) => f.endsWith('.json') && f !== 'model.json')
  .sort((a, b) => order.indexOf(a.replace('.json', '')) - order.indexOf(b.replace('.json', '')));
let machine;
for (const f of browserFiles) {
  const data = JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8'));
  machine ??= data.machine;
  for (const r of data.rows)
    rows.push({
      metric: `${r.group}: ${r.metric}`,
      value: num(r.value, r.unit),
      baseline: num(r.baseline, typeof r.baseline === 'number' ? r.unit : ''),
      target: r.target ?? '—',
      result: r.pass === undefined ? 'info' : r.pass ? 'pass' : 'MISS',
    });
}

const header = {
  metric: 'metric',
  value: 'value',
  baseline: 'baseline (same run)',
  target: 'target',
  result: 'pass/miss',
};
const cols = Object.keys(header);
const widths = cols.map((c) => Math.max(header[c].length, ...rows.map((r) => String(r[c]).length)));
const line = (r) => cols.map((c, i) => String(r[c]).padEnd(widths[i])).join('  ');
console.log(`\n=== CVI DevTools benchmarks, ${new Date().toISOString()}`);
if (machine)
  console.log(
    `machine: ${machine.cpus} cores, ${machine.cpuModel}, ${machine.memoryGB} GB; ${machine.chromium}; node ${machine.node}`,
  );
console.log(
  `load average now: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')} (other work on the machine inflates every figure; baselines share it)\n`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
const missed = rows.filter((r) => r.result === 'MISS');
console.log(
  `\n${rows.filter((r) => r.result === 'pass').length} pass, ${missed.length} missed, ${rows.filter((r) => r.result === 'info').length} informational; ${((Date.now() - started) / 60000).toFixed(1)} min in all`,
);
if (failures.length) console.log(`steps that failed: ${failures.join(', ')}`);
console.log('details (per-run values, profiles): bench-results/*.json');
process.exit(failures.length > 0 || (args.has('--strict') && missed.length > 0) ? 1 : 0);
