/**
 * The composer's forms as plain data: what each form holds, and the exact interaction it becomes (always through
 * the protocol builders, so the preview, the send and the tests share one source of truth).
 */
import {
  buildAppendContext,
  buildEchoText,
  buildInterrupt,
  buildOverwriteContext,
  buildRespond,
  buildObjectiveConfirmFor,
  buildSensitivity,
  buildToolResult,
  INTERACTION_SUMMARIES,
  type Interaction,
  type InteractionEventType,
  type JsonRecord,
  type SensitivityLevel,
  type ToolResultStatus,
} from '../../protocol/interactions';
import { describeJsonSyntaxError, parseJsonText, type JsonSyntaxError } from './json-syntax';

export const FORM_KINDS = [
  'respond',
  'echo_text',
  'interrupt',
  'overwrite_context',
  'append_context',
  'sensitivity',
  'tool_result',
  'objective_confirm',
] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** Everything the composer can be showing: one form per interaction, the audio echo sender, or raw JSON. */
export type ComposerMode = FormKind | 'audio_echo' | 'raw';

export interface ModeInfo {
  label: string;
  eventType: InteractionEventType | undefined;
  summary: string;
}

export const MODE_INFO: Readonly<Record<ComposerMode, ModeInfo>> = {
  respond: info('respond', 'conversation.respond'),
  echo_text: info('echo (text)', 'conversation.echo'),
  interrupt: info('interrupt', 'conversation.interrupt'),
  overwrite_context: info('overwrite context', 'conversation.overwrite_llm_context'),
  append_context: info('append context', 'conversation.append_llm_context'),
  sensitivity: info('sensitivity', 'conversation.sensitivity'),
  tool_result: info('tool result', 'conversation.tool_result'),
  objective_confirm: info('objective confirm', 'conversation.objective.confirm'),
  audio_echo: {
    label: 'echo (audio file)',
    eventType: 'conversation.echo',
    summary: 'Speak a WAV file: 16-bit mono PCM chunks in base64, paced at real time.',
  },
  raw: {
    label: 'raw JSON',
    eventType: undefined,
    summary: 'Any JSON object, validated; unknown event types are sent with a warning.',
  },
};

export const COMPOSER_MODES: readonly ComposerMode[] = [...FORM_KINDS, 'audio_echo', 'raw'];

function info(label: string, eventType: InteractionEventType): ModeInfo {
  return { label, eventType, summary: INTERACTION_SUMMARIES[eventType].summary };
}

export type ToolOutputKind = 'text' | 'json';

/** Which sensitivity a message changes: the newest docs allow exactly one per message (protocol §8). */
export type SensitivityField = 'pause' | 'interrupt';

export interface FormValues {
  respondText: string;
  echoText: string;
  /** Optional for a text echo; '' leaves it out. */
  echoInferenceId: string;
  echoDone: boolean;
  overwriteContext: string;
  appendContext: string;
  /** Optional; '' leaves it out. "completed" is the only value the docs show. */
  appendJobStatus: string;
  sensitivityField: SensitivityField;
  sensitivityLevel: SensitivityLevel;
  toolCallId: string;
  toolOutputKind: ToolOutputKind;
  toolOutput: string;
  toolStatus: ToolResultStatus;
  /** The objective_name of the pending objective being confirmed. */
  objectiveName: string;
}

export const DEFAULT_FORM_VALUES: FormValues = {
  respondText: '',
  echoText: '',
  echoInferenceId: '',
  echoDone: true,
  overwriteContext: '',
  appendContext: '',
  appendJobStatus: '',
  sensitivityField: 'pause',
  sensitivityLevel: 'medium',
  toolCallId: '',
  toolOutputKind: 'json',
  toolOutput: '{\n  "result": ""\n}',
  toolStatus: 'success',
  objectiveName: '',
};

export type BuiltMessage =
  | { ok: true; data: unknown }
  | { ok: false; error: string; field?: keyof FormValues | 'raw'; syntax?: JsonSyntaxError };

export function buildFormMessage(kind: FormKind, values: FormValues, conversationId: string): BuiltMessage {
  switch (kind) {
    case 'respond':
      return built(buildRespond(conversationId, values.respondText));
    case 'echo_text': {
      const inferenceId = values.echoInferenceId.trim();
      return built(
        buildEchoText(conversationId, values.echoText, {
          ...(inferenceId ? { inferenceId } : {}),
          done: values.echoDone,
        }),
      );
    }
    case 'interrupt':
      return built(buildInterrupt(conversationId));
    case 'overwrite_context':
      return built(buildOverwriteContext(conversationId, values.overwriteContext));
    case 'append_context': {
      const jobStatus = values.appendJobStatus.trim();
      return built(buildAppendContext(conversationId, values.appendContext, jobStatus === '' ? undefined : jobStatus));
    }
    case 'sensitivity':
      return built(buildSensitivity(conversationId, { [values.sensitivityField]: values.sensitivityLevel }));
    case 'tool_result': {
      const output = parseToolOutput(values);
      if (!output.ok) return output;
      return built(buildToolResult(conversationId, values.toolCallId, output.value, values.toolStatus));
    }
    case 'objective_confirm':
      return built(buildObjectiveConfirmFor(conversationId, values.objectiveName.trim()));
  }
}

function built(data: Interaction): BuiltMessage {
  return { ok: true, data };
}

/** Text output is sent as a string; JSON output must be an object (Tavus serialises objects; arrays are not documented). */
function parseToolOutput(
  values: FormValues,
): { ok: true; value: string | JsonRecord } | Extract<BuiltMessage, { ok: false }> {
  if (values.toolOutputKind === 'text') return { ok: true, value: values.toolOutput };
  const parsed = parseJsonText(values.toolOutput);
  if (!parsed.ok)
    return {
      ok: false,
      field: 'toolOutput',
      error: `output: ${describeJsonSyntaxError(parsed.error)}`,
      syntax: parsed.error,
    };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      field: 'toolOutput',
      error: 'output: JSON output must be an object; choose "Text" to send a string',
    };
  }
  return { ok: true, value: value as JsonRecord };
}

/** Raw mode: the text as the object to send. */
export function buildRawMessage(text: string): BuiltMessage {
  try {
    const parsed = parseJsonText(text);
    if (!parsed.ok)
      return { ok: false, field: 'raw', error: describeJsonSyntaxError(parsed.error), syntax: parsed.error };
    // daily-js sends JSON.stringify(data): a value it cannot serialise (nested thousands of levels) cannot be sent.
    JSON.stringify(parsed.value);
    return { ok: true, data: parsed.value };
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : String(error);
    return {
      ok: false,
      field: 'raw',
      error: `This JSON cannot be sent: ${reason} for JSON.stringify (daily-js uses it).`,
    };
  }
}
