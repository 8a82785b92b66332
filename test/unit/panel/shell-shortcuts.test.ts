import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { SHORTCUTS, shortcutFor } from '../../../src/panel/shell/shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('plain keys act only outside text fields', () => {
    expect(shortcutFor(key('/'), false)).toBe('focus-filter');
    expect(shortcutFor(key('?'), false)).toBe('show-shortcuts');
    expect(shortcutFor(key('c'), false)).toBe('toggle-composer');
    expect(shortcutFor(key('C'), false)).toBe('toggle-composer');
    for (const k of ['/', '?', 'c']) expect(shortcutFor(key(k), true)).toBeUndefined();
  });

  it('modified keys and Escape act everywhere; Ctrl and Cmd alike', () => {
    expect(shortcutFor(key('f', { ctrlKey: true }), true)).toBe('focus-filter');
    expect(shortcutFor(key('F', { metaKey: true }), true)).toBe('focus-filter');
    expect(shortcutFor(key('e', { ctrlKey: true }), false)).toBe('toggle-recording');
    expect(shortcutFor(key('k', { metaKey: true }), false)).toBe('clear-log');
    expect(shortcutFor(key('k', { ctrlKey: true }), true)).toBeUndefined();
    expect(shortcutFor(key('Escape'), true)).toBe('close');
  });

  it('leaves other keys alone (Ctrl+C copies, Alt+F is the browser’s)', () => {
    expect(shortcutFor(key('c', { ctrlKey: true }), false)).toBeUndefined();
    expect(shortcutFor(key('f', { altKey: true }), false)).toBeUndefined();
    expect(shortcutFor(key('x'), false)).toBeUndefined();
  });

  it('every action the handler runs is in the documented list, and README lists the shortcuts', () => {
    const actions = ['focus-filter', 'toggle-composer', 'show-shortcuts', 'toggle-recording', 'clear-log', 'close'];
    for (const action of actions)
      expect(
        SHORTCUTS.some((s) => s.action === action),
        action,
      ).toBe(true);
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const shortcut of SHORTCUTS) expect(readme, shortcut.description).toContain(shortcut.description);
  });
});
