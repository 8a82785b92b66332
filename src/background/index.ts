/** Service worker: wires browser events to the Router. Everything with logic lives in router.ts. */
import browser, { type Runtime } from 'webextension-polyfill';
import { BRIDGE_VERSION, CONTENT_PORT, PANEL_PORT, isContentRuntimeMessage } from '../bridge/messages';
import { Router } from './router';

const manifest = browser.runtime.getManifest();
const contentFiles = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []);

const router = new Router({
  extensionId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
  subscribeTab(tabId) {
    browser.tabs.sendMessage(tabId, { v: BRIDGE_VERSION, type: 'subscribe' }).catch(() => {
      /* no relay in the tab (yet): a reload or "Attach" brings one */
    });
  },
  async injectTab(tabId) {
    // Tabs opened before the extension was installed or reloaded have no content scripts: add them now.
    const [hook, relay] = contentFiles;
    if (!hook || !relay) throw new Error('content scripts missing from the manifest');
    await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [hook], world: 'MAIN' });
    await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [relay] });
  },
});

browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  const sender = port.sender ?? {};
  if (port.name === CONTENT_PORT) router.connectContent(port, sender);
  else if (port.name === PANEL_PORT) router.connectPanel(port, sender);
  else port.disconnect();
});

browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => {
  if (!isContentRuntimeMessage(msg) || sender.id !== browser.runtime.id) return undefined;
  return Promise.resolve(router.isWatched(sender.tab?.id) ? { v: BRIDGE_VERSION, type: 'subscribe' } : null);
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') router.tabNavigated(tabId, change.url ?? '');
  // A new document without a Daily call stays quiet; ask it to report so the panel can say "no call here".
  if (change.status === 'complete') router.tabLoaded(tabId);
});
browser.tabs.onRemoved.addListener((tabId) => router.tabRemoved(tabId));
