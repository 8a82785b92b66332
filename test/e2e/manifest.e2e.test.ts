// The built extension, read as shipped: least privilege, strict CSP, no remote code, standalone capture scripts.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../support/server';

const dist = path.join(ROOT, 'dist');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
  permissions: string[];
  web_accessible_resources?: unknown[];
  host_permissions: string[];
  content_scripts: { js: string[]; world?: string; run_at: string; all_frames: boolean }[];
  content_security_policy: { extension_pages: string };
};

describe('dist/manifest.json', () => {
  it('asks only for what it uses', () => {
    // Offline join and the mock replica need none: they work through the page hook (src/bridge/offline-join.ts).
    expect([...manifest.permissions].sort()).toEqual(['scripting', 'storage']);
    expect(manifest.host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest).not.toHaveProperty('externally_connectable');
    expect(manifest).not.toHaveProperty('optional_permissions');
    expect(manifest).not.toHaveProperty('declarative_net_request'); // no static rules: nothing acts by default
  });

  it('exposes only the offline join call machine to pages, and only under a per-session URL', () => {
    // A stable chrome-extension://<id>/ URL would let any page detect the extension; use_dynamic_url rotates it.
    expect(manifest.web_accessible_resources).toEqual([
      {
        resources: ['offline/call-machine-object-bundle.js'],
        matches: ['http://*/*', 'https://*/*'],
        use_dynamic_url: true,
      },
    ]);
    const offline = fs.readdirSync(path.join(dist, 'offline')).sort();
    expect(offline).toEqual(['call-machine-object-bundle.js']);
    const bundle = fs.readFileSync(path.join(dist, 'offline/call-machine-object-bundle.js'), 'utf8');
    expect(bundle).not.toMatch(/chrome\.|browser\.runtime|\bimport\s*\(|^\s*import\s/m); // page code, self-contained
  });

  it('has a strict CSP for extension pages', () => {
    const csp = manifest.content_security_policy.extension_pages;
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
  });

  it('runs both capture scripts at document_start in every frame, as self-contained files', () => {
    const [hook, relay] = manifest.content_scripts;
    expect(hook).toMatchObject({ world: 'MAIN', run_at: 'document_start', all_frames: true });
    expect(relay).toMatchObject({ run_at: 'document_start', all_frames: true });
    expect(relay?.world).toBeUndefined();
    for (const script of [hook, relay]) {
      const file = fs.readFileSync(path.join(dist, script!.js[0]!), 'utf8');
      expect(file).not.toMatch(/\bimport\s*\(|^\s*import\s|chrome\.runtime\.getURL/m); // no loader, nothing fetched
    }
    const hookSource = fs.readFileSync(path.join(dist, hook!.js[0]!), 'utf8');
    expect(hookSource).not.toMatch(/chrome\.|browser\./); // the MAIN world never touches extension APIs
    // Every page loads it: capture, the burst framing, the channel (its event getters and the deferred handling of
    // what the relay says), and offline join's loader and fetch substitution (~1.4 kB of it, inert off mock mode).
    // The no-Daily page cost it adds is measured by `npm run bench` (page-cost).
    expect(zlib.gzipSync(hookSource).length).toBeLessThanOrEqual(6.6 * 1024);
  });

  it('ships no remote code and no eval in extension code', () => {
    const files = fs
      .readdirSync(dist, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js') || f.endsWith('.html'));
    for (const file of files) {
      const text = fs.readFileSync(path.join(dist, file), 'utf8');
      expect(text, file).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(text, file).not.toMatch(/\beval\(|new Function\(/);
    }
    expect(fs.existsSync(path.join(dist, 'src/panel/index.html'))).toBe(true);
  });
});
