/** One table row: cells from the column renderers, re-rendered only when its declared dependencies change. */
import { memo } from 'preact/compat';
import type { ComponentChildren } from 'preact';
import { sameDependencies } from './row-deps';
import type { RowLayout } from './row-layout';

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
