import { describe, expect, it } from 'vitest';
import {
  addHistoryEntry,
  ComposerPersistence,
  HISTORY_CAP,
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
    const persistence = new ComposerPersistence(storage);
    await persistence.saveHistory('https://a.example', [entry(1)]);
    await persistence.saveHistory('https://b.example', [entry(2), entry(3)]);
    expect(await persistence.loadHistory('https://a.example')).toEqual([entry(1)]);
    expect(await persistence.loadHistory('https://b.example')).toHaveLength(2);
    expect(await persistence.loadHistory('https://c.example')).toEqual([]);
    expect(Object.keys(storage.data).sort()).toEqual([
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
