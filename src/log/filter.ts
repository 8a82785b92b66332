/**
 * The filter language of the event list. Terms are separated by spaces and all must match:
 *
 *   refund                free text, case-insensitive, anywhere in the payload JSON text
 *   "refund policy"       a quoted phrase (\" and \\ escape inside quotes)
 *   type:conversation.utt event_type or kind, prefix (type:tool matches tool_call and tool_result)
 *   role:replica          normalised role (pal counts as replica) or the raw role, prefix
 *   turn:3   turn:3-5     turn number or inclusive range
 *   seq:120  seq:100-200  sender seq or range
 *   inference:5b0c        inference_id prefix
 *   dir:in | dir:out
 *   call:1795             call id prefix
 *   anomaly:any|gap|ooo|dup|late|malformed|problem
 *   origin:app|devtools|remote|replay|mock
 *   /regex/flags          JavaScript regex over the payload text (first 20,000 chars)
 *   -term                 negates any term
 *
 * Parse errors come back as values with a position; nothing throws. Gap markers only match `anomaly:gap`,
 * `anomaly:any` and `call:` terms (so an empty filter shows them and `type:utterance` hides them).
 */
import type { GapMarker, LogEvent, LogKind, TypeInfo } from './types';
import { MESSAGE_ORIGINS } from '../record/record';

export const FILTER_KEYS = ['type', 'role', 'turn', 'seq', 'inference', 'dir', 'call', 'anomaly', 'origin'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const ANOMALY_NAMES = ['any', 'gap', 'ooo', 'dup', 'late', 'malformed', 'problem'] as const;
export type AnomalyName = (typeof ANOMALY_NAMES)[number];

export const FILTER_KEY_HELP: Readonly<Record<FilterKey, string>> = {
  type: 'event_type or kind (prefix)',
  role: 'user, replica (includes pal) or pal',
  turn: 'turn number or range, e.g. 3 or 3-5',
  seq: 'sender seq or range, e.g. 120 or 100-200',
  inference: 'inference_id (prefix)',
  dir: 'in or out',
  call: 'call id (prefix)',
  anomaly: 'any, gap, ooo, dup, late, malformed or problem',
  origin: 'app, devtools, remote, replay or mock',
};

/** Only this much of each payload is given to a user regex, so a slow pattern stays bounded. */
export const REGEX_TEXT_LIMIT = 20_000;

export type FilterTerm =
  | { readonly negated: boolean; readonly type: 'text'; readonly value: string }
  | { readonly negated: boolean; readonly type: 'regex'; readonly value: string; readonly regex: RegExp }
  | { readonly negated: boolean; readonly type: 'key'; readonly key: FilterKey; readonly value: string };

/**
 * Answers a free-text term for an event: whether its `searchText` includes `needle` (already lower-cased). A view
 * build passes one that searches all events at once (see SearchCorpus); without it each event is searched alone.
 */
export type TextSearch = (needle: string, event: LogEvent) => boolean;

export interface CompiledFilter {
  /** Unique per compiled filter: views cache per-event results under it. */
  readonly id: number;
  readonly text: string;
  readonly terms: readonly FilterTerm[];
  readonly isEmpty: boolean;
  matches(event: LogEvent, search?: TextSearch): boolean;
  matchesGap(gap: GapMarker): boolean;
}

export type FilterParseResult =
  | { readonly ok: true; readonly filter: CompiledFilter; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: string; readonly position: number };

let nextFilterId = 1;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

class ParseError {
  constructor(
    readonly message: string,
    readonly position: number,
  ) {}
}

/** Reads a quoted string starting at text[i] === '"'. Returns the value and the index after the closing quote. */
function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '"') return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw new ParseError('unclosed quote: add a closing "', start);
}

/** Reads /pattern/flags starting at text[i] === '/'. */
function readRegex(text: string, start: number): { source: string; flags: string; end: number } {
  let i = start + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i++;
  }
  if (i >= text.length) throw new ParseError('unterminated /regex/: add a closing /', start);
  const source = text.slice(start + 1, i);
  i++;
  const flagsStart = i;
  while (i < text.length && !isSpace(text[i])) i++;
  const flags = text.slice(flagsStart, i);
  if (!/^[a-z]*$/.test(flags)) throw new ParseError(`invalid regex flags "${flags}"`, flagsStart);
  if (source === '') throw new ParseError('empty /regex/', start);
  return { source, flags, end: i };
}

/**
 * Nested quantifiers like (a+)+ or (\w*)* can take exponential time; refuse them instead of freezing the panel.
 * A cheap structural check, not a proof: it looks for a quantified group that itself contains a quantifier.
 */
function hasNestedQuantifier(source: string): boolean {
  const stack: boolean[] = [];
  let current = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      stack.push(current);
      current = false;
    } else if (c === ')') {
      const inner = current;
      current = stack.pop() ?? false;
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || next === '{';
      if (quantified && inner) return true;
      if (inner || quantified) current = true;
    } else if (c === '*' || c === '+' || c === '{') current = true;
  }
  return false;
}

function compileRegex(source: string, flags: string, position: number, warnings: string[]): RegExp {
  let cleanFlags = flags;
  if (/[gy]/.test(flags)) {
    cleanFlags = flags.replace(/[gy]/g, '');
    warnings.push('regex flags g and y are ignored');
  }
  if (hasNestedQuantifier(source))
    throw new ParseError('regex has a nested quantifier like (a+)+ which can hang the panel; simplify it', position);
  try {
    return new RegExp(source, cleanFlags);
  } catch (error) {
    throw new ParseError(`invalid regex: ${error instanceof Error ? error.message : String(error)}`, position);
  }
}

const RANGE = /^(\d{1,15})(?:-(\d{1,15}))?$/;

function checkKeyValue(key: FilterKey, value: string, position: number): string {
  const lower = value.toLowerCase();
  switch (key) {
    case 'turn':
    case 'seq': {
      const m = RANGE.exec(value);
      if (!m) throw new ParseError(`${key}: expects a number or a range like 3-5`, position);
      if (m[2] !== undefined && Number(m[2]) < Number(m[1]))
        throw new ParseError(`${key}: range ${value} is backwards`, position);
      return value;
    }
    case 'dir':
      if (lower !== 'in' && lower !== 'out') throw new ParseError('dir: expects in or out', position);
      return lower;
    case 'origin':
      if (!(MESSAGE_ORIGINS as readonly string[]).includes(lower))
        throw new ParseError(`origin: expects ${MESSAGE_ORIGINS.join(', ')}`, position);
      return lower;
    case 'anomaly':
      if (!(ANOMALY_NAMES as readonly string[]).includes(lower))
        throw new ParseError(`anomaly: expects one of ${ANOMALY_NAMES.join(', ')}`, position);
      return lower;
    default:
      return lower;
  }
}

function parseTerms(text: string, warnings: string[]): FilterTerm[] {
  const terms: FilterTerm[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) break;
    const termStart = i;
    let negated = false;
    if (text[i] === '-' && i + 1 < n && !isSpace(text[i + 1])) {
      negated = true;
      i++;
    }
    if (text[i] === '"') {
      const { value, end } = readQuoted(text, i);
      i = end;
      if (value !== '') terms.push({ negated, type: 'text', value: value.toLowerCase() });
      continue;
    }
    if (text[i] === '/') {
      const { source, flags, end } = readRegex(text, i);
      terms.push({
        negated,
        type: 'regex',
        value: `/${source}/${flags}`,
        regex: compileRegex(source, flags, termStart, warnings),
      });
      i = end;
      continue;
    }
    const wordStart = i;
    while (i < n && !isSpace(text[i]) && text[i] !== ':' && text[i] !== '"') i++;
    const head = text.slice(wordStart, i);
    if (text[i] === ':') {
      const keyName = head.toLowerCase();
      const isKey = (FILTER_KEYS as readonly string[]).includes(keyName);
      i++;
      let value: string;
      if (text[i] === '"') {
        const quoted = readQuoted(text, i);
        value = quoted.value;
        i = quoted.end;
      } else {
        const valueStart = i;
        while (i < n && !isSpace(text[i])) i++;
        value = text.slice(valueStart, i);
      }
      if (isKey) {
        const key = keyName as FilterKey;
        if (value === '') {
          warnings.push(`${key}: has no value yet`);
          continue;
        }
        terms.push({ negated, type: 'key', key, value: checkKeyValue(key, value, termStart) });
      } else {
        const whole = `${head}:${value}`;
        if (/^[a-z_]+$/i.test(head)) warnings.push(`unknown key "${head}": searching for the text "${whole}"`);
        terms.push({ negated, type: 'text', value: whole.toLowerCase() });
      }
      continue;
    }
    if (text[i] === '"') {
      // A quote glued to a word: take the word, then the quoted phrase as its own term.
      if (head !== '') terms.push({ negated, type: 'text', value: head.toLowerCase() });
      continue;
    }
    if (head !== '') terms.push({ negated, type: 'text', value: head.toLowerCase() });
  }
  return terms;
}

/**
 * Case-insensitive prefix test against an already lower-cased prefix, without allocating a lower-cased copy of
 * the text (this runs 100k times per filter build).
 */
function startsWithFolded(text: string | undefined, prefix: string): boolean {
  if (text === undefined || text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) code += 32;
    else if (code > 127) return text.toLowerCase().startsWith(prefix);
    if (code !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

/** A checked `turn:`/`seq:` value as numbers (parsed once per filter, not once per event). */
interface NumberRange {
  readonly lo: number;
  readonly hi: number;
}

function parseRange(spec: string): NumberRange {
  const m = RANGE.exec(spec)!;
  const lo = Number(m[1]);
  return { lo, hi: m[2] === undefined ? lo : Number(m[2]) };
}

function inRange(value: number | undefined, range: NumberRange): boolean {
  return value !== undefined && value >= range.lo && value <= range.hi;
}

function matchAnomaly(event: LogEvent, name: string): boolean {
  switch (name) {
    case 'any':
      return event.outOfOrder || event.duplicate || event.late || event.kind === 'malformed';
    case 'ooo':
      return event.outOfOrder;
    case 'dup':
      return event.duplicate;
    case 'late':
      return event.late;
    case 'malformed':
      return event.kind === 'malformed';
    case 'problem':
      return event.problems.length > 0;
    default:
      return false;
  }
}

function matchType(eventType: string, kind: LogKind, canonicalType: string | undefined, prefix: string): boolean {
  return startsWithFolded(eventType, prefix) || kind.startsWith(prefix) || startsWithFolded(canonicalType, prefix);
}

/** What a compiled term keeps beside its text: a `type:` term's answers by shared TypeInfo (see TypeTable, decided
 * once per distinct type), a `turn:`/`seq:` term's numbers. */
interface TermState {
  readonly typeMemo: Map<TypeInfo, boolean> | undefined;
  readonly range: NumberRange | undefined;
}

function termState(term: FilterTerm): TermState {
  const isKey = term.type === 'key';
  return {
    typeMemo: isKey && term.key === 'type' ? new Map() : undefined,
    range: isKey && (term.key === 'turn' || term.key === 'seq') ? parseRange(term.value) : undefined,
  };
}

function matchTerm(term: FilterTerm, event: LogEvent, search: TextSearch | undefined, state: TermState): boolean {
  switch (term.type) {
    case 'text':
      return search ? search(term.value, event) : event.searchText.includes(term.value);
    case 'regex': {
      const text = event.payloadText;
      return term.regex.test(text.length > REGEX_TEXT_LIMIT ? text.slice(0, REGEX_TEXT_LIMIT) : text);
    }
    case 'key':
      switch (term.key) {
        case 'type': {
          const info = event.typeInfo;
          const typeMemo = state.typeMemo;
          if (info && typeMemo) {
            let known = typeMemo.get(info);
            if (known === undefined) {
              known = matchType(info.eventType, info.kind, info.canonicalType, term.value);
              typeMemo.set(info, known);
            }
            return known;
          }
          return matchType(event.eventType, event.kind, event.classified?.canonicalType, term.value);
        }
        case 'role':
          return (event.role?.startsWith(term.value) ?? false) || startsWithFolded(event.rawRole, term.value);
        case 'turn':
          return inRange(event.turn, state.range!);
        case 'seq':
          return inRange(event.seq, state.range!);
        case 'inference':
          return startsWithFolded(event.inferenceId, term.value);
        case 'dir':
          return event.dir === term.value;
        case 'call':
          return startsWithFolded(event.callId, term.value);
        case 'anomaly':
          return matchAnomaly(event, term.value);
        case 'origin':
          return event.origin === term.value;
      }
  }
}

function matchGapTerm(term: FilterTerm, gap: GapMarker): boolean {
  if (term.type !== 'key') return false;
  if (term.key === 'anomaly') return term.value === 'gap' || term.value === 'any';
  if (term.key === 'call') return startsWithFolded(gap.callId, term.value);
  if (term.key === 'seq') {
    const { lo, hi } = parseRange(term.value);
    return gap.fromSeq <= hi && gap.toSeq >= lo;
  }
  return false;
}

/** Parses and compiles a filter. Empty or blank text gives an empty filter that matches everything. */
export function parseFilter(text: string): FilterParseResult {
  const warnings: string[] = [];
  let terms: FilterTerm[];
  try {
    terms = parseTerms(typeof text === 'string' ? text : '', warnings);
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message, position: error.position };
    return { ok: false, error: String(error), position: 0 };
  }
  const frozen = Object.freeze(terms);
  const states = frozen.map(termState);
  const filter: CompiledFilter = {
    id: nextFilterId++,
    text,
    terms: frozen,
    isEmpty: frozen.length === 0,
    matches(event, search) {
      for (let i = 0; i < frozen.length; i++) {
        const term = frozen[i]!;
        if (matchTerm(term, event, search, states[i]!) === term.negated) return false;
      }
      return true;
    },
    matchesGap(gap) {
      for (const term of frozen) if (matchGapTerm(term, gap) === term.negated) return false;
      return true;
    },
  };
  return { ok: true, filter, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Suggestions

export interface FilterVocabularySource {
  vocabulary(): {
    readonly eventTypes: readonly string[];
    readonly kinds: readonly string[];
    readonly roles: readonly string[];
    readonly turns: readonly number[];
    readonly calls: readonly string[];
    readonly inferenceIds: readonly string[];
  };
}

export interface FilterSuggestion {
  /** What to show in the list. */
  readonly label: string;
  readonly detail: string;
  /** The whole filter text after accepting the suggestion. */
  readonly text: string;
  /** Caret position after accepting it. */
  readonly cursor: number;
}

const MAX_SUGGESTIONS = 30;

/**
 * Completions for the term under the caret: key names (`ty` → `type:`), and for `key:partial` the values seen in the
 * log (event types and kinds, roles, turns, calls, recent inference ids) or the fixed value lists.
 */
export function filterSuggestions(
  text: string,
  log: FilterVocabularySource,
  cursor: number = text.length,
): FilterSuggestion[] {
  const caret = Math.max(0, Math.min(cursor, text.length));
  let start = caret;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  let token = text.slice(start, caret);
  let prefix = '';
  if (token.startsWith('-')) {
    prefix = '-';
    token = token.slice(1);
  }
  const before = text.slice(0, start);
  let end = caret;
  while (end < text.length && !isSpace(text[end])) end++;
  const after = text.slice(end);
  const make = (label: string, replacement: string, detail: string): FilterSuggestion => {
    const head = `${before}${prefix}${replacement}`;
    return { label, detail, text: `${head}${after}`, cursor: head.length };
  };

  const colon = token.indexOf(':');
  if (colon < 0) {
    const lower = token.toLowerCase();
    return FILTER_KEYS.filter((key) => key.startsWith(lower) && key !== lower).map((key) =>
      make(`${key}:`, `${key}:`, FILTER_KEY_HELP[key]),
    );
  }
  const key = token.slice(0, colon).toLowerCase();
  if (!(FILTER_KEYS as readonly string[]).includes(key)) return [];
  const partial = token
    .slice(colon + 1)
    .replace(/^"/, '')
    .toLowerCase();
  const vocab = log.vocabulary();
  let values: Array<{ value: string; detail: string }>;
  switch (key as FilterKey) {
    case 'type':
      values = [
        ...vocab.eventTypes.map((value) => ({ value, detail: 'event_type' })),
        ...vocab.kinds.map((value) => ({ value, detail: 'kind' })),
      ];
      break;
    case 'role': {
      const roles = new Set(['user', 'replica', 'pal', ...vocab.roles.map((r) => r.toLowerCase())]);
      values = [...roles].map((value) => ({ value, detail: value === 'replica' ? 'replica or pal' : 'role' }));
      break;
    }
    case 'turn':
      values = vocab.turns.map((turn) => ({ value: String(turn), detail: 'turn' }));
      break;
    case 'seq':
      values = [];
      break;
    case 'inference':
      values = vocab.inferenceIds.map((value) => ({ value, detail: 'inference_id' }));
      break;
    case 'dir':
      values = [
        { value: 'in', detail: 'from the replica' },
        { value: 'out', detail: 'sent by the app or DevTools' },
      ];
      break;
    case 'call':
      values = vocab.calls.map((value) => ({ value, detail: 'call' }));
      break;
    case 'anomaly':
      values = ANOMALY_NAMES.map((value) => ({ value, detail: 'anomaly' }));
      break;
    case 'origin':
      values = MESSAGE_ORIGINS.map((value) => ({ value, detail: 'origin' }));
      break;
  }
  const out: FilterSuggestion[] = [];
  const seen = new Set<string>();
  for (const { value, detail } of values) {
    if (out.length >= MAX_SUGGESTIONS) break;
    const lower = value.toLowerCase();
    if (!lower.startsWith(partial) || seen.has(lower)) continue;
    seen.add(lower);
    const written = /[\s"]/.test(value) ? `"${value.replace(/["\\]/g, '\\$&')}"` : value;
    out.push(make(`${key}:${value}`, `${key}:${written}`, detail));
  }
  return out;
}
