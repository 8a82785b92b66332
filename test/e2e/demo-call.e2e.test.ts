/**
 * The built demo in headless Chromium against the real daily-js 0.92.2, 0.80.0 and 0.60.0:
 * the offline call machine loads, the call joins, and replica events reach the page's
 * `call.on('app-message')` handler.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script without type declarations
import { startDemoServer } from '../../scripts/demo-server.mjs';

const browserPath = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
].find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));

describe('demo call in Chromium', () => {
  let outDir = '';
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'cvi-demo-build-'));
    await build({ configFile: 'vite.demo.config.ts', logLevel: 'warn', build: { outDir, sourcemap: false } });
    server = await startDemoServer({ root: outDir, port: 0 });
    browser = await chromium.launch({
      executablePath: browserPath ?? '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
  });

  it('builds the call machine as one classic script', async () => {
    const response = await fetch(`${server.url}call-machine/call-machine-object-bundle.js`);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    const code = await response.text();
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    // daily-js evaluates it exactly like this; it must not throw without a registry.
    expect(() => new Function(`"use strict";${code}`)).not.toThrow();
  });

  for (const daily of ['0.92', '0.80', '0.60'] as const) {
    it(`runs a whole conversation on daily-js ${daily}`, async () => {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __embeddedActions: string[] }).__embeddedActions = seen;
        window.addEventListener('message', (event) => {
          const data = event.data as { what?: string; from?: string; action?: string } | null;
          if (data?.what === 'iframe-call-message' && data.from === 'embedded' && data.action) seen.push(data.action);
        });
      });
      try {
        await page.goto(`${server.url}?autojoin=1&daily=${daily}&speed=5&perception=0&seed=3`);
        await page.waitForFunction(() => !(document.getElementById('send') as HTMLButtonElement).disabled, null, {
          timeout: 15_000,
        });
        expect(await page.textContent('#daily-version')).toMatch(
          new RegExp(`daily-js ${daily.replace('.', '\\.')}\\.\\d`),
        );

        await page.fill('#chat-text', "What's the weather in Oslo?");
        await page.click('#send');
        // The app answers get_weather itself; the replica's answer arrives as app-message events.
        await page.waitForFunction(
          () => document.getElementById('transcript')?.textContent?.includes('Here is the weather for Oslo'),
          null,
          {
            timeout: 15_000,
          },
        );
        await page.click('#leave');
        await page.waitForFunction(
          () => document.getElementById('transcript')?.textContent?.includes('Perception analysis'),
          null,
          { timeout: 5_000 },
        );
        expect(await page.textContent('#status')).toContain('call: left-meeting');

        const actions = await page.evaluate(
          () => (window as unknown as { __embeddedActions: string[] }).__embeddedActions,
        );
        expect(actions.slice(0, 2)).toEqual(['joined-meeting', 'participant-joined']);
        expect(actions.filter((action) => action === 'app-message').length).toBeGreaterThan(10);
        expect(actions.at(-1)).toBe('left-meeting');
        expect(pageErrors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 40_000);
  }
});
