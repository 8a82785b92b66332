/** Dragging a column's right edge: live width while dragging, one report to the owner on release. */
import { useRef, useState } from 'preact/hooks';
import { DEFAULT_MIN_COLUMN_WIDTH, type DataTableColumn } from './columns';

interface ColumnDrag {
  columnId: string;
  pointerId: number;
  startX: number;
  startWidth: number;
  minWidth: number;
}

export interface DraftWidth {
  columnId: string;
  width: number;
}

export interface ColumnResize {
  /** Width of the column being dragged; committed to the owner on pointerup. */
  draft: DraftWidth | null;
  onPointerDown: (event: PointerEvent, column: DataTableColumn, width: number) => void;
  onPointerMove: (event: PointerEvent) => void;
  onPointerEnd: (event: PointerEvent) => void;
  /** Double-clicking a column edge goes back to the column's default width. */
  onDoubleClick: (event: MouseEvent, column: DataTableColumn) => void;
}

function widthDuringDrag(drag: ColumnDrag, clientX: number): number {
  return Math.max(drag.minWidth, Math.round(drag.startWidth + clientX - drag.startX));
}

export function useColumnResize(
  columnWidths: Readonly<Record<string, number>> | undefined,
  onColumnWidthsChange: ((widths: Record<string, number>) => void) | undefined,
): ColumnResize {
  const dragRef = useRef<ColumnDrag | null>(null);
  const [draft, setDraft] = useState<DraftWidth | null>(null);
  return {
    draft,
    onPointerDown: (event, column, width) => {
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
      setDraft({ columnId: column.id, width });
    },
    onPointerMove: (event) => {
      const drag = dragRef.current;
      if (!drag || drag.pointerId !== event.pointerId) return;
      setDraft({ columnId: drag.columnId, width: widthDuringDrag(drag, event.clientX) });
    },
    onPointerEnd: (event) => {
      const drag = dragRef.current;
      if (!drag || drag.pointerId !== event.pointerId) return;
      dragRef.current = null;
      setDraft(null);
      if (event.type === 'pointercancel') return;
      const width = widthDuringDrag(drag, event.clientX);
      if (width !== drag.startWidth) onColumnWidthsChange?.({ ...columnWidths, [drag.columnId]: width });
    },
    onDoubleClick: (event, column) => {
      event.stopPropagation();
      if (columnWidths?.[column.id] === undefined) return;
      const next = { ...columnWidths };
      delete next[column.id];
      onColumnWidthsChange?.(next);
    },
  };
}
