// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { PanelStore } from '../../../src/panel/store';
import { ExportDialog } from '../../../src/panel/shell/ExportDialog';
import { ShortcutsDialog } from '../../../src/panel/shell/ShortcutsDialog';
import { SHORTCUTS } from '../../../src/panel/shell/shortcuts';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function draw(store: PanelStore): void {
  act(() => {
    render(<ExportDialog store={store} origin="https://app.example" onClose={() => {}} />, container);
  });
}
const onlyShown = () => container.querySelector('[data-testid="export-only-shown"]');

describe('ExportDialog', () => {
  it('offers "only the shown events" only when something filters the table', () => {
    const store = new PanelStore(undefined);
    draw(store);
    expect(onlyShown()).toBeNull();
    act(() => {
      store.filterText.value = 'type:conversation.respond';
    });
    draw(store);
    expect(onlyShown()).not.toBeNull();
    expect(onlyShown()!.closest('label')?.textContent).toBe('Only the 0 events shown by the filter');
  });

  it('counts hidden kinds and "Hide twins" as filters too', () => {
    const store = new PanelStore(undefined);
    act(() => {
      store.hideTwins.value = true;
    });
    draw(store);
    expect(onlyShown()).not.toBeNull();
  });

  it('puts focus on its first control when it opens', () => {
    draw(new PanelStore(undefined));
    expect(container.contains(document.activeElement)).toBe(true);
    expect(document.activeElement?.tagName).toBe('INPUT');
  });
});

describe('ShortcutsDialog', () => {
  it('lists every shortcut and closes with Escape from inside', () => {
    let closed = 0;
    act(() => {
      render(<ShortcutsDialog onClose={() => closed++} />, container);
    });
    expect(container.querySelectorAll('.shortcuts tr')).toHaveLength(SHORTCUTS.length);
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => {
      document.activeElement!.dispatchEvent(escape);
    });
    expect(closed).toBe(1);
    expect(escape.defaultPrevented).toBe(true);
  });
});
