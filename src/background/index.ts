/** Service worker: wires browser events to the Router. Everything with logic lives in router.ts. */
import { extensionApi, type BackgroundApi } from '../bridge/ext';
import { BRIDGE_VERSION, CONTENT_PORT, PANEL_PORT, isContentRuntimeMessage } from '../bridge/messages';
import { readMockReplica, writeMockReplica } from '../bridge/mock-mode';
import { Router } from './router';
import { OfflineJoin, type SessionRulesApi } from './offline-join';

const browser = extensionApi<BackgroundApi>();
const manifest = browser.runtime.getManifest();
const contentFiles = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []);

const sessionStorage = browser.storage.session;

// Offline join follows the tab's mock-replica flag: the router decides it (panel switch, last panel gone, tab closed)
// and writes it here, so the redirects come and go with it.
const offlineJoin = new OfflineJoin({
  rules: () => (globalThis as { chrome?: { declarativeNetRequest?: SessionRulesApi } }).chrome?.declarativeNetRequest,
  warn: (message) => console.warn('[CVI DevTools]', message),
});

const router = new Router({
  ...(sessionStorage
    ? {
        mockReplicaStore: {
          read: (tabId: number) => readMockReplica(sessionStorage, tabId),
          write: (tabId: number, on: boolean) =>
            Promise.all([writeMockReplica(sessionStorage, tabId, on), offlineJoin.set(tabId, on)]).then(() => {}),
        },
      }
    : {}),
  extensionId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
  subscribeTab(tabId) {
    browser.tabs.sendMessage(tabId, { v: BRIDGE_VERSION, type: 'subscribe' }).catch(() => {
      // No relay of this extension listens in any frame of the tab: it was open before the extension was installed,
      // updated or reloaded (or is not a web page). A reload or "Attach" brings one.
      router.noCapture(tabId);
    });
  },
  async injectTab(tabId) {
    // The hook first: it does nothing until a relay hands it a port. Then the relay, which finds a live copy of
    // itself (it only asks that one to probe) or an orphaned one from an earlier install (it retires it, and offers
    // its port to the new hook).
    const [hook, relay] = contentFiles;
    if (!hook || !relay) throw new Error('content scripts missing from the manifest');
    await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [hook], world: 'MAIN' });
    await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [relay] });
  },
});

browser.runtime.onConnect.addListener((port) => {
  const sender = port.sender ?? {};
  if (port.name === CONTENT_PORT) router.connectContent(port, sender);
  else if (port.name === PANEL_PORT) router.connectPanel(port, sender);
  else port.disconnect();
});

browser.runtime.onMessage.addListener((msg: unknown, sender) => {
  if (!isContentRuntimeMessage(msg) || sender.id !== browser.runtime.id) return undefined;
  return Promise.resolve(router.isWatched(sender.tab?.id) ? { v: BRIDGE_VERSION, type: 'subscribe' } : null);
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') router.tabNavigated(tabId, change.url ?? '');
  // A new document without a Daily call stays quiet; ask it to report so the panel can say "no call here".
  if (change.status === 'complete') router.tabLoaded(tabId);
});
browser.tabs.onRemoved.addListener((tabId) => {
  router.tabRemoved(tabId);
  offlineJoin.tabRemoved(tabId).catch(() => {});
});
