// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { tabElementId, tabPanelElementId, Tabs, type TabDefinition } from '../../../src/panel/ui/Tabs';

type TabId = 'payload' | 'raw' | 'timing' | 'audio';
const tabs: Array<TabDefinition<TabId>> = [
  { id: 'payload', title: 'Payload' },
  { id: 'raw', title: 'Raw', badge: 3 },
  { id: 'timing', title: 'Timing', disabled: true },
  { id: 'audio', title: 'Audio' },
];

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount(selectedId: TabId, onSelect: (id: TabId) => void = () => {}): void {
  act(() => {
    render(
      <Tabs
        tabs={tabs}
        selectedId={selectedId}
        onSelect={onSelect}
        ariaLabel="Details"
        idPrefix="details"
        trailing={<span class="x">×</span>}
      />,
      container,
    );
  });
}

const tabButtons = (): HTMLButtonElement[] => Array.from(container.querySelectorAll<HTMLButtonElement>('[role="tab"]'));

describe('Tabs', () => {
  it('marks the selected tab and makes it the only tab stop', () => {
    mount('raw');
    expect(tabButtons().map((tab) => tab.getAttribute('aria-selected'))).toEqual(['false', 'true', 'false', 'false']);
    expect(tabButtons().map((tab) => tab.tabIndex)).toEqual([-1, 0, -1, -1]);
    expect(tabButtons()[1]!.textContent).toBe('Raw3');
    expect(tabButtons()[1]!.id).toBe(tabElementId('details', 'raw'));
    expect(tabButtons()[1]!.getAttribute('aria-controls')).toBe(tabPanelElementId('details', 'raw'));
    expect(tabButtons()[2]!.disabled).toBe(true);
    expect(container.querySelector('[role="tablist"]')?.getAttribute('aria-label')).toBe('Details');
    expect(container.querySelector('.tabs-trailing .x')).not.toBeNull();
  });

  it('selects on click', () => {
    const onSelect = vi.fn();
    mount('payload', onSelect);
    act(() => tabButtons()[3]!.click());
    expect(onSelect).toHaveBeenCalledWith('audio');
  });

  it('moves with arrow keys, skipping disabled tabs and wrapping around', () => {
    const onSelect = vi.fn();
    mount('raw', onSelect);
    const press = (key: string): void => {
      act(() => {
        document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      });
    };
    tabButtons()[1]!.focus();
    press('ArrowRight');
    expect(onSelect).toHaveBeenLastCalledWith('audio');
    expect(document.activeElement).toBe(tabButtons()[3]);
    mount('audio', onSelect);
    press('ArrowRight');
    expect(onSelect).toHaveBeenLastCalledWith('payload');
    mount('payload', onSelect);
    press('ArrowLeft');
    expect(onSelect).toHaveBeenLastCalledWith('audio');
    press('End');
    expect(onSelect).toHaveBeenLastCalledWith('audio');
    press('Home');
    expect(onSelect).toHaveBeenLastCalledWith('payload');
  });

  it('keeps a tab stop when the selected id is unknown', () => {
    mount('nope' as TabId);
    expect(tabButtons().map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1]);
  });
});
