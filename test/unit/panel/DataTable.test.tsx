// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import {
  DataTable,
  effectiveColumnWidth,
  clipCellText,
  MAX_CELL_CHARS,
  toggleColumnHidden,
  type DataTableColumn,
  type DataTableProps,
} from '../../../src/panel/ui/DataTable';
import { stubClientHeight } from './layout-stub';

const columns: DataTableColumn[] = [
  { id: 'time', title: 'Time', width: 90, render: (i) => `t${i}`, hideable: false },
  { id: 'type', title: 'Type', width: 160, minWidth: 60, render: (i) => `type-${i}`, tooltip: (i) => `full type ${i}` },
  { id: 'size', title: 'Size', width: 60, align: 'right', render: (i) => String(i * 10) },
  { id: 'data', title: 'Data', width: 200, render: (i) => `payload ${i}` },
];

let container: HTMLElement;
let restoreLayout: () => void;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  restoreLayout = stubClientHeight({ vlist: 21 * 11 }); // header (0 in happy-dom) + 11 rows
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
  restoreLayout();
});

function mount(props: Partial<DataTableProps> = {}): void {
  act(() => {
    render(
      <DataTable columns={columns} rowCount={1000} selectedIndex={null} onSelect={() => {}} {...props} />,
      container,
    );
  });
}

const table = (): HTMLElement => container.querySelector('.dt') as HTMLElement;
const headerTitles = (): string[] =>
  Array.from(container.querySelectorAll('.dt-header-cell .dt-header-title')).map((el) => el.textContent ?? '');
const columnWidths = (): string[] => [0, 1, 2, 3].map((k) => table().style.getPropertyValue(`--dt-w${k}`));
const row = (index: number): HTMLElement | null => container.querySelector(`[data-row-index="${index}"]`);

function key(keyName: string, init: KeyboardEventInit = {}): void {
  act(() => {
    table().dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...init }));
  });
}

function pointer(target: Element, type: string, clientX: number): void {
  act(() => {
    target.dispatchEvent(new PointerEvent(type, { clientX, pointerId: 7, button: 0, bubbles: true, cancelable: true }));
  });
}

describe('DataTable rendering', () => {
  it('renders a header and a window of striped rows with cells as text', () => {
    mount({ rowTestId: 'row' });
    expect(headerTitles()).toEqual(['Time', 'Type', 'Size', 'Data']);
    const rows = container.querySelectorAll('[data-testid="row"]');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThanOrEqual(30);
    expect(row(0)?.textContent).toBe('t0type-00payload 0');
    expect(row(1)?.classList.contains('odd')).toBe(true);
    expect(row(0)?.classList.contains('odd')).toBe(false);
    // Tooltips are computed when the pointer enters a cell.
    const typeCell = row(2)!.querySelectorAll('.dt-cell')[1]!;
    expect(typeCell.getAttribute('title')).toBeNull();
    act(() => {
      typeCell.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    });
    expect(typeCell.getAttribute('title')).toBe('full type 2');
    expect(row(2)?.querySelectorAll('.dt-cell')[2]?.classList.contains('align-right')).toBe(true);
    expect(table().getAttribute('aria-rowcount')).toBe('1001');
  });

  it('gives each column its width as a custom property read by its cells, the last column filling the rest', () => {
    mount({ columnWidths: { type: 240 } });
    expect(['--dt-w0', '--dt-w1', '--dt-w2', '--dt-w3'].map((name) => table().style.getPropertyValue(name))).toEqual([
      '90px',
      '240px',
      '60px',
      '200px',
    ]);
    const cells = Array.from(row(0)!.querySelectorAll('.dt-cell'));
    expect(cells.map((cell) => cell.classList.contains(`dt-c${cells.indexOf(cell)}`))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(cells.map((cell) => cell.classList.contains('dt-c-last'))).toEqual([false, false, false, true]);
    expect(container.querySelector<HTMLElement>('.vlist-content')!.style.minWidth).toBe(`${90 + 240 + 60 + 200}px`);
  });

  it('never renders page data as HTML', () => {
    const hostile: DataTableColumn[] = [
      { id: 'x', title: '<b>title</b>', width: 100, render: () => '<img src=x onerror="window.__pwned=1">' },
    ];
    mount({ columns: hostile, rowCount: 3 });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(row(0)?.textContent).toBe('<img src=x onerror="window.__pwned=1">');
  });

  it('hides hidden columns', () => {
    mount({ columnChoices: { hidden: ['size', 'data'], shown: [] } });
    expect(headerTitles()).toEqual(['Time', 'Type']);
    expect(row(0)?.querySelectorAll('.dt-cell').length).toBe(2);
  });

  it('applies the row class callback and shows the empty text', () => {
    mount({ rowClass: (i) => (i === 3 ? 'row-warning' : i === 4 ? 'row-error' : undefined) });
    expect(row(3)?.classList.contains('row-warning')).toBe(true);
    expect(row(4)?.classList.contains('row-error')).toBe(true);
    expect(row(5)?.className).toBe('dt-row odd');
    mount({ rowCount: 0, emptyText: 'No events yet' });
    expect(container.querySelector('.dt-empty')?.textContent).toBe('No events yet');
  });
});

describe('DataTable row dependencies', () => {
  it('re-renders only rows whose declared dependencies, place or classes changed', () => {
    const calls: number[] = [];
    const versions = new Map<number, string>();
    const version = (i: number) => versions.get(i) ?? 'v1';
    const counted: DataTableColumn[] = [
      { id: 'v', title: 'V', width: 100, render: (i) => (calls.push(i), `row ${i}`), dependsOn: version },
      { id: 'w', title: 'W', width: 100, render: (i) => `w ${i}`, dependsOn: (i) => [i, 'same'] },
    ];
    mount({ columns: counted, rowCount: 50 });
    expect(calls.length).toBeGreaterThan(10);
    calls.length = 0;
    mount({ columns: counted, rowCount: 50 }); // same dependencies: nothing renders
    expect(calls).toEqual([]);
    versions.set(3, 'v2');
    mount({ columns: counted, rowCount: 50 });
    expect(calls).toEqual([3]);
    calls.length = 0;
    mount({ columns: counted, rowCount: 50, selectedIndex: 5 });
    expect(calls).toEqual([5]);
    calls.length = 0;
    // A column that declares nothing: every row renders.
    mount({ columns: [counted[0]!, { ...counted[1]!, dependsOn: undefined }], rowCount: 50, selectedIndex: 5 });
    expect(calls.length).toBeGreaterThan(10);
  });

  it('ignores what a hidden column depends on', () => {
    const calls: number[] = [];
    let hiddenVersion = 1;
    const cols: DataTableColumn[] = [
      { id: 'a', title: 'A', width: 100, render: (i) => (calls.push(i), `a ${i}`), dependsOn: (i) => i },
      { id: 'b', title: 'B', width: 100, render: (i) => `b ${i}`, dependsOn: () => hiddenVersion },
    ];
    const choices = { hidden: ['b'], shown: [] };
    mount({ columns: cols, rowCount: 30, columnChoices: choices });
    calls.length = 0;
    hiddenVersion = 2;
    mount({ columns: cols, rowCount: 30, columnChoices: choices });
    expect(calls).toEqual([]);
  });
});

describe('DataTable selection', () => {
  it('selects on click and activates on double click', () => {
    const onSelect = vi.fn();
    const onActivate = vi.fn();
    mount({ onSelect, onActivate, selectedIndex: 2 });
    expect(row(2)?.classList.contains('selected')).toBe(true);
    expect(row(2)?.getAttribute('aria-selected')).toBe('true');
    act(() => {
      row(5)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
    expect(onSelect).toHaveBeenCalledWith(5);
    act(() => {
      row(6)!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    });
    expect(onActivate).toHaveBeenCalledWith(6);
  });

  it('moves the selection with the keyboard and activates with Enter', () => {
    const onSelect = vi.fn();
    const onActivate = vi.fn();
    mount({ onSelect, onActivate, selectedIndex: 5 });
    key('ArrowDown');
    expect(onSelect).toHaveBeenLastCalledWith(6);
    key('ArrowUp');
    expect(onSelect).toHaveBeenLastCalledWith(4);
    key('PageDown');
    expect(onSelect).toHaveBeenLastCalledWith(5 + 10); // 11 visible rows − 1
    key('Home');
    expect(onSelect).toHaveBeenLastCalledWith(0);
    key('End');
    expect(onSelect).toHaveBeenLastCalledWith(999);
    key('Enter');
    expect(onActivate).toHaveBeenCalledWith(5);
    onSelect.mockClear();
    key('ArrowDown', { ctrlKey: true });
    expect(onSelect).not.toHaveBeenCalled();
  });

  it('scrolls the selected row into view', () => {
    mount({ selectedIndex: 0 });
    mount({ selectedIndex: 400 });
    expect(row(400)).not.toBeNull();
    expect(container.querySelector<HTMLElement>('.vlist')!.scrollTop).toBe(401 * 21 - 21 * 11);
  });

  it('selects a row on right click before opening the row menu there', () => {
    const onSelect = vi.fn();
    const onRowMenu = vi.fn();
    mount({ onSelect, onRowMenu });
    act(() => {
      row(3)!.dispatchEvent(
        new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 50, clientY: 60 }),
      );
    });
    expect(onSelect).toHaveBeenCalledWith(3);
    expect(onRowMenu).toHaveBeenCalledWith(3, { x: 50, y: 60 });
  });

  it('opens the row menu of the selected row with the ContextMenu key and Shift+F10', () => {
    const onRowMenu = vi.fn();
    mount({ onRowMenu, selectedIndex: 4 });
    key('ContextMenu');
    expect(onRowMenu).toHaveBeenLastCalledWith(4, expect.objectContaining({ x: expect.any(Number) }));
    onRowMenu.mockClear();
    key('F10', { shiftKey: true });
    expect(onRowMenu).toHaveBeenCalledTimes(1);
    onRowMenu.mockClear();
    key('F10');
    expect(onRowMenu).not.toHaveBeenCalled();
  });

  it('activates on a single click with clickActivates, and a double click cannot start a word selection', () => {
    const onSelect = vi.fn();
    const onActivate = vi.fn();
    mount({ onSelect, onActivate, clickActivates: true });
    act(() => {
      row(5)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    });
    expect(onActivate).toHaveBeenCalledWith(5);
    expect(onSelect).not.toHaveBeenCalled();
    const second = new MouseEvent('mousedown', { bubbles: true, cancelable: true, detail: 2 });
    act(() => {
      row(5)!.dispatchEvent(second);
    });
    expect(second.defaultPrevented).toBe(true);
    const first = new MouseEvent('mousedown', { bubbles: true, cancelable: true, detail: 1 });
    act(() => {
      row(5)!.dispatchEvent(first);
    });
    expect(first.defaultPrevented).toBe(false);
  });

  it('Escape calls onDismiss and stays in the table; without onDismiss it is left alone', () => {
    const onDismiss = vi.fn();
    const outside = vi.fn();
    document.addEventListener('keydown', outside);
    mount({ onDismiss });
    key('Escape');
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(outside).not.toHaveBeenCalled();
    mount({});
    key('Escape');
    expect(outside).toHaveBeenCalledTimes(1);
    document.removeEventListener('keydown', outside);
  });

  it('marks its focusable grid with data-focus-target', () => {
    mount({ focusTarget: 'events-table' });
    expect(container.querySelector('[data-focus-target="events-table"]')).toBe(table());
    expect(table().tabIndex).toBe(0);
  });
});

describe('DataTable column resizing', () => {
  it('resizes live while dragging and reports the width once, on release', () => {
    const onColumnWidthsChange = vi.fn();
    mount({ onColumnWidthsChange, columnWidths: { data: 300 } });
    const resizer = container.querySelectorAll('.dt-resizer')[1]!; // Type's right edge
    pointer(resizer, 'pointerdown', 100);
    pointer(resizer, 'pointermove', 150);
    expect(columnWidths()).toEqual(['90px', '210px', '60px', '300px']);
    expect(onColumnWidthsChange).not.toHaveBeenCalled();
    pointer(resizer, 'pointermove', 170);
    pointer(resizer, 'pointerup', 170);
    expect(onColumnWidthsChange).toHaveBeenCalledTimes(1);
    expect(onColumnWidthsChange).toHaveBeenCalledWith({ data: 300, type: 230 });
  });

  it('respects the minimum width and ignores a cancelled drag', () => {
    const onColumnWidthsChange = vi.fn();
    mount({ onColumnWidthsChange });
    const resizer = container.querySelectorAll('.dt-resizer')[1]!;
    pointer(resizer, 'pointerdown', 300);
    pointer(resizer, 'pointermove', 0);
    expect(columnWidths()).toEqual(['90px', '60px', '60px', '200px']);
    pointer(resizer, 'pointercancel', 0);
    expect(onColumnWidthsChange).not.toHaveBeenCalled();
    expect(columnWidths()).toEqual(['90px', '160px', '60px', '200px']);
  });

  it('has no resizer on the last (stretching) column and resets a width on double click', () => {
    const onColumnWidthsChange = vi.fn();
    mount({ onColumnWidthsChange, columnWidths: { time: 120, type: 99 } });
    expect(container.querySelectorAll('.dt-resizer').length).toBe(3);
    act(() => {
      container.querySelectorAll('.dt-resizer')[0]!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    });
    expect(onColumnWidthsChange).toHaveBeenCalledWith({ type: 99 });
  });
});

describe('DataTable column menu', () => {
  function openMenu(): void {
    act(() => {
      container
        .querySelector('.dt-header')!
        .dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 40, clientY: 10 }));
    });
  }
  const menuItems = (): HTMLButtonElement[] => Array.from(document.querySelectorAll<HTMLButtonElement>('.menu-item'));

  it('lists hideable columns with their visibility and toggles them', () => {
    const onColumnChoicesChange = vi.fn();
    mount({ onColumnChoicesChange, columnChoices: { hidden: ['size'], shown: [] }, onColumnWidthsChange: () => {} });
    openMenu();
    const items = menuItems();
    expect(items.map((item) => item.textContent)).toEqual(['✓Type', 'Size', '✓Data', 'Reset column widths']);
    expect(items.map((item) => item.getAttribute('aria-checked'))).toEqual(['true', 'false', 'true', null]);
    act(() => items[0]!.click());
    expect(onColumnChoicesChange).toHaveBeenCalledWith({ hidden: ['size', 'type'], shown: [] });
    expect(document.querySelector('.menu')).toBeNull(); // closes after a choice
    openMenu();
    act(() => menuItems()[1]!.click());
    expect(onColumnChoicesChange).toHaveBeenLastCalledWith({ hidden: [], shown: ['size'] });
  });

  it('will not hide the last visible column', () => {
    mount({ columnChoices: { hidden: ['time', 'type', 'size'], shown: [] } });
    openMenu();
    const data = menuItems().find((item) => item.textContent?.includes('Data'))!;
    expect(data.disabled).toBe(true);
  });

  it('closes on Escape', () => {
    mount();
    openMenu();
    act(() => {
      document.querySelector('.menu')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(document.querySelector('.menu')).toBeNull();
  });
});

describe('DataTable cells that certainly fit', () => {
  /** A canvas whose font draws every character 6 px wide (happy-dom has none that measures). */
  class SixPxCanvas {
    getContext() {
      return { font: '', measureText: (text: string) => ({ width: 6 * text.length }) };
    }
  }
  const fitColumns: DataTableColumn[] = [
    { id: 'a', title: 'A', width: 50, render: (i) => 'x'.repeat(i) },
    { id: 'kind', title: 'Kind', width: 100, render: () => 'utterance', badge: () => 'badge badge-blue' },
    { id: 'c', title: 'C', width: 120, render: () => 'y'.repeat(500) },
  ];
  const cell = (index: number, k: number) => row(index)!.querySelectorAll<HTMLElement>('.dt-cell')[k]!;

  beforeEach(() => {
    container.style.fontSize = '12px';
    container.style.fontFamily = 'sans-serif';
  });

  it('draws a text that fits its column without a clip, and clips (with an ellipsis) one that may not', () => {
    vi.stubGlobal('OffscreenCanvas', SixPxCanvas);
    try {
      mount({ columns: fitColumns, rowCount: 10 });
      // Column A leaves its text 50 - 2 × 4 px = 42 px: six characters of 6 px, not seven.
      expect(cell(6, 0).textContent).toBe('xxxxxx');
      expect(cell(6, 0).classList.contains('dt-fit')).toBe(true);
      expect(cell(7, 0).classList.contains('dt-fit')).toBe(false);
      // A pill: its text, its padding and its classes.
      const pill = cell(0, 1).querySelector('span')!;
      expect(pill.className).toBe('badge badge-blue');
      expect(pill.textContent).toBe('utterance');
      expect(cell(0, 1).classList.contains('dt-fit')).toBe(true);
      // 500 characters in 120 px: cut to what a quarter of an em per character could show, 111 px / 3 px.
      expect(cell(0, 2).textContent).toBe(`${'y'.repeat(36)}…`);
      expect(cell(0, 2).classList.contains('dt-fit')).toBe(false);
      // Widening the column re-renders its rows: the seventh character now fits.
      mount({ columns: fitColumns, rowCount: 10, columnWidths: { a: 80 } });
      expect(cell(7, 0).classList.contains('dt-fit')).toBe(true);
      // And a narrower pill column clips its pill.
      mount({ columns: fitColumns, rowCount: 10, columnWidths: { kind: 60 } });
      expect(cell(0, 1).classList.contains('dt-fit')).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('clips every cell where it cannot measure text (no canvas), cutting only very long text', () => {
    vi.stubGlobal('OffscreenCanvas', undefined);
    try {
      mount({ columns: fitColumns, rowCount: 10 });
      expect(container.querySelectorAll('.dt-fit')).toHaveLength(0);
      expect(cell(0, 2).textContent).toBe(`${'y'.repeat(MAX_CELL_CHARS - 1)}…`);
      expect(cell(0, 1).querySelector('.badge')?.textContent).toBe('utterance');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('DataTable helpers', () => {
  it('effectiveColumnWidth uses overrides, defaults and minimums', () => {
    const column = columns[1]!;
    expect(effectiveColumnWidth(column, undefined)).toBe(160);
    expect(effectiveColumnWidth(column, { type: 250.4 })).toBe(250);
    expect(effectiveColumnWidth(column, { type: 10 })).toBe(60);
    expect(effectiveColumnWidth(column, { type: Number.NaN })).toBe(160);
    expect(effectiveColumnWidth({ ...column, minWidth: undefined }, { type: 1 })).toBe(30);
  });

  it('clipCellText cuts long text and leaves everything else alone', () => {
    expect(clipCellText('short')).toBe('short');
    const long = 'x'.repeat(MAX_CELL_CHARS + 50);
    expect(clipCellText(long)).toBe(`${'x'.repeat(MAX_CELL_CHARS - 1)}…`);
    expect((clipCellText(long) as string).length).toBe(MAX_CELL_CHARS);
    expect(clipCellText(42)).toBe(42);
  });

  it('toggleColumnHidden keeps at least one column', () => {
    expect(toggleColumnHidden(columns, [], 'size')).toEqual(['size']);
    expect(toggleColumnHidden(columns, ['size'], 'size')).toEqual([]);
    expect(toggleColumnHidden(columns, ['time', 'type', 'size'], 'data')).toEqual(['time', 'type', 'size']);
  });
});

describe('DataTable width', () => {
  it('re-fits its columns when the scroller narrows without the table resizing (its vertical scrollbar appears)', () => {
    // happy-dom does no layout and reports no resize: this ResizeObserver is told by the test.
    const observed = new Map<Element, Array<() => void>>();
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(private readonly callback: () => void) {}
        observe(element: Element): void {
          observed.set(element, [...(observed.get(element) ?? []), this.callback]);
        }
        disconnect(): void {}
      },
    );
    let scrollerWidth = 500;
    const own = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vlist') ? scrollerWidth : 0;
      },
    });
    try {
      const fill: DataTableColumn[] = [
        { id: 'time', title: 'Time', width: 90, render: (i) => `t${i}` },
        { id: 'summary', title: 'Summary', width: 300, minWidth: 200, fill: true, render: (i) => `s${i}` },
      ];
      mount({ columns: fill });
      expect(table().style.getPropertyValue('--dt-w1')).toBe('410px');
      // A 15 px scrollbar: only the scroller's box changes.
      scrollerWidth = 485;
      const scroller = container.querySelector('.vlist')!;
      expect(observed.has(scroller)).toBe(true);
      act(() => observed.get(scroller)!.forEach((notify) => notify()));
      expect(table().style.getPropertyValue('--dt-w1')).toBe('395px');
    } finally {
      if (own) Object.defineProperty(HTMLElement.prototype, 'clientWidth', own);
      vi.unstubAllGlobals();
    }
  });
});
