import { describe, expect, it } from 'vitest';
import {
  buildAppendContext,
  buildEchoText,
  buildInterrupt,
  buildObjectiveConfirmFor,
  buildOverwriteContext,
  buildRespond,
  buildSensitivity,
  buildToolResult,
  validateInteraction,
} from '../../../src/protocol/interactions';
import {
  buildFormMessage,
  buildRawMessage,
  DEFAULT_FORM_VALUES,
  FORM_KINDS,
  type FormValues,
} from '../../../src/panel/composer/forms';

const CID = 'c9e1a2b3c4d5';
const values = (patch: Partial<FormValues>): FormValues => ({ ...DEFAULT_FORM_VALUES, ...patch });
const jsonOf = (built: ReturnType<typeof buildFormMessage>) => {
  if (!built.ok) throw new Error(built.error);
  return JSON.stringify(built.data);
};

describe('buildFormMessage', () => {
  it('builds every form with the protocol builders, byte for byte', () => {
    expect(jsonOf(buildFormMessage('respond', values({ respondText: 'Explain the refund policy' }), CID))).toBe(
      JSON.stringify(buildRespond(CID, 'Explain the refund policy')),
    );
    expect(jsonOf(buildFormMessage('echo_text', values({ echoText: 'Hello' }), CID))).toBe(
      JSON.stringify(buildEchoText(CID, 'Hello')),
    );
    expect(
      jsonOf(
        buildFormMessage('echo_text', values({ echoText: 'Part', echoInferenceId: ' utt-1 ', echoDone: false }), CID),
      ),
    ).toBe(JSON.stringify(buildEchoText(CID, 'Part', { inferenceId: 'utt-1', done: false })));
    expect(jsonOf(buildFormMessage('interrupt', values({}), CID))).toBe(JSON.stringify(buildInterrupt(CID)));
    expect(jsonOf(buildFormMessage('overwrite_context', values({ overwriteContext: 'Step 3' }), CID))).toBe(
      JSON.stringify(buildOverwriteContext(CID, 'Step 3')),
    );
    expect(jsonOf(buildFormMessage('append_context', values({ appendContext: 'More' }), CID))).toBe(
      JSON.stringify(buildAppendContext(CID, 'More')),
    );
    expect(
      jsonOf(buildFormMessage('append_context', values({ appendContext: 'Done', appendJobStatus: 'completed' }), CID)),
    ).toBe(JSON.stringify(buildAppendContext(CID, 'Done', 'completed')));
    expect(
      jsonOf(
        buildFormMessage('sensitivity', values({ sensitivityField: 'interrupt', sensitivityLevel: 'superlow' }), CID),
      ),
    ).toBe(JSON.stringify(buildSensitivity(CID, { interrupt: 'superlow' })));
    expect(
      jsonOf(
        buildFormMessage(
          'tool_result',
          values({ toolCallId: 'call_1', toolOutput: '{"temp_f": 64}', toolStatus: 'error' }),
          CID,
        ),
      ),
    ).toBe(JSON.stringify(buildToolResult(CID, 'call_1', { temp_f: 64 }, 'error')));
    expect(
      jsonOf(
        buildFormMessage(
          'tool_result',
          values({ toolCallId: 'call_1', toolOutputKind: 'text', toolOutput: '64F, fog' }),
          CID,
        ),
      ),
    ).toBe(JSON.stringify(buildToolResult(CID, 'call_1', '64F, fog')));
  });

  it('objective confirm names the pending objective', () => {
    const message = buildFormMessage('objective_confirm', values({ objectiveName: ' confirm_identity ' }), CID);
    expect(jsonOf(message)).toBe(JSON.stringify(buildObjectiveConfirmFor(CID, 'confirm_identity')));
    expect(jsonOf(message)).toBe(
      '{"message_type":"conversation","event_type":"conversation.objective.confirm","conversation_id":"c9e1a2b3c4d5","properties":{"objective_name":"confirm_identity"}}',
    );
  });

  it('sends exactly one sensitivity key per message, whichever setting is chosen', () => {
    for (const field of ['pause', 'interrupt'] as const) {
      const message = buildFormMessage(
        'sensitivity',
        values({ sensitivityField: field, sensitivityLevel: 'low' }),
        CID,
      );
      if (!message.ok) throw new Error(message.error);
      const properties = (message.data as { properties: Record<string, unknown> }).properties;
      expect(Object.keys(properties)).toEqual([`participant_${field}_sensitivity`]);
      expect(validateInteraction(message.data).warnings).toEqual([]);
    }
  });

  it('marks undocumented sensitivity levels as warnings, not errors', () => {
    const built = buildFormMessage('sensitivity', values({ sensitivityLevel: 'auto' }), CID);
    if (!built.ok) throw new Error('expected a message');
    const validation = validateInteraction(built.data);
    expect(validation.ok).toBe(true);
    expect(validation.warnings.map((w) => w.path)).toContain('properties.participant_pause_sensitivity');
  });

  it('refuses tool output that is not valid JSON, with the position, or not an object', () => {
    const broken = buildFormMessage('tool_result', values({ toolCallId: 'c', toolOutput: '{"a": 1,,}' }), CID);
    expect(broken).toMatchObject({ ok: false, field: 'toolOutput', syntax: { offset: 8, line: 1, column: 9 } });
    expect(!broken.ok && broken.error).toContain('line 1, column 9');
    const array = buildFormMessage('tool_result', values({ toolCallId: 'c', toolOutput: '[1, 2]' }), CID);
    expect(array).toMatchObject({
      ok: false,
      field: 'toolOutput',
      error: expect.stringContaining('must be an object'),
    });
  });

  it('every form with defaults builds something (interrupt needs nothing at all)', () => {
    for (const kind of FORM_KINDS) expect(buildFormMessage(kind, DEFAULT_FORM_VALUES, CID).ok).toBe(true);
  });
});

describe('buildRawMessage', () => {
  it('parses JSON or says where it breaks', () => {
    expect(buildRawMessage('{"event_type": "x"}')).toEqual({ ok: true, data: { event_type: 'x' } });
    const broken = buildRawMessage('{\n  "event_type": "x"\n  "y": 1\n}');
    expect(broken).toMatchObject({ ok: false, field: 'raw', syntax: { line: 3, column: 3 } });
    expect(!broken.ok && broken.error).toMatch(/^JSON syntax error at line 3, column 3/);
  });

  it('unknown event types are warnings in raw mode (allowUnknownType)', () => {
    const built = buildRawMessage(
      '{"message_type":"conversation","event_type":"conversation.something_new","conversation_id":"c1"}',
    );
    if (!built.ok) throw new Error('expected JSON');
    const validation = validateInteraction(built.data, { allowUnknownType: true });
    expect(validation.ok).toBe(true);
    expect(validation.warnings[0]?.message).toContain('unknown interaction');
  });
});
