// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { PanelStore } from '../../../src/panel/store';
import { FilterBox } from '../../../src/panel/shell/FilterBox';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
  document.body.querySelectorAll('.filter-popover, [data-focus-target]').forEach((e) => e.remove());
});

function mount() {
  const store = new PanelStore(undefined);
  const inputRef = { current: null as HTMLInputElement | null };
  act(() => render(h(FilterBox, { store, inputRef }), container));
  const input = container.querySelector<HTMLInputElement>('[data-testid="filter"]')!;
  act(() => input.focus());
  return { store, input };
}

function typeText(input: HTMLInputElement, text: string) {
  act(() => {
    input.value = text;
    input.setSelectionRange(text.length, text.length);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function press(target: Element, key: string) {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
}

const list = () => document.body.querySelector('#filter-suggestions');

describe('FilterBox', () => {
  it('renders suggestions in a layer on document.body (outside the toolbar) and announces them', () => {
    const { input } = mount();
    typeText(input, 'anomaly:');
    expect(list()).not.toBeNull();
    expect(container.contains(list())).toBe(false);
    expect(list()!.closest('.filter-popover')?.parentElement).toBe(document.body);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(container.querySelector('[aria-live="polite"]')?.textContent).toMatch(/\d+ suggestions?/);
  });

  it('Escape closes the list first and keeps the text; a second Escape clears it', () => {
    const { store, input } = mount();
    typeText(input, 'anomaly:');
    expect(list()).not.toBeNull();
    press(input, 'Escape');
    expect(list()).toBeNull();
    expect(store.filterText.value).toBe('anomaly:');
    press(input, 'Escape');
    expect(store.filterText.value).toBe('');
  });

  it('Escape does not reach panel-wide handlers', () => {
    const { input } = mount();
    typeText(input, 'x');
    let reached = false;
    const onKey = () => (reached = true);
    document.addEventListener('keydown', onKey);
    press(input, 'Escape');
    document.removeEventListener('keydown', onKey);
    expect(reached).toBe(false);
  });

  it('Down with no list open moves focus into the events table', () => {
    const { input } = mount();
    const table = document.createElement('div');
    table.tabIndex = 0;
    table.setAttribute('data-focus-target', 'events-table');
    document.body.append(table);
    const event = press(input, 'ArrowDown');
    expect(event.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(table);
  });

  it('Down with the list open moves in the list instead', () => {
    const { input } = mount();
    const table = document.createElement('div');
    table.tabIndex = 0;
    table.setAttribute('data-focus-target', 'events-table');
    document.body.append(table);
    typeText(input, 'anomaly:');
    press(input, 'ArrowDown');
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('aria-activedescendant')).toBe('filter-suggestion-1');
  });

  it('shows a syntax error in the layer, as an alert', () => {
    const { input } = mount();
    typeText(input, '/(unclosed/');
    const error = document.body.querySelector('[data-testid="filter-error"]');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toMatch(/regex/i);
    expect(container.contains(error)).toBe(false);
  });
});
