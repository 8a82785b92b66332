/**
 * Row memoisation from what each column declares its cell depends on (DataTableColumn.dependsOn), instead of one
 * hand-written version string per table: hidden columns cost nothing, and a new column cannot forget to say what
 * it shows without the table noticing (it then re-renders every row, which is slow but never stale).
 */
import type { DataTableColumn } from './columns';

/** The values a row's visible cells depend on, flattened; undefined when some column declares nothing. */
export function rowDependencies(columns: readonly DataTableColumn[], rowIndex: number): unknown[] | undefined {
  const out: unknown[] = [];
  for (const column of columns) {
    if (!column.dependsOn) return undefined;
    const value = column.dependsOn(rowIndex);
    if (Array.isArray(value)) for (const item of value) out.push(item);
    else out.push(value);
  }
  return out;
}

/** Whether two dependency lists hold the same values (Object.is); an undefined list never equals anything. */
export function sameDependencies(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}
