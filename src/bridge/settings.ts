/**
 * User settings kept in extension storage (storage.local), read by the relay and the panel.
 * Validated on read: storage is ours, but a value written by an older version must not break a newer one.
 */
import { extensionApi } from './ext';
import { DEFAULT_BUFFER_CAP } from './messages';

export interface Settings {
  /** Events the content relay keeps per document from document_start. */
  bufferCap: number;
  /** Events the panel's log keeps before evicting the oldest. */
  logCap: number;
}

export const DEFAULT_SETTINGS: Settings = { bufferCap: DEFAULT_BUFFER_CAP, logCap: 100_000 };
const KEY = 'settings';

export function sanitizeSettings(raw: unknown): Settings {
  const src = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const count = (v: unknown, fallback: number) =>
    Number.isSafeInteger(v) && (v as number) >= 100 && (v as number) <= 2_000_000 ? (v as number) : fallback;
  return {
    bufferCap: count(src.bufferCap, DEFAULT_SETTINGS.bufferCap),
    logCap: count(src.logCap, DEFAULT_SETTINGS.logCap),
  };
}

export async function readSettings(): Promise<Settings> {
  const stored = await extensionApi().storage.local.get(KEY);
  return sanitizeSettings(stored[KEY]);
}

export async function writeSettings(settings: Settings): Promise<void> {
  await extensionApi().storage.local.set({ [KEY]: sanitizeSettings(settings) });
}
