/** The composer's storage in the real panel: `storage.local` of the extension (never the page's storage). */
import { extensionApi } from '../../bridge/ext';
import type { KeyValueStorage } from './history';

export const extensionStorage: KeyValueStorage = {
  async get(key) {
    const stored = await extensionApi().storage.local.get(key);
    return stored[key];
  },
  async set(key, value) {
    await extensionApi().storage.local.set({ [key]: value });
  },
};
