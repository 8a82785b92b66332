/**
 * One test per event and variant of protocol README §8 (the December 2026 update): the kind, the fields read and the
 * one-line summary.
 */
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/protocol/classify';

const CID = 'c9e1a2b3c4d5';
const envelope = { message_type: 'conversation', conversation_id: CID, seq: 40, turn_idx: 3, timestamp: 1767802214.5 };

describe('§8 objectives', () => {
  it('conversation.objective.activated: objective_name read', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.objective.activated',
      properties: { objective_name: 'collect_contact' },
    });
    expect(c).toMatchObject({
      kind: 'objective',
      canonicalType: 'conversation.objective.activated',
      objective: { phase: 'activated', name: 'collect_contact' },
      seq: 40,
      problems: [],
      variants: [],
    });
    expect(c.summary).toBe('objective collect_contact activated');
  });

  it('conversation.objective.completed: objective_name and output_variables read', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.objective.completed',
      properties: { objective_name: 'collect_contact', output_variables: { email: 'p@example.com', plan: 'pro' } },
    });
    expect(c).toMatchObject({
      kind: 'objective',
      objective: {
        phase: 'completed',
        name: 'collect_contact',
        outputVariables: { email: 'p@example.com', plan: 'pro' },
      },
      problems: [],
    });
    expect(c.summary).toBe('objective collect_contact completed · {"email":"p@example.com","plan":"pro"}');
  });

  it('conversation.objective.pending: objective_name read; a missing name and bad output_variables are reported', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.objective.pending',
      properties: { objective_name: 'confirm_identity' },
    });
    expect(c.objective).toEqual({ phase: 'pending', name: 'confirm_identity' });
    expect(c.summary).toBe('objective confirm_identity pending');
    const bad = classifyMessage({
      event_type: 'conversation.objective.completed',
      properties: { output_variables: 'x' },
    });
    expect(bad.problems).toEqual(['no objective_name', 'output_variables is a string, not an object']);
  });

  it('conversation.objective.confirm (the app reply) is an objective with phase confirm', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.objective.confirm',
      properties: { objective_name: 'confirm_identity' },
    });
    expect(c.objective).toEqual({ phase: 'confirm', name: 'confirm_identity' });
    expect(c.summary).toBe('objective confirm_identity confirm');
    expect(classifyMessage({ event_type: 'conversation.objective.confirm' }).problems).toEqual([]);
  });
});

describe('§8 heartbeat', () => {
  it('system.replica_present: its own kind, attempt read', () => {
    const c = classifyMessage({
      message_type: 'system',
      event_type: 'system.replica_present',
      conversation_id: CID,
      properties: { attempt: 7 },
    });
    expect(c).toMatchObject({
      kind: 'heartbeat',
      canonicalType: 'system.replica_present',
      heartbeat: { attempt: 7 },
      problems: [],
      variants: [],
    });
    expect(c.summary).toBe('replica present · attempt 7');
    expect(classifyMessage({ event_type: 'system.replica_present' }).summary).toBe('replica present');
  });
});

describe('§8 guardrails', () => {
  it('guardrail_name read beside guardrail and reason', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.guardrail.triggered',
      properties: { guardrail_name: 'no_medical_advice', guardrail_uuid: 'g-17', reason: 'asked for a diagnosis' },
    });
    expect(c).toMatchObject({
      kind: 'guardrail',
      guardrail: { name: 'no_medical_advice', uuid: 'g-17', reason: 'asked for a diagnosis' },
    });
    expect(c.summary).toBe('guardrail "no_medical_advice": "asked for a diagnosis"');
  });

  it('recognised by guardrail_name alone under an unknown event_type', () => {
    const c = classifyMessage({ event_type: 'conversation.policy_hit', properties: { guardrail_name: 'pii' } });
    expect(c.kind).toBe('guardrail');
    expect(c.guardrail?.name).toBe('pii');
  });
});

describe('§8 perception analysis', () => {
  it('conversation.perception-analysis (hyphen) is perception_analysis with a note', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.perception-analysis',
      properties: { analysis: 'Attention: high' },
    });
    expect(c).toMatchObject({
      kind: 'perception_analysis',
      canonicalType: 'conversation.perception_analysis',
      speech: 'Attention: high',
    });
    expect(c.variants.join()).toMatch(/hyphenated name/);
    expect(c.summary).toBe('15 chars: "Attention: high"');
  });
});

describe('§8 roles and shapes seen in the wild', () => {
  it.each(['assistant', 'agent'])('role "%s" is the replica, with a note, not a problem', (role) => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.utterance',
      properties: { role, speech: 'Hello' },
    });
    expect(c.role).toBe('replica');
    expect(c.rawRole).toBe(role);
    expect(c.problems).toEqual([]);
    expect(c.variants.join()).toMatch(new RegExp(`role "${role}" treated as the replica`));
  });

  it('data arriving as a JSON string is parsed, with a note', () => {
    const c = classifyMessage(
      JSON.stringify({ ...envelope, event_type: 'conversation.respond', properties: { text: 'Hi there' } }),
    );
    expect(c).toMatchObject({ kind: 'respond', speech: 'Hi there', conversationId: CID, summary: '"Hi there"' });
    expect(c.variants).toContain('data arrived as a JSON string (parsed; Tavus sends an object)');
    // A string that is not a JSON object stays malformed, with the reason.
    expect(classifyMessage('hello')).toMatchObject({
      kind: 'malformed',
      problems: ['data is a string, not an object'],
    });
    expect(classifyMessage('{not json').kind).toBe('malformed');
  });

  it('in-call system.shutdown reads reason (the webhook reads shutdown_reason)', () => {
    const c = classifyMessage({
      message_type: 'system',
      event_type: 'system.shutdown',
      conversation_id: CID,
      properties: { reason: 'participant_left_timeout reached' },
    });
    expect(c).toMatchObject({ kind: 'system', shutdownReason: 'participant_left_timeout reached' });
    expect(c.summary).toBe('shutdown: participant_left_timeout reached');
    expect(c.variants.join()).toMatch(/in-call shutdown carries reason/);
    const webhook = classifyMessage({ event_type: 'system.shutdown', properties: { shutdown_reason: 'x' } });
    expect(webhook.shutdownReason).toBe('x');
    expect(webhook.variants).toEqual([]);
  });

  it('tool_calls arrays: the first call is read, the rest named', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.tool_call',
      properties: {
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
          { name: 'get_time', arguments: '{}', tool_call_id: 'call_2' },
        ],
      },
    });
    expect(c).toMatchObject({
      kind: 'tool_call',
      toolName: 'get_weather',
      toolCallId: 'call_1',
      toolArguments: { city: 'Oslo' },
    });
    expect(c.summary).toBe('get_weather({"city":"Oslo"}) · call_1 · +1 more: get_time');
    expect(c.variants.join()).toMatch(/tool_calls array of 2/);
  });
});

describe('§8 Magic Canvas and tool replies', () => {
  it('a tool call with top-level canvas_config: read and summarised; a tool_result is expected', () => {
    const c = classifyMessage({
      ...envelope,
      event_type: 'conversation.tool_call',
      canvas_config: { component: 'chart', title: 'Revenue' },
      properties: { name: 'show_chart', arguments: '{"q":"revenue"}', tool_call_id: 'call_9' },
    });
    expect(c).toMatchObject({
      kind: 'tool_call',
      canvasConfig: { component: 'chart', title: 'Revenue' },
      expectsToolResult: true,
    });
    expect(c.summary).toBe('show_chart({"q":"revenue"}) · call_9 · canvas_config');
  });

  it.each(['canvas_clear', 'update_component'])('canvas control tool %s expects no tool_result', (name) => {
    const c = classifyMessage({ event_type: 'conversation.tool_call', properties: { name, arguments: '{}' } });
    expect(c.expectsToolResult).toBe(false);
    expect(c.summary).toMatch(/canvas control \(no tool_result expected\)$/);
  });
});

describe('§8 unknown stays raw with the reason', () => {
  it('an unknown name keeps its properties preview and says why', () => {
    const c = classifyMessage({ event_type: 'conversation.replica.start_speaking', properties: { a: 1 } });
    expect(c).toMatchObject({
      kind: 'unknown',
      problems: ['unrecognised event_type "conversation.replica.start_speaking"'],
      summary: '{"a":1}',
    });
  });
});
