/** What a key pressed in a DataTable does, as a pure function (the Network panel's request-table keys). */
import { nextSelectionIndex } from '../keyboard';

export type TableKeyAction =
  | { type: 'select'; index: number }
  /** Enter: open the selected row's detail. */
  | { type: 'activate'; index: number }
  /** Escape: close the detail. */
  | { type: 'dismiss' }
  /** The ContextMenu key or Shift+F10: the row menu of the selected row. */
  | { type: 'menu'; index: number };

export interface TableKey {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export function tableKeyAction(
  event: TableKey,
  selectedIndex: number | null,
  rowCount: number,
  pageSize: number,
): TableKeyAction | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  const hasSelection = selectedIndex !== null && selectedIndex >= 0 && selectedIndex < rowCount;
  if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))
    return hasSelection ? { type: 'menu', index: selectedIndex } : null;
  if (event.key === 'Enter') return hasSelection ? { type: 'activate', index: selectedIndex } : null;
  if (event.key === 'Escape') return { type: 'dismiss' };
  const next = nextSelectionIndex(event.key, selectedIndex, rowCount, pageSize);
  return next === null ? null : { type: 'select', index: next };
}
