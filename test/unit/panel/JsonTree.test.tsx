// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import {
  displayKey,
  EXPAND_ALL_MAX_DEPTH,
  JsonTree,
  LONG_STRING_CHARS,
  previewText,
  quoteString,
  type JsonTreeProps,
} from '../../../src/panel/ui/JsonTree';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount(props: JsonTreeProps): void {
  act(() => {
    render(<JsonTree {...props} />, container);
  });
}

const lines = (): HTMLElement[] => Array.from(container.querySelectorAll<HTMLElement>('.jt-line'));
const lineTexts = (): string[] => lines().map((line) => line.textContent ?? '');
const expandable = (): HTMLElement[] => Array.from(container.querySelectorAll<HTMLElement>('.jt-line.expandable'));
const lineStartingWith = (prefix: string): HTMLElement => {
  const found = lines().find((line) => line.textContent?.startsWith(prefix));
  if (!found) throw new Error(`no line starting with ${prefix}: ${JSON.stringify(lineTexts())}`);
  return found;
};
const click = (el: Element, init: MouseEventInit = {}): void => {
  act(() => {
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));
  });
};

/** Deterministic base64 of pseudo-random bytes (with an optional magic prefix). */
function base64Of(length: number, magic: number[] = []): string {
  const data = new Uint8Array(length);
  let state = 7;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  data.set(magic);
  return Buffer.from(data).toString('base64');
}

describe('JsonTree structure', () => {
  it('shows the root open with a preview, and nested values closed', () => {
    mount({
      value: JSON.parse('{"type":"conversation.echo","n":3,"ok":true,"none":null,"props":{"text":"hi"}}'),
      rootName: 'data',
    });
    expect(lineTexts()).toEqual([
      "data: {type: 'conversation.echo', n: 3, ok: true, none: null, props: {…}}",
      'type: "conversation.echo"',
      'n: 3',
      'ok: true',
      'none: null',
      "props: {text: 'hi'}",
    ]);
    expect(container.querySelector('.jt-number')?.textContent).toBe('3');
    expect(container.querySelector('.jt-boolean')?.textContent).toBe('true');
    expect(container.querySelector('.jt-null')?.textContent).toBe('null');
    expect(container.querySelector('.jt-string')?.textContent).toBe('"conversation.echo"');
  });

  it('renders children lazily, only once expanded', () => {
    mount({ value: { a: { b: { c: { d: 1 } } } } });
    expect(lineTexts()).toEqual(['{a: {…}}', 'a: {b: {…}}']);
    click(lineStartingWith('a:'));
    expect(lineTexts()).toEqual(['{a: {…}}', 'a: {b: {…}}', 'b: {c: {…}}']);
    expect(lineStartingWith('a:').getAttribute('aria-expanded')).toBe('true');
    click(lineStartingWith('a:'));
    expect(lineTexts()).toEqual(['{a: {…}}', 'a: {b: {…}}']);
  });

  it('honours initialExpandDepth', () => {
    mount({ value: { a: { b: { c: 1 } } }, initialExpandDepth: 3 });
    expect(lineTexts()).toEqual(['{a: {…}}', 'a: {b: {…}}', 'b: {c: 1}', 'c: 1']);
    act(() => render(null, container));
    mount({ value: { a: 1 }, initialExpandDepth: 0 });
    expect(lineTexts()).toEqual(['{a: 1}']);
  });

  it('shows arrays with a count and dim indexes; empty containers say so', () => {
    mount({ value: [1, 'two', [3], {}] });
    expect(lineTexts()).toEqual(["(4) [1, 'two', Array(1), {…}]", '0: 1', '1: "two"', '2: (1) [3]', '3: {}']);
    expect(container.querySelector('.jt-key.index')?.textContent).toBe('0');
    click(lineStartingWith('3:'));
    expect(lineTexts()).toContain('no properties');
    click(lineStartingWith('2:'));
    expect(lineTexts()).toContain('0: 3');
  });

  it('renders a primitive root', () => {
    mount({ value: 'just text', rootName: 'data' });
    expect(lineTexts()).toEqual(['data: "just text"']);
    mount({ value: 42 });
    expect(lineTexts()).toEqual(['42']);
  });
});

describe('JsonTree ranges', () => {
  it('groups more than 100 array entries in ranges of 100', () => {
    mount({ value: Array.from({ length: 250 }, (_, i) => i) });
    expect(lineTexts().slice(1)).toEqual(['[0 … 99]', '[100 … 199]', '[200 … 249]']);
    click(lineStartingWith('[200'));
    expect(lineTexts()).toContain('249: 249');
    expect(lineTexts()).not.toContain('0: 0');
  });

  it('nests ranges for very large arrays without rendering their entries', () => {
    mount({ value: new Array(1_000_000).fill(0) });
    expect(lines().length).toBe(101);
    expect(lineTexts()[1]).toBe('[0 … 9999]');
    click(lineStartingWith('[0 … 9999]'));
    expect(lineTexts()[2]).toBe('[0 … 99]');
    expect(lines().length).toBe(201);
  });

  it('groups objects with more than 100 keys too', () => {
    const value = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    mount({ value });
    expect(lineTexts().slice(1)).toEqual(['[0 … 99]', '[100 … 149]']);
    click(lineStartingWith('[100'));
    expect(lineTexts()).toContain('k149: 149');
  });
});

describe('JsonTree strings', () => {
  it('quotes and escapes strings and never renders them as HTML', () => {
    const hostile = '<img src=x onerror="window.__pwned=1">\n"quoted"\u0000';
    mount({ value: { html: hostile, '<b>key</b>': 1 } });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(lineStartingWith('html:').textContent).toBe(`html: ${JSON.stringify(hostile)}`);
    expect(lineTexts()).toContain('"<b>key</b>": 1');
  });

  it('cuts long strings with a click to show the rest', () => {
    const long = 'x'.repeat(LONG_STRING_CHARS + 1234);
    mount({ value: { long } });
    const line = lineStartingWith('long:');
    expect(line.textContent).toBe(`long: "${'x'.repeat(LONG_STRING_CHARS)}…(1,234 more chars)"`);
    click(line.querySelector('.jt-more')!);
    expect(lineStartingWith('long:').textContent).toBe(`long: "${long}"`);
  });

  it('summarises base64 blobs and can show the text', () => {
    const blob = base64Of(3000);
    mount({ value: { audio: blob } });
    const line = lineStartingWith('audio:');
    expect(line.querySelector('.jt-base64')?.textContent).toBe('base64, 3,000 bytes');
    expect(line.textContent).not.toContain(blob.slice(0, 50));
    expect(container.querySelector('img')).toBeNull();
    click(line.querySelector('.jt-more')!);
    expect(lineStartingWith('audio:').textContent).toContain(blob.slice(0, 50));
  });

  it('previews base64 JPEG data as an image with a data URL', () => {
    const jpeg = base64Of(600, [0xff, 0xd8, 0xff, 0xe0]);
    mount({ value: { frame: jpeg } });
    const img = container.querySelector('img');
    expect(img?.getAttribute('src')).toBe(`data:image/jpeg;base64,${jpeg}`);
    expect(lineStartingWith('frame:').querySelector('.jt-base64')?.textContent).toBe('base64 JPEG, 600 bytes');
  });
});

describe('JsonTree keys', () => {
  it('shows __proto__ and constructor as ordinary keys without touching prototypes', () => {
    const value: unknown = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":1},"toString":"s"}');
    mount({ value });
    expect(lineTexts()).toEqual([
      "{__proto__: {…}, constructor: {…}, toString: 's'}",
      '__proto__: {polluted: true}',
      'constructor: {prototype: 1}',
      'toString: "s"',
    ]);
    click(lineStartingWith('__proto__'));
    expect(lineTexts()).toContain('polluted: true');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('quotes keys that are not identifiers', () => {
    expect(displayKey('plain_key$1')).toBe('plain_key$1');
    expect(displayKey('123')).toBe('123');
    expect(displayKey('with space')).toBe('"with space"');
    expect(displayKey('')).toBe('""');
    expect(displayKey('line\nbreak')).toBe('"line\\nbreak"');
  });
});

describe('JsonTree expand all', () => {
  const nested = { a: { b: { c: { d: [1, { e: 'deep' }] } } }, z: { y: 1 } };

  it('Alt+click expands a whole subtree', () => {
    mount({ value: nested });
    click(lineStartingWith('a:'), { altKey: true });
    expect(lineTexts()).toContain('e: "deep"');
    expect(lineTexts()).not.toContain('y: 1'); // only the clicked subtree
  });

  it('right click offers Expand recursively and Collapse', () => {
    const onCopy = vi.fn();
    mount({ value: nested, onCopy });
    act(() => {
      lineStartingWith('z:').dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    });
    const items = Array.from(document.querySelectorAll<HTMLButtonElement>('.menu-item'));
    expect(items.map((item) => item.textContent)).toEqual(['Expand recursively', 'Collapse', 'Copy value']);
    act(() => items[0]!.click());
    expect(lineTexts()).toContain('y: 1');
    act(() => {
      lineStartingWith('z:').dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));
    });
    act(() => Array.from(document.querySelectorAll<HTMLButtonElement>('.menu-item'))[2]!.click());
    expect(onCopy).toHaveBeenCalledWith('{\n  "y": 1\n}');
  });

  it('survives very deep nesting: lazy by default, bounded when expanding all', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = [deep];
    mount({ value: deep });
    expect(lines().length).toBe(2);
    click(lines()[1]!, { altKey: true });
    const opened = expandable().filter((line) => line.getAttribute('aria-expanded') === 'true').length;
    expect(opened).toBeGreaterThan(EXPAND_ALL_MAX_DEPTH - 2);
    expect(opened).toBeLessThanOrEqual(EXPAND_ALL_MAX_DEPTH + 2);
  });

  it('keeps an expand-all of a huge value within the line budget', () => {
    const wide = Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => ({ a: 1, b: [1, 2] })));
    mount({ value: wide, expandAllLineBudget: 300 });
    click(lines()[0]!); // collapse the root
    click(lines()[0]!, { altKey: true });
    expect(lines().length).toBeLessThanOrEqual(301);
    expect(lines().length).toBeGreaterThan(200);
  });
});

describe('JsonTree keyboard', () => {
  it('expands with ArrowRight, collapses with ArrowLeft, moves with ArrowDown/ArrowUp', () => {
    mount({ value: { a: { b: 1 }, c: { d: 2 } } });
    const keydown = (el: Element, key: string): void => {
      act(() => {
        el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      });
    };
    const root = lines()[0]!;
    root.focus();
    keydown(root, 'ArrowDown');
    expect(document.activeElement?.textContent).toBe('a: {b: 1}');
    keydown(document.activeElement!, 'ArrowRight');
    expect(lineTexts()).toContain('b: 1');
    keydown(document.activeElement!, 'ArrowLeft');
    expect(lineTexts()).not.toContain('b: 1');
    keydown(document.activeElement!, 'ArrowUp');
    expect(document.activeElement).toBe(lines()[0]);
  });
});

describe('previewText / quoteString', () => {
  it('summarises like the Console', () => {
    expect(previewText({ a: 1, s: "it's", n: null, o: {}, l: [1, 2] })).toBe(
      "{a: 1, s: 'it\\'s', n: null, o: {…}, l: Array(2)}",
    );
    expect(previewText([])).toBe('(0) []');
    expect(previewText({})).toBe('{}');
    expect(previewText('x'.repeat(100))).toBe(`'${'x'.repeat(40)}…'`);
  });

  it('stops at the length limit', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`key${i}`, i]));
    const preview = previewText(many);
    expect(preview.length).toBeLessThan(130);
    expect(preview.endsWith(', …}')).toBe(true);
    expect(previewText(new Array(10_000).fill(1)).startsWith('(10000) [1, 1')).toBe(true);
  });

  it('quoteString escapes like JSON', () => {
    expect(quoteString('a"b\n')).toBe('"a\\"b\\n"');
  });
});
