// Offline join, end to end: a small Tavus app (test/fixtures/offline-app, not the demo) on the real daily-js joins a
// Tavus conversation URL with Daily's and Tavus's hosts unreachable. Mock mode off: the join fails as it does today.
// Mock mode on (the tab's switch, no permission asked): the page hook points the app's call object at the
// extension's simulated call machine, in that tab only; the join succeeds and the replica is a participant. The same app
// through daily-react's DailyProvider, and an app that creates its conversation through Tavus's REST API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { build } from 'vite';
import type { Page, Worker } from 'playwright-core';
import { ROOT, startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { BASE_ARGS } from '../support/browser';
import { MOCK_CONVERSATION_URL } from '../../src/protocol/tavus-rest-mock';
import { MOCK_REPLICA_KEY_PREFIX } from '../../src/bridge/mock-mode';
import { outgoing, waitForInputs } from './support/panel';

const APP_DIR = path.join(ROOT, 'test/fixtures/offline-app');

/** A mock-replica script rule: the user asks for the weather, the mock calls the app's tool and speaks its output. */
const TOOL_SCRIPT = '/weather in (\\w+)/i -> tool get_weather {"location": "$1"} say "In $1: {output}."';

/**
 * Daily's and Tavus's hosts go to a closed local port, so the test holds even where they would resolve; everything
 * else stays unresolvable, as in every e2e test (the later --host-resolver-rules wins).
 */
const CLOSED_HOSTS = [
  'MAP c.daily.co 127.0.0.1:1',
  'MAP *.daily.co 127.0.0.1:1',
  'MAP *.dailywebrtc.com 127.0.0.1:1',
  'MAP *.dailywebrtc.net 127.0.0.1:1',
  'MAP tavusapi.com 127.0.0.1:1',
];
const baseRules = BASE_ARGS.find((arg) => arg.startsWith('--host-resolver-rules='))!.split('=')[1];

interface JoinResult {
  ok: boolean;
  error?: string;
}
interface AppWindow {
  __ready?: boolean;
  __join(): Promise<JoinResult>;
  __participants(): Array<{ local: boolean; user_name: string; user_id: string }>;
  __respond(text: string): void;
  __created?: { conversation_id: string; conversation_url: string };
  __appLog: Array<Record<string, unknown>>;
}

let server: TestServer;
let session: ExtensionSession;
let worker: Worker;

beforeAll(async () => {
  // The app is bundled as a real one is: daily-js, daily-react and React from node_modules.
  await build({
    configFile: false,
    root: APP_DIR,
    base: './',
    logLevel: 'warn',
    publicDir: false,
    build: { outDir: 'dist', emptyOutDir: true, minify: false, target: 'es2022' },
  });
  server = await startServer();
  session = await launchWithExtension([`--host-resolver-rules=${[...CLOSED_HOSTS, baseRules].join(', ')}`]);
  worker = await session.serviceWorker();
}, 120_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function openApp(query = ''): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`${server.origin}/fixtures/offline-app/dist/index.html${query}`);
  await page.waitForFunction(() => (window as unknown as AppWindow).__ready === true);
  return page;
}

const join = (page: Page) => page.evaluate(() => (window as unknown as AppWindow).__join());
const participants = (page: Page) => page.evaluate(() => (window as unknown as AppWindow).__participants());

/** The tab's mock-replica flag as the extension stores it (src/bridge/mock-mode.ts): what offline join follows. */
const mockFlagOfTab = (tabId: number) =>
  worker.evaluate(
    async (key) => (await chrome.storage.session.get(key))[key] === true,
    `${MOCK_REPLICA_KEY_PREFIX}${tabId}`,
  );

const testId = (id: string) => `[data-testid="${id}"]`;

/**
 * The user switches mock mode on in the panel (the Mock tab's switch). Mock mode lasts while a panel of the tab is
 * open (the mock answers from it), so the panel is returned and stays open. Resolves once the tab's flag is stored.
 */
async function mockModeOn(page: Page, script?: string): Promise<Page> {
  const tabId = await session.tabIdOf(page);
  const panel = await session.openPanel(page);
  await panel.click('#main-tab-mock');
  if (script !== undefined) await panel.fill(testId('mock-script'), script);
  await panel.click(testId('mock-switch'));
  await panel.waitForSelector(testId('mock-banner'), { timeout: 5000 });
  await expect.poll(() => mockFlagOfTab(tabId), { timeout: 5_000 }).toBe(true);
  return panel;
}

/** Mock mode off from the banner; resolves once the tab's flag is gone. */
async function mockModeOff(page: Page, panel: Page): Promise<void> {
  const tabId = await session.tabIdOf(page);
  await panel.click(testId('mock-banner-off'));
  await expect.poll(() => mockFlagOfTab(tabId), { timeout: 5_000 }).toBe(false);
}

async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => (window as unknown as AppWindow).__ready === true);
}

const replicaState = (page: Page) => page.textContent('#replica-state');
const transcript = (page: Page) =>
  page.$$eval('#transcript li', (items) =>
    items.map((li) => ({ text: li.textContent ?? '', cut: li.dataset.interrupted })),
  );

describe('offline join', () => {
  it('mock mode off: the join fails as it does today (the call machine cannot be downloaded)', async () => {
    const page = await openApp();
    const result = await join(page);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/Failed to load call object bundle/);
    // The offline files are not reachable under the extension's stable URL: no page can probe for the extension
    // (asked from a page without a CSP, so only the extension's rules can refuse).
    const plain = await session.context.newPage();
    await plain.goto(`${server.origin}/fixtures/nodaily.html`);
    const probe = await plain.evaluate(
      (url) =>
        fetch(url).then(
          () => 'loaded',
          () => 'refused',
        ),
      `chrome-extension://${session.extensionId}/offline/call-machine-object-bundle.js`,
    );
    expect(probe).toBe('refused');
    await plain.close();
    await page.close();
  }, 60_000);

  it('mock mode on: a call object joins a Tavus conversation URL with no network, the replica is a participant', async () => {
    const page = await openApp();
    const other = await openApp(); // a second tab, mock mode never switched on
    const panel = await mockModeOn(page);
    await reloadApp(page);
    const started = Date.now();
    expect(await join(page)).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(3_000);
    const people = await participants(page);
    expect(people).toHaveLength(2);
    expect(people.find((p) => !p.local)).toMatchObject({ user_name: 'Replica' });
    await expect.poll(() => page.locator('#participants li').allTextContents()).toContain('Replica');
    // The replica has a (synthetic) video track, so the app's tile is not empty.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __replicaVideo(): unknown }).__replicaVideo()))
      .toEqual({ state: 'playable', kind: 'video' });

    // The app's sends reach the simulated machine (accepted) and are captured as usual.
    await page.evaluate(() => (window as unknown as AppWindow).__respond('hello offline'));
    await waitForInputs(
      panel,
      (inputs) => outgoing(inputs).some((i) => i.record.json.includes('hello offline')),
      'the app respond',
    );

    // Only that tab: the other one still fails.
    const otherResult = await join(other);
    expect(otherResult.ok).toBe(false);
    await other.close();

    // Switched off: that tab fails again after a reload.
    await mockModeOff(page, panel);
    await reloadApp(page);
    expect((await join(page)).ok).toBe(false);
    await panel.close();
    await page.close();
  }, 90_000);

  it('with avoidEval (the call machine loaded by a script tag) under the same CSP', async () => {
    const page = await openApp('?avoidEval=1');
    const panel = await mockModeOn(page);
    await reloadApp(page);
    expect(await join(page)).toEqual({ ok: true });
    expect((await participants(page)).find((p) => !p.local)).toMatchObject({ user_name: 'Replica' });
    await panel.close();
    await page.close();
  }, 60_000);

  it('the same app through daily-react DailyProvider: joins, and the replica has a tile', async () => {
    const page = await openApp('?react=1');
    const panel = await mockModeOn(page);
    await reloadApp(page);
    expect(await join(page)).toEqual({ ok: true });
    await expect
      .poll(() => page.locator('#tiles li').allTextContents())
      .toEqual(expect.arrayContaining(['You (you)', 'Replica']));
    await panel.close();
    await page.close();
  }, 60_000);

  it('an app that creates its conversation through Tavus REST gets the mock answer and joins it', async () => {
    const page = await openApp('?rest=1');
    const panel = await mockModeOn(page);
    await reloadApp(page);
    expect(await join(page)).toEqual({ ok: true });
    const created = await page.evaluate(() => (window as unknown as AppWindow).__created);
    expect(created?.conversation_url).toBe(MOCK_CONVERSATION_URL);
    await panel.close();
    await page.close();
  }, 60_000);

  it('switched on while the app is open (no reload): its next join is offline', async () => {
    const page = await openApp();
    const fetchAtLoad = await page.evaluateHandle(() => window.fetch);
    const panel = await mockModeOn(page);
    // The panel shows mock mode before the page hears of it (the background tells the tab's frames right after it
    // stored the flag): wait for the page's hook to take over fetch, its one visible sign of the grant.
    await page.waitForFunction((atLoad) => window.fetch !== atLoad, fetchAtLoad, { timeout: 5000 });
    expect(await join(page)).toEqual({ ok: true });
    expect((await participants(page)).find((p) => !p.local)).toMatchObject({ user_name: 'Replica' });
    await panel.close();
    await page.close();
  }, 60_000);

  it('closing the tab, or its last panel, ends its mock mode', async () => {
    const page = await openApp();
    const tabId = await session.tabIdOf(page);
    const panel = await mockModeOn(page);
    await panel.close(); // nothing would answer: the mock is off
    await expect.poll(() => mockFlagOfTab(tabId), { timeout: 5_000 }).toBe(false);
    // …and the page hears of it: a join after a reload is online again (and fails here).
    await reloadApp(page);
    expect((await join(page)).ok).toBe(false);
    await mockModeOn(page);
    await page.close();
    await expect.poll(() => mockFlagOfTab(tabId), { timeout: 5_000 }).toBe(false);
  }, 60_000);

  for (const variant of ['call object', 'daily-react'] as const) {
    it(`offline, the mock replica answers the ${variant} app: respond rendered, interrupt stops it, a scripted tool call`, async () => {
      const page = await openApp(variant === 'daily-react' ? '?react=1' : '');
      const panel = await mockModeOn(page, TOOL_SCRIPT);
      await reloadApp(page);
      expect(await join(page)).toEqual({ ok: true });
      await expect.poll(() => replicaState(page), { timeout: 10_000 }).toBe('present');

      await page.evaluate(() => (window as unknown as AppWindow).__respond('hello offline'));
      await expect
        .poll(async () => (await transcript(page)).some((line) => line.text.includes('hello offline')), {
          timeout: 20_000,
        })
        .toBe(true);
      await expect.poll(() => replicaState(page), { timeout: 20_000 }).toBe('listening');

      await page.evaluate(() => (window as unknown as AppWindow).__respond('tell me a long story please'));
      await expect.poll(() => replicaState(page), { timeout: 20_000 }).toBe('speaking');
      await page.waitForTimeout(1000);
      await page.evaluate(() => (window as unknown as { __interrupt(): void }).__interrupt());
      await expect.poll(() => replicaState(page), { timeout: 10_000 }).toBe('interrupted');
      const story = (await transcript(page)).at(-1);
      expect(story?.cut).toBe('true');
      await page.waitForTimeout(1500);
      expect((await transcript(page)).at(-1)?.text).toBe(story?.text);

      await page.evaluate(() => (window as unknown as AppWindow).__respond('what is the weather in Porto?'));
      await expect
        .poll(() => page.$$eval('#tool-calls li', (items) => items.map((li) => li.textContent)), { timeout: 20_000 })
        .toContain('get_weather(Porto)');
      await expect
        .poll(async () => (await transcript(page)).map((line) => line.text), { timeout: 20_000 })
        .toContain('In Porto: forecast sun over Porto, temperature c 24.');
      await panel.close();
      await page.close();
    }, 90_000);
  }
});
