import { describe, expect, it } from 'vitest';
import {
  fitColumns,
  toggleColumnChoice,
  type ColumnChoices,
  type DataTableColumn,
} from '../../../src/panel/ui/data-table/columns';
import { rowDependencies, sameDependencies } from '../../../src/panel/ui/data-table/row-deps';
import { tableKeyAction } from '../../../src/panel/ui/data-table/table-keys';

const col = (id: string, width: number, extra: Partial<DataTableColumn> = {}): DataTableColumn => ({
  id,
  title: id,
  width,
  render: () => '',
  ...extra,
});

// The Events table's shape: Summary fills, the rest drop by priority.
const columns: DataTableColumn[] = [
  col('seq', 48, { priority: 70 }),
  col('time', 92, { priority: 80 }),
  col('delta', 70, { priority: 40 }),
  col('dir', 78, { priority: 60 }),
  col('kind', 90, { priority: 90 }),
  col('role', 64, { priority: 30 }),
  col('turn', 44, { priority: 50 }),
  col('summary', 420, { minWidth: 200, fill: true, hideable: false }),
  col('warnings', 150, { priority: 20 }),
];
const none: ColumnChoices = { hidden: [], shown: [] };
const ids = (fit: { visible: DataTableColumn[] }) => fit.visible.map((c) => c.id);
const summaryWidth = (fit: ReturnType<typeof fitColumns>) => fit.widths[ids(fit).indexOf('summary')]!;

describe('fitColumns', () => {
  it('keeps every column when there is room, the fill column taking the rest', () => {
    const fit = fitColumns(columns, 1600, none, {});
    expect(ids(fit)).toEqual(columns.map((c) => c.id));
    expect(fit.dropped).toEqual([]);
    expect(fit.widths.reduce((a, b) => a + b, 0)).toBe(1600);
    expect(summaryWidth(fit)).toBe(1600 - (48 + 92 + 70 + 78 + 90 + 64 + 44 + 150));
  });

  it('drops the lowest priority first and keeps Summary at least 200 px at every width', () => {
    for (let width = 300; width <= 1600; width += 7) {
      const fit = fitColumns(columns, width, none, {});
      expect(ids(fit)).toContain('summary');
      expect(summaryWidth(fit)).toBeGreaterThanOrEqual(200);
      expect(fit.widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Math.max(width, 200));
    }
    expect(fitColumns(columns, 555, none, {}).dropped).toEqual(['warnings', 'role', 'delta']);
    // 450 px docked right: kind, time, seq and the summary.
    expect(ids(fitColumns(columns, 435, none, {}))).toEqual(['seq', 'time', 'kind', 'summary']);
    // A narrow list beside the detail: the kind badge and the summary.
    expect(ids(fitColumns(columns, 300, none, {}))).toEqual(['kind', 'summary']);
  });

  it("lets the user's choices win: a shown column stays, a hidden one never comes back", () => {
    const choices: ColumnChoices = { hidden: ['seq'], shown: ['warnings'] };
    const fit = fitColumns(columns, 500, choices, {});
    expect(ids(fit)).toContain('warnings');
    expect(ids(fit)).not.toContain('seq');
    expect(fitColumns(columns, 5000, choices, {}).visible.map((c) => c.id)).not.toContain('seq');
  });

  it('counts resized widths, and a resized fill column keeps its width', () => {
    const fit = fitColumns(columns, 1600, none, { kind: 400, summary: 300 });
    expect(fit.widths[ids(fit).indexOf('kind')]).toBe(400);
    expect(summaryWidth(fit)).toBe(300);
    expect(fitColumns(columns, 700, none, { kind: 400 }).dropped.length).toBeGreaterThan(
      fitColumns(columns, 700, none, {}).dropped.length,
    );
  });

  it('drops nothing before the width is known', () => {
    const fit = fitColumns(columns, 0, none, {});
    expect(fit.dropped).toEqual([]);
    expect(summaryWidth(fit)).toBe(420);
  });
});

describe('toggleColumnChoice', () => {
  it('hides a visible column by choice and shows a dropped or hidden one by choice', () => {
    expect(toggleColumnChoice(none, 'role', ['role', 'summary'])).toEqual({ hidden: ['role'], shown: [] });
    expect(toggleColumnChoice({ hidden: ['role'], shown: [] }, 'role', ['summary'])).toEqual({
      hidden: [],
      shown: ['role'],
    });
    expect(toggleColumnChoice(none, 'warnings', ['summary'])).toEqual({ hidden: [], shown: ['warnings'] });
    expect(toggleColumnChoice({ hidden: [], shown: ['warnings'] }, 'warnings', ['warnings', 'summary'])).toEqual({
      hidden: ['warnings'],
      shown: [],
    });
  });

  it('refuses to hide the last visible column', () => {
    expect(toggleColumnChoice(none, 'summary', ['summary'])).toEqual(none);
  });
});

describe('row dependencies', () => {
  it('flattens what each visible column declares and compares with Object.is', () => {
    const cols = [col('a', 1, { dependsOn: (i) => i }), col('b', 1, { dependsOn: (i) => [i * 2, 'x'] })];
    expect(rowDependencies(cols, 3)).toEqual([3, 6, 'x']);
    expect(sameDependencies(rowDependencies(cols, 3), rowDependencies(cols, 3))).toBe(true);
    expect(sameDependencies(rowDependencies(cols, 3), rowDependencies(cols, 4))).toBe(false);
    expect(sameDependencies([Number.NaN], [Number.NaN])).toBe(true);
    expect(rowDependencies([...cols, col('c', 1)], 3)).toBeUndefined();
    expect(sameDependencies(undefined, undefined)).toBe(false);
  });
});

describe('tableKeyAction', () => {
  const k = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean }> = {}) => ({
    key,
    shiftKey: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    ...mods,
  });
  it('maps the Network panel keys', () => {
    expect(tableKeyAction(k('ArrowDown'), 3, 10, 5)).toEqual({ type: 'select', index: 4 });
    expect(tableKeyAction(k('ArrowUp'), 3, 10, 5)).toEqual({ type: 'select', index: 2 });
    expect(tableKeyAction(k('ArrowDown'), null, 10, 5)).toEqual({ type: 'select', index: 0 });
    expect(tableKeyAction(k('Enter'), 3, 10, 5)).toEqual({ type: 'activate', index: 3 });
    expect(tableKeyAction(k('Enter'), null, 10, 5)).toBeNull();
    expect(tableKeyAction(k('Escape'), 3, 10, 5)).toEqual({ type: 'dismiss' });
    expect(tableKeyAction(k('ContextMenu'), 3, 10, 5)).toEqual({ type: 'menu', index: 3 });
    expect(tableKeyAction(k('F10', { shiftKey: true }), 3, 10, 5)).toEqual({ type: 'menu', index: 3 });
    expect(tableKeyAction(k('F10'), 3, 10, 5)).toBeNull();
    expect(tableKeyAction(k('ArrowDown', { ctrlKey: true }), 3, 10, 5)).toBeNull();
    expect(tableKeyAction(k('a'), 3, 10, 5)).toBeNull();
  });
});
