/**
 * Launching Debian's Chromium with the built extension (never a downloaded browser); shared by the end-to-end tests
 * (test/e2e) and the browser benchmarks (bench/browser).
 *  - `launchWithExtension`: playwright persistent context, for page-level and standalone-panel tests.
 *  - `launchWithDevTools`: our own spawn with --auto-open-devtools-for-tabs + connectOverCDP, so the test can
 *    select and drive the real CVI panel inside DevTools.
 */
import { chromium, type BrowserContext, type Browser, type Page, type Frame, type Worker } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './server';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** The test build (scripts/build.mjs chrome-test): the shipped dist/ has no `__cviPanel` state hook. */
export const EXTENSION_DIR = path.join(ROOT, 'dist-test');
export const PANEL_TITLE = 'CVI';

/** Flags for every test launch: headless, offline (only 127.0.0.1 resolves), no background services. */
export const BASE_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function assertBrowserPresent(): void {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}; install Debian's chromium (apt-get install chromium)`);
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json')))
    throw new Error('dist-test/ is not built; run node scripts/build.mjs chrome-test (or npm run build)');
}

function freshProfile(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cvi-e2e-'));
}

function removeProfile(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  /** Opens the panel as a standalone extension page watching `page`'s tab. */
  openPanel(page: Page, theme?: 'light' | 'dark'): Promise<Page>;
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
}

export async function launchWithExtension(
  extraArgs: string[] = [],
  extensionDir = EXTENSION_DIR,
  options: { backForwardCache?: boolean } = {},
): Promise<ExtensionSession> {
  assertBrowserPresent();
  const profile = freshProfile();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    // Playwright turns the back/forward cache off by default; the bfcache tests need it on.
    ignoreDefaultArgs: ['--disable-extensions', ...(options.backForwardCache ? ['--disable-back-forward-cache'] : [])],
    args: [
      ...BASE_ARGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...extraArgs,
    ],
    viewport: { width: 1200, height: 800 },
  });
  const serviceWorker = async () => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const sw = await serviceWorker();
  const extensionId = new URL(sw.url()).host;
  const tabIdOf = async (page: Page) => {
    const url = page.url();
    // Several tabs may show the same URL: the one in front is this page.
    await page.bringToFront();
    const worker = await serviceWorker();
    const id = await worker.evaluate(async (u: string) => {
      const tabs = (await chrome.tabs.query({})).filter((t) => t.url === u);
      return (tabs.find((t) => t.active) ?? tabs[0])?.id;
    }, url);
    if (id === undefined) throw new Error(`no tab for ${url}`);
    return id;
  };
  return {
    context,
    extensionId,
    serviceWorker,
    tabIdOf,
    async openPanel(page, theme = 'light') {
      const tabId = await tabIdOf(page);
      const panel = await context.newPage();
      await panel.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=${tabId}&theme=${theme}`);
      return panel;
    },
    async close() {
      await context.close().catch(() => {});
      removeProfile(profile);
    },
  };
}

/** Stops the extension's service worker (like Chrome does after idling), through CDP. */
export async function stopServiceWorker(session: ExtensionSession, page: Page): Promise<void> {
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach().catch(() => {});
}

// ------------------------------------------------------------------------------------------------------------------
// Real DevTools

export interface DevToolsSession {
  browser: Browser;
  extensionId: string;
  /** The inspected page. */
  page: Page;
  /** The DevTools front end. */
  devtools: Page;
  /** Selects the CVI panel and returns its frame (an OOPIF inside the DevTools front end). */
  openPanel(): Promise<Frame>;
  close(): Promise<void>;
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function launchWithDevTools(
  url: string,
  opts: {
    theme?: 'light' | 'dark';
    width?: number;
    height?: number;
    dockRightWidth?: number;
    /** Docked at the bottom with this height (px) for DevTools; ignored with dockRightWidth. */
    dockBottomHeight?: number;
  } = {},
): Promise<DevToolsSession> {
  assertBrowserPresent();
  const profile = freshProfile();
  // DevTools' own theme preference lives in the profile; set it before launch.
  // DevTools' own preferences live in the profile: theme, and docked at the bottom so the panel is wide.
  const prefsDir = path.join(profile, 'Default');
  fs.mkdirSync(prefsDir, { recursive: true });
  fs.writeFileSync(
    path.join(prefsDir, 'Preferences'),
    JSON.stringify({
      devtools: {
        preferences: {
          'ui-theme': JSON.stringify(opts.theme ?? 'light'),
          // Docked right at a given width (how most users dock), or at the bottom so the panel is wide.
          ...(opts.dockRightWidth !== undefined
            ? {
                currentDockState: '"right"',
                'inspectorView.splitViewState': JSON.stringify({ vertical: { size: opts.dockRightWidth } }),
                // Newer DevTools (Chromium 1xx+) name their settings in kebab-case and read only that name.
                'inspector-view.split-view-state': JSON.stringify({ vertical: { size: opts.dockRightWidth } }),
              }
            : {
                currentDockState: '"bottom"',
                ...(opts.dockBottomHeight !== undefined
                  ? {
                      'inspectorView.splitViewState': JSON.stringify({ horizontal: { size: opts.dockBottomHeight } }),
                      'inspector-view.split-view-state': JSON.stringify({
                        horizontal: { size: opts.dockBottomHeight },
                      }),
                    }
                  : {}),
              }),
        },
      },
    }),
  );
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      ...BASE_ARGS,
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      '--auto-open-devtools-for-tabs',
      `--window-size=${opts.width ?? 1400},${opts.height ?? 900}`,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      url,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const portFile = path.join(profile, 'DevToolsActivePort');
  const port = await waitFor('DevToolsActivePort', () =>
    fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8').split('\n')[0] || undefined : undefined,
  );
  // Playwright only sees a devtools front end that is already a page when it connects.
  await waitFor('devtools front end', async () => {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; url: string }[];
    return list.some((t) => t.type === 'page' && t.url.startsWith('devtools://')) ? true : undefined;
  });
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  if (!context) throw new Error('no browser context');
  const devtools = await waitFor('devtools page', () => context.pages().find((p) => p.url().startsWith('devtools://')));
  const page = await waitFor('inspected page', () =>
    context.pages().find((p) => p.url().startsWith(url.split('?')[0] as string)),
  );
  const extensionId = await waitFor('extension id', () => {
    const sw = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return sw ? new URL(sw.url()).host : undefined;
  });
  return {
    browser,
    extensionId,
    page,
    devtools,
    async openPanel() {
      const panelUrl = `chrome-extension://${extensionId}/src/panel/index.html`;
      return waitFor('CVI panel frame', async () => {
        const frame = devtools.frames().find((f) => f.url().startsWith(panelUrl));
        if (frame) return frame;
        // Chrome's own embedder API selects a panel by id: extension origin + title without spaces.
        await devtools
          .evaluate(
            (id) =>
              (globalThis as unknown as { DevToolsAPI?: { showPanel(id: string): void } }).DevToolsAPI?.showPanel(id),
            `chrome-extension://${extensionId}${PANEL_TITLE}`,
          )
          .catch(() => {});
        await new Promise((r) => setTimeout(r, 250));
        return undefined;
      });
    },
    async close() {
      try {
        const cdp = await browser.newBrowserCDPSession();
        await cdp.send('Browser.close').catch(() => {});
      } catch {
        child.kill('SIGKILL');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      removeProfile(profile);
    },
  };
}
