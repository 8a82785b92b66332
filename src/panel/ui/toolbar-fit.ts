/**
 * Which toolbar items fit in a width, like DevTools' own toolbars: items keep their order; when they do not all fit,
 * the least important ones fold into a "»" overflow menu (whose button then needs room too), and items that have a
 * compact form use it before anything folds. Pure: widths come from the caller's measurements.
 */

export interface FitItem {
  id: string;
  /** Measured width in px of the full form, margins included. */
  width: number;
  /** Width of the compact form, when the item has one (e.g. counters "44 · 92"). */
  compactWidth?: number;
  /** Lower is more important: folds last. Items with `pinned` never fold. */
  priority: number;
  pinned?: boolean;
}

export interface FitResult {
  /** Ids shown in the toolbar, in their order. */
  visible: string[];
  /** Ids shown in compact form (a subset of visible). */
  compact: string[];
  /** Ids folded into the overflow menu, in their toolbar order. */
  overflow: string[];
}

const EPSILON = 0.5;

export function fitToolbar(items: readonly FitItem[], available: number, overflowButtonWidth: number): FitResult {
  const compact = new Set<string>();
  const folded = new Set<string>();
  const widthOf = (item: FitItem): number =>
    folded.has(item.id) ? 0 : compact.has(item.id) ? (item.compactWidth ?? item.width) : item.width;
  const total = (): number =>
    items.reduce((sum, item) => sum + widthOf(item), 0) + (folded.size > 0 ? overflowButtonWidth : 0);
  const fits = (): boolean => total() <= available + EPSILON;

  // Least important first; among equals, the later item goes first (the toolbar folds from its end).
  const byFoldOrder = items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => !item.pinned)
    .sort((a, b) => b.item.priority - a.item.priority || b.index - a.index)
    .map(({ item }) => item);

  if (!fits())
    for (const item of byFoldOrder) {
      if (item.compactWidth === undefined || item.compactWidth >= item.width) continue;
      compact.add(item.id);
      if (fits()) break;
    }
  if (!fits())
    for (const item of byFoldOrder) {
      folded.add(item.id);
      compact.delete(item.id);
      if (fits()) break;
    }
  return {
    visible: items.filter((item) => !folded.has(item.id)).map((item) => item.id),
    compact: items.filter((item) => compact.has(item.id) && !folded.has(item.id)).map((item) => item.id),
    overflow: items.filter((item) => folded.has(item.id)).map((item) => item.id),
  };
}

export interface TabWidth {
  id: string;
  /** Measured width in px; 0 while unknown (never laid out), which counts as fitting. */
  width: number;
}

/**
 * Which tabs of a strip fold into its "»" menu, like DevTools' own tab strips: the tabs keep their order, the last
 * ones fold first, the selected tab never folds. `available` is the width the tabs and the » button share (not the
 * items after them); an unknown width (0, a hidden panel) folds nothing.
 */
export function foldTabs(
  tabs: readonly TabWidth[],
  selectedId: string,
  available: number,
  overflowButtonWidth: number,
): string[] {
  if (!(available > 0)) return [];
  const fit = fitToolbar(
    tabs.map((tab, index) => ({ id: tab.id, width: tab.width, priority: index + 1, pinned: tab.id === selectedId })),
    available,
    overflowButtonWidth,
  );
  return fit.overflow;
}
