/**
 * User settings kept in extension storage (storage.local), read by the relay and the panel.
 * Validated on read: storage is ours, but a value written by an older version must not break a newer one.
 */
import { extensionApi } from './ext';
import { DEFAULT_BUFFER_BYTES, DEFAULT_BUFFER_CAP } from './messages';

export interface Settings {
  /** Events the content relay keeps per document from document_start. */
  bufferCap: number;
  /** Bytes of captured JSON text the relay keeps per document (and the hook lets be in flight to it). */
  bufferBytes: number;
  /** Events the panel's log keeps before evicting the oldest. */
  logCap: number;
}

export const DEFAULT_SETTINGS: Settings = {
  bufferCap: DEFAULT_BUFFER_CAP,
  bufferBytes: DEFAULT_BUFFER_BYTES,
  logCap: 100_000,
};
/** The byte budget's range: at least two full-size events, at most 1 GB. */
export const MIN_BUFFER_BYTES = 2 * 1024 * 1024;
export const MAX_BUFFER_BYTES = 1024 * 1024 * 1024;
const KEY = 'settings';

export function sanitizeSettings(raw: unknown): Settings {
  const src = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const count = (v: unknown, fallback: number) =>
    Number.isSafeInteger(v) && (v as number) >= 100 && (v as number) <= 2_000_000 ? (v as number) : fallback;
  return {
    bufferCap: count(src.bufferCap, DEFAULT_SETTINGS.bufferCap),
    bufferBytes:
      Number.isSafeInteger(src.bufferBytes) &&
      (src.bufferBytes as number) >= MIN_BUFFER_BYTES &&
      (src.bufferBytes as number) <= MAX_BUFFER_BYTES
        ? (src.bufferBytes as number)
        : DEFAULT_SETTINGS.bufferBytes,
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
