import { describe, expect, it } from 'vitest';
import { countsText } from '../../../src/panel/shell/counts';

const base = { anomalies: 0, dropped: 0, filtered: false };

describe('countsText', () => {
  it('says rows and events when Group streams folds rows, and explains it', () => {
    const text = countsText({ ...base, rows: 44, shownEvents: 92, totalEvents: 92 });
    expect(text.main).toBe('44 rows · 92 events');
    expect(text.compact).toBe('44 · 92');
    expect(text.title).toContain('Group streams folds');
    expect(text.title).toContain('All 92 events');
  });

  it('is just the events when nothing is folded or filtered', () => {
    expect(countsText({ ...base, rows: 92, shownEvents: 92, totalEvents: 92 }).main).toBe('92 events');
  });

  it('shows how many match a filter', () => {
    const text = countsText({ ...base, filtered: true, rows: 12, shownEvents: 30, totalEvents: 92 });
    expect(text.main).toBe('12 rows · 30 / 92 events');
    expect(text.compact).toBe('12 · 30/92');
    expect(text.title).toContain('30 of the 92 events');
  });

  it('explains anomalies and drops in the tooltip', () => {
    const text = countsText({ ...base, rows: 1, shownEvents: 1, totalEvents: 1, anomalies: 3, dropped: 2 });
    expect(text.main).toBe('1 event');
    expect(text.title).toMatch(/3 anomalies/);
    expect(text.title).toMatch(/2 dropped/);
  });
});
