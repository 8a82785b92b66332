import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  describeJsonSyntaxError,
  lineAndColumn,
  locateJsonSyntaxError,
  parseJsonText,
} from '../../../src/panel/composer/json-syntax';

function errorOf(text: string) {
  const result = parseJsonText(text);
  if (result.ok) throw new Error(`expected a syntax error for ${text}`);
  return result.error;
}

describe('parseJsonText', () => {
  it('returns the parsed value for valid JSON', () => {
    expect(parseJsonText('{"a":[1,2,{"b":null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
    expect(parseJsonText('  "x"  ')).toEqual({ ok: true, value: 'x' });
  });

  it.each([
    ['{"a": 1,}', 8, "trailing comma before '}'"],
    ['[1, 2,]', 6, "trailing comma before ']'"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}' after a property value"],
    ['[1 2]', 3, "expected ',' or ']' after an array element"],
    ["{'a': 1}", 1, 'property names need double quotes'],
    ['{a: 1}', 1, 'property names must be in double quotes'],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['{"a": \'x\'}', 6, 'strings need double quotes'],
    ['{"a": undefined}', 6, '"undefined"'],
    ['{"a": 01}', 6, 'leading zeros'],
    ['{"a": 1.}', 7, 'invalid number'],
    ['"bad \\x escape"', 5, 'bad escape \\x'],
    ['"bad \\u12 escape"', 5, 'bad \\u escape'],
    ['{"a": 1} x', 9, 'after the end of the JSON value'],
    ['', 0, 'the JSON is empty'],
  ])('%j: error at offset %i mentioning %j', (text, offset, fragment) => {
    const error = errorOf(text);
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(fragment);
  });

  it('reports an unterminated string and unclosed brackets at the end of the text', () => {
    expect(errorOf('{"a": "abc')).toMatchObject({ offset: 10, message: 'unterminated string' });
    expect(errorOf('{"a": [1, 2')).toMatchObject({
      offset: 11,
      message: expect.stringContaining('2 unclosed brackets'),
    });
  });

  it('reports a raw line break inside a string', () => {
    expect(errorOf('{"a": "one\ntwo"}')).toMatchObject({
      offset: 10,
      line: 1,
      column: 11,
      message: expect.stringContaining('control character'),
    });
  });

  it('gives 1-based line and column, and a sentence with all three', () => {
    const text = '{\n  "event_type": "x",\n  "properties": {"text": "hi"},,\n}';
    const error = errorOf(text);
    expect(error.line).toBe(3);
    expect(error.column).toBe(32);
    expect(text[error.offset]).toBe(',');
    expect(describeJsonSyntaxError(error)).toBe(
      `JSON syntax error at line 3, column 32 (position ${error.offset}): ${error.message}`,
    );
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('copes with very deep nesting without recursion', () => {
    const deep = '['.repeat(100_000);
    expect(errorOf(deep)).toMatchObject({
      offset: 100_000,
      message: expect.stringContaining('100000 unclosed brackets'),
    });
    expect(locateJsonSyntaxError(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toBeUndefined();
  });

  it('agrees with JSON.parse on every valid JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(locateJsonSyntaxError(text)).toBeUndefined();
        expect(locateJsonSyntaxError(JSON.stringify(JSON.parse(text), null, 2))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('finds an error exactly when JSON.parse refuses (random edits of valid JSON and random text)', () => {
    const parses = (text: string) => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const edited = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', "'", '0', '-', '\\', '\n', 'x', '{', '['),
      )
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return at % 2 === 0 ? text.slice(0, i) + insert + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(edited, fc.string()), (text) => {
        const error = locateJsonSyntaxError(text);
        expect(error === undefined).toBe(parses(text));
        if (error) {
          expect(error.offset).toBeGreaterThanOrEqual(0);
          expect(error.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
