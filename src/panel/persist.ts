/**
 * Panel preferences that outlive a reload (column widths, split sizes, toggles): localStorage of the extension's
 * own origin, which page data never reaches. Values are validated by type on read.
 */
import { useState } from 'preact/hooks';

const PREFIX = 'cvi-devtools:';

export function readPreference<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const value = JSON.parse(raw) as unknown;
    return typeof value === typeof fallback && Array.isArray(value) === Array.isArray(fallback)
      ? (value as T)
      : fallback;
  } catch {
    return fallback;
  }
}

export function writePreference(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the preference just doesn't persist */
  }
}

export function usePersistentState<T>(key: string, fallback: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => readPreference(key, fallback));
  return [
    value,
    (next: T) => {
      setValue(next);
      writePreference(key, next);
    },
  ];
}
