/** One test per lint rule: it fires on the mistake, and it does not fire on the correct integration. */
import { describe, expect, it } from 'vitest';
import { EventLog, type LogInput } from '../../../src/log';
import { LINT_RULES, LintEngine, findingsByEvent, type LintOptions, type LintRuleId } from '../../../src/log/lint';
import { app, callState, ev } from './helpers';

const T0 = 1_767_802_000_000;

/** Runs every rule over the inputs and returns the findings of one rule as of `now`. */
function lint(
  inputs: LogInput[],
  ruleId: LintRuleId,
  options: { now?: number; lint?: Partial<LintOptions> } = {},
): Array<{ message: string; eventTypes: string[]; eventIds: readonly number[] }> {
  const log = new EventLog();
  log.add(inputs);
  const engine = new LintEngine(options.lint);
  engine.sync(log);
  const now = options.now ?? T0 + 1_000;
  return engine
    .findings(now)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({
      message: f.message,
      eventIds: f.eventIds,
      eventTypes: f.eventIds.map((id) => log.get(id)!.eventType),
    }));
}

const at = (s: number) => ({ t: T0 + s * 1000 });
const out = (s: number, origin: 'app' | 'devtools' = 'app') => ({ t: T0 + s * 1000, dir: 'out' as const, origin });
const joined = () => app(ev('system.replica_joined', 1, { replica_id: 'r1' }, { message_type: 'system' }), at(0));
const respond = (text: string, extra: Record<string, unknown> = {}) =>
  ev('conversation.respond', undefined, { text }, extra);
const toolCall = (seq: number, name: string, args: string, id?: string) =>
  ev('conversation.tool_call', seq, { name, arguments: args, ...(id ? { tool_call_id: id } : {}) });
const toolResult = (id: string) => ev('conversation.tool_result', undefined, { tool_call_id: id, output: 'ok' });
const echoChunk = (inferenceId: string, done: boolean) =>
  ev('conversation.echo', undefined, {
    modality: 'audio',
    audio: 'AAAAAA==',
    sample_rate: 24000,
    inference_id: inferenceId,
    done,
  });

describe('lint rules', () => {
  it('every rule has an id, a one-line explanation, the events involved and a severity', () => {
    const ids = LINT_RULES.map((r) => r.info.id);
    expect(new Set(ids).size).toBe(10);
    for (const { info } of LINT_RULES) {
      expect(info.explanation).not.toMatch(/\n/);
      expect(info.explanation.length).toBeLessThan(140);
      expect(info.events.length).toBeGreaterThan(0);
    }
  });

  describe('send-while-speaking', () => {
    const speaking = (seq: number, phase: 'started' | 'stopped', s: number) =>
      app(ev(`conversation.replica.${phase}_speaking`, seq), at(s));
    it('fires on a respond sent while the replica speaks, linking the started_speaking event', () => {
      const f = lint([joined(), speaking(2, 'started', 1), app(respond('hi'), out(2))], 'send-while-speaking');
      expect(f).toHaveLength(1);
      expect(f[0]!.eventTypes).toEqual(['conversation.respond', 'conversation.replica.started_speaking']);
    });
    it('does not fire after the replica stopped, nor on interrupt; an echo stream is flagged once', () => {
      expect(
        lint(
          [
            joined(),
            speaking(2, 'started', 1),
            app(ev('conversation.interrupt', undefined), out(1.5)),
            speaking(3, 'stopped', 2),
            app(respond('hi'), out(3)),
          ],
          'send-while-speaking',
        ),
      ).toEqual([]);
      const echo = lint(
        [
          joined(),
          speaking(2, 'started', 1),
          app(echoChunk('u1', false), out(2)),
          app(echoChunk('u1', true), out(2.1)),
        ],
        'send-while-speaking',
      );
      expect(echo).toHaveLength(1);
    });
  });

  describe('send-before-ready', () => {
    it('fires on a send before any join, heartbeat or replica speech', () => {
      const f = lint(
        [callState('joined', {}, at(0)), app(respond('too early'), out(1)), joined()],
        'send-before-ready',
      );
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toMatch(/conversation.respond sent before the replica was ready/);
      expect(f[0]!.message).not.toMatch(/capture may have started/);
    });
    it('does not fire once a heartbeat arrived', () => {
      const heartbeat = app(ev('system.replica_present', 1, { attempt: 1 }, { message_type: 'system' }), at(0));
      expect(lint([heartbeat, app(respond('now'), out(1))], 'send-before-ready')).toEqual([]);
    });
  });

  describe('duplicate-tool-call', () => {
    it('fires on the same name and arguments (any key order) within the window', () => {
      const f = lint(
        [
          app(toolCall(2, 'get_weather', '{"city":"Oslo","unit":"c"}', 'a'), at(1)),
          app(toolCall(3, 'get_weather', '{"unit":"c","city":"Oslo"}', 'b'), at(4)),
        ],
        'duplicate-tool-call',
      );
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toMatch(/get_weather called again with the same arguments 3.0 s after/);
      expect(f[0]!.eventIds).toHaveLength(2);
    });
    it('does not fire on other arguments or outside the window', () => {
      expect(
        lint(
          [
            app(toolCall(2, 'get_weather', '{"city":"Oslo"}'), at(1)),
            app(toolCall(3, 'get_weather', '{"city":"Bergen"}'), at(2)),
            app(toolCall(4, 'get_weather', '{"city":"Oslo"}'), at(20)),
          ],
          'duplicate-tool-call',
        ),
      ).toEqual([]);
    });
  });

  describe('tool-call-unanswered', () => {
    const call = app(toolCall(2, 'lookup_order', '{"id":4471}', 'call_1'), at(1));
    it('fires once the timer runs out, live against the clock passed in', () => {
      expect(lint([call], 'tool-call-unanswered', { now: T0 + 5_000 })).toEqual([]);
      const f = lint([call], 'tool-call-unanswered', { now: T0 + 13_000 });
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toBe('lookup_order (call_1) unanswered for 12 s');
    });
    it('does not fire when a tool_result answers it, or for canvas control tools', () => {
      expect(lint([call, app(toolResult('call_1'), out(3))], 'tool-call-unanswered', { now: T0 + 60_000 })).toEqual([]);
      const noId = app(toolCall(3, 'lookup_order', '{}'), at(1));
      const appended = app(ev('conversation.append_llm_context', undefined, { context: 'order shipped' }), out(2));
      expect(lint([noId, appended], 'tool-call-unanswered', { now: T0 + 60_000 })).toEqual([]);
      const canvas = app(toolCall(4, 'canvas_clear', '{}', 'call_c'), at(1));
      expect(lint([canvas], 'tool-call-unanswered', { now: T0 + 60_000 })).toEqual([]);
    });
  });

  describe('tool-result-unknown-id', () => {
    it('fires on a tool_result whose id no tool call carried', () => {
      const f = lint(
        [app(toolCall(2, 'x', '{}', 'call_1'), at(1)), app(toolResult('call_9'), out(2))],
        'tool-result-unknown-id',
      );
      expect(f.map((x) => x.message)).toEqual(['tool_result for "call_9", which no tool call in this capture carried']);
    });
    it('does not fire for a known id (perception tool calls included)', () => {
      const perception = ev('conversation.perception_tool_call', 3, {
        modality: 'audio',
        name: 'flag',
        arguments: '{}',
        tool_call_id: 'p1',
      });
      expect(
        lint(
          [
            app(toolCall(2, 'x', '{}', 'call_1'), at(1)),
            app(perception, at(1)),
            app(toolResult('call_1'), out(2)),
            app(toolResult('p1'), out(2)),
          ],
          'tool-result-unknown-id',
        ),
      ).toEqual([]);
    });
  });

  describe('context-over-limit', () => {
    const big = app(ev('conversation.append_llm_context', undefined, { context: 'x'.repeat(5000) }), out(1));
    it("fires over the call's limit (4096 by default)", () => {
      expect(lint([big], 'context-over-limit')[0]?.message).toMatch(/is \d{4} chars; the call's limit is 4096/);
    });
    it('does not fire under the limit the call reported', () => {
      expect(lint([big], 'context-over-limit', { lint: { limitFor: () => 8192 } })).toEqual([]);
    });
  });

  describe('echo-stream-unfinished', () => {
    it('fires when a stream stops without done, and when the inference_id changes before done', () => {
      const stopped = lint(
        [app(echoChunk('u1', false), out(1)), app(echoChunk('u1', false), out(1.1))],
        'echo-stream-unfinished',
        {
          now: T0 + 10_000,
        },
      );
      expect(stopped.map((f) => f.message)).toEqual([
        'audio echo "u1" stopped without done after 2 chunks (8.9 s ago)',
      ]);
      const changed = lint(
        [
          app(echoChunk('u1', false), out(1)),
          app(echoChunk('u2', false), out(1.1)),
          app(echoChunk('u2', true), out(1.2)),
        ],
        'echo-stream-unfinished',
        { now: T0 + 10_000 },
      );
      expect(changed.map((f) => f.message)).toEqual([
        'inference_id changed from "u1" to "u2" before done (after 1 chunks)',
      ]);
    });
    it('does not fire on a stream ending with done (inbound from a bot too)', () => {
      expect(
        lint([app(echoChunk('b1', false), at(1)), app(echoChunk('b1', true), at(1.1))], 'echo-stream-unfinished', {
          now: T0 + 60_000,
        }),
      ).toEqual([]);
    });
  });

  describe('sensitivity-both-keys', () => {
    const sensitivity = (properties: Record<string, string>) =>
      app(ev('conversation.sensitivity', undefined, properties), out(1));
    it('fires on both keys in one message', () => {
      expect(
        lint(
          [sensitivity({ participant_pause_sensitivity: 'low', participant_interrupt_sensitivity: 'high' })],
          'sensitivity-both-keys',
        ),
      ).toHaveLength(1);
    });
    it('does not fire on one key', () => {
      expect(lint([sensitivity({ participant_pause_sensitivity: 'low' })], 'sensitivity-both-keys')).toEqual([]);
    });
  });

  describe('conversation-id', () => {
    it("fires on a missing id, and on one that differs from the call's events (checked when they arrive)", () => {
      const f = lint(
        [
          app(respond('early', { conversation_id: 'c-old' }), out(0.5)),
          joined(),
          app({ message_type: 'conversation', event_type: 'conversation.respond', properties: { text: 'x' } }, out(1)),
        ],
        'conversation-id',
      );
      expect(f.map((x) => x.message)).toEqual([
        'conversation_id "c-old" differs from "c1" on this call\'s events',
        'conversation.respond has no conversation_id',
      ]);
      expect(f[0]!.eventTypes).toEqual(['conversation.respond', 'system.replica_joined']);
    });
    it('does not fire on the right id', () => {
      expect(lint([joined(), app(respond('ok'), out(1))], 'conversation-id')).toEqual([]);
    });
  });

  describe('inbound-over-limit', () => {
    const long = app(ev('conversation.utterance', 2, { role: 'replica', speech: 'y'.repeat(5000) }), at(1));
    it('reports an incoming message over the limit as information', () => {
      const log = new EventLog();
      log.add([long]);
      const engine = new LintEngine();
      engine.sync(log);
      const [f] = engine.findings(T0);
      expect(f).toMatchObject({ ruleId: 'inbound-over-limit', severity: 'info' });
    });
    it('does not report under the limit the call reported', () => {
      expect(lint([long], 'inbound-over-limit', { lint: { limitFor: () => 65536 } })).toEqual([]);
    });
  });
});

describe('LintEngine', () => {
  it('runs incrementally: events added later are linted once, disabled rules are filtered, markers index by event', () => {
    const log = new EventLog();
    const engine = new LintEngine();
    log.add([app(respond('early'), out(0))]);
    expect(engine.sync(log)).toBe(1);
    expect(engine.sync(log)).toBe(0);
    log.add([joined(), app(respond('fine'), out(1))]);
    expect(engine.sync(log)).toBe(2);
    const all = engine.findings(T0);
    expect(all.map((f) => f.ruleId)).toEqual(['send-before-ready']);
    expect(engine.findings(T0, new Set(['send-before-ready']))).toEqual([]);
    const byEvent = findingsByEvent(all);
    expect([...byEvent.keys()]).toEqual([all[0]!.eventIds[0]]);
  });

  it('continues after a log clear once reset, and counts events evicted before it saw them', () => {
    const log = new EventLog({ cap: 10 });
    const engine = new LintEngine();
    log.add(
      Array.from({ length: 30 }, (_, i) =>
        app(ev('conversation.utterance', i + 1, { role: 'user', speech: 'x' }), at(i)),
      ),
    );
    engine.sync(log);
    expect(engine.missed).toBeGreaterThan(0);
    log.clear();
    engine.reset();
    log.add([app(respond('after clear'), out(40))]);
    expect(engine.sync(log)).toBe(1);
    expect(engine.findings(T0).map((f) => f.ruleId)).toEqual(['send-before-ready']);
  });
});
