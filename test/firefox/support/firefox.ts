/**
 * Driving Debian's Firefox ESR with the built extension (dist-firefox/) over WebDriver BiDi, via puppeteer-core.
 *
 * Firefox is started with `--remote-allow-system-access`, a Firefox test-automation switch that lets BiDi
 *  - navigate a tab to a moz-extension:// page (refused without it), so the panel can be opened standalone, and
 *  - evaluate in the browser chrome window ("moz:scope": "chrome"), so a test can open the real DevTools toolbox,
 *    select the CVI panel and read it. Nothing in the extension changes for this.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../support/server';
import type { PanelFrame, PanelInput } from '../../e2e/support/panel';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** CVI_FIREFOX_DIST points the suite at another build of the Firefox extension (e.g. an unpacked package). */
export const EXTENSION_DIR = path.resolve(process.env.CVI_FIREFOX_DIST ?? path.join(ROOT, 'dist-firefox-test'));
/** Fixed moz-extension UUID (pref `extensions.webextensions.uuids`), so panel URLs are known before install. */
export const EXTENSION_UUID = '6f0c2d1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
/** The title src/devtools/index.ts registers (not imported: that module runs extension code on import). */
export const PANEL_TITLE = 'CVI';

export function readBuiltManifest(): Record<string, unknown> & {
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
} {
  const file = path.join(EXTENSION_DIR, 'manifest.json');
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing; run npm run build (or node scripts/build.mjs firefox)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ReturnType<typeof readBuiltManifest>;
}

export function geckoId(): string {
  const id = readBuiltManifest().browser_specific_settings?.gecko?.id;
  if (!id) throw new Error('dist-firefox/manifest.json has no browser_specific_settings.gecko.id');
  return id;
}

export function assertFirefoxPresent(): void {
  if (!fs.existsSync(FIREFOX))
    throw new Error(`Firefox not found at ${FIREFOX}; install Debian's firefox-esr (apt-get install firefox-esr)`);
  readBuiltManifest();
}

/**
 * Everything Firefox would fetch at startup (remote settings, add-on updates, …) goes to a dead local proxy. Pages on
 * 127.0.0.1 still load: Firefox never proxies localhost unless allow_hijacking_localhost is set.
 */
const OFFLINE_PREFS: Record<string, unknown> = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': '',
  'network.proxy.allow_hijacking_localhost': false,
};

/** The few raw BiDi commands puppeteer has no public method for. */
interface BidiConnection {
  send(method: string, params: object, timeout?: number): Promise<{ result: unknown }>;
}

type RemoteResult =
  | { type: 'success'; result: { type: string; value?: unknown } }
  | { type: 'exception'; exceptionDetails: { text: string } };

/** What the panel exposes to tests (`globalThis.__cviPanel`), plus where it runs. */
export interface PanelSnapshot {
  href: string;
  /** The panel picked its dark theme (class on <html>). */
  dark: boolean;
  /** `devtools.inspectedWindow.tabId` when the panel runs inside DevTools; undefined standalone. */
  inspectedTabId: number | undefined;
  status: string;
  inputs: PanelInput[];
  frames: (PanelFrame & { hookPresent?: boolean })[];
}

export interface FirefoxSession {
  browser: Browser;
  installExtension(): Promise<string>;
  newPage(): Promise<Page>;
  /** Loads an extension page (path below the extension root, with query) into `page`. */
  openExtensionPage(page: Page, pathAndQuery: string): Promise<void>;
  /** The inspected tab's id as the extension sees it (tabs.query from one of its pages). */
  tabIdOf(page: Page): Promise<number>;
  /** The panel as a standalone tab: src/panel/index.html?tabId=N. */
  openStandalonePanel(page: Page): Promise<Page>;
  /**
   * Suspends the extension's event page the way Firefox's idle timer does (30 s without events; open ports do not
   * keep it alive), and returns its state afterwards.
   */
  suspendBackground(): Promise<string>;
  /** starting | running | suspending | stopped */
  backgroundState(): Promise<string>;
  /** Opens the real DevTools toolbox on `page`'s tab and selects the CVI panel; returns a reader for it. */
  openDevToolsPanel(page: Page): Promise<() => Promise<PanelSnapshot | undefined>>;
  close(): Promise<void>;
}

export const extensionUrl = (pathAndQuery: string) =>
  `moz-extension://${EXTENSION_UUID}/${pathAndQuery.replace(/^\//, '')}`;

export async function launchFirefox(extraPrefs: Record<string, unknown> = {}): Promise<FirefoxSession> {
  assertFirefoxPresent();
  const id = geckoId();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...OFFLINE_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
      ...extraPrefs,
    },
  });
  // puppeteer's BiDi connection and frame ids are not part of its typed API; both are stable in 24.x.
  const bidi = (browser as unknown as { connection: BidiConnection }).connection;
  const contextOf = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;

  let chromeContext: string | undefined;
  /** Runs `fn(arg)` in the browser window's chrome scope and returns its JSON-serialisable result. */
  async function inChrome<T>(fn: (arg: string) => Promise<T>, arg: string): Promise<T> {
    if (!chromeContext) {
      const { result } = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const contexts = (result as { contexts: { context: string; url: string }[] }).contexts;
      chromeContext = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
      if (!chromeContext) throw new Error('no browser chrome window');
    }
    const { result } = await bidi.send(
      'script.callFunction',
      {
        functionDeclaration: `async (arg) => JSON.stringify(await (${fn.toString()})(arg))`,
        arguments: [{ type: 'string', value: arg }],
        target: { context: chromeContext },
        awaitPromise: true,
      },
      30_000,
    );
    const outcome = result as RemoteResult;
    if (outcome.type === 'exception') throw new Error(`chrome-scope script failed: ${outcome.exceptionDetails.text}`);
    return JSON.parse(String(outcome.result.value ?? 'null')) as T;
  }

  const openExtensionPage = async (page: Page, pathAndQuery: string) => {
    // page.goto() waits for navigation events that Firefox does not report for moz-extension pages.
    await bidi.send(
      'browsingContext.navigate',
      { context: contextOf(page), url: extensionUrl(pathAndQuery), wait: 'complete' },
      20_000,
    );
  };

  const tabIdOf = async (page: Page) => {
    const helper = await browser.newPage();
    try {
      await openExtensionPage(helper, 'src/panel/index.html');
      const tabId = await helper.evaluate(async (url: string) => {
        const ext = (
          globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }
        ).browser;
        return (await ext.tabs.query({})).find((tab) => tab.url === url)?.id;
      }, page.url());
      if (tabId === undefined) throw new Error(`the extension sees no tab for ${page.url()}`);
      return tabId;
    } finally {
      await helper.close();
    }
  };

  return {
    browser,
    async installExtension() {
      return browser.installExtension(EXTENSION_DIR);
    },
    newPage: () => browser.newPage(),
    openExtensionPage,
    tabIdOf,
    async openStandalonePanel(page) {
      const tabId = await tabIdOf(page);
      const panel = await browser.newPage();
      await openExtensionPage(panel, `src/panel/index.html?tabId=${tabId}&theme=light`);
      return panel;
    },
    suspendBackground: () => inChrome(controlBackground, JSON.stringify({ extensionId: id, suspend: true })),
    backgroundState: () => inChrome(controlBackground, JSON.stringify({ extensionId: id, suspend: false })),
    async openDevToolsPanel(page) {
      const request = JSON.stringify({ pageUrl: page.url(), extensionId: id, title: PANEL_TITLE });
      await inChrome(openToolboxPanel, request);
      return async () => (await inChrome(readToolboxPanel, request)) ?? undefined; // JSON has no undefined
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

// ------------------------------------------------------------------------------------------------------------------
// Chrome-scope functions. They are serialised with toString() and run in Firefox's browser window (privileged JS),
// so they may only use their argument and Firefox's own globals (ChromeUtils, gBrowser).

// Frame-script globals (bare names in the frame script's scope, not properties of globalThis).
declare const content: { location: { href: string }; document: Document; wrappedJSObject: Record<string, unknown> };
declare function sendAsyncMessage(name: string, data: string): void;

interface ChromeGlobals {
  ChromeUtils: {
    importESModule(url: 'resource://gre/modules/ExtensionParent.sys.mjs'): {
      ExtensionParent: { GlobalManager: { getExtension(id: string): ParentExtension | undefined } };
    };
    importESModule(url: string): { require(id: string): { gDevTools: DevToolsRegistry } };
  };
  gBrowser: { tabs: { linkedBrowser: { currentURI: { spec: string } } }[] };
}
interface DevToolsRegistry {
  showToolboxForTab(tab: unknown): Promise<Toolbox>;
  getToolboxForTab(tab: unknown): Toolbox | undefined;
}
interface Toolbox {
  doc: Document;
  getAdditionalTools(): { id: string; label: string; extensionId: string }[];
  selectTool(id: string): Promise<unknown>;
}

interface ParentExtension {
  backgroundState: string;
  terminateBackground(options: { disableResetIdleForTest: boolean }): Promise<void>;
}

/** Reads the event page's state; with `suspend`, first makes the idle timer's own call, minus its "still busy" checks. */
async function controlBackground(request: string): Promise<string> {
  const { extensionId, suspend } = JSON.parse(request) as { extensionId: string; suspend: boolean };
  const g = globalThis as unknown as ChromeGlobals;
  const extension = g.ChromeUtils.importESModule(
    'resource://gre/modules/ExtensionParent.sys.mjs',
  ).ExtensionParent.GlobalManager.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed`);
  if (suspend) await extension.terminateBackground({ disableResetIdleForTest: true });
  return extension.backgroundState;
}

/** Opens the toolbox on the page's tab and selects the extension's panel (registered by its devtools_page). */
async function openToolboxPanel(request: string): Promise<{ toolId: string }> {
  const { pageUrl, extensionId, title } = JSON.parse(request) as {
    pageUrl: string;
    extensionId: string;
    title: string;
  };
  const g = globalThis as unknown as ChromeGlobals;
  const { gDevTools } = g.ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs').require(
    'devtools/client/framework/devtools',
  );
  const tab = g.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === pageUrl);
  if (!tab) throw new Error(`no tab shows ${pageUrl}`);
  const toolbox = await gDevTools.showToolboxForTab(tab);
  // devtools_page runs when the toolbox opens; its panels.create() call then adds the tool.
  for (let waited = 0; waited < 15_000; waited += 100) {
    const tool = toolbox.getAdditionalTools().find((t) => t.extensionId === extensionId && t.label === title);
    if (tool) {
      await toolbox.selectTool(tool.id);
      return { toolId: tool.id };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the toolbox never got a "${title}" panel from ${extensionId}`);
}

/**
 * Reads `__cviPanel` from the panel document. The panel is a remote <browser> inside the toolbox, which BiDi does not
 * list as a context, so a one-shot frame script reads it in the extension process and sends the JSON back.
 */
async function readToolboxPanel(request: string): Promise<PanelSnapshot | undefined> {
  const { pageUrl, extensionId, title } = JSON.parse(request) as {
    pageUrl: string;
    extensionId: string;
    title: string;
  };
  const g = globalThis as unknown as ChromeGlobals;
  const { gDevTools } = g.ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs').require(
    'devtools/client/framework/devtools',
  );
  const tab = g.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === pageUrl);
  const toolbox = tab && gDevTools.getToolboxForTab(tab);
  const tool = toolbox?.getAdditionalTools().find((t) => t.extensionId === extensionId && t.label === title);
  const iframe = tool && toolbox?.doc.getElementById(`toolbox-panel-iframe-${tool.id}`);
  const panelBrowser = (iframe as HTMLIFrameElement | null | undefined)?.contentDocument?.querySelector('browser') as
    | (Element & {
        messageManager?: {
          loadFrameScript(url: string, delayed: boolean): void;
          addMessageListener(name: string, listener: (msg: { data: string }) => void): void;
          removeMessageListener(name: string, listener: (msg: { data: string }) => void): void;
        };
      })
    | null
    | undefined;
  const mm = panelBrowser?.messageManager;
  if (!mm)
    throw new Error(
      `no panel browser yet (tab ${Boolean(tab)}, toolbox ${Boolean(toolbox)}, tool ${tool?.id}, iframe ${Boolean(iframe)})`,
    );
  const reply = `cvi-test:panel-state:${Math.random()}`;
  const frameScript = (replyName: string) => {
    // Runs in the panel's process; `content` is the panel window, wrappedJSObject its own (unwrapped) globals.
    const panelWindow = content.wrappedJSObject as {
      __cviPanel?: { inputs(): unknown; frames(): unknown; status(): unknown };
      browser?: { devtools?: { inspectedWindow?: { tabId?: number } } };
    };
    const api = panelWindow.__cviPanel;
    const state = api
      ? {
          href: content.location.href,
          dark: content.document.documentElement.classList.contains('theme-dark'),
          inspectedTabId: panelWindow.browser?.devtools?.inspectedWindow?.tabId,
          status: api.status(),
          inputs: api.inputs(),
          frames: api.frames(),
        }
      : null;
    sendAsyncMessage(replyName, JSON.stringify(state)); // our JSON sees through the waived wrappers
  };
  return new Promise<PanelSnapshot | undefined>((resolve) => {
    const timer = setTimeout(() => {
      mm.removeMessageListener(reply, onReply);
      resolve(undefined);
    }, 5_000);
    function onReply(msg: { data: string }) {
      clearTimeout(timer);
      mm?.removeMessageListener(reply, onReply);
      resolve((JSON.parse(msg.data) as PanelSnapshot | null) ?? undefined);
    }
    mm.addMessageListener(reply, onReply);
    mm.loadFrameScript(
      `data:,(${encodeURIComponent(frameScript.toString())})(${encodeURIComponent(JSON.stringify(reply))})`,
      false,
    );
  });
}

/** Reads the standalone panel page (an ordinary tab) directly. */
export async function readStandalonePanel(panel: Page): Promise<PanelSnapshot | undefined> {
  return panel.evaluate(() => {
    const api = (globalThis as unknown as { __cviPanel?: { inputs(): unknown; frames(): unknown; status(): unknown } })
      .__cviPanel;
    if (!api) return undefined;
    return JSON.parse(
      JSON.stringify({
        href: location.href,
        dark: document.documentElement.classList.contains('theme-dark'),
        inspectedTabId: undefined,
        status: api.status(),
        inputs: api.inputs(),
        frames: api.frames(),
      }),
    ) as PanelSnapshot;
  });
}
