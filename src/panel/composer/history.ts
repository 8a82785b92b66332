/**
 * Sent-message history (per page origin) and saved snippets, kept in extension storage. Storage is ours but may hold
 * values written by another version, so everything read back is checked entry by entry; a bad entry is dropped,
 * never trusted.
 *
 * History holds what developers typed into a live call, so it is kept small and short-lived: per origin, at most
 * HISTORY_CAP entries and HISTORY_MAX_CHARS of JSON, each for HISTORY_TTL_MS; a failed send is stored without its
 * JSON (it stays loadable only in the panel that sent it); a setting turns history off and wipes what is stored.
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
  /** The JSON was not stored (a failed send, or too large): `json` is empty and the entry cannot be loaded. */
  jsonDropped?: boolean;
}

export interface Snippet {
  name: string;
  /** JSON text as saved (pretty-printed). */
  json: string;
  savedAt: number;
}

export const HISTORY_CAP = 50;
/** JSON characters kept per origin (a Daily app-message is at most a few KB). */
export const HISTORY_MAX_CHARS = 64 * 1024;
/** An entry this old is dropped when history is read or written. */
export const HISTORY_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Origins whose history is stored; the least recently used one is wiped beyond this. */
export const HISTORY_ORIGINS_CAP = 20;
/** A single stored entry's JSON above this is dropped (it could not have been sent by daily-js anyway). */
const MAX_ENTRY_JSON = 16 * 1024;
const MAX_ERROR_CHARS = 300;
const HISTORY_ORIGINS_KEY = 'composer.history-origins';
const HISTORY_ENABLED_KEY = 'composer.history-enabled';
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

/** Drops expired entries (and ones dated in the future), then keeps the newest within the count and size bounds. */
export function boundHistory(entries: readonly HistoryEntry[], now: number): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  let chars = 0;
  for (const entry of entries) {
    if (entry.sentAt < now - HISTORY_TTL_MS || entry.sentAt > now + 60_000) continue;
    chars += entry.json.length;
    if (chars > HISTORY_MAX_CHARS || out.length >= HISTORY_CAP) break;
    out.push(entry);
  }
  return out;
}

/** What is written to storage: failed sends and oversized entries lose their JSON, errors are shortened. */
export function storedForm(entry: HistoryEntry): HistoryEntry {
  const keepJson = entry.ok && !entry.jsonDropped && entry.json.length <= MAX_ENTRY_JSON;
  const stored: HistoryEntry = { ...entry, json: keepJson ? entry.json : '' };
  if (!keepJson) stored.jsonDropped = true;
  if (entry.error !== undefined) stored.error = entry.error.slice(0, MAX_ERROR_CHARS);
  return stored;
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
    const dropped = r.jsonDropped === true;
    if (dropped !== (r.json === '')) continue;
    const entry: HistoryEntry = {
      json: r.json,
      eventType: r.eventType,
      to: r.to,
      callId: r.callId,
      sentAt: r.sentAt,
      ok: r.ok,
    };
    if (typeof r.error === 'string') entry.error = r.error.slice(0, MAX_ERROR_CHARS);
    if (dropped) entry.jsonDropped = true;
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
  constructor(
    private readonly storage: KeyValueStorage,
    private readonly now: () => number = Date.now,
  ) {}

  async loadHistory(origin: string): Promise<HistoryEntry[]> {
    return boundHistory(sanitizeHistory(await this.storage.get(historyKey(origin))), this.now());
  }

  saveHistory(origin: string, entries: readonly HistoryEntry[]): Promise<void> {
    return this.serial(() => this.writeHistory(origin, entries));
  }

  /** Wipes the stored history of every origin. */
  clearAllHistory(): Promise<void> {
    return this.serial(async () => {
      for (const origin of await this.storedOrigins()) await this.storage.set(historyKey(origin), []);
      await this.storage.set(HISTORY_ORIGINS_KEY, []);
    });
  }

  /** History writes read and write the origin index: one at a time, or a wipe could miss an origin being added. */
  private chain: Promise<unknown> = Promise.resolve();
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op, op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async writeHistory(origin: string, entries: readonly HistoryEntry[]): Promise<void> {
    const stored = boundHistory(entries.map(storedForm), this.now());
    await this.storage.set(historyKey(origin), stored);
    // Most recently written origin first; the ones past the cap are wiped, so storage stays bounded overall.
    const origins = (await this.storedOrigins()).filter((o) => o !== origin);
    const kept = stored.length > 0 ? [origin, ...origins] : origins;
    for (const old of kept.slice(HISTORY_ORIGINS_CAP)) await this.storage.set(historyKey(old), []);
    await this.storage.set(HISTORY_ORIGINS_KEY, kept.slice(0, HISTORY_ORIGINS_CAP));
  }

  async loadHistoryEnabled(): Promise<boolean> {
    return (await this.storage.get(HISTORY_ENABLED_KEY)) !== false;
  }

  saveHistoryEnabled(enabled: boolean): Promise<void> {
    return this.storage.set(HISTORY_ENABLED_KEY, enabled);
  }

  private async storedOrigins(): Promise<string[]> {
    const raw = await this.storage.get(HISTORY_ORIGINS_KEY);
    return Array.isArray(raw) ? raw.filter((o): o is string => typeof o === 'string').slice(0, 1000) : [];
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
