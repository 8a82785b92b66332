// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { buildRespond, buildSensitivity } from '../../../src/protocol/interactions';
import { PanelStore, type PanelActions } from '../../../src/panel/store';
import type { FrameState, SendOutcome } from '../../../src/panel/connection';
import { joinedFrame } from './composer-fixtures';
import type { CallInfo } from '../../../src/bridge/messages';
import { memoryStorage } from '../../../src/panel/composer/history';

// The real panel keeps history in the extension's storage.local; here the component gets an in-memory one.
vi.mock('webextension-polyfill', () => ({ default: {} }));
const { Composer } = await import('../../../src/panel/composer/Composer');

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

const frame = (call: Partial<CallInfo>): FrameState => joinedFrame([call], { docId: 'doc' });

function mount(call: Partial<CallInfo> = {}, answer: () => SendOutcome = () => ({ ok: true })) {
  const sent: { json: string; to: string | string[] }[] = [];
  const actions: PanelActions = {
    send: async (_frameId, _callId, json, to) => {
      sent.push({ json, to });
      return answer();
    },
    attach: async () => ({ ok: true }),
  };
  const store = new PanelStore(actions);
  store.setFrames([frame(call)]);
  const storage = memoryStorage();
  act(() => render(h(Composer, { store, storage }), container));
  return { store, sent, storage };
}

const $ = <T extends Element = HTMLElement>(testId: string) => container.querySelector<T>(`[data-testid="${testId}"]`);

function type(element: HTMLInputElement | HTMLTextAreaElement | null, value: string) {
  if (!element) throw new Error('no such field');
  act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function choose(element: HTMLSelectElement | null, value: string) {
  if (!element) throw new Error('no such select');
  act(() => {
    element.value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('Composer', () => {
  it('shows the exact JSON live, and sends it with the button', async () => {
    const { sent } = mount();
    type($('composer-conversation-id'), 'c-42');
    type($('field-respondText'), 'What is the refund policy?');
    const expected = buildRespond('c-42', 'What is the refund policy?');
    expect($('composer-preview')?.textContent).toBe(JSON.stringify(expected, null, 2));
    expect($('composer-size')?.textContent).toBe(`${JSON.stringify(expected).length} / 4,096 chars`);
    act(() => $<HTMLButtonElement>('composer-send')!.click());
    await settle();
    expect(sent).toEqual([{ json: JSON.stringify(expected), to: '*' }]);
    expect($('composer-outcome')?.textContent).toContain('Sent conversation.respond');
    expect($('composer-history')?.textContent).toContain('conversation.respond');
  });

  it('Ctrl+Enter sends from inside a field', async () => {
    const { sent } = mount();
    type($('field-respondText'), 'hi');
    act(() => {
      $('field-respondText')!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }),
      );
    });
    await settle();
    expect(sent).toHaveLength(1);
  });

  it('disables Send with the reason while the call is not joined', async () => {
    const { sent } = mount({ meetingState: 'joining-meeting' });
    const button = $<HTMLButtonElement>('composer-send')!;
    expect(button.disabled).toBe(true);
    expect($('composer-block-reason')?.textContent).toBe(
      'The call is not joined (meetingState: joining-meeting); Daily only sends after join.',
    );
    act(() => {
      container
        .querySelector('.composer')!
        .dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    });
    await settle();
    expect(sent).toEqual([]);
  });

  it('says a sniffed call is read-only', () => {
    mount({ canSend: false, found: 'sniffed', via: 'sniffer' });
    expect($('composer-block-reason')?.textContent).toContain('read-only');
    expect(container.querySelector('.composer-pill-readonly')?.textContent).toBe('read-only');
  });

  it('turns the size counter red and blocks Send over the limit', () => {
    mount();
    type($('field-respondText'), 'x'.repeat(5000));
    expect($('composer-size')?.dataset.over).toBe('true');
    expect($<HTMLButtonElement>('composer-send')!.disabled).toBe(true);
    expect($('composer-issues')?.textContent).toContain("Daily's limit is 4096");
  });

  it('raw mode: a JSON syntax error is shown with its line and column, and a caret under it', () => {
    mount();
    act(() => $<HTMLButtonElement>('composer-mode-raw')!.click());
    type($('composer-raw'), '{\n  "event_type": "conversation.respond"\n  "x": 1\n}');
    expect($('composer-json-error')?.textContent).toContain('JSON syntax error at line 3, column 3');
    expect(container.querySelector('.composer-caret')?.textContent).toBe('  "x": 1\n  ^');
    expect($<HTMLButtonElement>('composer-send')!.disabled).toBe(true);
  });

  it('raw mode: unknown fields and types are warnings under the message', () => {
    mount();
    act(() => $<HTMLButtonElement>('composer-mode-raw')!.click());
    type(
      $('composer-raw'),
      '{"message_type":"conversation","event_type":"conversation.brand_new","conversation_id":"c"}',
    );
    const warnings = [...container.querySelectorAll('[data-kind="warning"]')].map((li) => li.textContent);
    expect(warnings.some((w) => w?.includes('unknown interaction'))).toBe(true);
    expect($<HTMLButtonElement>('composer-send')!.disabled).toBe(false);
  });

  it('sensitivity offers the undocumented levels, marked, and warns when one is used', () => {
    mount();
    act(() => $<HTMLButtonElement>('composer-mode-sensitivity')!.click());
    const options = [...$<HTMLSelectElement>('field-sensitivityLevel')!.options].map((o) => o.textContent);
    expect(options).toEqual([
      'low',
      'medium',
      'high',
      'superlow (undocumented)',
      'verylow (undocumented)',
      'auto (undocumented)',
    ]);
    choose($('field-sensitivityLevel'), 'verylow');
    expect($('composer-preview')?.textContent).toBe(
      JSON.stringify(buildSensitivity('', { pause: 'verylow' }), null, 2),
    );
    choose($('field-sensitivityField'), 'interrupt');
    expect($('composer-preview')?.textContent).toBe(
      JSON.stringify(buildSensitivity('', { interrupt: 'verylow' }), null, 2),
    );
    expect($('composer-issues')?.textContent).toContain('undocumented');
  });

  it('shows the error the page answered next to the message', async () => {
    mount({}, () => ({ ok: false, error: 'daily-js: not allowed' }));
    act(() => $<HTMLButtonElement>('composer-send')!.click());
    await settle();
    expect($('composer-outcome')?.dataset.ok).toBe('false');
    expect($('composer-outcome')?.textContent).toContain('daily-js: not allowed');
  });

  it('takes a draft from "Edit & resend" and loads history back into the editor', async () => {
    const { store } = mount();
    act(() => {
      store.composerDraft.value = { json: '{\n  "message_type": "conversation"\n}', callId: 'call-1' };
    });
    await settle();
    expect($<HTMLTextAreaElement>('composer-raw')?.value).toBe('{\n  "message_type": "conversation"\n}');
    expect(store.composerDraft.value).toBeUndefined();

    act(() => $<HTMLButtonElement>('composer-mode-interrupt')!.click());
    act(() => $<HTMLButtonElement>('composer-send')!.click());
    await settle();
    act(() => $<HTMLButtonElement>('composer-history-load')!.click());
    expect(JSON.parse($<HTMLTextAreaElement>('composer-raw')!.value)).toEqual({
      message_type: 'conversation',
      event_type: 'conversation.interrupt',
      conversation_id: '',
    });
  });

  it('saves a snippet and loads it', async () => {
    const { storage } = mount();
    type($('field-respondText'), 'from a snippet');
    act(() => $<HTMLButtonElement>('composer-save-snippet')!.click());
    type($('composer-snippet-name'), 'greeting');
    act(() => $<HTMLButtonElement>('composer-snippet-save')!.click());
    await settle();
    expect((storage.data['composer.snippets'] as { name: string }[])[0]?.name).toBe('greeting');
    act(() => (container.querySelector('#composer-side-tab-snippets') as HTMLButtonElement).click());
    act(() => $<HTMLButtonElement>('composer-snippet-load')!.click());
    expect(JSON.parse($<HTMLTextAreaElement>('composer-raw')!.value)).toEqual(buildRespond('', 'from a snippet'));
  });

  it('never renders page data as HTML', () => {
    mount();
    type($('field-respondText'), '<img src=x onerror="globalThis.__pwned=1">');
    expect(container.querySelector('img')).toBeNull();
    expect($('composer-preview')?.textContent).toContain('<img src=x');
  });
});
