/** The header's right-click menu: one checkbox per hideable column, and "Reset column widths". */
import type { ContextMenuItem } from '../ContextMenu';
import { toggleColumnChoice, type ColumnChoices, type ColumnFit, type DataTableColumn } from './columns';

export interface HeaderMenuInput {
  columns: readonly DataTableColumn[];
  fit: ColumnFit;
  choices: ColumnChoices;
  onChoicesChange: ((choices: ColumnChoices) => void) | undefined;
  columnWidths: Readonly<Record<string, number>> | undefined;
  onColumnWidthsChange: ((widths: Record<string, number>) => void) | undefined;
}

export function headerMenuItems(input: HeaderMenuInput): ContextMenuItem[] {
  const visibleIds = input.fit.visible.map((column) => column.id);
  const items: ContextMenuItem[] = input.columns
    .filter((column) => column.hideable !== false)
    .map((column) => {
      const visible = visibleIds.includes(column.id);
      return {
        kind: 'checkbox',
        // Say why a column the user did not hide is missing, so it does not look like a lost setting.
        label: input.fit.dropped.includes(column.id) ? `${column.title} (no room)` : column.title,
        checked: visible,
        // The last visible column can't be hidden.
        disabled: visible && visibleIds.length <= 1,
        onSelect: () => input.onChoicesChange?.(toggleColumnChoice(input.choices, column.id, visibleIds)),
      };
    });
  if (input.onColumnWidthsChange) {
    const onChange = input.onColumnWidthsChange;
    items.push({ kind: 'separator' });
    items.push({
      kind: 'action',
      label: 'Reset column widths',
      disabled: input.columnWidths === undefined || Object.keys(input.columnWidths).length === 0,
      onSelect: () => onChange({}),
    });
  }
  return items;
}
