/**
 * Scripted behaviour of the simulated replica: what it does when the user's text matches a pattern. The panel's mock
 * replica lets the developer write these rules (one a line); the demo uses the built-in weather rule.
 *
 *   /weather in (\w+)/i -> tool get_weather {"location": "$1"} say "It is {output} in $1."
 *   /show (.+)/ -> perception vision notify_object_shown {"object": "$1"}
 *   /hello/ -> objective completed greet {"opening_words": "$0"}
 *   # a comment
 *
 * `$0`…`$9` in argument strings (and in the answer) are the match and its groups; `{output}` in the answer is the
 * app's tool result as a short phrase. A tool rule makes the replica send a `conversation.tool_call` and wait for the
 * app's `conversation.tool_result` (or an echo / append-context reply) before it answers.
 */

export interface ToolRule {
  kind: 'tool';
  match: RegExp;
  name: string;
  /** The call's arguments for this text (sent as a JSON string, as Tavus does). */
  argumentsFor(match: RegExpExecArray): Record<string, unknown>;
  /** What the replica says once the app answered: `output` is the result as a short phrase. */
  answer(output: string, failed: boolean, match: RegExpExecArray): string;
}

export interface PerceptionRule {
  kind: 'perception';
  match: RegExp;
  modality: 'vision' | 'audio';
  name: string;
  argumentsFor(match: RegExpExecArray): Record<string, unknown>;
}

export interface ObjectiveRule {
  kind: 'objective';
  match: RegExp;
  phase: 'activated' | 'completed' | 'pending';
  name: string;
  outputVariablesFor(match: RegExpExecArray): Record<string, unknown> | undefined;
}

export type ScriptRule = ToolRule | PerceptionRule | ObjectiveRule;

/** Runs `pattern` once against `text` from the start (a /g or /y pattern would otherwise keep state between turns). */
export function matchRule(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  return pattern.exec(text);
}

// ---- the text form ------------------------------------------------------------------------------------------------

export interface ScriptError {
  /** 1-based line of the script. */
  line: number;
  message: string;
}

export interface ParsedScript {
  rules: ScriptRule[];
  errors: ScriptError[];
}

/** Longest script the panel accepts: rules are for a handful of scenarios, not a program. */
export const MAX_SCRIPT_CHARS = 20_000;
const MAX_RULES = 100;
const PHASES = ['activated', 'completed', 'pending'] as const;
const NAME = /^[A-Za-z_][\w.-]{0,63}$/;

/** Parses the rule text; every line that is not a rule, a comment or blank is an error (and adds no rule). */
export function parseScript(text: string): ParsedScript {
  const rules: ScriptRule[] = [];
  const errors: ScriptError[] = [];
  if (text.length > MAX_SCRIPT_CHARS) {
    return { rules, errors: [{ line: 1, message: `The script is over ${MAX_SCRIPT_CHARS} characters.` }] };
  }
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parsed = parseRule(line);
    if (typeof parsed === 'string') errors.push({ line: index + 1, message: parsed });
    else if (rules.length >= MAX_RULES) errors.push({ line: index + 1, message: `More than ${MAX_RULES} rules.` });
    else rules.push(parsed);
  });
  return { rules, errors };
}

/** One rule, or why the line is not one. */
function parseRule(line: string): ScriptRule | string {
  const pattern = readRegex(line);
  if (typeof pattern === 'string') return pattern;
  let rest = line.slice(pattern.end).trimStart();
  if (!rest.startsWith('->')) return 'Expected "->" after the pattern.';
  rest = rest.slice(2).trim();
  const [keyword = '', ...words] = rest.split(/\s+/);
  const afterKeyword = rest.slice(keyword.length).trimStart();
  switch (keyword) {
    case 'tool': {
      const name = words[0] ?? '';
      if (!NAME.test(name)) return 'Expected a tool name after "tool" (letters, digits, _ . -).';
      const tail = readObjectThen(afterKeyword.slice(name.length).trimStart());
      if (typeof tail === 'string') return tail;
      let answerTemplate: string | undefined;
      if (tail.rest !== '') {
        const say = /^say\s+/.exec(tail.rest);
        if (!say) return `Unexpected "${clip(tail.rest)}": only say "…" may follow the arguments.`;
        const answer = readJsonString(tail.rest.slice(say[0].length));
        if (typeof answer === 'string') return answer;
        answerTemplate = answer.value;
      }
      const args = tail.object ?? {};
      return {
        kind: 'tool',
        match: pattern.regex,
        name,
        argumentsFor: (match) => fillGroups(args, match) as Record<string, unknown>,
        answer: (output, failed, match) =>
          answerTemplate !== undefined
            ? fillText(answerTemplate, match).split('{output}').join(output)
            : failed
              ? `Sorry, ${name} failed: ${output}.`
              : `Here is what ${name} returned: ${output}.`,
      };
    }
    case 'perception': {
      const modality = words[0];
      const name = words[1] ?? '';
      if (modality !== 'vision' && modality !== 'audio') return 'Expected "vision" or "audio" after "perception".';
      if (!NAME.test(name)) return 'Expected a tool name after the modality.';
      const tail = readObjectThen(afterKeyword.slice(modality.length).trimStart().slice(name.length).trimStart());
      if (typeof tail === 'string') return tail;
      if (tail.rest !== '') return `Unexpected "${clip(tail.rest)}" after the arguments.`;
      const args = tail.object ?? {};
      return {
        kind: 'perception',
        match: pattern.regex,
        modality,
        name,
        argumentsFor: (match) => fillGroups(args, match) as Record<string, unknown>,
      };
    }
    case 'objective': {
      const phase = words[0] as (typeof PHASES)[number];
      const name = words[1] ?? '';
      if (!PHASES.includes(phase)) return `Expected ${PHASES.join(', ')} after "objective".`;
      if (!NAME.test(name)) return 'Expected an objective name after the phase.';
      const tail = readObjectThen(afterKeyword.slice(phase.length).trimStart().slice(name.length).trimStart());
      if (typeof tail === 'string') return tail;
      if (tail.rest !== '') return `Unexpected "${clip(tail.rest)}" after the output variables.`;
      const variables = tail.object;
      return {
        kind: 'objective',
        match: pattern.regex,
        phase,
        name,
        outputVariablesFor: (match) =>
          variables === undefined ? undefined : (fillGroups(variables, match) as Record<string, unknown>),
      };
    }
    default:
      return `Unknown action "${clip(keyword)}": use tool, perception or objective.`;
  }
}

function clip(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

/** `/body/flags` at the start of the line (a `/` inside a class or after a backslash does not end it). */
function readRegex(line: string): { regex: RegExp; end: number } | string {
  if (!line.startsWith('/')) return 'A rule starts with a /pattern/ (e.g. /weather/i).';
  let inClass = false;
  for (let i = 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      const flags = /^[imsu]*/.exec(line.slice(i + 1))?.[0] ?? '';
      const body = line.slice(1, i);
      if (body === '') return 'The pattern is empty.';
      try {
        return { regex: new RegExp(body, flags), end: i + 1 + flags.length };
      } catch (error) {
        return `Bad pattern: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  }
  return 'The pattern has no closing "/".';
}

/** An optional JSON object at the start of `text`, and what follows it. */
function readObjectThen(text: string): { object: Record<string, unknown> | undefined; rest: string } | string {
  if (!text.startsWith('{')) return { object: undefined, rest: text };
  const end = jsonValueEnd(text);
  if (end === undefined) return 'The arguments object is not closed.';
  let value: unknown;
  try {
    value = JSON.parse(text.slice(0, end));
  } catch (error) {
    return `The arguments are not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The arguments must be an object.';
  return { object: value as Record<string, unknown>, rest: text.slice(end).trim() };
}

function readJsonString(text: string): { value: string } | string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('"')) return 'Expected a quoted answer after "say".';
  try {
    const value: unknown = JSON.parse(trimmed);
    if (typeof value === 'string') return { value };
  } catch {
    /* reported below */
  }
  return 'The answer after "say" must be one "quoted string" ending the line.';
}

/** Index just past the JSON object that starts `text` (strings and escapes respected), if it closes. */
function jsonValueEnd(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** `$0`…`$9` in a string become the match and its groups ('' for a group that did not take part). */
export function fillText(template: string, match: RegExpExecArray): string {
  return template.replace(/\$(\d)/g, (_all, digit: string) => match[Number(digit)] ?? '');
}

function fillGroups(value: unknown, match: RegExpExecArray): unknown {
  if (typeof value === 'string') return fillText(value, match);
  if (Array.isArray(value)) return value.map((item) => fillGroups(item, match));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillGroups(item, match)]));
  return value;
}
