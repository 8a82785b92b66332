import { describe, expect, it } from 'vitest';
import { fitToolbar, foldTabs, type FitItem } from '../../../src/panel/ui/toolbar-fit';

const items: FitItem[] = [
  { id: 'record', width: 28, priority: 0, pinned: true },
  { id: 'clear', width: 28, priority: 0, pinned: true },
  { id: 'filter', width: 150, priority: 0, pinned: true },
  { id: 'preserve', width: 100, priority: 2 },
  { id: 'kinds', width: 70, priority: 3 },
  { id: 'twins', width: 90, priority: 10 },
  { id: 'counts', width: 160, compactWidth: 60, priority: 5 },
  { id: 'settings', width: 28, priority: 4 },
];
const total = items.reduce((sum, item) => sum + item.width, 0); // 654

describe('fitToolbar', () => {
  it('shows everything in full when it fits', () => {
    expect(fitToolbar(items, total, 28)).toEqual({
      visible: items.map((i) => i.id),
      compact: [],
      overflow: [],
    });
  });

  it('compacts counters before folding anything', () => {
    const fit = fitToolbar(items, total - 50, 28);
    expect(fit.compact).toEqual(['counts']);
    expect(fit.overflow).toEqual([]);
  });

  it('folds the least important first, keeps toolbar order, and leaves room for the » button', () => {
    // Compact counts save 100; still 100 short: twins (90) folds, and the » button (28) needs 18 more: then the
    // next least important (counts, priority 5) folds too.
    const fit = fitToolbar(items, total - 200, 28);
    expect(fit.overflow).toEqual(['twins', 'counts']);
    expect(fit.visible).toEqual(['record', 'clear', 'filter', 'preserve', 'kinds', 'settings']);
    const used = items.filter((i) => fit.visible.includes(i.id)).reduce((s, i) => s + i.width, 0) + 28;
    expect(used).toBeLessThanOrEqual(total - 200);
  });

  it('never folds pinned items, even when nothing else is left', () => {
    const fit = fitToolbar(items, 100, 28);
    expect(fit.visible).toEqual(['record', 'clear', 'filter']);
    expect(fit.overflow).toEqual(['preserve', 'kinds', 'twins', 'counts', 'settings']);
  });

  it('among equal priorities, folds from the end of the bar', () => {
    const same: FitItem[] = [
      { id: 'a', width: 50, priority: 1 },
      { id: 'b', width: 50, priority: 1 },
      { id: 'c', width: 50, priority: 1 },
    ];
    expect(fitToolbar(same, 130, 20).overflow).toEqual(['c']);
  });

  it('an unknown (infinite) width shows everything', () => {
    expect(fitToolbar(items, Number.POSITIVE_INFINITY, 28).overflow).toEqual([]);
  });
});

describe('foldTabs', () => {
  const strip = [
    { id: 'events', width: 80 },
    { id: 'turns', width: 60 },
    { id: 'transcript', width: 90 },
    { id: 'problems', width: 80 },
    { id: 'composer', width: 80 },
  ]; // 390 px in all

  it('folds nothing when every tab fits, even with no room left for a » button', () => {
    expect(foldTabs(strip, 'events', 390, 28)).toEqual([]);
  });

  it('folds the last tabs first, counting the » button', () => {
    // 389 px: one tab must go (composer: 310 + the » button's 28 fit); at 330 the » button's room folds problems too.
    expect(foldTabs(strip, 'events', 389, 28)).toEqual(['composer']);
    expect(foldTabs(strip, 'events', 330, 28)).toEqual(['problems', 'composer']);
    expect(foldTabs(strip, 'events', 200, 28)).toEqual(['transcript', 'problems', 'composer']);
  });

  it('never folds the selected tab, however narrow', () => {
    expect(foldTabs(strip, 'composer', 200, 28)).toEqual(['turns', 'transcript', 'problems']);
    expect(foldTabs(strip, 'problems', 10, 28)).toEqual(['events', 'turns', 'transcript', 'composer']);
  });

  it('folds nothing before the strip is laid out (a hidden panel measures 0)', () => {
    expect(foldTabs(strip, 'events', 0, 28)).toEqual([]);
    expect(foldTabs(strip, 'events', Number.NaN, 28)).toEqual([]);
  });

  it('counts a tab never measured (width 0) as fitting', () => {
    expect(foldTabs([{ id: 'a', width: 0 }, ...strip], 'events', 390, 28)).toEqual([]);
  });
});
