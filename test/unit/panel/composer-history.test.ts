import { joinedFrame } from './composer-fixtures';
import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../src/panel/store';
import { ComposerState } from '../../../src/panel/composer/state';
import {
  addHistoryEntry,
  boundHistory,
  ComposerPersistence,
  HISTORY_CAP,
  HISTORY_MAX_CHARS,
  HISTORY_ORIGINS_CAP,
  HISTORY_TTL_MS,
  historyKey,
  historyOrigin,
  memoryStorage,
  sanitizeHistory,
  sanitizeSnippets,
  upsertSnippet,
  type HistoryEntry,
} from '../../../src/panel/composer/history';

const entry = (n: number, patch: Partial<HistoryEntry> = {}): HistoryEntry => ({
  json: `{"n":${n}}`,
  eventType: 'conversation.respond',
  to: '*',
  callId: 'call-1',
  sentAt: 1_700_000_000_000 + n,
  ok: true,
  ...patch,
});

describe('history', () => {
  it('keys history by the top frame origin', () => {
    expect(historyOrigin('https://app.example:8443/room/1?x=1')).toBe('https://app.example:8443');
    expect(historyOrigin(undefined)).toBe('no-page');
    expect(historyOrigin('not a url')).toBe('no-page');
    expect(historyOrigin('file:///home/me/app.html')).toBe('file:');
    expect(historyKey('https://app.example')).toBe('composer.history:https://app.example');
  });

  it('keeps the newest first and caps the list', () => {
    let list: HistoryEntry[] = [];
    for (let n = 0; n < HISTORY_CAP + 5; n++) list = addHistoryEntry(list, entry(n));
    expect(list).toHaveLength(HISTORY_CAP);
    expect(list[0]?.json).toBe(`{"n":${HISTORY_CAP + 4}}`);
    expect(list.at(-1)?.json).toBe('{"n":5}');
  });

  it('drops stored entries that are not well-formed', () => {
    const good = entry(1, { ok: false, error: 'not joined' });
    expect(
      sanitizeHistory([
        good,
        null,
        { json: 1 },
        { ...entry(2), sentAt: 'yesterday' },
        { ...entry(3), json: 'x'.repeat(300_000) },
      ]),
    ).toEqual([good]);
    expect(sanitizeHistory('nope')).toEqual([]);
  });

  it('persists per origin, so two apps never see each other’s history', async () => {
    const storage = memoryStorage();
    const persistence = new ComposerPersistence(storage, () => 1_700_000_001_000);
    await persistence.saveHistory('https://a.example', [entry(1)]);
    await persistence.saveHistory('https://b.example', [entry(2), entry(3)]);
    expect(await persistence.loadHistory('https://a.example')).toEqual([entry(1)]);
    expect(await persistence.loadHistory('https://b.example')).toHaveLength(2);
    expect(await persistence.loadHistory('https://c.example')).toEqual([]);
    expect(Object.keys(storage.data).sort()).toEqual([
      'composer.history-origins',
      'composer.history:https://a.example',
      'composer.history:https://b.example',
    ]);
  });
});

describe('snippets', () => {
  it('replaces a snippet of the same name and keeps the newest first', () => {
    const first = upsertSnippet([], { name: 'greet', json: '{"a":1}', savedAt: 1 });
    const second = upsertSnippet(first, { name: 'other', json: '{}', savedAt: 2 });
    const third = upsertSnippet(second, { name: 'greet', json: '{"a":2}', savedAt: 3 });
    expect(third.map((s) => [s.name, s.json])).toEqual([
      ['greet', '{"a":2}'],
      ['other', '{}'],
    ]);
  });

  it('round-trips through storage and drops nameless entries', async () => {
    const storage = memoryStorage({
      'composer.snippets': [{ name: 'ok', json: '{}', savedAt: 5 }, { name: ' ', json: '{}' }, { json: '{}' }],
    });
    const persistence = new ComposerPersistence(storage);
    expect(await persistence.loadSnippets()).toEqual([{ name: 'ok', json: '{}', savedAt: 5 }]);
    await persistence.saveSnippets([{ name: 'x', json: '[]', savedAt: 1 }]);
    expect(sanitizeSnippets(storage.data['composer.snippets'])).toEqual([{ name: 'x', json: '[]', savedAt: 1 }]);
  });
});

describe('history bounds, expiry and the off switch', () => {
  const NOW = 1_700_000_000_000 + 10 * 24 * 3600_000;
  const at = (msAgo: number, patch: Partial<HistoryEntry> = {}) => entry(0, { sentAt: NOW - msAgo, ...patch });

  it('drops entries older than the expiry, and ones dated in the future', () => {
    const kept = at(HISTORY_TTL_MS - 1000, { json: '{"recent":1}' });
    expect(boundHistory([at(10_000, { sentAt: NOW + 3_600_000 }), kept, at(HISTORY_TTL_MS + 1)], NOW)).toEqual([kept]);
  });

  it('bounds the characters kept per origin, newest first', () => {
    const big = (n: number) => at(n, { json: `{"t":"${'x'.repeat(20_000)}","n":${n}}` });
    const bounded = boundHistory([big(1), big(2), big(3), big(4)], NOW);
    expect(bounded.map((e) => e.sentAt)).toEqual([NOW - 1, NOW - 2, NOW - 3]);
    expect(bounded.reduce((sum, e) => sum + e.json.length, 0)).toBeLessThanOrEqual(HISTORY_MAX_CHARS);
  });

  it('stores failed sends without their JSON, and reads them back as not loadable', async () => {
    const storage = memoryStorage();
    const persistence = new ComposerPersistence(storage, () => NOW);
    const secret = '{"event_type":"conversation.respond","properties":{"text":"my password is hunter2"}}';
    await persistence.saveHistory('https://a.example', [
      at(5, { json: secret, ok: false, error: 'not joined' }),
      at(6, { json: '{"ok":1}' }),
    ]);
    expect(JSON.stringify(storage.data)).not.toContain('hunter2');
    const loaded = await persistence.loadHistory('https://a.example');
    expect(loaded[0]).toMatchObject({ json: '', jsonDropped: true, ok: false, error: 'not joined' });
    expect(loaded[1]).toMatchObject({ json: '{"ok":1}' });
    expect(sanitizeHistory([{ ...at(1), json: '', jsonDropped: false }])).toEqual([]);
  });

  it('wipes the least recently used origins beyond the cap, and every origin when cleared', async () => {
    const storage = memoryStorage();
    const persistence = new ComposerPersistence(storage, () => NOW);
    for (let i = 0; i < HISTORY_ORIGINS_CAP + 2; i++) await persistence.saveHistory(`https://o${i}.example`, [at(1)]);
    expect(await persistence.loadHistory('https://o0.example')).toEqual([]);
    expect(await persistence.loadHistory('https://o1.example')).toEqual([]);
    expect(await persistence.loadHistory('https://o2.example')).toHaveLength(1);
    await persistence.clearAllHistory();
    for (let i = 0; i < HISTORY_ORIGINS_CAP + 2; i++)
      expect(await persistence.loadHistory(`https://o${i}.example`)).toEqual([]);
  });

  it('the setting turns recording off and wipes stored history; it is remembered', async () => {
    const storage = memoryStorage();
    const store = new PanelStore({ send: async () => ({ ok: true }), attach: async () => ({ ok: true }) });
    store.setFrames([joinedFrame([{}], { docId: 'd' })]);
    const state = new ComposerState(store, { storage });
    await new Promise((resolve) => setTimeout(resolve, 0));
    state.conversationIdTyped.value = 'c';
    state.setValues({ respondText: 'first' });
    await state.send();
    expect(state.history.value).toHaveLength(1);
    expect(storage.data['composer.history:https://app.example']).toHaveLength(1);

    state.setHistoryEnabled(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state.history.value).toEqual([]);
    expect(storage.data['composer.history:https://app.example']).toEqual([]);
    state.setValues({ respondText: 'second' });
    await state.send();
    expect(state.history.value).toEqual([]);
    expect(JSON.stringify(storage.data)).not.toContain('second');

    const again = new ComposerState(store, { storage });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(again.historyEnabled.value).toBe(false);
  });
});
