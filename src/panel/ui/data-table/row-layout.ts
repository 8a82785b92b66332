/** How a DataTable lays out its cells: the classes and inline widths shared by the header, the rows and the filler. */
import type { RefObject } from 'preact';
import type { DataTableColumn } from './columns';
import { roomOf, type CellMetrics } from './text-fit';

/** Columns whose width comes from a class (`dt-c0`…`dt-c15` in theme.css); later ones get an inline width. */
export const WIDTH_CLASSES = 16;

export interface RowLayout {
  /** The latest renderers, read by rows when they do render (a row skipped by its dependencies shows the same). */
  columns: RefObject<readonly DataTableColumn[]>;
  cellClass: string[];
  cellStyle: Array<{ width: string } | undefined>;
  /**
   * Per column, the px its text has (see roomOf): what proves a text fits, and caps how much of it is laid out.
   * Undefined without metrics (no layout): every cell then clips, as it may overflow.
   */
  room: number[] | undefined;
  metrics: CellMetrics | undefined;
}

/** Cell classes and inline widths for the visible columns. */
export function buildRowLayout(
  columnsRef: RefObject<readonly DataTableColumn[]>,
  visible: readonly DataTableColumn[],
  widths: readonly number[],
  metrics?: CellMetrics,
): RowLayout {
  const last = visible.length - 1;
  return {
    columns: columnsRef,
    cellClass: visible.map((column, k) =>
      [
        'dt-cell',
        k < WIDTH_CLASSES ? `dt-c${k}` : '',
        k === last ? 'dt-c-last' : '',
        column.align && column.align !== 'left' ? `align-${column.align}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    ),
    // Width for columns past the ones CSS knows by class (rare: tables with many columns).
    cellStyle: widths.map((width, k) => (k < WIDTH_CLASSES ? undefined : { width: `${width}px` })),
    room: metrics ? widths.map((width, k) => roomOf(width, k, metrics)) : undefined,
    metrics,
  };
}

/**
 * A key that changes exactly when buildRowLayout's room would: rows re-render when a column is resized (a cell's
 * clip and cut depend on its width), where other width changes only restyle them.
 */
export function roomKey(widths: readonly number[], metrics: CellMetrics | undefined): string {
  return metrics ? widths.map((width, k) => roomOf(width, k, metrics)).join(',') : '';
}

/** The custom properties that give each column its width (a resize restyles rows without re-rendering them). */
export function columnWidthStyle(widths: readonly number[], rowHeight: number): Record<string, string> {
  const style: Record<string, string> = { '--row-height': `${rowHeight}px` };
  widths.forEach((width, k) => {
    if (k < WIDTH_CLASSES) style[`--dt-w${k}`] = `${width}px`;
  });
  return style;
}
