// The Firefox build's manifest and what AMO's linter (web-ext lint) says about dist-firefox/.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/server';
import { EXTENSION_DIR, readBuiltManifest } from './support/firefox';

interface LintEntry {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

describe('dist-firefox/manifest.json', () => {
  const manifest = readBuiltManifest() as Record<string, unknown> & {
    background: { scripts?: string[]; service_worker?: string };
    browser_specific_settings: {
      gecko: { id: string; strict_min_version: string; data_collection_permissions?: { required: string[] } };
    };
    content_scripts: { js: string[]; world?: string; run_at: string; all_frames: boolean }[];
  };

  it('has a background script (Firefox has no extension service workers) and a gecko id', () => {
    expect(manifest.background.scripts).toEqual(['service-worker-loader.js']);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(fs.existsSync(path.join(EXTENSION_DIR, 'service-worker-loader.js'))).toBe(true);
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    // MAIN-world content scripts need Firefox 128.
    expect(manifest.browser_specific_settings.gecko.strict_min_version).toBe('128.0');
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(manifest).not.toHaveProperty('minimum_chrome_version');
    expect(manifest).not.toHaveProperty('message_serialization'); // Firefox always clones structurally
  });

  it('keeps the hook a MAIN-world, document_start, self-contained script, like the Chrome build', () => {
    const [hook, relay] = manifest.content_scripts;
    expect(hook).toMatchObject({ js: ['src/page/hook.js'], world: 'MAIN', run_at: 'document_start', all_frames: true });
    expect(relay).toMatchObject({ js: ['src/content/relay.js'], run_at: 'document_start', all_frames: true });
    expect(relay?.world).toBeUndefined();
    // Only offline join's simulated call machine, as in the Chrome build. No use_dynamic_url here: the Firefox build
    // leaves it out, and Firefox's moz-extension:// host is already a random UUID per install.
    expect(manifest.web_accessible_resources).toEqual([
      { resources: ['offline/call-machine-object-bundle.js'], matches: ['http://*/*', 'https://*/*'] },
    ]);
    expect(fs.existsSync(path.join(EXTENSION_DIR, 'src/panel/index.html'))).toBe(true);
  });
});

describe('web-ext lint --source-dir dist-firefox', () => {
  it('reports no errors, and only the warnings docs/firefox.md explains', () => {
    const webExt = path.join(ROOT, 'node_modules', '.bin', 'web-ext');
    const lint = spawnSync(
      webExt,
      ['lint', '--source-dir', EXTENSION_DIR, '--output', 'json', '--no-config-discovery'],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(lint.stdout) as { errors: LintEntry[]; warnings: LintEntry[]; notices: LintEntry[] };
    expect(report.errors).toEqual([]);
    expect(report.notices).toEqual([]);
    const explained = new Set([
      // data_collection_permissions is newer than strict_min_version 128; older Firefox ignores it.
      'KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION',
      'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION',
      // preact's own dangerouslySetInnerHTML support (checked below: no other innerHTML assignment).
      'UNSAFE_VAR_ASSIGNMENT',
    ]);
    expect(report.warnings.map((w) => w.code).filter((code) => !explained.has(code))).toEqual([]);
    for (const warning of report.warnings.filter((w) => w.code === 'UNSAFE_VAR_ASSIGNMENT')) {
      const source =
        fs.readFileSync(path.join(EXTENSION_DIR, warning.file ?? ''), 'utf8').split('\n')[(warning.line ?? 1) - 1] ??
        '';
      const around = source.slice(Math.max(0, (warning.column ?? 0) - 300), (warning.column ?? 0) + 100);
      expect(around, `innerHTML assignment in ${warning.file} is not preact's dangerouslySetInnerHTML`).toContain(
        '__html',
      );
    }
  });
});
