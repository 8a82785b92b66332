import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INTERACTION_EVENT_TYPES,
  buildAppendContext,
  buildEchoAudio,
  buildEchoText,
  buildInterrupt,
  buildObjectiveConfirm,
  buildObjectiveConfirmFor,
  buildOverwriteContext,
  buildRealtimeApi,
  buildRespond,
  buildSensitivity,
  buildToolResult,
  validateInteraction,
  type Issue,
} from '../../../src/protocol/interactions';

const CID = 'c9e1a2b3c4d5';
const envelope = (eventType: string, extra: Record<string, unknown> = {}) => ({
  message_type: 'conversation',
  event_type: eventType,
  conversation_id: CID,
  ...extra,
});
const paths = (issues: Issue[]) => issues.map((issue) => issue.path);
const find = (issues: Issue[], path: string) => issues.find((issue) => issue.path === path)?.message;

describe('well-formed interactions pass cleanly', () => {
  it.each([
    buildRespond(CID, 'hello'),
    buildEchoText(CID, 'hello'),
    buildEchoAudio(CID, { audio: 'AAABAAIA', sampleRate: 24000, inferenceId: 'u1', done: true }),
    buildInterrupt(CID),
    buildOverwriteContext(CID, 'ctx'),
    buildAppendContext(CID, 'ctx'),
    buildAppendContext(CID, 'ctx', 'completed'),
    buildSensitivity(CID, { interrupt: 'high' }),
    buildSensitivity(CID, { pause: 'medium' }),
    buildToolResult(CID, 'call_1', { ok: true }),
    buildToolResult(CID, 'call_1', 'plain text', 'error'),
  ])('$event_type', (message) => {
    const result = validateInteraction(message);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.eventType).toBe(message.event_type);
    expect(result.size).toBe(JSON.stringify(message).length);
  });
});

describe('envelope', () => {
  it('rejects non-objects with a reason', () => {
    for (const input of [null, 'text', 42, [], [buildInterrupt(CID)]]) {
      const result = validateInteraction(input);
      expect(result.ok).toBe(false);
      expect(result.errors.at(-1)?.message).toMatch(/^an interaction must be a JSON object, got /);
    }
    expect(validateInteraction([]).errors.at(-1)?.message).toBe('an interaction must be a JSON object, got an array');
  });

  it('requires message_type "conversation" and an event_type', () => {
    const result = validateInteraction({ conversation_id: CID });
    expect(find(result.errors, 'message_type')).toBe('message_type is required ("conversation")');
    expect(find(result.errors, 'event_type')).toMatch(/^event_type is required/);
    expect(result.eventType).toBeUndefined();
    expect(find(validateInteraction({ ...buildInterrupt(CID), message_type: 'system' }).errors, 'message_type')).toBe(
      'message_type must be "conversation", got "system"',
    );
    expect(find(validateInteraction(envelope('')).errors, 'event_type')).toMatch(/must not be empty/);
  });

  it('warns about a missing or empty conversation_id, rejects a non-string one', () => {
    const { conversation_id: _omitted, ...withoutId } = buildRespond(CID, 'hi');
    const missing = validateInteraction(withoutId);
    expect(missing.ok).toBe(true);
    expect(find(missing.warnings, 'conversation_id')).toMatch(/conversation_id is missing/);
    expect(find(validateInteraction(buildRespond('', 'hi')).warnings, 'conversation_id')).toMatch(
      /conversation_id is empty/,
    );
    const numeric = validateInteraction({ ...buildRespond(CID, 'hi'), conversation_id: 12 });
    expect(find(numeric.errors, 'conversation_id')).toMatch(/^conversation_id must be a string .*got 12$/);
  });

  it('warns, not errors, about unknown top-level fields, with hints for misplaced ones', () => {
    const result = validateInteraction({ ...buildEchoText(CID, 'hi'), inference_id: 'x', extra: 1 });
    expect(result.ok).toBe(true);
    expect(find(result.warnings, 'inference_id')).toMatch(/inside properties/);
    expect(find(result.warnings, 'extra')).toMatch(/^unknown field "extra"/);
  });

  it('rejects properties that are not an object', () => {
    const result = validateInteraction(envelope('conversation.respond', { properties: ['hi'] }));
    expect(find(result.errors, 'properties')).toBe('properties must be a JSON object, got an array');
    expect(result.errors).toHaveLength(1);
  });
});

describe('unknown event types', () => {
  it('are an error listing the known interactions', () => {
    const result = validateInteraction(envelope('conversation.dance'));
    expect(result.ok).toBe(false);
    expect(result.eventType).toBe('conversation.dance');
    const message = find(result.errors, 'event_type')!;
    expect(message).toMatch(/^unknown interaction "conversation.dance" \(known: /);
    for (const known of INTERACTION_EVENT_TYPES) expect(message).toContain(known);
  });

  it('downgrade to a warning in raw mode', () => {
    const result = validateInteraction(envelope('conversation.dance', { properties: { anything: [1] } }), {
      allowUnknownType: true,
    });
    expect(result.ok).toBe(true);
    expect(find(result.warnings, 'event_type')).toMatch(/unknown interaction .*sent as raw data$/);
  });

  it('suggest the documented name for known misspellings and events', () => {
    expect(find(validateInteraction(envelope('conversation.overwrite_context')).errors, 'event_type')).toContain(
      'did you mean "conversation.overwrite_llm_context"',
    );
    expect(find(validateInteraction(envelope('respond')).errors, 'event_type')).toContain(
      'did you mean "conversation.respond"',
    );
    expect(find(validateInteraction(envelope('conversation.utterance')).errors, 'event_type')).toContain(
      'an event Tavus broadcasts',
    );
  });
});

describe('conversation.respond and the context interactions', () => {
  it('need their text field', () => {
    expect(find(validateInteraction(envelope('conversation.respond')).errors, 'properties.text')).toMatch(
      /^text is required/,
    );
    expect(
      find(
        validateInteraction(envelope('conversation.respond', { properties: { text: 5 } })).errors,
        'properties.text',
      ),
    ).toBe('text must be a string, got 5');
    expect(find(validateInteraction(buildRespond(CID, '')).warnings, 'properties.text')).toMatch(/text is empty/);
  });

  it('point out the legacy "text" spelling of context', () => {
    const result = validateInteraction(envelope('conversation.overwrite_llm_context', { properties: { text: 'ctx' } }));
    expect(find(result.errors, 'properties.context')).toMatch(/^context is required/);
    expect(find(result.warnings, 'properties.text')).toMatch(/Tavus reads properties.context/);
  });

  it('mention job_status once when it is put on overwrite_llm_context', () => {
    const result = validateInteraction(
      envelope('conversation.overwrite_llm_context', { properties: { context: 'c', job_status: 'completed' } }),
    );
    expect(result.warnings).toEqual([
      { path: 'properties.job_status', message: 'job_status is only documented on conversation.append_llm_context' },
    ]);
  });

  it('flag undocumented job_status values', () => {
    expect(validateInteraction(buildAppendContext(CID, 'c', 'completed')).warnings).toEqual([]);
    expect(
      find(validateInteraction(buildAppendContext(CID, 'c', 'running')).warnings, 'properties.job_status'),
    ).toMatch(/undocumented/);
    expect(find(validateInteraction(buildAppendContext(CID, '')).warnings, 'properties.context')).toMatch(
      /nothing is appended/,
    );
  });
});

describe('conversation.echo', () => {
  it('needs a modality', () => {
    const result = validateInteraction(envelope('conversation.echo', { properties: { type: 'audio', audio: 'AAAA' } }));
    expect(find(result.errors, 'properties.modality')).toBe('modality is required ("text" | "audio")');
    expect(find(result.warnings, 'properties.type')).toMatch(/Pipecat sent "type"/);
    const speech = validateInteraction(
      envelope('conversation.echo', { properties: { modality: 'speech', text: 'x' } }),
    );
    expect(find(speech.errors, 'properties.modality')).toBe('modality must be "text" | "audio", got "speech"');
  });

  it('text: requires text, accepts the legacy done:"true" with a warning', () => {
    expect(
      find(
        validateInteraction(envelope('conversation.echo', { properties: { modality: 'text' } })).errors,
        'properties.text',
      ),
    ).toMatch(/^text is required/);
    const legacy = validateInteraction(
      envelope('conversation.echo', { properties: { modality: 'text', text: 'hi', done: 'true' } }),
    );
    expect(legacy.ok).toBe(true);
    expect(find(legacy.warnings, 'properties.done')).toMatch(/string "true" \(2024 docs\)/);
    const wrongDone = validateInteraction(
      envelope('conversation.echo', { properties: { modality: 'text', text: 'hi', done: 'yes' } }),
    );
    expect(find(wrongDone.errors, 'properties.done')).toBe('done must be true or false, got "yes"');
  });

  it('text: warns about audio-only fields', () => {
    const result = validateInteraction(
      envelope('conversation.echo', { properties: { modality: 'text', text: 'hi', sample_rate: 24000 } }),
    );
    expect(find(result.warnings, 'properties.sample_rate')).toMatch(/ignored when modality is "text"/);
  });

  it('audio: checks the base64 and warns about odd byte counts', () => {
    const audio = (value: unknown, extra: Record<string, unknown> = {}) =>
      validateInteraction(
        envelope('conversation.echo', {
          properties: { modality: 'audio', audio: value, sample_rate: 24000, inference_id: 'u', done: false, ...extra },
        }),
      );
    expect(find(audio('AA-B').errors, 'properties.audio')).toMatch(
      /^audio is not valid base64: invalid base64 character "-" at position 2/,
    );
    expect(find(audio(42).errors, 'properties.audio')).toMatch(/^audio must be a base64 string/);
    expect(find(audio('AAA=').warnings, 'properties.audio')).toBeUndefined(); // 2 bytes: one sample
    expect(find(audio('AA==').warnings, 'properties.audio')).toBe(
      'audio decodes to 1 bytes; 16-bit PCM needs an even count',
    );
    expect(audio('AAAA', { sample_rate: 24000.5 }).errors.map((error) => error.message)).toContain(
      'sample_rate must be a whole number of Hz',
    );
    expect(audio('AAAA', { sample_rate: 0 }).ok).toBe(false);
  });

  it('audio: warns about missing sample_rate, inference_id and done, and undocumented rates', () => {
    const bare = validateInteraction(
      envelope('conversation.echo', { properties: { modality: 'audio', audio: 'AAAAAAAA' } }),
    );
    expect(bare.ok).toBe(true);
    expect(paths(bare.warnings)).toEqual(['properties.sample_rate', 'properties.inference_id', 'properties.done']);
    expect(find(bare.warnings, 'properties.sample_rate')).toMatch(/assumes 16000 Hz/);
    const oddRate = validateInteraction(
      buildEchoAudio(CID, { audio: 'AAAA', sampleRate: 44100, inferenceId: 'u', done: true }),
    );
    expect(find(oddRate.warnings, 'properties.sample_rate')).toBe(
      '44100 Hz is not a documented rate (24000 recommended, 16000 default)',
    );
  });
});

describe('conversation.sensitivity', () => {
  it('accepts the undocumented cvi-ui levels with a warning', () => {
    const result = validateInteraction(buildSensitivity(CID, { pause: 'superlow' }));
    expect(result.ok).toBe(true);
    expect(paths(result.warnings)).toEqual(['properties.participant_pause_sensitivity']);
    expect(result.warnings[0]?.message).toMatch(/"superlow" is undocumented .*low \| medium \| high/);
    const auto = validateInteraction(buildSensitivity(CID, { interrupt: 'auto' }));
    expect(paths(auto.warnings)).toEqual(['properties.participant_interrupt_sensitivity']);
  });

  it('warns (never blocks) when one message carries both keys: the newest docs say exactly one', () => {
    const both = validateInteraction(buildSensitivity(CID, { pause: 'low', interrupt: 'high' }));
    expect(both.ok).toBe(true);
    expect(find(both.warnings, 'properties')).toMatch(/both sensitivity keys in one message.*exactly one/);
    const one = validateInteraction(buildSensitivity(CID, { pause: 'low' }));
    expect(one.warnings).toEqual([]);
  });

  it('rejects other values and an empty change', () => {
    const bad = validateInteraction(
      envelope('conversation.sensitivity', { properties: { participant_pause_sensitivity: 'max' } }),
    );
    expect(find(bad.errors, 'properties.participant_pause_sensitivity')).toMatch(
      /^participant_pause_sensitivity must be "low" \| "medium"/,
    );
    const empty = validateInteraction(envelope('conversation.sensitivity', { properties: {} }));
    expect(find(empty.errors, 'properties')).toMatch(
      /set participant_pause_sensitivity or participant_interrupt_sensitivity/,
    );
  });
});

describe('conversation.tool_result', () => {
  it('requires tool_call_id and output, checks status', () => {
    const result = validateInteraction(envelope('conversation.tool_result', { properties: { status: 'done' } }));
    expect(find(result.errors, 'properties.tool_call_id')).toMatch(/^tool_call_id is required/);
    expect(find(result.errors, 'properties.output')).toMatch(/^output is required/);
    expect(find(result.errors, 'properties.status')).toBe('status must be "success" | "error", got "done"');
  });

  it('rejects primitive output, warns about arrays', () => {
    const numeric = validateInteraction(
      envelope('conversation.tool_result', { properties: { tool_call_id: 'c', output: 3 } }),
    );
    expect(find(numeric.errors, 'properties.output')).toBe('output must be a string or a JSON object, got 3');
    const array = validateInteraction(
      envelope('conversation.tool_result', { properties: { tool_call_id: 'c', output: [1] } }),
    );
    expect(array.ok).toBe(true);
    expect(find(array.warnings, 'properties.output')).toMatch(/array/);
  });

  it('lets status default to success', () => {
    expect(
      validateInteraction(envelope('conversation.tool_result', { properties: { tool_call_id: 'c', output: 'x' } }))
        .warnings,
    ).toEqual([]);
  });
});

describe('loose and legacy interactions', () => {
  it('objective.confirm takes any object and says its payload is undocumented', () => {
    const result = validateInteraction(buildObjectiveConfirm(CID, { objective_name: 'kyc', whatever: { a: 1 } }));
    expect(result.ok).toBe(true);
    expect(paths(result.warnings)).toEqual(['event_type']);
  });

  it('objective.confirm: a missing objective_name is a warning, a non-string one an error', () => {
    const unnamed = validateInteraction(buildObjectiveConfirm(CID, {}));
    expect(unnamed.ok).toBe(true);
    expect(find(unnamed.warnings, 'properties.objective_name')).toMatch(/objective_name is missing/);
    const numbered = validateInteraction(buildObjectiveConfirm(CID, { objective_name: 7 }));
    expect(find(numbered.errors, 'properties')).toBe('properties must hold objective_name as a string, got 7');
    expect(validateInteraction(buildObjectiveConfirmFor(CID, 'kyc')).warnings.map((w) => w.path)).toEqual([
      'event_type',
    ]);
  });

  it('realtime_api needs an event body and warns it is legacy', () => {
    expect(validateInteraction(buildRealtimeApi(CID, { type: 'session.update' })).ok).toBe(true);
    expect(find(validateInteraction(envelope('conversation.realtime_api')).errors, 'properties')).toMatch(
      /OpenAI Realtime event body/,
    );
    expect(find(validateInteraction(buildRealtimeApi(CID, { session: {} })).warnings, 'properties.type')).toMatch(
      /"type"/,
    );
  });

  it('interrupt warns that properties are ignored', () => {
    expect(find(validateInteraction({ ...buildInterrupt(CID), properties: {} }).warnings, 'properties')).toMatch(
      /no properties/,
    );
  });
});

describe('unknown properties', () => {
  it('are warnings naming the known fields', () => {
    const result = validateInteraction({ ...buildRespond(CID, 'hi'), properties: { text: 'hi', voice: 'x' } });
    expect(result.ok).toBe(true);
    expect(find(result.warnings, 'properties.voice')).toBe(
      'unknown field "voice" in conversation.respond properties (known: text); Tavus will probably ignore it',
    );
  });
});

describe('never throws', () => {
  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, allowUnknownType) => {
        const result = validateInteraction(value, { allowUnknownType });
        expect(result.ok).toBe(result.errors.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it('on envelope-shaped objects with random properties', () => {
    const eventType = fc.oneof(fc.constantFrom(...INTERACTION_EVENT_TYPES), fc.string());
    const properties = fc.dictionary(
      fc.constantFrom(
        'text',
        'modality',
        'audio',
        'sample_rate',
        'done',
        'context',
        'tool_call_id',
        'output',
        'status',
        'participant_pause_sensitivity',
        '__proto__',
        'toString',
      ),
      fc.oneof(fc.jsonValue(), fc.constantFrom('text', 'audio', 'AAAA', 'low', 'superlow', 'true')),
    );
    fc.assert(
      fc.property(
        eventType,
        fc.option(properties, { nil: undefined }),
        fc.anything(),
        (type, props, conversationId) => {
          const message: Record<string, unknown> = {
            message_type: 'conversation',
            event_type: type,
            conversation_id: conversationId,
          };
          if (props !== undefined) message['properties'] = props;
          const result = validateInteraction(message);
          for (const issue of [...result.errors, ...result.warnings]) {
            expect(typeof issue.path).toBe('string');
            expect(issue.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on hostile values', () => {
    const circular: Record<string, unknown> = { message_type: 'conversation', event_type: 'conversation.respond' };
    circular['properties'] = circular;
    const result = validateInteraction(circular);
    expect(result.size).toBe(Infinity);
    expect(result.errors[0]?.message).toMatch(/^not JSON-serialisable/);
    expect(() => validateInteraction({ ...buildRespond(CID, 'x'), big: 1n })).not.toThrow();
    expect(() => validateInteraction(Object.create(null))).not.toThrow();
  });
});
