import { describe, expect, it } from 'vitest';
import { MAX_SCRIPT_CHARS, parseScript, type ScriptRule } from '../../../src/sim/script';
import { SimDriver, prop } from './sim-harness';

const only = (text: string): ScriptRule => {
  const parsed = parseScript(text);
  expect(parsed.errors).toEqual([]);
  expect(parsed.rules).toHaveLength(1);
  return parsed.rules[0]!;
};
const exec = (rule: ScriptRule, text: string) => {
  const match = rule.match.exec(text);
  if (!match) throw new Error(`no match for ${text}`);
  return match;
};

describe('parseScript', () => {
  it('reads a tool rule with arguments filled from the groups and an answer template', () => {
    const rule = only(
      '/weather in (\\w+)/i -> tool get_weather {"location": "$1", "days": [1, "$1"]} say "It is {output} in $1."',
    );
    expect(rule.kind).toBe('tool');
    if (rule.kind !== 'tool') return;
    expect(rule.name).toBe('get_weather');
    const match = exec(rule, 'What is the WEATHER in Oslo?');
    expect(rule.argumentsFor(match)).toEqual({ location: 'Oslo', days: [1, 'Oslo'] });
    expect(rule.answer('sunny, 20 C', false, match)).toBe('It is sunny, 20 C in Oslo.');
  });

  it('gives a tool rule without arguments or answer a default answer, for success and failure', () => {
    const rule = only('/lookup/ -> tool lookup_order');
    if (rule.kind !== 'tool') throw new Error('kind');
    const match = exec(rule, 'lookup please');
    expect(rule.argumentsFor(match)).toEqual({});
    expect(rule.answer('order 7 shipped', false, match)).toBe('Here is what lookup_order returned: order 7 shipped.');
    expect(rule.answer('timeout', true, match)).toBe('Sorry, lookup_order failed: timeout.');
  });

  it('reads perception and objective rules, skips comments and blank lines', () => {
    const parsed = parseScript(
      [
        '# scenario: badge check',
        '',
        '/badge/ -> perception vision notify_badge_shown {"object": "$0"}',
        '/tone/ -> perception audio flag_tone_change',
        '/hello (\\w+)/ -> objective completed greet {"name": "$1"}',
        '/bye/ -> objective pending confirm_consent',
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rules.map((r) => r.kind)).toEqual(['perception', 'perception', 'objective', 'objective']);
    const objective = parsed.rules[2]!;
    if (objective.kind !== 'objective') throw new Error('kind');
    expect(objective.outputVariablesFor(exec(objective, 'hello Ann'))).toEqual({ name: 'Ann' });
    const pending = parsed.rules[3]!;
    if (pending.kind !== 'objective') throw new Error('kind');
    expect(pending.outputVariablesFor(exec(pending, 'bye'))).toBeUndefined();
  });

  it('reports each bad line with its number and a reason, and keeps the good ones', () => {
    const parsed = parseScript(
      [
        '/ok/ -> tool fine',
        'weather -> tool x',
        '/unclosed -> tool x',
        '/(/ -> tool x',
        '/a/ tool x',
        '/a/ -> tool',
        '/a/ -> tool x {"a": 1',
        '/a/ -> tool x [1]',
        '/a/ -> tool x {"a": 1} shout "hi"',
        '/a/ -> tool x say hi',
        '/a/ -> perception smell x',
        '/a/ -> objective finished x',
        '/a/ -> dance',
        '//  -> tool x',
      ].join('\n'),
    );
    expect(parsed.rules).toHaveLength(1);
    expect(parsed.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(parsed.errors[0]!.message).toMatch(/starts with a \/pattern\//);
    expect(parsed.errors[2]!.message).toMatch(/Bad pattern/);
    expect(parsed.errors[11]!.message).toMatch(/Unknown action "dance"/);
  });

  it('takes a "/" inside a character class or escaped as part of the pattern', () => {
    const rule = only('/a[/]b\\/c/ -> tool t');
    expect(rule.match.test('a/b/c')).toBe(true);
  });

  it('refuses a script over the size limit and more than 100 rules', () => {
    expect(parseScript('#'.repeat(MAX_SCRIPT_CHARS + 1)).errors).toHaveLength(1);
    const many = parseScript(Array.from({ length: 101 }, (_, i) => `/r${i}/ -> tool t${i}`).join('\n'));
    expect(many.rules).toHaveLength(100);
    expect(many.errors).toEqual([{ line: 101, message: 'More than 100 rules.' }]);
  });
});

describe('a simulator with a script', () => {
  const script = (text: string) => parseScript(text).rules;

  it('calls the scripted tool, waits for the tool_result and answers from it', () => {
    const driver = new SimDriver();
    driver.sim.setScript(script('/order (\\d+)/ -> tool lookup_order {"id": "$1"} say "Order $1: {output}."'));
    driver.joinAndWait().respond('where is order 42?').runUntilIdle();
    const [call] = driver.events(['conversation.tool_call']);
    expect(prop(call, 'name')).toBe('lookup_order');
    expect(JSON.parse(prop<string>(call, 'arguments'))).toEqual({ id: '42' });
    expect(driver.sim.awaitedToolCall?.toolCallId).toBe(prop(call, 'tool_call_id'));
    // Nothing is said while the replica waits for the app.
    expect(driver.events(['conversation.utterance']).filter((e) => prop(e, 'role') === 'replica')).toHaveLength(0);
    const mark = driver.emitted.length;
    expect(
      driver.send('conversation.tool_result', { tool_call_id: prop(call, 'tool_call_id'), output: 'shipped' }),
    ).toBe('accepted');
    driver.runUntilIdle();
    const answer = driver.events(['conversation.utterance'], mark).find((e) => prop(e, 'role') === 'replica');
    expect(prop(answer, 'speech')).toBe('Order 42: shipped.');
    expect(driver.sim.awaitedToolCall).toBeUndefined();
  });

  it('replaces the built-in weather tool: with a script that has no weather rule, weather is just talk', () => {
    const driver = new SimDriver();
    driver.sim.setScript(script('/order/ -> tool lookup_order'));
    driver.joinAndWait().respond('what is the weather in Paris?').runUntilIdle();
    expect(driver.events(['conversation.tool_call'])).toHaveLength(0);
    const plain = new SimDriver().joinAndWait().respond('what is the weather in Paris?').runUntilIdle();
    expect(prop(plain.events(['conversation.tool_call'])[0], 'name')).toBe('get_weather');
  });

  it('emits scripted perception tool calls and objectives for a matching user turn, in script order', () => {
    const driver = new SimDriver();
    driver.sim.setScript(
      script(
        [
          '/badge/ -> perception vision notify_badge_shown {"object": "visitor $0"}',
          '/badge/ -> objective completed show_badge {"shown": true}',
          '/nothing/ -> objective completed never',
        ].join('\n'),
      ),
    );
    driver.joinAndWait().respond('here is my badge').runUntilIdle();
    const [perception] = driver.events(['conversation.perception_tool_call']);
    expect(prop(perception, 'modality')).toBe('vision');
    expect(prop(perception, 'arguments')).toEqual({ object: 'visitor badge' });
    expect(prop<unknown[]>(perception, 'frames')).toHaveLength(1);
    const objectives = driver.events(['conversation.objective.completed']);
    expect(objectives.map((e) => prop(e, 'objective_name'))).toEqual(['show_badge']);
    expect(prop(objectives[0], 'output_variables')).toEqual({ shown: true });
  });

  it('adopts the conversation id the app uses', () => {
    const driver = new SimDriver().joinAndWait();
    driver.sim.useConversationId('c-live');
    driver.respond('hi').runUntilIdle();
    expect(driver.emitted.at(-1)!.conversation_id).toBe('c-live');
  });
});
