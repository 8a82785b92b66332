/**
 * Sent-message history (per page origin) and saved snippets, kept in extension storage. Storage is ours but may hold
 * values written by another version, so everything read back is checked entry by entry; a bad entry is dropped,
 * never trusted.
 */

/** The two calls of `storage.local` the composer needs; tests pass an in-memory one. */
export interface KeyValueStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface HistoryEntry {
  /** Compact JSON text exactly as sent. */
  json: string;
  eventType: string;
  to: string;
  callId: string;
  /** ms since the epoch. */
  sentAt: number;
  ok: boolean;
  /** What the page (daily-js or the hook) answered when the send failed. */
  error?: string;
}

export interface Snippet {
  name: string;
  /** JSON text as saved (pretty-printed). */
  json: string;
  savedAt: number;
}

export const HISTORY_CAP = 50;
export const SNIPPETS_CAP = 100;
const HISTORY_KEY_PREFIX = 'composer.history:';
const SNIPPETS_KEY = 'composer.snippets';
/** One sent message can be ~4 KB (Daily's cap); anything much bigger in storage is not ours. */
const MAX_STORED_JSON = 256 * 1024;

/** The origin whose history applies: the top frame's, or a stable placeholder for pages without one. */
export function historyOrigin(topFrameUrl: string | undefined): string {
  if (!topFrameUrl) return 'no-page';
  try {
    const origin = new URL(topFrameUrl).origin;
    // Opaque origins (file:, data:) all print "null"; keep them apart by scheme at least.
    return origin === 'null' ? new URL(topFrameUrl).protocol : origin;
  } catch {
    return 'no-page';
  }
}

export function historyKey(origin: string): string {
  return HISTORY_KEY_PREFIX + origin;
}

/** Newest first, capped. */
export function addHistoryEntry(
  entries: readonly HistoryEntry[],
  entry: HistoryEntry,
  cap = HISTORY_CAP,
): HistoryEntry[] {
  return [entry, ...entries].slice(0, cap);
}

/** Same name replaces the old snippet; newest first, capped. */
export function upsertSnippet(snippets: readonly Snippet[], snippet: Snippet, cap = SNIPPETS_CAP): Snippet[] {
  return [snippet, ...snippets.filter((existing) => existing.name !== snippet.name)].slice(0, cap);
}

export function sanitizeHistory(raw: unknown): HistoryEntry[] {
  if (!Array.isArray(raw)) return [];
  const out: HistoryEntry[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    if (
      !isStoredJson(r.json) ||
      typeof r.eventType !== 'string' ||
      typeof r.to !== 'string' ||
      typeof r.callId !== 'string'
    )
      continue;
    if (typeof r.sentAt !== 'number' || !Number.isFinite(r.sentAt) || typeof r.ok !== 'boolean') continue;
    const entry: HistoryEntry = {
      json: r.json,
      eventType: r.eventType,
      to: r.to,
      callId: r.callId,
      sentAt: r.sentAt,
      ok: r.ok,
    };
    if (typeof r.error === 'string') entry.error = r.error;
    out.push(entry);
    if (out.length >= HISTORY_CAP) break;
  }
  return out;
}

export function sanitizeSnippets(raw: unknown): Snippet[] {
  if (!Array.isArray(raw)) return [];
  const out: Snippet[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const r = item as Record<string, unknown>;
    if (typeof r.name !== 'string' || r.name.trim() === '' || !isStoredJson(r.json)) continue;
    out.push({
      name: r.name,
      json: r.json,
      savedAt: typeof r.savedAt === 'number' && Number.isFinite(r.savedAt) ? r.savedAt : 0,
    });
    if (out.length >= SNIPPETS_CAP) break;
  }
  return out;
}

function isStoredJson(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_STORED_JSON;
}

/** Reads and writes history and snippets; failures of the storage itself are reported, not thrown. */
export class ComposerPersistence {
  constructor(private readonly storage: KeyValueStorage) {}

  async loadHistory(origin: string): Promise<HistoryEntry[]> {
    return sanitizeHistory(await this.storage.get(historyKey(origin)));
  }

  saveHistory(origin: string, entries: readonly HistoryEntry[]): Promise<void> {
    return this.storage.set(historyKey(origin), entries.slice(0, HISTORY_CAP));
  }

  async loadSnippets(): Promise<Snippet[]> {
    return sanitizeSnippets(await this.storage.get(SNIPPETS_KEY));
  }

  saveSnippets(snippets: readonly Snippet[]): Promise<void> {
    return this.storage.set(SNIPPETS_KEY, snippets.slice(0, SNIPPETS_CAP));
  }
}

/** For tests and for panels without extension storage. */
export function memoryStorage(
  initial: Record<string, unknown> = {},
): KeyValueStorage & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = structuredClone(initial);
  return {
    data,
    get: (key) => Promise.resolve(structuredClone(data[key])),
    set: (key, value) => {
      data[key] = structuredClone(value);
      return Promise.resolve();
    },
  };
}
