/**
 * Keyboard handling for lists and tab strips, as pure functions of (key, current position, size) so the rules
 * are tested without a DOM.
 */

/** Keys that move a list selection, as in the Network panel's request table. */
export type ListNavigationKey = 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End';

const LIST_NAVIGATION_KEYS: ReadonlySet<string> = new Set<ListNavigationKey>([
  'ArrowUp',
  'ArrowDown',
  'PageUp',
  'PageDown',
  'Home',
  'End',
]);

export function isListNavigationKey(key: string): key is ListNavigationKey {
  return LIST_NAVIGATION_KEYS.has(key);
}

/**
 * The row a navigation key selects, or null when the key doesn't navigate or the list is empty.
 * `current` null (or out of range) means nothing is selected: Down/PageDown/Home pick the first row and
 * Up/PageUp/End the last one (the newest, in a log). `pageSize` is how many rows one page moves (at least 1).
 */
export function nextSelectionIndex(
  key: string,
  current: number | null,
  count: number,
  pageSize: number,
): number | null {
  if (!isListNavigationKey(key) || count <= 0) return null;
  const last = count - 1;
  const page = Math.max(1, Math.floor(pageSize));
  const hasSelection = current !== null && Number.isInteger(current) && current >= 0 && current <= last;
  if (!hasSelection) {
    return key === 'ArrowDown' || key === 'PageDown' || key === 'Home' ? 0 : last;
  }
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'ArrowDown':
      return Math.min(last, current + 1);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'PageDown':
      return Math.min(last, current + page);
    case 'Home':
      return 0;
    case 'End':
      return last;
  }
}

/**
 * Next tab for a key in a horizontal tab strip (ArrowLeft/ArrowRight wrap around, Home/End jump), skipping
 * disabled tabs; null when the key isn't a tab key or no tab is enabled.
 */
export function nextTabIndex(key: string, current: number, enabled: readonly boolean[]): number | null {
  const count = enabled.length;
  if (count === 0 || !enabled.some(Boolean)) return null;
  const firstEnabled = enabled.indexOf(true);
  const lastEnabled = enabled.lastIndexOf(true);
  const step = (from: number, delta: 1 | -1): number => {
    let index = from;
    for (let tries = 0; tries < count; tries++) {
      index = (index + delta + count) % count;
      if (enabled[index]) return index;
    }
    return from;
  };
  const hasCurrent = Number.isInteger(current) && current >= 0 && current < count;
  switch (key) {
    case 'ArrowRight':
      return hasCurrent ? step(current, 1) : firstEnabled;
    case 'ArrowLeft':
      return hasCurrent ? step(current, -1) : lastEnabled;
    case 'Home':
      return firstEnabled;
    case 'End':
      return lastEnabled;
    default:
      return null;
  }
}

/**
 * Whether a key event comes from somewhere the user types (inputs, selects, contenteditable), where list
 * shortcuts must not steal keys.
 */
export function isTextEntryTarget(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Partial<Element>).tagName !== 'string') return false;
  const element = target as HTMLElement;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return element.isContentEditable === true;
}
