/**
 * The pure column model of a DataTable: what a column declares, the width it gets, and which columns show at a
 * given width. No DOM here, so the layout rules are tested directly.
 */
import type { ComponentChildren } from 'preact';

export type ColumnAlign = 'left' | 'right' | 'center';

export interface DataTableColumn {
  id: string;
  title: string;
  /** Default width in px (the last visible column also stretches to fill the table). */
  width: number;
  /** Smallest width a resize may give it. Default 30. */
  minWidth?: number;
  align?: ColumnAlign;
  /** Cell content for a row; strings render as text. */
  render: (rowIndex: number) => ComponentChildren;
  /**
   * Shows the cell's text (render's string) in a pill with these classes, e.g. `badge badge-blue` (theme.css). The
   * table then knows the pill's text and draws it without a clip when it fits (see text-fit.ts).
   */
  badge?: (rowIndex: number) => string;
  /** Tooltip for a cell (e.g. the full text of a cut-off value). */
  tooltip?: (rowIndex: number) => string | undefined;
  /** Whether the header menu may hide it (and the table may drop it when narrow). Default true. */
  hideable?: boolean;
  /**
   * Which columns go first when the table is too narrow: the lowest priority is dropped first. Default 0. The
   * user's own show/hide choices win over it.
   */
  priority?: number;
  /**
   * Takes the width the other columns leave (never less than `minWidth`), unless the user resized it: the one
   * column whose text matters most, like the Network panel's Name. At most one column should set it.
   */
  fill?: boolean;
  /**
   * What the cell of a row shows, as values compared with Object.is: while every visible column's values, the
   * row's place and classes stay the same, the row is not re-rendered. One value or an array of them. A table
   * with a visible column that does not declare it re-renders every row in view on every update.
   */
  dependsOn?: (rowIndex: number) => unknown;
}

export const DEFAULT_MIN_COLUMN_WIDTH = 30;

/** A column's width from the parent's overrides or its default, never below its minimum. */
export function effectiveColumnWidth(
  column: DataTableColumn,
  widths: Readonly<Record<string, number>> | undefined,
): number {
  const min = column.minWidth ?? DEFAULT_MIN_COLUMN_WIDTH;
  const chosen = widths?.[column.id];
  const width = chosen !== undefined && Number.isFinite(chosen) ? chosen : column.width;
  return Math.max(min, Math.round(width));
}

/** The user's explicit choices from the header menu; a column in neither list follows the table's width. */
export interface ColumnChoices {
  hidden: readonly string[];
  shown: readonly string[];
}

export interface ColumnFit {
  /** Columns shown, in declaration order. */
  visible: DataTableColumn[];
  /** Their widths in px, same order. */
  widths: number[];
  /** Ids dropped because the table is too narrow (not by the user's choice). */
  dropped: string[];
}

/**
 * Which columns show at `availableWidth` px and how wide each is. Columns the user hid stay hidden and columns the
 * user showed stay shown; of the rest, the lowest priority is dropped first (the later one on a tie) until the
 * fill column keeps its minimum width. An unknown width (0, before layout) drops nothing.
 */
export function fitColumns(
  columns: readonly DataTableColumn[],
  availableWidth: number,
  choices: ColumnChoices,
  widths: Readonly<Record<string, number>> | undefined,
): ColumnFit {
  const candidates = columns.filter((column) => !choices.hidden.includes(column.id));
  const droppable = candidates
    .map((column, order) => ({ column, order }))
    .filter(({ column }) => column.hideable !== false && !column.fill && !choices.shown.includes(column.id))
    .sort((a, b) => (a.column.priority ?? 0) - (b.column.priority ?? 0) || b.order - a.order)
    .map(({ column }) => column.id);
  const dropped: string[] = [];
  const need = (shown: DataTableColumn[]): number =>
    shown.reduce(
      (sum, column) =>
        sum +
        (column.fill && widths?.[column.id] === undefined
          ? (column.minWidth ?? DEFAULT_MIN_COLUMN_WIDTH)
          : effectiveColumnWidth(column, widths)),
      0,
    );
  let visible = candidates;
  if (availableWidth > 0) {
    for (const id of droppable) {
      if (need(visible) <= availableWidth) break;
      dropped.push(id);
      visible = visible.filter((column) => column.id !== id);
    }
  }
  const fixed = visible.reduce(
    (sum, column) =>
      sum + (column.fill && widths?.[column.id] === undefined ? 0 : effectiveColumnWidth(column, widths)),
    0,
  );
  const columnWidths = visible.map((column) => {
    if (!column.fill || widths?.[column.id] !== undefined) return effectiveColumnWidth(column, widths);
    const min = column.minWidth ?? DEFAULT_MIN_COLUMN_WIDTH;
    // Before layout the fill column gets its declared width.
    return availableWidth > 0 ? Math.max(min, Math.floor(availableWidth - fixed)) : effectiveColumnWidth(column, {});
  });
  return { visible, widths: columnWidths, dropped };
}

/**
 * The choices after toggling `columnId` in the header menu: a shown column (by choice or by width) becomes hidden
 * by choice, a hidden one (by choice or dropped for width) shown by choice. Hiding the last visible column is
 * refused (choices unchanged) so the table can't vanish.
 */
export function toggleColumnChoice(
  choices: ColumnChoices,
  columnId: string,
  currentlyVisible: readonly string[],
): ColumnChoices {
  const hidden = choices.hidden.filter((id) => id !== columnId);
  const shown = choices.shown.filter((id) => id !== columnId);
  if (currentlyVisible.includes(columnId)) {
    if (currentlyVisible.length <= 1) return { hidden: [...choices.hidden], shown: [...choices.shown] };
    return { hidden: [...hidden, columnId], shown };
  }
  return { hidden, shown: [...shown, columnId] };
}

/**
 * The hidden-ids list after toggling `columnId` (tables without width fitting). Showing always works; hiding the
 * last visible column is refused (returns the list unchanged).
 */
export function toggleColumnHidden(
  columns: readonly DataTableColumn[],
  hiddenIds: readonly string[],
  columnId: string,
): string[] {
  if (hiddenIds.includes(columnId)) return hiddenIds.filter((id) => id !== columnId);
  const visibleCount = columns.filter((column) => !hiddenIds.includes(column.id)).length;
  if (visibleCount <= 1) return [...hiddenIds];
  return [...hiddenIds, columnId];
}
