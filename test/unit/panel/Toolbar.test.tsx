// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { Checkbox } from '../../../src/panel/ui/Checkbox';
import { clampMenuPosition, ContextMenu } from '../../../src/panel/ui/ContextMenu';
import {
  Toolbar,
  ToolbarButton,
  ToolbarInput,
  ToolbarSelect,
  ToolbarSeparator,
  ToolbarSpacer,
  ToolbarText,
  ToolbarToggle,
} from '../../../src/panel/ui/Toolbar';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount(node: ComponentChild): void {
  act(() => {
    render(node, container);
  });
}

describe('Toolbar primitives', () => {
  it('lays out buttons, separators, spacer and text in a toolbar', () => {
    const onClick = vi.fn();
    mount(
      <Toolbar ariaLabel="Log controls">
        <ToolbarButton icon="clear" title="Clear log" onClick={onClick} data-testid="clear" />
        <ToolbarSeparator />
        <ToolbarButton label="Export" icon="download" title="Export as JSON" onClick={() => {}} disabled />
        <ToolbarSpacer />
        <ToolbarText>12 events</ToolbarText>
      </Toolbar>,
    );
    const toolbar = container.querySelector('[role="toolbar"]')!;
    expect(toolbar.getAttribute('aria-label')).toBe('Log controls');
    const clear = container.querySelector<HTMLButtonElement>('[data-testid="clear"]')!;
    expect(clear.getAttribute('aria-label')).toBe('Clear log');
    expect(clear.title).toBe('Clear log');
    expect(clear.querySelector('svg.toolbar-icon')).not.toBeNull();
    act(() => clear.click());
    expect(onClick).toHaveBeenCalledTimes(1);
    const exportButton = container.querySelectorAll<HTMLButtonElement>('.toolbar-button')[1]!;
    expect(exportButton.disabled).toBe(true);
    expect(exportButton.textContent).toBe('Export');
    expect(exportButton.getAttribute('aria-label')).toBeNull(); // the visible label names it
    expect(container.querySelector('[role="separator"]')).not.toBeNull();
    expect(container.querySelector('.toolbar-text')?.textContent).toBe('12 events');
  });

  it('ToolbarToggle reports the next state and shows aria-pressed', () => {
    const onToggle = vi.fn();
    mount(<ToolbarToggle icon="record" title="Record" pressed tone="record" onToggle={onToggle} />);
    const button = container.querySelector('button')!;
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.classList.contains('tone-record')).toBe(true);
    act(() => button.click());
    expect(onToggle).toHaveBeenCalledWith(false);
  });

  it('ToolbarInput reports typing, clears with × and Escape', () => {
    const onInput = vi.fn();
    mount(<ToolbarInput value="type:echo" onInput={onInput} placeholder="Filter" invalid data-testid="filter" />);
    const input = container.querySelector<HTMLInputElement>('[data-testid="filter"]')!;
    expect(input.getAttribute('aria-label')).toBe('Filter');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(container.querySelector('.toolbar-input.invalid')).not.toBeNull();
    act(() => {
      input.value = 'type:ech';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(onInput).toHaveBeenLastCalledWith('type:ech');
    act(() => container.querySelector<HTMLButtonElement>('.toolbar-input-clear')!.click());
    expect(onInput).toHaveBeenLastCalledWith('');
    onInput.mockClear();
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    });
    expect(onInput).toHaveBeenCalledWith('');
  });

  it('ToolbarInput hides the clear button when empty', () => {
    mount(<ToolbarInput value="" onInput={() => {}} placeholder="Filter" />);
    expect(container.querySelector('.toolbar-input-clear')).toBeNull();
  });

  it('ToolbarSelect offers its options and reports the typed value', () => {
    const onChange = vi.fn();
    mount(
      <ToolbarSelect
        title="Direction"
        value="all"
        options={[
          { value: 'all', label: 'All' },
          { value: 'in', label: 'Incoming' },
        ]}
        onChange={onChange}
      />,
    );
    const select = container.querySelector('select')!;
    expect(Array.from(select.options).map((option) => option.textContent)).toEqual(['All', 'Incoming']);
    act(() => {
      select.value = 'in';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onChange).toHaveBeenCalledWith('in');
  });

  it('Checkbox reports the new checked state', () => {
    const onChange = vi.fn();
    mount(<Checkbox label="Preserve log" checked={false} onChange={onChange} />);
    const box = container.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(container.querySelector('.checkbox')?.textContent).toBe('Preserve log');
    act(() => box.click());
    expect(onChange).toHaveBeenCalledWith(true);
  });
});

describe('ContextMenu', () => {
  function openMenu(onClose: () => void, onSelect: () => void = () => {}): void {
    mount(
      <ContextMenu
        x={20}
        y={30}
        onClose={onClose}
        items={[
          { kind: 'action', label: 'Copy', onSelect },
          { kind: 'separator' },
          { kind: 'checkbox', label: 'Show time', checked: true, onSelect: () => {} },
          { kind: 'action', label: 'Disabled', disabled: true, onSelect: () => {} },
        ]}
      />,
    );
  }

  it('renders items with roles into document.body and focuses the first enabled one', () => {
    openMenu(() => {});
    expect(container.querySelector('.menu')).toBeNull();
    expect(document.body.querySelector(':scope > .menu')).not.toBeNull();
    const menu = document.querySelector<HTMLElement>('[role="menu"]')!;
    expect(menu.style.left).toBe('20px');
    expect(menu.style.top).toBe('30px');
    const items = Array.from(document.querySelectorAll('.menu-item'));
    expect(items.map((item) => item.getAttribute('role'))).toEqual(['menuitem', 'menuitemcheckbox', 'menuitem']);
    expect(items[1]!.getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(items[0]);
  });

  it('runs the action and closes', () => {
    const onClose = vi.fn();
    const onSelect = vi.fn();
    openMenu(onClose, onSelect);
    act(() => document.querySelector<HTMLButtonElement>('.menu-item')!.click());
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('moves focus with arrows and closes on Escape or a click elsewhere', () => {
    const onClose = vi.fn();
    openMenu(onClose);
    const menu = document.querySelector('[role="menu"]')!;
    const items = Array.from(document.querySelectorAll<HTMLButtonElement>('.menu-item:not(:disabled)'));
    act(() => {
      menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    expect(document.activeElement).toBe(items[1]);
    act(() => {
      menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    expect(document.activeElement).toBe(items[0]); // wraps, skipping the disabled item
    act(() => {
      menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(onClose).toHaveBeenCalledTimes(1);
    act(() => {
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    });
    expect(onClose).toHaveBeenCalledTimes(2);
    act(() => {
      items[0]!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    });
    expect(onClose).toHaveBeenCalledTimes(2); // inside the menu: stays open
  });

  it('clampMenuPosition keeps the menu on screen', () => {
    expect(clampMenuPosition(10, 10, 100, 50, 800, 600)).toEqual({ left: 10, top: 10 });
    expect(clampMenuPosition(750, 10, 100, 50, 800, 600)).toEqual({ left: 650, top: 10 });
    expect(clampMenuPosition(10, 580, 100, 50, 800, 600)).toEqual({ left: 10, top: 546 });
    expect(clampMenuPosition(50, 10, 100, 50, 120, 600)).toEqual({ left: 4, top: 10 });
  });
});

describe('ContextMenu focus', () => {
  it('returns focus to the element that had it when it closes', () => {
    const owner = document.createElement('button');
    document.body.append(owner);
    owner.focus();
    act(() => {
      render(
        <ContextMenu x={0} y={0} onClose={() => {}} items={[{ kind: 'action', label: 'A', onSelect: () => {} }]} />,
        container,
      );
    });
    expect(document.activeElement?.textContent).toBe('A');
    act(() => render(null, container));
    expect(document.activeElement).toBe(owner);
    owner.remove();
  });
});
