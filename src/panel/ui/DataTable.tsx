/**
 * The Network panel's request grid: sticky header, striped fixed-height rows, resizable and hideable columns that
 * drop by priority when the table is narrow, keyboard selection and a row menu; windowed by VirtualList so any
 * number of rows stays fast. The parts live in data-table/: the column model (columns.ts), row memoisation
 * (row-deps.ts, TableRow.tsx), layout (row-layout.ts), resizing (useColumnResize.ts), the header menu
 * (header-menu.ts) and keys (table-keys.ts).
 */
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isTextEntryTarget } from './keyboard';
import { ContextMenu } from './ContextMenu';
import { VirtualList, type VirtualListHandle } from './VirtualList';
import { fitColumns, type ColumnChoices, type DataTableColumn } from './data-table/columns';
import { headerMenuItems } from './data-table/header-menu';
import { rowDependencies } from './data-table/row-deps';
import { buildRowLayout, columnWidthStyle, roomKey, WIDTH_CLASSES } from './data-table/row-layout';
import { measureCellMetrics, type CellMetrics } from './data-table/text-fit';
import { tableKeyAction } from './data-table/table-keys';
import { TableFiller, TableHeader } from './data-table/TableHeader';
import { TableRow } from './data-table/TableRow';
import { useColumnResize } from './data-table/useColumnResize';

export type { ColumnAlign, ColumnChoices, DataTableColumn } from './data-table/columns';
export {
  DEFAULT_MIN_COLUMN_WIDTH,
  effectiveColumnWidth,
  fitColumns,
  toggleColumnChoice,
  toggleColumnHidden,
} from './data-table/columns';
export { clipCellText, MAX_CELL_CHARS } from './data-table/TableRow';

export interface DataTableProps {
  columns: readonly DataTableColumn[];
  rowCount: number;
  /** Default 21 px, as in the Network panel. */
  rowHeight?: number;
  /** Widths chosen by resizing, by column id; owned by the parent so it can persist them. */
  columnWidths?: Readonly<Record<string, number>>;
  /** Called once per finished resize (and on "Reset column widths") with the complete new map. */
  onColumnWidthsChange?: (widths: Record<string, number>) => void;
  /** The user's show/hide choices; owned by the parent. Other columns show when there is room. */
  columnChoices?: ColumnChoices;
  onColumnChoicesChange?: (choices: ColumnChoices) => void;
  /** The ids of the columns shown, whenever they change (a cell can then carry what a dropped column would show). */
  onVisibleColumnsChange?: (ids: readonly string[]) => void;
  selectedIndex: number | null;
  onSelect: (index: number) => void;
  /** Enter or double click on a row (and a single click with `clickActivates`). */
  onActivate?: (index: number) => void;
  /** A single click activates (opens the detail) as in the Network panel, instead of only selecting. */
  clickActivates?: boolean;
  /** Escape in the table (e.g. close the detail); when absent, Escape is left to the page. */
  onDismiss?: () => void;
  /** Extra classes for a row, e.g. `row-warning` / `row-error` / `row-muted` from theme.css. */
  rowClass?: (index: number) => string | undefined;
  /**
   * The row menu: right click, the ContextMenu key or Shift+F10 on a row (the table has already selected it).
   * `x`/`y` are viewport coordinates to open the menu at.
   */
  onRowMenu?: (index: number, position: { x: number; y: number }) => void;
  /** Follow new rows while scrolled to the bottom (see VirtualList). */
  stickToBottom?: boolean;
  onScrollStateChange?: (atBottom: boolean) => void;
  /** Shown when there are no rows. */
  emptyText?: ComponentChildren;
  ariaLabel?: string;
  handleRef?: RefObject<VirtualListHandle | null>;
  /** data-testid for each row element (for end-to-end tests). */
  rowTestId?: string;
  /** `data-focus-target` of the focusable grid, so other controls can move focus into it. */
  focusTarget?: string;
  class?: string;
}

export const DEFAULT_ROW_HEIGHT = 21;
const NO_CHOICES: ColumnChoices = { hidden: [], shown: [] };

/** The width rows can use: the scroller's client width (without its scrollbar), kept current. */
function useAvailableWidth(rootRef: RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const measure = () => {
      const scroller = root.querySelector<HTMLElement>('.vlist');
      setWidth((scroller ?? root).clientWidth);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    // The scroller too: its vertical scrollbar appearing (rows outgrow the view) narrows it, not the table, and
    // columns fitted to the old width would overflow into a horizontal scrollbar.
    const scroller = root.querySelector<HTMLElement>('.vlist');
    if (scroller) observer.observe(scroller);
    return () => observer.disconnect();
  }, [rootRef]);
  return width;
}

/** The cells' font and box metrics, measured once the table is in the document (see text-fit.ts). */
function useCellMetrics(rootRef: RefObject<HTMLDivElement | null>): CellMetrics | undefined {
  const [metrics, setMetrics] = useState<CellMetrics | undefined>(undefined);
  useLayoutEffect(() => {
    if (rootRef.current) setMetrics(measureCellMetrics(rootRef.current));
  }, [rootRef]);
  return metrics;
}

export function DataTable(props: DataTableProps) {
  const { columns, rowCount, rowHeight = DEFAULT_ROW_HEIGHT, columnWidths, selectedIndex, onSelect } = props;
  const choices = props.columnChoices ?? NO_CHOICES;
  const rootRef = useRef<HTMLDivElement>(null);
  const ownHandleRef = useRef<VirtualListHandle | null>(null);
  const handleRef = props.handleRef ?? ownHandleRef;
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const resize = useColumnResize(columnWidths, props.onColumnWidthsChange);
  const availableWidth = useAvailableWidth(rootRef);
  const metrics = useCellMetrics(rootRef);

  const fit = fitColumns(columns, availableWidth, choices, columnWidths);
  const visible = fit.visible;
  const widths = fit.widths.map((width, k) => (resize.draft?.columnId === visible[k]!.id ? resize.draft.width : width));
  const totalWidth = widths.reduce((sum, width) => sum + width, 0);

  const columnsRef = useRef<readonly DataTableColumn[]>(visible);
  columnsRef.current = visible;
  const columnsKey = visible.map((column) => `${column.id}:${column.align ?? ''}`).join(',');
  const visibleIdsKey = visible.map((column) => column.id).join(',');
  const onVisibleColumnsChange = props.onVisibleColumnsChange;
  useEffect(() => {
    onVisibleColumnsChange?.(visibleIdsKey === '' ? [] : visibleIdsKey.split(','));
  }, [visibleIdsKey, onVisibleColumnsChange]);
  const inlineWidthsKey = visible.length > WIDTH_CLASSES ? widths.join(',') : '';
  const roomsKey = roomKey(widths, metrics);
  /** The same object while the column shape and each column's room stay, so unchanged rows skip rendering. */
  const rowLayout = useMemo(
    () => buildRowLayout(columnsRef, visible, widths, metrics),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the column shape, not the array identities
    [columnsKey, inlineWidthsKey, roomsKey, metrics],
  );

  /** The row index of the row an event happened in (rows are found by delegation, not one handler per row). */
  const rowIndexOf = (target: EventTarget | null): number | null => {
    const rowElement = (target as Element | null)?.closest?.('.dt-row');
    const index = Number((rowElement as HTMLElement | null)?.dataset.rowIndex);
    return rowElement && Number.isInteger(index) && index >= 0 && index < rowCount ? index : null;
  };

  const openRowMenuFromKeyboard = (index: number): void => {
    const row = rootRef.current?.querySelector<HTMLElement>(`.dt-row[data-row-index="${index}"]`);
    const rect = (row ?? rootRef.current)?.getBoundingClientRect();
    props.onRowMenu?.(index, { x: (rect?.left ?? 0) + 24, y: rect?.bottom ?? 0 });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (isTextEntryTarget(event.target)) return;
    const pageSize = Math.max(1, (handleRef.current?.visibleRowCount() ?? 1) - 1);
    const action = tableKeyAction(event, selectedIndex, rowCount, pageSize);
    if (!action) return;
    switch (action.type) {
      case 'select':
        if (action.index !== selectedIndex) onSelect(action.index);
        else handleRef.current?.scrollToIndex(action.index);
        break;
      case 'activate':
        if (!props.onActivate) return;
        props.onActivate(action.index);
        break;
      case 'dismiss':
        if (!props.onDismiss) return;
        props.onDismiss();
        break;
      case 'menu':
        if (!props.onRowMenu) return;
        openRowMenuFromKeyboard(action.index);
        break;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const onRowsClick = (event: MouseEvent): void => {
    const index = rowIndexOf(event.target);
    if (index === null) return;
    if (props.clickActivates && props.onActivate) props.onActivate(index);
    else onSelect(index);
  };

  const onRowsDblClick = (event: MouseEvent): void => {
    const index = rowIndexOf(event.target);
    if (index !== null) props.onActivate?.(index);
  };

  /** A second click must not select a word in the row (the click already did what it should). */
  const onRowsMouseDown = (event: MouseEvent): void => {
    if (event.detail > 1 && rowIndexOf(event.target) !== null) event.preventDefault();
  };

  const onRowsContextMenu = (event: MouseEvent): void => {
    const index = rowIndexOf(event.target);
    if (index === null || !props.onRowMenu) return;
    event.preventDefault();
    onSelect(index);
    props.onRowMenu(index, { x: event.clientX, y: event.clientY });
  };

  /**
   * Tooltips are computed when the pointer enters a cell, not for every cell of every rendered row: rows are
   * re-rendered for every scrolled frame and a tooltip (dates, joined warnings) costs more than the cell itself.
   */
  const onRowsMouseOver = (event: MouseEvent): void => {
    const cell = (event.target as Element | null)?.closest?.('.dt-cell') as HTMLElement | null;
    if (!cell) return;
    const index = rowIndexOf(cell);
    const column = visible[Number(cell.dataset.col)];
    const tooltip = index !== null && column?.tooltip ? column.tooltip(index) : undefined;
    if (tooltip) cell.title = tooltip;
    else cell.removeAttribute('title');
  };

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
        deps={rowDependencies(visible, index)}
        layout={rowLayout}
        testId={props.rowTestId}
      />
    );
  };

  const classes = ['dt', resize.draft ? 'resizing' : '', props.class ?? ''].filter(Boolean).join(' ');
  return (
    <div
      ref={rootRef}
      class={classes}
      role="grid"
      aria-label={props.ariaLabel}
      aria-rowcount={rowCount + 1}
      aria-colcount={visible.length}
      tabIndex={0}
      data-focus-target={props.focusTarget}
      style={columnWidthStyle(widths, rowHeight)}
      onKeyDown={onKeyDown}
      onClick={onRowsClick}
      onDblClick={onRowsDblClick}
      onMouseDown={onRowsMouseDown}
      onContextMenu={props.onRowMenu ? onRowsContextMenu : undefined}
      onMouseOver={onRowsMouseOver}
    >
      <VirtualList
        count={rowCount}
        rowHeight={rowHeight}
        renderRow={renderRow}
        header={
          <TableHeader
            visible={visible}
            widths={widths}
            layout={rowLayout}
            resize={resize}
            onContextMenu={(event) => {
              event.preventDefault();
              event.stopPropagation();
              setMenu({ x: event.clientX, y: event.clientY });
            }}
          />
        }
        underlay={<TableFiller visible={visible} layout={rowLayout} />}
        contentMinWidth={totalWidth}
        stickToBottom={props.stickToBottom}
        scrollToIndex={selectedIndex ?? undefined}
        onScrollStateChange={props.onScrollStateChange}
        handleRef={handleRef}
      />
      {rowCount === 0 && props.emptyText !== undefined && <div class="dt-empty">{props.emptyText}</div>}
      {menu && (
        <ContextMenu
          x={menu.x}
          y={menu.y}
          items={headerMenuItems({
            columns,
            fit,
            choices,
            onChoicesChange: props.onColumnChoicesChange,
            columnWidths,
            onColumnWidthsChange: props.onColumnWidthsChange,
          })}
          onClose={() => setMenu(null)}
          ariaLabel="Columns"
        />
      )}
    </div>
  );
}
