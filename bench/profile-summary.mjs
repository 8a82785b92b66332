// Self time by function and by source module of a V8 .cpuprofile taken of our extension (bench/browser/support.ts
// `profile(..., saveAs)` writes them to bench-results/). Minified bundles are mapped back to src/ through their
// source maps when the build has them: `TARGET=chrome CVI_TEST_BUILD=1 npx vite build --sourcemap` (dist-test/).
//
//   node bench/profile-summary.mjs bench-results/throughput-panel-10000-of-10000.cpuprofile [top=25] [distDir]
import fs from 'node:fs';
import path from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const [file, topArg, distArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top] [distDir]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const dist = distArg ?? 'dist-test';
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const maps = new Map();
function mapFor(rel) {
  if (!maps.has(rel)) {
    const mapPath = rel.startsWith('/') ? `${rel}.map` : path.join(dist, `${rel}.map`);
    maps.set(rel, fs.existsSync(mapPath) ? new TraceMap(fs.readFileSync(mapPath, 'utf8')) : null);
  }
  return maps.get(rel);
}

/** `src/log/entry.ts:212 createEntry` for a frame in our bundles, else the url's tail and the function name. */
function where(callFrame) {
  const { url, lineNumber, columnNumber, functionName } = callFrame;
  const m = /^chrome-extension:\/\/[a-p]{32}\/(.+)$/.exec(url) ?? /^file:\/\/(\/.+)$/.exec(url);
  if (!m) {
    const short = url ? url.replace(/^https?:\/\/[^/]+\//, '').slice(-40) : '';
    return {
      module: short || functionName || '(native)',
      fn: `${functionName || '(anonymous)'}${short ? ` ${short}` : ''}`,
    };
  }
  const map = mapFor(m[1]);
  if (!map)
    return { module: m[1], fn: `${functionName || '(anonymous)'} ${m[1]}:${lineNumber + 1}:${columnNumber + 1}` };
  const pos = originalPositionFor(map, { line: lineNumber + 1, column: columnNumber });
  const source = (pos.source ?? '?').replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
  return { module: source, fn: `${pos.name ?? functionName ?? '(anonymous)'} ${source}:${pos.line}` };
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfByFn = new Map();
const selfByModule = new Map();
let total = 0;
let idle = 0;
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) {
  const node = byId.get(samples[i]);
  const us = deltas[i + 1] ?? 0;
  if (!node) continue;
  if (node.callFrame.functionName === '(idle)') {
    idle += us;
    continue;
  }
  const w = where(node.callFrame);
  selfByFn.set(w.fn, (selfByFn.get(w.fn) ?? 0) + us);
  selfByModule.set(w.module, (selfByModule.get(w.module) ?? 0) + us);
  total += us;
}
const row = ([name, us]) =>
  `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`;
console.log(
  `${file}: busy ${(total / 1000).toFixed(0)} ms of ${((total + idle) / 1000).toFixed(0)} ms wall (${((100 * total) / (total + idle)).toFixed(0)} %)`,
);
console.log('\nself time by function');
for (const r of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(row(r));
console.log('\nself time by module');
for (const r of [...selfByModule].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(row(r));
