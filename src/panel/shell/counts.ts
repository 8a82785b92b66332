/**
 * The toolbar's count text, honest about what the table shows: rows (what you scroll) and events (what was
 * captured), and why they differ (Group streams folds a stream's chunks into one row; a filter hides events).
 */
import { formatCount } from '../ui/format';
import type { PanelStore } from '../store';

export interface CountsInput {
  /** Rows in the table (gap rows excluded). */
  rows: number;
  /** Events behind those rows (a folded stream's chunks all count). */
  shownEvents: number;
  /** Events in the log. */
  totalEvents: number;
  /** Whether any filter, kind choice, call choice or "Hide twins" hides events. */
  filtered: boolean;
  anomalies: number;
  dropped: number;
}

export interface CountsText {
  /** "44 rows · 92 events", "12 rows · 30 / 92 events", "92 events". */
  main: string;
  /** The narrow form: "44 · 92", "30 / 92". */
  compact: string;
  /** The long explanation for the tooltip. */
  title: string;
}

export function countsText(input: CountsInput): CountsText {
  const { rows, shownEvents, totalEvents } = input;
  const events =
    shownEvents === totalEvents && !input.filtered
      ? `${formatCount(totalEvents)} event${totalEvents === 1 ? '' : 's'}`
      : `${formatCount(shownEvents)} / ${formatCount(totalEvents)} events`;
  const folded = rows !== shownEvents;
  const main = folded ? `${formatCount(rows)} row${rows === 1 ? '' : 's'} · ${events}` : events;
  const compact = folded
    ? `${formatCount(rows)} · ${shownEvents === totalEvents ? formatCount(totalEvents) : `${formatCount(shownEvents)}/${formatCount(totalEvents)}`}`
    : shownEvents === totalEvents
      ? formatCount(totalEvents)
      : `${formatCount(shownEvents)}/${formatCount(totalEvents)}`;
  const lines: string[] = [];
  lines.push(
    shownEvents === totalEvents
      ? `All ${formatCount(totalEvents)} events in the log are shown.`
      : `${formatCount(shownEvents)} of the ${formatCount(totalEvents)} events in the log match the filter, kinds, call and "Hide twins".`,
  );
  if (folded)
    lines.push(
      `Group streams folds each streaming utterance or audio echo into one row: ${formatCount(shownEvents)} events in ${formatCount(rows)} rows.`,
    );
  if (input.anomalies > 0)
    lines.push(`${formatCount(input.anomalies)} anomalies: events out of order, duplicates and missing seqs.`);
  if (input.dropped > 0)
    lines.push(`${formatCount(input.dropped)} dropped: by the log bound, the page buffer bound, or while paused.`);
  return { main, compact, title: lines.join('\n') };
}

/** Whether the filter text, the kinds, the call picker or "Hide twins" hides any event from the table. */
export function viewIsFiltered(store: PanelStore): boolean {
  const filter = store.filter.value;
  return (
    (filter.ok && store.filterText.value.trim() !== '') ||
    store.hiddenKinds.value.size > 0 ||
    store.callFilter.value !== undefined ||
    store.hideTwins.value
  );
}
