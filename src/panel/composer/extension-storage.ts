/** The composer's storage in the real panel: `storage.local` of the extension (never the page's storage). */
import browser from 'webextension-polyfill';
import type { KeyValueStorage } from './history';

export const extensionStorage: KeyValueStorage = {
  async get(key) {
    const stored = await browser.storage.local.get(key);
    return stored[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
};
