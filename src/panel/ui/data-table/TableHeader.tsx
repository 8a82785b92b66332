/** The sticky header row (titles and resize handles) and the filler that draws column lines below the rows. */
import type { DataTableColumn } from './columns';
import type { RowLayout } from './row-layout';
import type { ColumnResize } from './useColumnResize';

export function TableHeader(props: {
  visible: readonly DataTableColumn[];
  widths: readonly number[];
  layout: RowLayout;
  resize: ColumnResize;
  onContextMenu: (event: MouseEvent) => void;
}) {
  const { visible, widths, layout, resize } = props;
  return (
    <div class="dt-header" role="row" aria-rowindex={1} onContextMenu={props.onContextMenu}>
      {visible.map((column, index) => {
        const width = widths[index] ?? column.width;
        const isLast = index === visible.length - 1;
        const dragging = resize.draft?.columnId === column.id;
        return (
          <div
            key={column.id}
            class={layout.cellClass[index]!.replace('dt-cell', 'dt-header-cell')}
            style={layout.cellStyle[index]}
            role="columnheader"
            title={column.title}
            data-column-id={column.id}
          >
            <span class="dt-header-title">{column.title}</span>
            {!isLast && (
              <div
                class={dragging ? 'dt-resizer dragging' : 'dt-resizer'}
                aria-hidden="true"
                onPointerDown={(event) => resize.onPointerDown(event, column, width)}
                onPointerMove={resize.onPointerMove}
                onPointerUp={resize.onPointerEnd}
                onPointerCancel={resize.onPointerEnd}
                onDblClick={(event) => resize.onDoubleClick(event, column)}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}

export function TableFiller({ visible, layout }: { visible: readonly DataTableColumn[]; layout: RowLayout }) {
  return (
    <div class="dt-filler" aria-hidden="true">
      {visible.map((column, k) => (
        <div
          key={column.id}
          class={layout.cellClass[k]!.replace('dt-cell', 'dt-filler-cell')}
          style={layout.cellStyle[k]}
        />
      ))}
    </div>
  );
}
