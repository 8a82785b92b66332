import type { ComponentChildren, RefObject } from 'preact';
import { memo } from 'preact/compat';
import { useMemo, useRef, useState } from 'preact/hooks';
import { isTextEntryTarget, nextSelectionIndex } from './keyboard';
import { ContextMenu, type ContextMenuItem } from './ContextMenu';
import { VirtualList, type VirtualListHandle } from './VirtualList';

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
  /** Tooltip for a cell (e.g. the full text of a cut-off value). */
  tooltip?: (rowIndex: number) => string | undefined;
  /** Whether the header menu may hide it. Default true. */
  hideable?: boolean;
}

export interface DataTableProps {
  columns: readonly DataTableColumn[];
  rowCount: number;
  /** Default 21 px, as in the Network panel. */
  rowHeight?: number;
  /** Widths chosen by resizing, by column id; owned by the parent so it can persist them. */
  columnWidths?: Readonly<Record<string, number>>;
  /** Called once per finished resize (and on "Reset column widths") with the complete new map. */
  onColumnWidthsChange?: (widths: Record<string, number>) => void;
  /** Ids of hidden columns; owned by the parent. */
  hiddenColumnIds?: readonly string[];
  onHiddenColumnIdsChange?: (hiddenIds: string[]) => void;
  selectedIndex: number | null;
  onSelect: (index: number) => void;
  /** Enter or double click on a row. */
  onActivate?: (index: number) => void;
  /**
   * A value that changes whenever anything row `index` shows changes (its item, a count, a neighbour it is
   * compared with). Rows whose value, place and classes stay the same are not re-rendered. Without it every row
   * in view renders on every update.
   */
  rowVersion?: (index: number) => string | number;
  /** Extra classes for a row, e.g. `row-warning` / `row-error` / `row-muted` from theme.css. */
  rowClass?: (index: number) => string | undefined;
  /** Right click on a row; the table has already selected it. */
  onRowContextMenu?: (index: number, event: MouseEvent) => void;
  /** Follow new rows while scrolled to the bottom (see VirtualList). */
  stickToBottom?: boolean;
  onScrollStateChange?: (atBottom: boolean) => void;
  /** Shown when there are no rows. */
  emptyText?: ComponentChildren;
  ariaLabel?: string;
  handleRef?: RefObject<VirtualListHandle | null>;
  /** data-testid for each row element (for end-to-end tests). */
  rowTestId?: string;
  class?: string;
}

export const DEFAULT_ROW_HEIGHT = 21;
/**
 * Longest text a cell lays out. A row is one line, so more than this never shows even in a very wide column, and
 * shaping a long string (a whole streamed answer) costs layout time on every scrolled frame. Tooltips and the
 * detail pane show the full text.
 */
export const MAX_CELL_CHARS = 300;

/** A cell's content with long text cut to MAX_CELL_CHARS (the cut marked with an ellipsis). */
export function clipCellText(content: ComponentChildren): ComponentChildren {
  return typeof content === 'string' && content.length > MAX_CELL_CHARS
    ? `${content.slice(0, MAX_CELL_CHARS - 1)}…`
    : content;
}

/** Columns whose width comes from a class (`dt-c0`…`dt-c15` in theme.css); later ones get an inline width. */
const WIDTH_CLASSES = 16;
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

/**
 * The hidden-ids list after toggling `columnId` from the header menu. Showing always works; hiding the last
 * visible column is refused (returns the list unchanged) so the table can't vanish.
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

interface ColumnDrag {
  columnId: string;
  pointerId: number;
  startX: number;
  startWidth: number;
  minWidth: number;
}

interface RowLayout {
  columns: RefObject<readonly DataTableColumn[]>;
  cellClass: string[];
  cellStyle: Array<{ width: string } | undefined>;
}

interface TableRowProps {
  index: number;
  top: number;
  selected: boolean;
  classes: string;
  /** See DataTableProps.rowVersion: undefined means "always render". */
  version: string | number | undefined;
  layout: RowLayout;
  testId: string | undefined;
}

function TableRowView({ index, top, selected, classes, layout, testId }: TableRowProps) {
  const columns = layout.columns.current ?? [];
  return (
    <div
      class={classes}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected ? 'true' : 'false'}
      data-row-index={index}
      data-testid={testId}
      style={{ top: `${top}px` }}
    >
      {columns.map((column, k) => (
        <div key={column.id} class={layout.cellClass[k]} style={layout.cellStyle[k]} role="gridcell" data-col={k}>
          {clipCellText(column.render(index))}
        </div>
      ))}
    </div>
  );
}

/**
 * A row re-renders only when something it shows changed: a live update then renders the new rows, not every row
 * in view (the largest script cost per frame while following a stream).
 */
const TableRow = memo(
  TableRowView,
  (a, b) =>
    a.version !== undefined &&
    a.version === b.version &&
    a.index === b.index &&
    a.top === b.top &&
    a.selected === b.selected &&
    a.classes === b.classes &&
    a.layout === b.layout &&
    a.testId === b.testId,
);

/**
 * The Network panel's request grid: sticky header, striped fixed-height rows, resizable and hideable columns,
 * keyboard selection; windowed by VirtualList so any number of rows stays fast.
 */
export function DataTable(props: DataTableProps) {
  const {
    columns,
    rowCount,
    rowHeight = DEFAULT_ROW_HEIGHT,
    columnWidths,
    hiddenColumnIds = [],
    selectedIndex,
    onSelect,
    onActivate,
  } = props;

  const ownHandleRef = useRef<VirtualListHandle | null>(null);
  const handleRef = props.handleRef ?? ownHandleRef;
  const dragRef = useRef<ColumnDrag | null>(null);
  /** Width of the column being dragged; committed to the parent on pointerup. */
  const [draftWidth, setDraftWidth] = useState<{ columnId: string; width: number } | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);

  const visibleColumns = columns.filter((column) => !hiddenColumnIds.includes(column.id));
  const widths = visibleColumns.map((column) =>
    draftWidth?.columnId === column.id ? draftWidth.width : effectiveColumnWidth(column, columnWidths),
  );
  const totalWidth = widths.reduce((sum, width) => sum + width, 0);
  // Each column's width is a custom property read by its cells' class (see theme.css), so a resize restyles
  // the rows without re-rendering them, and rows are cheap flex boxes instead of grids inside a grid.
  const columnStyle: Record<string, string> = { '--row-height': `${rowHeight}px` };
  widths.forEach((width, k) => {
    if (k < WIDTH_CLASSES) columnStyle[`--dt-w${k}`] = `${width}px`;
  });

  // ---- column resizing -------------------------------------------------------------------------------------

  const onResizerPointerDown = (event: PointerEvent, column: DataTableColumn, width: number): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    dragRef.current = {
      columnId: column.id,
      pointerId: event.pointerId,
      startX: event.clientX,
      startWidth: width,
      minWidth: column.minWidth ?? DEFAULT_MIN_COLUMN_WIDTH,
    };
    setDraftWidth({ columnId: column.id, width });
  };

  const widthDuringDrag = (drag: ColumnDrag, clientX: number): number =>
    Math.max(drag.minWidth, Math.round(drag.startWidth + clientX - drag.startX));

  const onResizerPointerMove = (event: PointerEvent): void => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    setDraftWidth({ columnId: drag.columnId, width: widthDuringDrag(drag, event.clientX) });
  };

  const onResizerPointerEnd = (event: PointerEvent): void => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    dragRef.current = null;
    setDraftWidth(null);
    if (event.type === 'pointercancel') return;
    const width = widthDuringDrag(drag, event.clientX);
    if (width !== drag.startWidth) props.onColumnWidthsChange?.({ ...columnWidths, [drag.columnId]: width });
  };

  /** Double-clicking a column edge goes back to the column's default width. */
  const onResizerDoubleClick = (event: MouseEvent, column: DataTableColumn): void => {
    event.stopPropagation();
    if (columnWidths?.[column.id] === undefined) return;
    const next = { ...columnWidths };
    delete next[column.id];
    props.onColumnWidthsChange?.(next);
  };

  // ---- header menu -----------------------------------------------------------------------------------------

  const menuItems = (): ContextMenuItem[] => {
    const items: ContextMenuItem[] = columns
      .filter((column) => column.hideable !== false)
      .map((column) => {
        const visible = !hiddenColumnIds.includes(column.id);
        return {
          kind: 'checkbox',
          label: column.title,
          checked: visible,
          // The last visible column can't be hidden.
          disabled: visible && visibleColumns.length <= 1,
          onSelect: () => props.onHiddenColumnIdsChange?.(toggleColumnHidden(columns, hiddenColumnIds, column.id)),
        };
      });
    if (props.onColumnWidthsChange) {
      items.push({ kind: 'separator' });
      items.push({
        kind: 'action',
        label: 'Reset column widths',
        disabled: columnWidths === undefined || Object.keys(columnWidths).length === 0,
        onSelect: () => props.onColumnWidthsChange?.({}),
      });
    }
    return items;
  };

  const onHeaderContextMenu = (event: MouseEvent): void => {
    event.preventDefault();
    setMenu({ x: event.clientX, y: event.clientY });
  };

  // ---- selection -------------------------------------------------------------------------------------------

  const onKeyDown = (event: KeyboardEvent): void => {
    if (isTextEntryTarget(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter') {
      if (selectedIndex !== null && selectedIndex < rowCount) {
        event.preventDefault();
        onActivate?.(selectedIndex);
      }
      return;
    }
    const pageSize = Math.max(1, (handleRef.current?.visibleRowCount() ?? 1) - 1);
    const next = nextSelectionIndex(event.key, selectedIndex, rowCount, pageSize);
    if (next === null) return;
    event.preventDefault();
    if (next !== selectedIndex) onSelect(next);
    else handleRef.current?.scrollToIndex(next);
  };

  /** The row index of the row an event happened in (rows are found by delegation, not one handler per row). */
  const rowIndexOf = (target: EventTarget | null): number | null => {
    const rowElement = (target as Element | null)?.closest?.('.dt-row');
    const index = Number((rowElement as HTMLElement | null)?.dataset.rowIndex);
    return rowElement && Number.isInteger(index) && index >= 0 && index < rowCount ? index : null;
  };

  const onRowsClick = (event: MouseEvent): void => {
    const index = rowIndexOf(event.target);
    if (index !== null) onSelect(index);
  };

  const onRowsDblClick = (event: MouseEvent): void => {
    const index = rowIndexOf(event.target);
    if (index !== null) onActivate?.(index);
  };

  const onRowsContextMenu = (event: MouseEvent): void => {
    const index = rowIndexOf(event.target);
    if (index === null || !props.onRowContextMenu) return;
    event.preventDefault();
    onSelect(index);
    props.onRowContextMenu(index, event);
  };

  /**
   * Tooltips are computed when the pointer enters a cell, not for every cell of every rendered row: rows are
   * re-rendered for every scrolled frame and a tooltip (dates, joined warnings) costs more than the cell itself.
   */
  const onRowsMouseOver = (event: MouseEvent): void => {
    const cell = (event.target as Element | null)?.closest?.('.dt-cell') as HTMLElement | null;
    if (!cell) return;
    const index = rowIndexOf(cell);
    const column = visibleColumns[Number(cell.dataset.col)];
    const tooltip = index !== null && column?.tooltip ? column.tooltip(index) : undefined;
    if (tooltip) cell.title = tooltip;
    else cell.removeAttribute('title');
  };

  const lastColumn = visibleColumns.length - 1;
  const widthsKey = widths.join(',');
  const columnsKey = visibleColumns.map((column) => column.id).join(',');
  // The latest renderers, read by rows when they do render (a row skipped by its version shows the same content).
  const columnsRef = useRef(visibleColumns);
  columnsRef.current = visibleColumns;
  /** How cells are laid out; the same object while columns and widths stay, so unchanged rows skip rendering. */
  const alignKey = visibleColumns.map((column) => column.align ?? '').join(',');
  const inlineWidthsKey = visibleColumns.length > WIDTH_CLASSES ? widthsKey : '';
  const rowLayout = useMemo<RowLayout>(
    () => ({
      columns: columnsRef,
      cellClass: visibleColumns.map((column, k) =>
        [
          'dt-cell',
          k < WIDTH_CLASSES ? `dt-c${k}` : '',
          k === lastColumn ? 'dt-c-last' : '',
          column.align && column.align !== 'left' ? `align-${column.align}` : '',
        ]
          .filter(Boolean)
          .join(' '),
      ),
      // Width for columns past the ones CSS knows by class (rare: tables with many columns).
      cellStyle: widths.map((width, k) => (k < WIDTH_CLASSES ? undefined : { width: `${width}px` })),
    }),
    // Widths reach rows through CSS custom properties; only tables past WIDTH_CLASSES columns put them inline.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the column shape, not the array identities
    [columnsKey, alignKey, inlineWidthsKey],
  );

  const renderRow = (index: number, top: number) => {
    const selected = index === selectedIndex;
    const extra = props.rowClass?.(index);
    let classes = index % 2 === 1 ? 'dt-row odd' : 'dt-row';
    if (selected) classes += ' selected';
    if (extra) classes += ` ${extra}`;
    return (
      <TableRow
        index={index}
        top={top}
        selected={selected}
        classes={classes}
        version={props.rowVersion?.(index)}
        layout={rowLayout}
        testId={props.rowTestId}
      />
    );
  };

  const header = (
    <div class="dt-header" role="row" aria-rowindex={1} onContextMenu={onHeaderContextMenu}>
      {visibleColumns.map((column, index) => {
        const width = widths[index] ?? column.width;
        const isLast = index === visibleColumns.length - 1;
        const dragging = draftWidth?.columnId === column.id;
        return (
          <div
            key={column.id}
            class={rowLayout.cellClass[index]!.replace('dt-cell', 'dt-header-cell')}
            style={rowLayout.cellStyle[index]}
            role="columnheader"
            title={column.title}
            data-column-id={column.id}
          >
            <span class="dt-header-title">{column.title}</span>
            {!isLast && (
              <div
                class={dragging ? 'dt-resizer dragging' : 'dt-resizer'}
                aria-hidden="true"
                onPointerDown={(event) => onResizerPointerDown(event, column, width)}
                onPointerMove={onResizerPointerMove}
                onPointerUp={onResizerPointerEnd}
                onPointerCancel={onResizerPointerEnd}
                onDblClick={(event) => onResizerDoubleClick(event, column)}
              />
            )}
          </div>
        );
      })}
    </div>
  );

  const filler = (
    <div class="dt-filler" aria-hidden="true">
      {visibleColumns.map((column, k) => (
        <div
          key={column.id}
          class={rowLayout.cellClass[k]!.replace('dt-cell', 'dt-filler-cell')}
          style={rowLayout.cellStyle[k]}
        />
      ))}
    </div>
  );

  const classes = ['dt', draftWidth ? 'resizing' : '', props.class ?? ''].filter(Boolean).join(' ');
  return (
    <div
      class={classes}
      role="grid"
      aria-label={props.ariaLabel}
      aria-rowcount={rowCount + 1}
      aria-colcount={visibleColumns.length}
      tabIndex={0}
      style={columnStyle}
      onKeyDown={onKeyDown}
      onClick={onRowsClick}
      onDblClick={onRowsDblClick}
      onContextMenu={props.onRowContextMenu ? onRowsContextMenu : undefined}
      onMouseOver={onRowsMouseOver}
    >
      <VirtualList
        count={rowCount}
        rowHeight={rowHeight}
        renderRow={renderRow}
        header={header}
        underlay={filler}
        contentMinWidth={totalWidth}
        stickToBottom={props.stickToBottom}
        scrollToIndex={selectedIndex ?? undefined}
        onScrollStateChange={props.onScrollStateChange}
        handleRef={handleRef}
      />
      {rowCount === 0 && props.emptyText !== undefined && <div class="dt-empty">{props.emptyText}</div>}
      {menu && (
        <ContextMenu x={menu.x} y={menu.y} items={menuItems()} onClose={() => setMenu(null)} ariaLabel="Columns" />
      )}
    </div>
  );
}
