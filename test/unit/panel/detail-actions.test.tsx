// @vitest-environment happy-dom
// Copy / Edit & resend / import never throw into the UI: a payload too deep for JSON.stringify is copied as captured
// or refused with a message, a failing clipboard or file read says so, and imported rows are marked as imported.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { DetailPane, payloadJson } from '../../../src/panel/events/DetailPane';
import { EventTable } from '../../../src/panel/events/EventTable';
import { ExportDialog } from '../../../src/panel/shell/ExportDialog';
import { importFile } from '../../../src/panel/import-file';
import { PanelStore } from '../../../src/panel/store';
import { ComposerState } from '../../../src/panel/composer/state';
import { memoryStorage } from '../../../src/panel/composer/history';
import { exportSession } from '../../../src/log';
import type { CapturedInput } from '../../../src/panel/connection';
import { stubClientHeight } from './layout-stub';

let container: HTMLElement;
let restoreLayout: () => void;
let cursor = 0;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  restoreLayout = stubClientHeight({ vlist: 21 * 20 });
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
  restoreLayout();
  vi.restoreAllMocks();
});

const DEPTH = 20_000;
const deepJson = `{"message_type":"conversation","event_type":"conversation.respond","conversation_id":"c1","properties":{"text":"hi","nest":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}}`;

function outgoing(json: string, source = '0:doc'): CapturedInput {
  cursor++;
  return {
    source,
    cursor,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId: 'call-1',
      via: 'hook',
      t: 1000 + cursor,
      dir: 'out',
      origin: 'app',
      json,
      size: json.length,
    },
  };
}

function storeWith(inputs: CapturedInput[]): PanelStore {
  const store = new PanelStore({ send: async () => ({ ok: true }), attach: async () => ({ ok: true }) });
  store.receive(inputs);
  store.flush();
  store.select(0, true);
  return store;
}

const button = (title: string) => container.querySelector<HTMLButtonElement>(`button[title="${title}"]`)!;
const feedback = () => container.querySelector('[data-testid="detail-feedback"]');
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

describe('detail actions on a payload too deep for JSON.stringify', () => {
  it('the payload really is too deep to pretty-print (the precondition of these tests)', () => {
    expect(() => JSON.stringify(JSON.parse(deepJson), null, 2)).toThrow(RangeError);
    expect(payloadJson({ parsed: true, data: JSON.parse(deepJson), payloadText: deepJson })).toEqual({
      json: deepJson,
      note: 'as captured: too deep to pretty-print',
    });
  });

  it('Copy JSON copies the captured text and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const store = storeWith([outgoing(deepJson)]);
    act(() => render(<DetailPane store={store} />, container));
    act(() => button('Copy the payload as JSON').click());
    await settle();
    expect(writeText).toHaveBeenCalledWith(deepJson);
    expect(feedback()?.textContent).toBe('JSON copied (as captured: too deep to pretty-print)');
  });

  it('a refused clipboard is reported, for the JSON and for the snippet', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: () => Promise.reject(new Error('denied')) },
      configurable: true,
    });
    document.execCommand = () => false;
    const store = storeWith([outgoing(deepJson)]);
    act(() => render(<DetailPane store={store} />, container));
    act(() => button('Copy the payload as JSON').click());
    await settle();
    expect(feedback()?.textContent).toMatch(/^Copy JSON failed: the clipboard refused/);
    expect(feedback()?.getAttribute('role')).toBe('alert');
    act(() => button('Copy as a call.sendAppMessage(...) snippet').click());
    await settle();
    expect(feedback()?.textContent).toMatch(/^Copy Snippet failed: the clipboard refused/);
  });

  it('Edit & resend opens it in the composer, which refuses to send it with a reason instead of throwing', () => {
    const store = storeWith([outgoing(deepJson)]);
    act(() => render(<DetailPane store={store} />, container));
    act(() => button('Open in the composer to edit and send again').click());
    expect(feedback()).toBeNull();
    expect(store.tab.value).toBe('composer');
    const state = new ComposerState(store, { storage: memoryStorage() });
    state.consumeDraft();
    expect(state.built.value).toMatchObject({ ok: false });
    expect(state.blockReason.value).toBeDefined();
  });
});

describe('imported rows', () => {
  function importedStore() {
    const live = storeWith([outgoing('{"event_type":"conversation.respond","properties":{"text":"hello"}}')]);
    const text = exportSession(live.log);
    const store = storeWith([outgoing('{"event_type":"conversation.respond","properties":{"text":"live"}}')]);
    expect(store.importText(text, 'shared.ndjson')).toBe(true);
    return store;
  }

  it('carry a marker in the table and a note in the detail; live rows do not', () => {
    const store = importedStore();
    act(() => render(<EventTable store={store} />, container));
    const rows = [...container.querySelectorAll('[data-testid="event-row"]')];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.querySelector('[data-testid="imported-marker"]')).toBeNull();
    expect(rows[1]!.querySelector('[data-testid="imported-marker"]')?.getAttribute('title')).toBe(
      'Imported from shared.ndjson',
    );
    expect(rows[1]!.className).toContain('row-imported');
    act(() => render(null, container));
    store.select(1, true);
    act(() => render(<DetailPane store={store} />, container));
    expect(container.querySelector('[data-testid="detail-imported"]')?.textContent).toBe(
      'Imported from shared.ndjson: not part of this session (redacted: text and media replaced, counts kept).',
    );
    store.select(0, true);
    act(() => render(<DetailPane store={store} />, container));
    expect(container.querySelector('[data-testid="detail-imported"]')).toBeNull();
  });

  it('a file that cannot be read is reported in the notice', async () => {
    const store = storeWith([]);
    const ok = await importFile(store, {
      name: 'gone.ndjson',
      text: () => Promise.reject(new Error('NotReadableError')),
    });
    expect(ok).toBe(false);
    expect(store.notice.value).toEqual({ kind: 'error', text: 'Could not import gone.ndjson: NotReadableError' });
  });
});

describe('export', () => {
  it('an export that fails is reported in the notice, not thrown', () => {
    const store = storeWith([outgoing('{"event_type":"conversation.respond","properties":{"text":"x"}}')]);
    store.exportText = () => {
      throw new RangeError('Invalid string length');
    };
    let closed = false;
    act(() => render(<ExportDialog store={store} origin="" onClose={() => (closed = true)} />, container));
    act(() => container.querySelector<HTMLButtonElement>('[data-testid="export-save"]')!.click());
    expect(store.notice.value).toEqual({ kind: 'error', text: 'Could not export: Invalid string length' });
    expect(closed).toBe(true);
  });
});
