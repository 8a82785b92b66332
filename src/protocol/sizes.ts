/**
 * Byte sizes as text, one convention everywhere (the classifier's summaries, the table, the detail pane, the
 * composer): decimal units like the DevTools Network panel, 1 kB = 1000 B.
 */

/** Shown for values that cannot be formatted (NaN, ±Infinity). */
export const NOT_AVAILABLE = '–';

const BYTE_UNITS = ['kB', 'MB', 'GB', 'TB'] as const;

/** A size in decimal units: `0 B`, `999 B`, `1.2 kB`, `123 kB`, `4.5 MB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return NOT_AVAILABLE;
  if (n < 0) return `-${formatBytes(-n)}`;
  if (n < 1000) return `${Math.round(n)} B`;
  let value = n;
  for (const unit of BYTE_UNITS) {
    value /= 1000;
    const text = value < 100 ? value.toFixed(1) : String(Math.round(value));
    // 999.96 kB prints as "1000 kB": promote it to the next unit unless this is the largest.
    if (Number(text) < 1000 || unit === BYTE_UNITS[BYTE_UNITS.length - 1]) return `${text} ${unit}`;
  }
  return NOT_AVAILABLE;
}
