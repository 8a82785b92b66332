// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { PanelStore, type PanelActions } from '../../../src/panel/store';
import { joinedFrame } from './composer-fixtures';
import { memoryStorage } from '../../../src/panel/composer/history';
import { Composer, nextModeIndex } from '../../../src/panel/composer/Composer';
import { COMPOSER_MODES } from '../../../src/panel/composer/forms';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount() {
  const sent: string[] = [];
  const actions: PanelActions = {
    send: async (_frameId, _callId, json) => {
      sent.push(json);
      return { ok: true };
    },
    attach: async () => ({ ok: true }),
  };
  const store = new PanelStore(actions);
  store.setFrames([joinedFrame([{}], { docId: 'doc' })]);
  act(() => render(h(Composer, { store, storage: memoryStorage() }), container));
  return { sent };
}

const $ = <T extends Element = HTMLElement>(testId: string) => container.querySelector<T>(`[data-testid="${testId}"]`);
const modes = () => Array.from(container.querySelectorAll<HTMLButtonElement>('.composer-mode'));

function type(element: HTMLInputElement | HTMLTextAreaElement | null, value: string) {
  act(() => {
    element!.value = value;
    element!.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function press(target: Element, key: string, mods: KeyboardEventInit = {}) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('Composer keyboard', () => {
  it('the interaction list is one tab stop: only the chosen mode is tabbable', () => {
    mount();
    const tabbable = modes().filter((b) => b.tabIndex === 0);
    expect(tabbable).toHaveLength(1);
    expect(tabbable[0]!.getAttribute('aria-checked')).toBe('true');
    expect(container.querySelector('[role="radiogroup"]')).not.toBeNull();
  });

  it('arrows move through the interactions, choosing and focusing them', () => {
    mount();
    const first = modes()[0]!;
    act(() => first.focus());
    press(first, 'ArrowDown');
    expect(modes()[1]!.getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(modes()[1]);
    press(modes()[1]!, 'End');
    expect(modes().at(-1)!.getAttribute('aria-checked')).toBe('true');
    press(modes().at(-1)!, 'ArrowRight');
    expect(modes()[0]!.getAttribute('aria-checked')).toBe('true');
  });

  it('Ctrl+Enter on a mode button sends and does not switch the mode', async () => {
    const { sent } = mount();
    type($('composer-conversation-id'), 'c-1');
    type($('field-respondText'), 'hello');
    const respond = $<HTMLButtonElement>('composer-mode-respond')!;
    const other = $<HTMLButtonElement>('composer-mode-interrupt')!;
    act(() => other.focus());
    // The focused button is another mode: a plain click there would switch; Ctrl+Enter must send instead.
    act(() => respond.click());
    act(() => other.focus());
    const event = press(other, 'Enter', { ctrlKey: true });
    await settle();
    expect(event.defaultPrevented).toBe(true);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!)).toMatchObject({ event_type: 'conversation.respond' });
    expect(respond.getAttribute('aria-checked')).toBe('true');
  });

  it('Cmd+Enter sends too', async () => {
    const { sent } = mount();
    type($('composer-conversation-id'), 'c-1');
    type($('field-respondText'), 'hello');
    press($('field-respondText')!, 'Enter', { metaKey: true });
    await settle();
    expect(sent).toHaveLength(1);
  });

  it('nextModeIndex wraps and ignores other keys', () => {
    expect(nextModeIndex('ArrowUp', 0, COMPOSER_MODES.length)).toBe(COMPOSER_MODES.length - 1);
    expect(nextModeIndex('Home', 4, 9)).toBe(0);
    expect(nextModeIndex('a', 4, 9)).toBeUndefined();
  });
});
