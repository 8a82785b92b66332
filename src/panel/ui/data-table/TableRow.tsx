/** One table row: cells from the column renderers, re-rendered only when its declared dependencies change. */
import { memo } from 'preact/compat';
import type { ComponentChildren } from 'preact';
import type { DataTableColumn } from './columns';
import { sameDependencies } from './row-deps';
import type { RowLayout } from './row-layout';
import { maxCharsFor } from './text-fit';

/**
 * Longest text a cell lays out. A row is one line, so more than this never shows even in a very wide column, and
 * shaping a long string (a whole streamed answer) costs layout time on every scrolled frame. Tooltips and the
 * detail pane show the full text. Narrower columns cut shorter still (maxCharsFor).
 */
export const MAX_CELL_CHARS = 300;

/** A cell's content with long text cut to `max` characters (the cut marked with an ellipsis). */
export function clipCellText(content: ComponentChildren, max = MAX_CELL_CHARS): ComponentChildren {
  return typeof content === 'string' && content.length > max ? `${content.slice(0, Math.max(0, max - 1))}…` : content;
}

export interface TableRowProps {
  index: number;
  top: number;
  selected: boolean;
  classes: string;
  /** What the visible cells show (see rowDependencies); undefined means "always render". */
  deps: unknown[] | undefined;
  layout: RowLayout;
  testId: string | undefined;
}

/**
 * One cell (a plain function, not a component: nine components per row cost script time on every scrolled frame).
 * Text is cut to what its column can show; a text (or pill) proven to fit its column is drawn without a clip
 * (`dt-fit`, see text-fit.ts); anything else clips, with an ellipsis.
 */
function renderCell(column: DataTableColumn, k: number, index: number, layout: RowLayout) {
  const content = column.render(index);
  const room = layout.room?.[k];
  const metrics = layout.metrics;
  let className = layout.cellClass[k]!;
  let children: ComponentChildren;
  if (typeof content === 'string' || typeof content === 'number') {
    const max = room && metrics ? Math.min(MAX_CELL_CHARS, maxCharsFor(room, metrics.fontSize)) : MAX_CELL_CHARS;
    const text = clipCellText(String(content), max) as string;
    const badge = column.badge?.(index);
    const fits =
      room !== undefined &&
      metrics !== undefined &&
      (badge === undefined ? metrics.text.fits(text, room) : metrics.badge.fits(text, room - metrics.badgeInset));
    if (fits) className += ' dt-fit';
    children = badge === undefined ? text : <span class={badge}>{text}</span>;
  } else {
    children = clipCellText(content);
  }
  return (
    <div key={column.id} class={className} style={layout.cellStyle[k]} role="gridcell" data-col={k}>
      {children}
    </div>
  );
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
      {columns.map((column, k) => renderCell(column, k, index, layout))}
    </div>
  );
}

/**
 * A row re-renders only when something it shows changed: a live update then renders the new rows, not every row
 * in view (the largest script cost per frame while following a stream).
 */
export const TableRow = memo(
  TableRowView,
  (a, b) =>
    a.index === b.index &&
    a.top === b.top &&
    a.selected === b.selected &&
    a.classes === b.classes &&
    a.layout === b.layout &&
    a.testId === b.testId &&
    sameDependencies(a.deps, b.deps),
);
