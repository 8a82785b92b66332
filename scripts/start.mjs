#!/usr/bin/env node
/**
 * `npm start`: build the extension (dist/) and the offline demo call (dist-demo/), serve the demo on
 * 127.0.0.1 and open Chromium/Chrome with the extension loaded and DevTools open on the demo page.
 *
 *   npm start                  headful browser; the CVI panel is in DevTools' » menu (or Ctrl+[ from Elements)
 *   npm start -- --headless    no window: auto-joins, opens the CVI panel, chats a little, saves artifacts/panel.png
 *   npm start -- --no-build    reuse the existing dist/ and dist-demo/
 *
 * CHROME_PATH overrides the browser lookup.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DEMO_PORT, startDemoServer } from './demo-server.mjs';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const extensionDir = resolve(projectRoot, 'dist');
const demoDir = resolve(projectRoot, 'dist-demo');
const artifactsDir = resolve(projectRoot, 'artifacts');
const viteBin = resolve(projectRoot, 'node_modules/vite/bin/vite.js');

const PANEL_TITLE = 'CVI';
/**
 * Demo knobs that show objectives, heartbeats, guardrails, a bot's echo stream (echo inspector) and an incoming
 * message over the limit (Problems) in the panel (src/sim/knobs.ts).
 */
const DEMO_FEATURE_KNOBS = 'heartbeat=5000&objectives=1&guardrails=1&botecho=1&oversize=1';
const PANEL_PATH = '/src/panel/index.html';
const isMac = process.platform === 'darwin';

const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

const args = new Set(process.argv.slice(2));
const headless = args.has('--headless');
const skipBuild = args.has('--no-build');

function log(message = '') {
  console.log(message);
}

function runVite(viteArgs, label) {
  log(`\n▶ ${label}: vite ${viteArgs.join(' ')}`);
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [viteBin, ...viteArgs], { cwd: projectRoot, stdio: 'inherit' });
    child.on('exit', (code) => resolveRun(code === 0));
    child.on('error', () => resolveRun(false));
  });
}

function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    log(`CHROME_PATH=${fromEnv} does not exist; looking in the usual places.`);
  }
  return BROWSER_CANDIDATES.find((candidate) => existsSync(candidate));
}

function printManualSteps(demoUrl) {
  log(`
To use the extension in a browser you start yourself:
  1. Open chrome://extensions, switch on "Developer mode".
  2. "Load unpacked" → choose ${extensionDir}
  3. Open ${demoUrl}, open DevTools (F12 / ${isMac ? 'Cmd+Opt+I' : 'Ctrl+Shift+I'}), pick the "${PANEL_TITLE}" panel from the » menu.`);
}

function printNoBrowserHelp(demoUrl) {
  log(`
No Chrome or Chromium found (looked at CHROME_PATH and ${BROWSER_CANDIDATES.length} usual paths).
Install one, e.g.:
  Debian/Ubuntu:  sudo apt-get install chromium
  macOS:          brew install --cask chromium   (or install Google Chrome)
or point CHROME_PATH at a Chrome/Chromium binary and run npm start again.`);
  printManualSteps(demoUrl);
}

function baseBrowserArgs(userDataDir, withExtension) {
  return [
    `--user-data-dir=${userDataDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Only the local demo is reachable: nothing leaves the machine.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--auto-open-devtools-for-tabs',
    ...(withExtension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
  ];
}

async function removeProfile(dir) {
  // Helper processes may still be writing just after exit; retry instead of failing.
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}

function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolveExit();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit();
    });
  });
}

const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitFor(what, probe, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // Not ready yet.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

// ---- headful ----------------------------------------------------------------------------------

async function runHeadful(browserPath, demoUrl, withExtension, server) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cvi-devtools-profile-'));
  // Chromium refuses to start as root with its sandbox on (containers, CI boxes).
  const extraArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  if (/google chrome|google-chrome/i.test(browserPath)) {
    // Branded Chrome 137+ ignores --load-extension unless this switch is turned off (and may drop that, too).
    extraArgs.push('--disable-features=DisableLoadExtensionCommandLineSwitch');
    log(
      '\nNote: Google Chrome may ignore --load-extension; if the CVI panel is missing, load dist/ by hand (below) or use Chromium.',
    );
    printManualSteps(demoUrl);
  }
  const child = spawn(
    browserPath,
    [...baseBrowserArgs(userDataDir, withExtension), ...extraArgs, `${demoUrl}?${DEMO_FEATURE_KNOBS}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const stderrTail = [];
  child.stderr.on('data', (chunk) => {
    stderrTail.push(String(chunk));
    if (stderrTail.length > 40) stderrTail.shift();
  });
  log(`
Browser started (pid ${child.pid}) on ${demoUrl}?${DEMO_FEATURE_KNOBS}
  • DevTools opens with the page. The "${PANEL_TITLE}" panel is in the » (More tabs) menu,
    or press ${isMac ? 'Cmd+[' : 'Ctrl+['} in the Elements panel to jump to the last panel.
  • Click Join on the page, then chat. Demo knobs: ${demoUrl}?seed=7&jitter=40&drop=0.02&dup=0.02&pal=1&speed=2&${DEMO_FEATURE_KNOBS}
  • Close the browser or press Ctrl+C here to stop.`);
  let stoppedByUser = false;
  const stop = () => {
    stoppedByUser = true;
    child.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const exitCode = await new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  // Chromium's helper processes can outlive the main one for a moment and recreate files.
  await sleep(300);
  await removeProfile(userDataDir);
  await server.close();
  if (exitCode !== 0 && !stoppedByUser) {
    log(`\nThe browser exited with code ${exitCode}. Its last messages:\n${stderrTail.join('').trim()}`);
    process.exitCode = 1;
  }
}

// ---- headless ---------------------------------------------------------------------------------

async function runHeadless(browserPath, demoUrl, server) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'cvi-devtools-headless-'));
  // Docked DevTools default to a narrow strip beside an (unrendered) page area; widen them so the
  // screenshot is mostly panel. Undocking would be neater, but then CDP lists DevTools as "other", not a page.
  const devtoolsWidth = JSON.stringify({ vertical: { size: 1250 } });
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({
      devtools: {
        preferences: {
          'inspector-view.split-view-state': devtoolsWidth,
          'inspectorView.splitViewState': devtoolsWidth,
        },
      },
    }),
  );
  const stderrTail = [];
  const child = spawn(
    browserPath,
    [
      ...baseBrowserArgs(userDataDir, true),
      '--headless=new',
      '--remote-debugging-port=0',
      '--no-sandbox',
      '--disable-gpu',
      '--window-size=1400,1000',
      `${demoUrl}?autojoin=1&speed=2&${DEMO_FEATURE_KNOBS}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr.on('data', (chunk) => {
    stderrTail.push(String(chunk));
    if (stderrTail.length > 40) stderrTail.shift();
  });
  let browser;
  try {
    const portFile = join(userDataDir, 'DevToolsActivePort');
    const port = await waitFor(
      'DevToolsActivePort',
      () => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0],
      20_000,
    );
    const endpoint = `http://127.0.0.1:${port}`;
    const listTargets = async () =>
      /** @type {{type: string, url: string}[]} */ (await (await fetch(`${endpoint}/json/list`)).json());
    // Playwright only sees the DevTools frontend if it is already a page when connecting.
    await waitFor(
      'the DevTools frontend',
      async () => (await listTargets()).some((t) => t.type === 'page' && t.url.startsWith('devtools://')),
      20_000,
    );
    browser = await chromium.connectOverCDP(endpoint);
    const context = browser.contexts()[0];
    const devtoolsPage = await waitFor(
      'the DevTools page',
      () => context.pages().find((p) => p.url().startsWith('devtools://')),
      10_000,
    );
    // The service worker (or devtools_page) target names the extension; frames loaded before connecting may show no URL.
    const extensionId = await waitFor(
      'the extension (is dist/ a built extension?)',
      async () => {
        const target = (await listTargets()).find((t) => t.url.startsWith('chrome-extension://'));
        return target ? target.url.slice('chrome-extension://'.length).split('/')[0] : undefined;
      },
      15_000,
      250,
    );
    const panelId = `chrome-extension://${extensionId}${PANEL_TITLE.replace(/\s+/g, '')}`;
    log(`Extension ${extensionId} loaded; selecting panel ${panelId}`);
    // Panel registration is async; keep asking DevTools to show it until the panel frame exists.
    await waitFor(
      `the ${PANEL_TITLE} panel`,
      async () => {
        await devtoolsPage.evaluate((id) => globalThis.DevToolsAPI?.showPanel(id), panelId);
        if (devtoolsPage.frames().some((f) => f.url().includes(PANEL_PATH))) return true;
        return (await listTargets()).some((t) => t.url.includes(`${extensionId}${PANEL_PATH}`));
      },
      20_000,
      250,
    );

    const demoPage = await waitFor(
      'the demo page',
      () => context.pages().find((p) => p.url().startsWith(demoUrl)),
      10_000,
    );
    await demoPage.waitForFunction(() => !document.getElementById('send')?.disabled, null, { timeout: 20_000 });
    log('Demo joined; chatting with the simulated replica…');
    const say = async (text, waitMs) => {
      await demoPage.fill('#chat-text', text);
      await demoPage.click('#send');
      await sleep(waitMs);
    };
    await say('Hello! Who are you?', 4_000);
    await say("What's the weather in Paris?", 4_000);
    await say('Tell me a story', 2_000);
    await demoPage.click('#interrupt');
    await sleep(1_500);

    mkdirSync(artifactsDir, { recursive: true });
    const screenshot = join(artifactsDir, 'panel.png');
    await devtoolsPage.screenshot({ path: screenshot });
    log(`Saved ${screenshot}`);
  } catch (error) {
    const tail = stderrTail.join('').trim();
    if (tail !== '') log(`Browser stderr (last lines):\n${tail}`);
    throw error;
  } finally {
    try {
      const session = await browser?.newBrowserCDPSession();
      await session?.send('Browser.close');
    } catch {
      // Fall through to the kill below.
    }
    await waitForExit(child, 5_000);
    await removeProfile(userDataDir);
    await server.close();
  }
}

// ---- main -------------------------------------------------------------------------------------

async function main() {
  if (!skipBuild) {
    const extensionBuilt = await runVite(['build'], 'Extension build (dist/)');
    if (!extensionBuilt)
      log(
        `\n⚠ The extension build failed${existsSync(join(extensionDir, 'manifest.json')) ? '; using the previous dist/' : ''}.`,
      );
    const demoBuilt = await runVite(['build', '-c', 'vite.demo.config.ts'], 'Demo build (dist-demo/)');
    if (!demoBuilt) throw new Error('the demo build failed');
  }
  if (!existsSync(join(demoDir, 'index.html'))) throw new Error('dist-demo/ is missing; run without --no-build');
  const withExtension = existsSync(join(extensionDir, 'manifest.json'));
  if (!withExtension) log('\n⚠ dist/manifest.json is missing: the browser opens the demo without the extension.');

  let server;
  try {
    server = await startDemoServer({ root: demoDir, port: DEFAULT_DEMO_PORT });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    server = await startDemoServer({ root: demoDir, port: 0 });
  }
  const demoUrl = server.url;
  log(`\nDemo call served at ${demoUrl}`);

  const browserPath = findBrowser();
  if (browserPath === undefined) {
    printNoBrowserHelp(demoUrl);
    log('\nThe demo stays served until you press Ctrl+C.');
    return;
  }

  if (headless) {
    if (!withExtension) throw new Error('--headless needs the built extension in dist/');
    await runHeadless(browserPath, demoUrl, server);
    return;
  }

  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (noDisplay) {
    log(`
No display found (DISPLAY and WAYLAND_DISPLAY are unset), so no browser window can open.
  • npm start -- --headless   opens the CVI panel in headless Chromium, chats with the demo
                              replica and saves artifacts/panel.png
  • or run under a virtual display: xvfb-run -a npm start
The demo stays served at ${demoUrl} until you press Ctrl+C.`);
    return;
  }
  await runHeadful(browserPath, demoUrl, withExtension, server);
}

main().catch((error) => {
  console.error(`\n✖ npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
