/** Service worker: wires browser events to the Router. Everything with logic lives in router.ts. */
import { extensionApi, type BackgroundApi } from '../bridge/ext';
import { BRIDGE_VERSION, CONTENT_PORT, PANEL_PORT, isContentRuntimeMessage } from '../bridge/messages';
import { readMockReplica, writeMockReplica } from '../bridge/mock-mode';
import { Router } from './router';
import { offlineJoinNotice } from './offline-join';
import { wakeRelay } from '../bridge/relay-registry';

const browser = extensionApi<BackgroundApi>();
const manifest = browser.runtime.getManifest();
const contentFiles = (manifest.content_scripts ?? []).flatMap((script) => script.js ?? []);

const sessionStorage = browser.storage.session;

// Offline join follows the tab's mock-replica flag: the router decides it (panel switch, last panel gone, tab closed)
// and writes it here, so every frame of the tab hears of it (a relay not yet asked simply asks later).
const tellOfflineJoin = (tabId: number, on: boolean) =>
  browser.tabs.sendMessage(tabId, offlineJoinNotice(on, new Date())).catch(() => {
    /* no relay in the tab (yet): it asks when its document reports a call */
  });

const router = new Router({
  ...(sessionStorage
    ? {
        mockReplicaStore: {
          read: (tabId: number) => readMockReplica(sessionStorage, tabId),
          write: (tabId: number, on: boolean) =>
            writeMockReplica(sessionStorage, tabId, on).then(() => {
              void tellOfflineJoin(tabId, on);
            }),
        },
      }
    : {}),
  extensionId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
  subscribeTab(tabId) {
    // Through each frame's relay registry (src/bridge/relay-registry.ts), not tabs.sendMessage: a document without a
    // call does not listen for runtime messages, so that it never pays for binding them.
    browser.scripting
      .executeScript({ target: { tabId, allFrames: true }, func: wakeRelay, injectImmediately: true })
      .then(
        (frames) => {
          // No live relay of this extension in any frame: the tab was open before the extension was installed, updated
          // or reloaded. A reload or "Attach" brings one.
          if (!frames?.some((frame) => frame.result === true)) router.noCapture(tabId);
        },
        // Not a page we may script (chrome://, the web store, a PDF, a host the user withheld): a relay with a call
        // there still listens for the message.
        () =>
          browser.tabs
            .sendMessage(tabId, { v: BRIDGE_VERSION, type: 'subscribe' })
            .catch(() => router.noCapture(tabId)),
      );
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
  const tabId = sender.tab?.id;
  if (msg.type === 'offline-join?') {
    // The flag's source of truth is storage.session (the router's mirror is empty after a worker restart).
    if (tabId === undefined || !sessionStorage) return Promise.resolve(offlineJoinNotice(false, new Date()));
    return readMockReplica(sessionStorage, tabId).then(
      (on) => offlineJoinNotice(on, new Date()),
      () => offlineJoinNotice(false, new Date()),
    );
  }
  return Promise.resolve(router.isWatched(tabId) ? { v: BRIDGE_VERSION, type: 'subscribe' } : null);
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') router.tabNavigated(tabId, change.url ?? '');
  // A new document without a Daily call stays quiet; ask it to report so the panel can say "no call here".
  if (change.status === 'complete') router.tabLoaded(tabId);
});
browser.tabs.onRemoved.addListener((tabId) => {
  router.tabRemoved(tabId);
});
