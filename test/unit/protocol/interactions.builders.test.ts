import { describe, expect, it } from 'vitest';
import {
  INTERACTION_EVENT_TYPES,
  TOOL_RESULT_PLACEHOLDER,
  buildAppendContext,
  buildEchoAudio,
  buildEchoText,
  buildInteractionTemplate,
  buildInterrupt,
  buildObjectiveConfirm,
  buildOverwriteContext,
  buildRealtimeApi,
  buildRespond,
  buildSensitivity,
  buildToolResult,
  toSendAppMessageSnippet,
  toolCallReplyTemplates,
  validateInteraction,
} from '../../../src/protocol/interactions';

const CID = 'c9e1a2b3c4d5';

/** Tavus's documented interaction examples (docs/protocol.md §3), verbatim; JSON.parse keeps key order, so stringify compares order too. */
const README_EXAMPLES = {
  echoText: `{ "message_type": "conversation", "event_type": "conversation.echo", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "modality": "text", "text": "Welcome back, Priya. Shall we pick up where we left off?", "done": true } }`,
  echoAudio: `{ "message_type": "conversation", "event_type": "conversation.echo", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "modality": "audio", "audio": "AAD+/wIA/P8EAPv/...", "sample_rate": 24000,
                  "inference_id": "echo-7f3c2a10-0001", "done": false } }`,
  respond: `{ "message_type": "conversation", "event_type": "conversation.respond", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "text": "Can you explain the refund policy again?" } }`,
  interrupt: `{ "message_type": "conversation", "event_type": "conversation.interrupt", "conversation_id": "c9e1a2b3c4d5" }`,
  overwrite: `{ "message_type": "conversation", "event_type": "conversation.overwrite_llm_context", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "context": "The user is now on step 3 (billing). Their plan is Pro, renewing on 2026-07-01." } }`,
  append: `{ "message_type": "conversation", "event_type": "conversation.append_llm_context", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "context": "Lookup result: order #4471 shipped yesterday via UPS." } }`,
  sensitivity: `{ "message_type": "conversation", "event_type": "conversation.sensitivity", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "participant_pause_sensitivity": "high", "participant_interrupt_sensitivity": "low" } }`,
  toolResult: `{ "message_type": "conversation", "event_type": "conversation.tool_result", "conversation_id": "c9e1a2b3c4d5",
  "properties": { "tool_call_id": "call_01HZX3K9", "output": { "temp_f": 64, "sky": "fog" }, "status": "success" } }`,
};

const canonical = (jsonText: string) => JSON.stringify(JSON.parse(jsonText));

describe('builders reproduce the README wire objects byte for byte', () => {
  it.each([
    ['echoText', buildEchoText(CID, 'Welcome back, Priya. Shall we pick up where we left off?')],
    [
      'echoAudio',
      buildEchoAudio(CID, {
        audio: 'AAD+/wIA/P8EAPv/...',
        sampleRate: 24000,
        inferenceId: 'echo-7f3c2a10-0001',
        done: false,
      }),
    ],
    ['respond', buildRespond(CID, 'Can you explain the refund policy again?')],
    ['interrupt', buildInterrupt(CID)],
    [
      'overwrite',
      buildOverwriteContext(CID, 'The user is now on step 3 (billing). Their plan is Pro, renewing on 2026-07-01.'),
    ],
    ['append', buildAppendContext(CID, 'Lookup result: order #4471 shipped yesterday via UPS.')],
    ['sensitivity', buildSensitivity(CID, { pause: 'high', interrupt: 'low' })],
    ['toolResult', buildToolResult(CID, 'call_01HZX3K9', { temp_f: 64, sky: 'fog' })],
  ] as const)('%s', (name, built) => {
    expect(JSON.stringify(built)).toBe(canonical(README_EXAMPLES[name]));
  });
});

describe('builder options', () => {
  it('puts inference_id before done on a text echo and honours done:false', () => {
    expect(JSON.stringify(buildEchoText(CID, 'hi', { inferenceId: 'u1', done: false }).properties)).toBe(
      '{"modality":"text","text":"hi","inference_id":"u1","done":false}',
    );
  });

  it('adds job_status after context only when given', () => {
    expect(JSON.stringify(buildAppendContext(CID, 'x', 'completed').properties)).toBe(
      '{"context":"x","job_status":"completed"}',
    );
    expect(buildAppendContext(CID, 'x').properties).not.toHaveProperty('job_status');
  });

  it('leaves out sensitivity levels that are not given', () => {
    expect(buildSensitivity(CID, { interrupt: 'verylow' }).properties).toEqual({
      participant_interrupt_sensitivity: 'verylow',
    });
  });

  it('builds an error tool result with string output', () => {
    expect(JSON.stringify(buildToolResult(CID, 'call_1', 'weather service down', 'error').properties)).toBe(
      '{"tool_call_id":"call_1","output":"weather service down","status":"error"}',
    );
  });

  it('sends objective.confirm properties only when given, and realtime_api wraps the event body', () => {
    expect(buildObjectiveConfirm(CID)).toEqual({
      message_type: 'conversation',
      event_type: 'conversation.objective.confirm',
      conversation_id: CID,
    });
    expect(buildObjectiveConfirm(CID, { objective_name: 'kyc' }).properties).toEqual({ objective_name: 'kyc' });
    expect(buildRealtimeApi(CID, { type: 'session.update', session: { voice: 'alloy' } }).properties).toEqual({
      type: 'session.update',
      session: { voice: 'alloy' },
    });
  });

  it('has a template for every interaction that validates without errors once filled in', () => {
    for (const eventType of INTERACTION_EVENT_TYPES) {
      const template = buildInteractionTemplate(eventType, CID);
      expect(template.event_type).toBe(eventType);
      const result = validateInteraction(template);
      // Templates carry empty placeholders; the only errors allowed are "fill me in" ones.
      for (const error of result.errors) expect(error.message).toMatch(/must not be empty/);
    }
  });
});

describe('toSendAppMessageSnippet', () => {
  it('wraps pretty JSON in a sendAppMessage call to everyone', () => {
    expect(toSendAppMessageSnippet(buildInterrupt(CID))).toBe(
      [
        'call.sendAppMessage({',
        '  "message_type": "conversation",',
        '  "event_type": "conversation.interrupt",',
        '  "conversation_id": "c9e1a2b3c4d5"',
        "}, '*');",
      ].join('\n'),
    );
  });

  it('is JavaScript that evaluates back to the same data', () => {
    const message = buildRespond(CID, 'It\'s "quoted"\n\u2028 and é');
    const snippet = toSendAppMessageSnippet(message, "o'brien-session");
    const sent: unknown[] = [];
    new Function('call', snippet)({ sendAppMessage: (...args: unknown[]) => sent.push(args) });
    expect(sent).toEqual([[message, "o'brien-session"]]);
  });

  it('lists several recipients as an array', () => {
    expect(toSendAppMessageSnippet({ a: 1 }, ['s1', 's2'])).toBe(
      "call.sendAppMessage({\n  \"a\": 1\n}, ['s1', 's2']);",
    );
  });

  it('explains instead of throwing for data with no JSON form', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(toSendAppMessageSnippet(circular)).toMatch(/^\/\/ cannot build a snippet: /);
    expect(toSendAppMessageSnippet(undefined)).toBe('// cannot build a snippet: the data has no JSON form');
    expect(toSendAppMessageSnippet({ n: 1n })).toMatch(/^\/\/ cannot build a snippet/);
  });
});

describe('toolCallReplyTemplates', () => {
  const registryCall = {
    name: 'get_weather',
    arguments: '{"city": "San Francisco"}',
    tool_call_id: 'call_01HZX3K9',
    conversation_id: CID,
  };

  it('prefills a tool_result for registry-era calls and recommends it', () => {
    const [toolResult, echo, append] = toolCallReplyTemplates(registryCall);
    expect(toolResult.kind).toBe('tool_result');
    expect(toolResult.recommended).toBe(true);
    expect(toolResult.message).toEqual(buildToolResult(CID, 'call_01HZX3K9', { result: TOOL_RESULT_PLACEHOLDER }));
    expect(validateInteraction(toolResult.message).ok).toBe(true);
    expect(echo.kind).toBe('echo_text');
    expect(echo.message.properties.text).toBe(TOOL_RESULT_PLACEHOLDER);
    expect(append.kind).toBe('append_llm_context');
    expect(append.recommended).toBe(false);
    expect(append.message.properties.context).toBe(
      'Result of the tool call get_weather({"city":"San Francisco"}): <result>',
    );
  });

  it('recommends the older append_llm_context reply when the call has no tool_call_id', () => {
    const templates = toolCallReplyTemplates({ name: 'lookup', arguments: { id: 7 } });
    expect(templates.map((template) => [template.kind, template.recommended])).toEqual([
      ['tool_result', false],
      ['echo_text', false],
      ['append_llm_context', true],
    ]);
    const toolResult = templates[0];
    expect(toolResult.note).toMatch(/no tool_call_id/);
    // The empty id is flagged, so nobody sends it by accident.
    expect(validateInteraction(toolResult.message).errors.map((error) => error.path)).toContain(
      'properties.tool_call_id',
    );
    expect(templates[2].message.conversation_id).toBe('');
  });

  it('copes with unparseable, huge or odd arguments', () => {
    const [, , broken] = toolCallReplyTemplates({ name: 'f', arguments: '{not json' });
    expect(broken.message.properties.context).toContain('f({not json)');
    const [, , huge] = toolCallReplyTemplates({ name: 'f', arguments: JSON.stringify({ blob: 'x'.repeat(5000) }) });
    expect(huge.message.properties.context.length).toBeLessThan(500);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => toolCallReplyTemplates({ name: 'f', arguments: circular })).not.toThrow();
    expect(() => toolCallReplyTemplates({ name: 'f', arguments: undefined })).not.toThrow();
  });
});
