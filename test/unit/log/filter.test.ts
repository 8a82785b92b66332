import { describe, expect, it } from 'vitest';
import { EventLog, filterSuggestions, parseFilter, type CompiledFilter } from '../../../src/log';
import { app, callState, ev } from './helpers';

function compile(text: string): CompiledFilter {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(`${result.error} @${result.position}`);
  return result.filter;
}

function errorOf(text: string): { error: string; position: number } {
  const result = parseFilter(text);
  if (result.ok) throw new Error(`expected an error for ${text}`);
  return { error: result.error, position: result.position };
}

function sampleLog(): EventLog {
  const log = new EventLog();
  log.add([
    callState('joined', {}, { callId: 'abc123' }),
    app(
      ev(
        'conversation.utterance',
        1,
        { role: 'user', speech: 'What is the Refund policy?' },
        { turn_idx: 3, inference_id: 'inf-user-1' },
      ),
      { callId: 'abc123' },
    ),
    app(
      ev(
        'conversation.tool_call',
        2,
        { name: 'lookup_order', arguments: '{"order":4471}' },
        { turn_idx: 3, inference_id: 'inf-user-1' },
      ),
      { callId: 'abc123' },
    ),
    app(
      ev(
        'conversation.utterance',
        5,
        { role: 'pal', speech: 'Refunds take five days.' },
        { turn_idx: 4, inference_id: 'inf-pal-2' },
      ),
      { callId: 'abc123' },
    ),
    app(
      ev(
        'conversation.utterance',
        4,
        { role: 'replica', speech: 'Let me check.' },
        { turn_idx: 4, inference_id: 'inf-rep-2' },
      ),
      { callId: 'abc123' },
    ),
    app(ev('conversation.utterance', 4, { role: 'replica', speech: 'Let me check!' }, { turn_idx: 4 }), {
      callId: 'abc123',
    }),
    app(ev('conversation.tool_result', undefined, { tool_call_id: 'x', output: 'shipped' }), {
      callId: 'abc123',
      dir: 'out',
      origin: 'devtools',
    }),
    app(ev('conversation.respond', undefined, { text: 'hello' }), { callId: 'zzz', dir: 'out' }),
    app(null, { callId: 'zzz', json: '{broken' }),
  ]);
  return log;
}

function ids(log: EventLog, text: string): Array<number | string> {
  const view = log.view({ filter: compile(text), collapseStreams: false });
  return Array.from({ length: view.length }, (_, i) => {
    const row = view.at(i)!;
    return row.type === 'gap' ? `gap${row.gap.fromSeq}` : row.event.id;
  });
}

describe('parseFilter', () => {
  it('parses terms, quotes, keys, negation and regexes', () => {
    expect(compile('').isEmpty).toBe(true);
    expect(compile('   ').isEmpty).toBe(true);
    const f = compile('Refund "five days" -type:tool role:"replica" /ref+und/i -/x/');
    expect(f.terms.map((t) => [t.type, t.negated, t.type === 'key' ? t.key : '', t.value])).toEqual([
      ['text', false, '', 'refund'],
      ['text', false, '', 'five days'],
      ['key', true, 'type', 'tool'],
      ['key', false, 'role', 'replica'],
      ['regex', false, '', '/ref+und/i'],
      ['regex', true, '', '/x/'],
    ]);
    expect(compile('"say \\"hi\\""').terms[0]).toMatchObject({ value: 'say "hi"' });
    expect(compile('/a b[/]c/').terms[0]).toMatchObject({ value: '/a b[/]c/' });
  });

  it('reports clear errors with positions instead of throwing', () => {
    expect(errorOf('abc "unclosed')).toEqual({ error: 'unclosed quote: add a closing "', position: 4 });
    expect(errorOf('x /abc')).toEqual({ error: 'unterminated /regex/: add a closing /', position: 2 });
    expect(errorOf('/(/').error).toMatch(/^invalid regex: /);
    expect(errorOf('/a/Q').error).toBe('invalid regex flags "Q"');
    expect(errorOf('/(a+)+$/').error).toMatch(/nested quantifier/);
    expect(errorOf('/(\\w*)*x/').error).toMatch(/nested quantifier/);
    expect(errorOf('turn:5-3').error).toBe('turn: range 5-3 is backwards');
    expect(errorOf('turn:abc').error).toBe('turn: expects a number or a range like 3-5');
    expect(errorOf('dir:sideways').error).toBe('dir: expects in or out');
    expect(errorOf('origin:moon').error).toBe('origin: expects remote, app, devtools, replay, mock');
    expect(errorOf('anomaly:weird').error).toMatch(/^anomaly: expects one of any, gap/);
    expect(parseFilter(42 as unknown as string).ok).toBe(true);
  });

  it('warns about unknown keys, empty values and ignored flags', () => {
    const result = parseFilter('speech:hello type: /x/g http://example.com');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      'unknown key "speech": searching for the text "speech:hello"',
      'type: has no value yet',
      'regex flags g and y are ignored',
      'unknown key "http": searching for the text "http://example.com"',
    ]);
    expect(result.filter.terms.map((t) => t.value)).toEqual(['speech:hello', '/x/g', 'http://example.com']);
  });
});

describe('filter matching', () => {
  const log = sampleLog();

  it('free text is case-insensitive over the payload JSON', () => {
    expect(ids(log, 'refund')).toEqual([1, 3]);
    expect(ids(log, 'REFUND policy')).toEqual([1]);
    expect(ids(log, '"five days"')).toEqual([3]);
    expect(ids(log, '-refund -broken')).toEqual([0, 2, 'gap3', 4, 5, 6, 7]); // negated terms keep gap rows
  });

  it('type: matches event_type or kind by prefix', () => {
    expect(ids(log, 'type:conversation.tool')).toEqual([2, 6]);
    expect(ids(log, 'type:tool_c')).toEqual([2]);
    expect(ids(log, 'type:daily')).toEqual([0]);
    expect(ids(log, 'type:call_state')).toEqual([0]);
    expect(ids(log, 'type:malformed')).toEqual([8]);
  });

  it('role:, turn:, seq:, inference:, dir:, call:, origin:', () => {
    expect(ids(log, 'role:replica')).toEqual([4, 5, 3]);
    expect(ids(log, 'role:pal')).toEqual([3]);
    expect(ids(log, 'role:user')).toEqual([1]);
    expect(ids(log, 'turn:3')).toEqual([1, 2]);
    expect(ids(log, 'turn:4')).toEqual([4, 5, 3, 6]); // the tool_result (unknown id) joins the current turn
    expect(ids(log, 'turn:3-4')).toEqual([1, 2, 4, 5, 3, 6]);
    expect(ids(log, 'seq:2-4')).toEqual([2, 'gap3', 4, 5]);
    expect(ids(log, 'inference:INF-USER')).toEqual([1, 2]);
    expect(ids(log, 'dir:out')).toEqual([6, 7]);
    expect(ids(log, 'call:zz')).toEqual([7, 8]);
    expect(ids(log, 'origin:devtools')).toEqual([6]);
    expect(ids(log, 'origin:remote dir:in type:utterance -role:pal')).toEqual([1, 4, 5]);
  });

  it('anomaly: matches flags and gap rows', () => {
    expect(ids(log, 'anomaly:ooo')).toEqual([4]);
    expect(ids(log, 'anomaly:dup')).toEqual([5]);
    expect(ids(log, 'anomaly:late')).toEqual([4]);
    expect(ids(log, 'anomaly:malformed')).toEqual([8]);
    expect(ids(log, 'anomaly:gap')).toEqual(['gap3']);
    expect(ids(log, 'anomaly:any')).toEqual(['gap3', 4, 5, 8]);
    expect(ids(log, 'anomaly:problem')).toEqual([8]);
    expect(ids(log, 'call:abc').includes('gap3')).toBe(true);
    expect(ids(log, '-anomaly:gap').includes('gap3')).toBe(false);
    expect(ids(log, 'seq:3').includes('gap3')).toBe(true);
    expect(ids(log, 'refund').includes('gap3')).toBe(false);
  });

  it('regex terms', () => {
    expect(ids(log, '/Refund/')).toEqual([1, 3]);
    expect(ids(log, '/refunds? take/i')).toEqual([3]);
    expect(ids(log, '/"seq":\\d{1}/ -/"seq":[12]/')).toEqual([4, 5, 3]);
  });
});

describe('filterSuggestions', () => {
  const log = sampleLog();

  it('suggests keys for a bare word', () => {
    expect(filterSuggestions('', log).map((s) => s.label)).toEqual([
      'type:',
      'role:',
      'turn:',
      'seq:',
      'inference:',
      'dir:',
      'call:',
      'anomaly:',
      'origin:',
    ]);
    const [turn] = filterSuggestions('refund tu', log);
    expect(turn).toEqual({
      label: 'turn:',
      detail: 'turn number or range, e.g. 3 or 3-5',
      text: 'refund turn:',
      cursor: 12,
    });
  });

  it('suggests values seen in the log', () => {
    expect(filterSuggestions('type:conversation.t', log).map((s) => s.text)).toEqual([
      'type:conversation.tool_call',
      'type:conversation.tool_result',
    ]);
    expect(filterSuggestions('type:ut', log).map((s) => s.label)).toEqual(['type:utterance']);
    expect(filterSuggestions('role:', log).map((s) => s.label)).toEqual(['role:user', 'role:replica', 'role:pal']);
    expect(filterSuggestions('turn:', log).map((s) => s.label)).toEqual(['turn:3', 'turn:4']);
    expect(filterSuggestions('inference:inf-p', log).map((s) => s.label)).toEqual(['inference:inf-pal-2']);
    expect(filterSuggestions('call:', log).map((s) => s.label)).toEqual(['call:abc123', 'call:zzz']);
    expect(filterSuggestions('anomaly:d', log).map((s) => s.label)).toEqual(['anomaly:dup']);
    expect(filterSuggestions('nope:x', log)).toEqual([]);
  });

  it('keeps negation and the rest of the text, and places the caret', () => {
    const [s] = filterSuggestions('refund -dir:o type:x', log, 13);
    expect(s).toEqual({
      label: 'dir:out',
      detail: 'sent by the app or DevTools',
      text: 'refund -dir:out type:x',
      cursor: 15,
    });
  });

  it('quotes values with spaces', () => {
    const spaced = new EventLog();
    spaced.add([app(ev('my event', 1, {}), { callId: 'call one' })]);
    expect(filterSuggestions('type:my', spaced).map((s) => s.text)).toEqual(['type:"my event"']);
    expect(compile('type:"my event"').matches(spaced.get(0)!)).toBe(true);
  });
});
