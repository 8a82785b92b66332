// The layer rule from ARCHITECTURE.md, checked on the real import graph: a module may import its own layer or a
// lower one, never a higher one. src/demo sits beside the extension (it may use any shipped layer but the panel)
// and nothing shipped may import it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../src');

/** Lower number = lower layer. Folders not listed here fail the test, so a new folder must be placed on purpose. */
const LAYER_RANK: Record<string, number> = {
  record: 0,
  protocol: 0,
  log: 1,
  /** The simulated replica (pure, on protocol): the demo's call machine and the panel's mock replica share it. */
  sim: 1,
  bridge: 2,
  replay: 2,
  page: 3,
  content: 3,
  background: 3,
  devtools: 3,
  panel: 4,
  demo: 5,
};

/** Imports that break the rule today and are scheduled to move; this list only ever shrinks. */
const KNOWN_VIOLATIONS = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  throw new Error(`${path.relative(root, from)}: cannot resolve ${specifier}`);
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importEdges(): Array<{ from: string; to: string }> {
  const edges: Array<{ from: string; to: string }> = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const target = resolveImport(file, match[1] ?? match[2]!);
      if (target) edges.push({ from: path.relative(root, file), to: path.relative(root, target) });
    }
  }
  return edges;
}

const layerOf = (file: string): string => file.split(path.sep)[0]!;

describe('layers', () => {
  const edges = importEdges();

  it('finds the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(200);
  });

  it('places every source folder on a layer', () => {
    const unplaced = [...new Set(edges.map((edge) => layerOf(edge.from)))].filter((layer) => !(layer in LAYER_RANK));
    expect(unplaced).toEqual([]);
  });

  it('imports point down (or sideways within a layer), never up', () => {
    const violations = edges
      .filter((edge) => LAYER_RANK[layerOf(edge.to)]! > LAYER_RANK[layerOf(edge.from)]!)
      .map((edge) => `${edge.from} -> ${edge.to}`.split(path.sep).join('/'));
    expect(violations.filter((v) => !KNOWN_VIOLATIONS.has(v))).toEqual([]);
    // A fixed violation must leave the list too, so the list cannot hide a new one later.
    expect([...KNOWN_VIOLATIONS].filter((v) => !violations.includes(v))).toEqual([]);
  });

  it('glue layers do not import each other, and nothing shipped imports the demo or the panel from below', () => {
    const glue = new Set(['page', 'content', 'background', 'devtools']);
    const crossGlue = edges.filter(
      (edge) => glue.has(layerOf(edge.from)) && glue.has(layerOf(edge.to)) && layerOf(edge.from) !== layerOf(edge.to),
    );
    expect(crossGlue).toEqual([]);
    expect(edges.filter((edge) => layerOf(edge.to) === 'demo' && layerOf(edge.from) !== 'demo')).toEqual([]);
    expect(edges.filter((edge) => layerOf(edge.from) === 'demo' && layerOf(edge.to) === 'panel')).toEqual([]);
  });
});
