/**
 * Wire shapes of every interaction the app can send to a Tavus replica (docs/protocol.md §3).
 * Field order in these types mirrors the README examples; the builders emit keys in the same order.
 */

export const INTERACTION_EVENT_TYPES = [
  'conversation.respond',
  'conversation.echo',
  'conversation.interrupt',
  'conversation.overwrite_llm_context',
  'conversation.append_llm_context',
  'conversation.sensitivity',
  'conversation.tool_result',
  'conversation.objective.confirm',
  'conversation.realtime_api',
] as const;

export type InteractionEventType = (typeof INTERACTION_EVENT_TYPES)[number];

export function isInteractionEventType(value: unknown): value is InteractionEventType {
  return typeof value === 'string' && (INTERACTION_EVENT_TYPES as readonly string[]).includes(value);
}

/** One line per interaction, for pickers and tooltips. `documented: false` = name only / legacy in the sources. */
export const INTERACTION_SUMMARIES: Readonly<
  Record<InteractionEventType, { summary: string; documented: boolean; legacy: boolean }>
> = {
  'conversation.respond': {
    summary: 'Say text as if the user had said it (goes through the LLM).',
    documented: true,
    legacy: false,
  },
  'conversation.echo': {
    summary: 'Make the replica speak exactly this text or audio (bypasses the LLM).',
    documented: true,
    legacy: false,
  },
  'conversation.interrupt': { summary: 'Stop the replica while it is speaking.', documented: true, legacy: false },
  'conversation.overwrite_llm_context': {
    summary: 'Replace the conversational context.',
    documented: true,
    legacy: false,
  },
  'conversation.append_llm_context': {
    summary: 'Append to the conversational context.',
    documented: true,
    legacy: false,
  },
  'conversation.sensitivity': {
    summary: 'Change pause / interrupt sensitivity live.',
    documented: true,
    legacy: false,
  },
  'conversation.tool_result': {
    summary: 'Return a tool result for a tool_call_id (tools registry).',
    documented: true,
    legacy: false,
  },
  'conversation.objective.confirm': {
    summary: 'Confirm a pending manual objective (payload undocumented).',
    documented: false,
    legacy: false,
  },
  'conversation.realtime_api': {
    summary: 'Forward an OpenAI Realtime event (2024, legacy).',
    documented: false,
    legacy: true,
  },
};

export const DOCUMENTED_SENSITIVITY_LEVELS = ['low', 'medium', 'high'] as const;
/** Allowed by the cvi-ui types (and `verylow` by the flow docs) but not by the interaction docs. */
export const UNDOCUMENTED_SENSITIVITY_LEVELS = ['superlow', 'verylow', 'auto'] as const;
export const SENSITIVITY_LEVELS = [...DOCUMENTED_SENSITIVITY_LEVELS, ...UNDOCUMENTED_SENSITIVITY_LEVELS] as const;
export type SensitivityLevel = (typeof SENSITIVITY_LEVELS)[number];

export const ECHO_MODALITIES = ['text', 'audio'] as const;
export type EchoModality = (typeof ECHO_MODALITIES)[number];

export const TOOL_RESULT_STATUSES = ['success', 'error'] as const;
export type ToolResultStatus = (typeof TOOL_RESULT_STATUSES)[number];

/** Tavus recommends 24 kHz; 16 kHz is what it assumes when `sample_rate` is omitted. */
export const DOCUMENTED_ECHO_SAMPLE_RATES = [24000, 16000] as const;
export const TAVUS_DEFAULT_ECHO_SAMPLE_RATE = 16000;

/** A JSON object (not an array, not null) as parsed: keys map to anything. */
export type JsonRecord = Record<string, unknown>;

interface Envelope<TEventType extends InteractionEventType> {
  message_type: 'conversation';
  event_type: TEventType;
  conversation_id: string;
}

export interface RespondInteraction extends Envelope<'conversation.respond'> {
  properties: { text: string };
}

export interface EchoTextInteraction extends Envelope<'conversation.echo'> {
  properties: { modality: 'text'; text: string; inference_id?: string; done?: boolean };
}

export interface EchoAudioInteraction extends Envelope<'conversation.echo'> {
  properties: { modality: 'audio'; audio: string; sample_rate: number; inference_id: string; done: boolean };
}

/** One base64 PCM chunk of an audio echo, as planned by `planEchoChunks`. */
export type EchoAudioMessage = EchoAudioInteraction;

export type InterruptInteraction = Envelope<'conversation.interrupt'>;

export interface OverwriteContextInteraction extends Envelope<'conversation.overwrite_llm_context'> {
  properties: { context: string };
}

export interface AppendContextInteraction extends Envelope<'conversation.append_llm_context'> {
  properties: { context: string; job_status?: string };
}

export interface SensitivityInteraction extends Envelope<'conversation.sensitivity'> {
  properties: {
    participant_pause_sensitivity?: SensitivityLevel;
    participant_interrupt_sensitivity?: SensitivityLevel;
  };
}

export interface ToolResultInteraction extends Envelope<'conversation.tool_result'> {
  properties: { tool_call_id: string; output: string | JsonRecord; status: ToolResultStatus };
}

export interface ObjectiveConfirmInteraction extends Envelope<'conversation.objective.confirm'> {
  properties?: JsonRecord;
}

export interface RealtimeApiInteraction extends Envelope<'conversation.realtime_api'> {
  properties: JsonRecord;
}

export type Interaction =
  | RespondInteraction
  | EchoTextInteraction
  | EchoAudioInteraction
  | InterruptInteraction
  | OverwriteContextInteraction
  | AppendContextInteraction
  | SensitivityInteraction
  | ToolResultInteraction
  | ObjectiveConfirmInteraction
  | RealtimeApiInteraction;

/** A validation finding. `path` is dotted from the message root ("properties.text"); "" means the whole message. */
export interface Issue {
  path: string;
  message: string;
}
