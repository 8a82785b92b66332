// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  isListNavigationKey,
  isTextEntryTarget,
  nextSelectionIndex,
  nextTabIndex,
} from '../../../src/panel/ui/keyboard';

describe('nextSelectionIndex', () => {
  it('moves by one, a page, or to either end, clamped to the list', () => {
    expect(nextSelectionIndex('ArrowDown', 5, 100, 10)).toBe(6);
    expect(nextSelectionIndex('ArrowUp', 5, 100, 10)).toBe(4);
    expect(nextSelectionIndex('PageDown', 5, 100, 10)).toBe(15);
    expect(nextSelectionIndex('PageUp', 5, 100, 10)).toBe(0);
    expect(nextSelectionIndex('PageDown', 95, 100, 10)).toBe(99);
    expect(nextSelectionIndex('Home', 50, 100, 10)).toBe(0);
    expect(nextSelectionIndex('End', 50, 100, 10)).toBe(99);
    expect(nextSelectionIndex('ArrowDown', 99, 100, 10)).toBe(99);
    expect(nextSelectionIndex('ArrowUp', 0, 100, 10)).toBe(0);
  });

  it('starts from the first or the last row when nothing is selected', () => {
    for (const current of [null, -1, 100, 2.5]) {
      expect(nextSelectionIndex('ArrowDown', current, 100, 10)).toBe(0);
      expect(nextSelectionIndex('PageDown', current, 100, 10)).toBe(0);
      expect(nextSelectionIndex('Home', current, 100, 10)).toBe(0);
      expect(nextSelectionIndex('ArrowUp', current, 100, 10)).toBe(99);
      expect(nextSelectionIndex('PageUp', current, 100, 10)).toBe(99);
      expect(nextSelectionIndex('End', current, 100, 10)).toBe(99);
    }
  });

  it('ignores other keys and empty lists', () => {
    expect(nextSelectionIndex('a', 5, 100, 10)).toBeNull();
    expect(nextSelectionIndex('Enter', 5, 100, 10)).toBeNull();
    expect(nextSelectionIndex('ArrowDown', null, 0, 10)).toBeNull();
  });

  it('treats page sizes below one as one', () => {
    expect(nextSelectionIndex('PageDown', 5, 100, 0)).toBe(6);
    expect(nextSelectionIndex('PageUp', 5, 100, -3)).toBe(4);
  });

  it('always returns an index inside the list', () => {
    const keys = ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'];
    for (const count of [1, 2, 10]) {
      for (let current = -2; current <= count + 1; current++) {
        for (const key of keys) {
          const next = nextSelectionIndex(key, current, count, 4);
          expect(next).not.toBeNull();
          expect(next).toBeGreaterThanOrEqual(0);
          expect(next).toBeLessThan(count);
        }
      }
    }
  });
});

describe('isListNavigationKey', () => {
  it('knows the navigation keys', () => {
    expect(isListNavigationKey('PageDown')).toBe(true);
    expect(isListNavigationKey('Tab')).toBe(false);
  });
});

describe('nextTabIndex', () => {
  const allEnabled = [true, true, true];

  it('moves with wrap-around and jumps with Home/End', () => {
    expect(nextTabIndex('ArrowRight', 0, allEnabled)).toBe(1);
    expect(nextTabIndex('ArrowRight', 2, allEnabled)).toBe(0);
    expect(nextTabIndex('ArrowLeft', 0, allEnabled)).toBe(2);
    expect(nextTabIndex('Home', 2, allEnabled)).toBe(0);
    expect(nextTabIndex('End', 0, allEnabled)).toBe(2);
    expect(nextTabIndex('ArrowDown', 0, allEnabled)).toBeNull();
  });

  it('skips disabled tabs', () => {
    const enabled = [false, true, false, true, false];
    expect(nextTabIndex('ArrowRight', 1, enabled)).toBe(3);
    expect(nextTabIndex('ArrowRight', 3, enabled)).toBe(1);
    expect(nextTabIndex('Home', 3, enabled)).toBe(1);
    expect(nextTabIndex('End', 1, enabled)).toBe(3);
  });

  it('handles no current tab and no enabled tabs', () => {
    expect(nextTabIndex('ArrowRight', -1, allEnabled)).toBe(0);
    expect(nextTabIndex('ArrowLeft', -1, allEnabled)).toBe(2);
    expect(nextTabIndex('ArrowRight', 0, [false, false])).toBeNull();
    expect(nextTabIndex('ArrowRight', 0, [])).toBeNull();
  });
});

describe('isTextEntryTarget', () => {
  it('recognises places where the user types', () => {
    const text = document.createElement('input');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    document.body.append(editable);
    expect(isTextEntryTarget(text)).toBe(true);
    expect(isTextEntryTarget(document.createElement('textarea'))).toBe(true);
    expect(isTextEntryTarget(document.createElement('select'))).toBe(true);
    expect(isTextEntryTarget(checkbox)).toBe(false);
    expect(isTextEntryTarget(document.createElement('div'))).toBe(false);
    expect(isTextEntryTarget(null)).toBe(false);
    expect(isTextEntryTarget(window)).toBe(false);
    editable.remove();
  });
});
