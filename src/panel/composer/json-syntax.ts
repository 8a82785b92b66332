/**
 * JSON parsing for the raw editor with an error position that reads the same in every browser: JSON.parse does the
 * parsing, and when it refuses, a small scanner finds the first offending character (V8 and SpiderMonkey word and
 * place their errors differently, and some V8 messages carry no position at all). The scanner keeps an explicit
 * stack, so deeply nested input cannot overflow the call stack.
 */

export interface JsonSyntaxError {
  message: string;
  /** UTF-16 offset of the offending character (the text length for "unexpected end"). */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: locateJsonSyntaxError(text) ?? fallbackError(text, error) };
  }
}

/** "line 3, column 5: Expected ',' or '}' after a property value". */
export function describeJsonSyntaxError(error: JsonSyntaxError): string {
  return `JSON syntax error at line ${error.line}, column ${error.column} (position ${error.offset}): ${error.message}`;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

type ScanState = 'value' | 'value-or-close' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' | 'done';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The first syntax error in `text`, or undefined when the text is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const fail = (offset: number, message: string): JsonSyntaxError => ({
    message,
    offset,
    ...lineAndColumn(text, offset),
  });
  const stack: Array<'{' | '['> = [];
  let state = 'value' as ScanState; // widened: the afterValue closure changes it
  let afterComma = false;
  let i = 0;
  const afterValue = () => {
    state = stack.length > 0 ? 'comma-or-close' : 'done';
    afterComma = false;
  };

  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (i >= text.length) {
      if (state === 'done') return undefined;
      return fail(
        text.length,
        text.trim() === ''
          ? 'the JSON is empty'
          : `unexpected end of the JSON text${stack.length > 0 ? ` (${stack.length} unclosed ${stack.length === 1 ? 'bracket' : 'brackets'})` : ''}`,
      );
    }
    const ch = text[i]!;
    switch (state) {
      case 'done':
        return fail(i, `unexpected ${describeChar(ch)} after the end of the JSON value`);
      case 'colon':
        if (ch !== ':') return fail(i, `expected ':' after a property name, found ${describeChar(ch)}`);
        i++;
        state = 'value';
        continue;
      case 'comma-or-close': {
        const open = stack[stack.length - 1]!;
        const close = open === '{' ? '}' : ']';
        if (ch === ',') {
          i++;
          state = open === '{' ? 'key' : 'value';
          afterComma = true;
          continue;
        }
        if (ch === close) {
          stack.pop();
          i++;
          afterValue();
          continue;
        }
        return fail(
          i,
          `expected ',' or '${close}' after ${open === '{' ? 'a property value' : 'an array element'}, found ${describeChar(ch)}`,
        );
      }
      case 'key-or-close':
      case 'key': {
        if (ch === '}') {
          if (state === 'key') return fail(i, "trailing comma before '}' (JSON allows none)");
          stack.pop();
          i++;
          afterValue();
          continue;
        }
        if (ch !== '"') {
          const hint =
            ch === "'"
              ? 'property names need double quotes, not single quotes'
              : /[A-Za-z_$]/.test(ch)
                ? 'property names must be in double quotes'
                : `expected a property name in double quotes${state === 'key-or-close' ? " or '}'" : ''}`;
          return fail(i, `${hint}, found ${describeChar(ch)}`);
        }
        const end = scanString(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end;
        state = 'colon';
        continue;
      }
      case 'value':
      case 'value-or-close': {
        if (ch === ']' && state === 'value-or-close') {
          stack.pop();
          i++;
          afterValue();
          continue;
        }
        if ((ch === ']' || ch === '}') && afterComma)
          return fail(i, `trailing comma before '${ch}' (JSON allows none)`);
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          i++;
          state = ch === '{' ? 'key-or-close' : 'value-or-close';
          afterComma = false;
          continue;
        }
        if (ch === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return fail(end.offset, end.message);
          i = end;
          afterValue();
          continue;
        }
        if (ch === '-' || (ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = i;
          const match = NUMBER.exec(text);
          if (!match) return fail(i, 'invalid number');
          const next = i + match[0].length;
          const following = text[next];
          if (following !== undefined && /[0-9]/.test(following) && /^-?0$/.test(match[0]))
            return fail(i, 'numbers cannot have leading zeros');
          if (following !== undefined && /[.eE0-9]/.test(following)) return fail(next, 'invalid number');
          i = next;
          afterValue();
          continue;
        }
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        if (literal) {
          i += literal.length;
          afterValue();
          continue;
        }
        if (ch === "'") return fail(i, 'strings need double quotes, not single quotes');
        const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40))?.[0];
        if (word)
          return fail(
            i,
            `unexpected ${JSON.stringify(word)}; expected a value (string, number, object, array, true, false or null)`,
          );
        return fail(i, `unexpected ${describeChar(ch)}; expected a value`);
      }
    }
  }
}

/** Offset just past the closing quote, or where and why the string is broken. */
function scanString(text: string, start: number): number | { offset: number; message: string } {
  let j = start + 1;
  for (;;) {
    if (j >= text.length) return { offset: text.length, message: 'unterminated string' };
    const ch = text[j]!;
    if (ch === '"') return j + 1;
    if (ch === '\\') {
      const escaped = text[j + 1];
      if (escaped === undefined) return { offset: text.length, message: 'unterminated string' };
      if (SIMPLE_ESCAPES.has(escaped)) {
        j += 2;
        continue;
      }
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6)))
          return { offset: j, message: 'bad \\u escape (needs 4 hex digits)' };
        j += 6;
        continue;
      }
      return { offset: j, message: `bad escape \\${escaped}` };
    }
    if (ch.charCodeAt(0) < 0x20) {
      return { offset: j, message: 'raw control character in a string (write \\n, \\t, …)' };
    }
    j++;
  }
}

function describeChar(ch: string): string {
  if (ch === '\n') return 'a line break';
  return `'${ch}'`;
}

function fallbackError(text: string, error: unknown): JsonSyntaxError {
  // The scanner accepted what JSON.parse refused (should not happen); keep the engine's own words.
  const message = error instanceof Error ? error.message : String(error);
  const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
  return { message, offset, ...lineAndColumn(text, offset) };
}
