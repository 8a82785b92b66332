/**
 * Builders for the exact wire objects of the interactions (docs/protocol.md §3). Key order follows Tavus's
 * documented examples (envelope first, then properties in documented order), so JSON text compares byte-for-byte.
 */
import type {
  AppendContextInteraction,
  EchoAudioInteraction,
  EchoTextInteraction,
  Interaction,
  InteractionEventType,
  InterruptInteraction,
  JsonRecord,
  ObjectiveConfirmInteraction,
  OverwriteContextInteraction,
  RealtimeApiInteraction,
  RespondInteraction,
  SensitivityInteraction,
  SensitivityLevel,
  ToolResultInteraction,
  ToolResultStatus,
} from './types';

function envelope<TEventType extends InteractionEventType>(eventType: TEventType, conversationId: string) {
  return { message_type: 'conversation', event_type: eventType, conversation_id: conversationId } as const;
}

export function buildRespond(conversationId: string, text: string): RespondInteraction {
  return { ...envelope('conversation.respond', conversationId), properties: { text } };
}

export interface EchoTextOptions {
  inferenceId?: string;
  /** Defaults to true, as in the README example: one text echo is one whole utterance. */
  done?: boolean;
}

export function buildEchoText(
  conversationId: string,
  text: string,
  options: EchoTextOptions = {},
): EchoTextInteraction {
  const properties: EchoTextInteraction['properties'] = { modality: 'text', text };
  if (options.inferenceId !== undefined) properties.inference_id = options.inferenceId;
  properties.done = options.done ?? true;
  return { ...envelope('conversation.echo', conversationId), properties };
}

export interface EchoAudioChunk {
  /** Base64 of raw 16-bit little-endian mono PCM (no WAV header). */
  audio: string;
  sampleRate: number;
  /** One id shared by every chunk of an utterance. */
  inferenceId: string;
  /** False on every chunk but the last of the utterance. */
  done: boolean;
}

export function buildEchoAudio(conversationId: string, chunk: EchoAudioChunk): EchoAudioInteraction {
  return {
    ...envelope('conversation.echo', conversationId),
    properties: {
      modality: 'audio',
      audio: chunk.audio,
      sample_rate: chunk.sampleRate,
      inference_id: chunk.inferenceId,
      done: chunk.done,
    },
  };
}

export function buildInterrupt(conversationId: string): InterruptInteraction {
  return envelope('conversation.interrupt', conversationId);
}

export function buildOverwriteContext(conversationId: string, context: string): OverwriteContextInteraction {
  return { ...envelope('conversation.overwrite_llm_context', conversationId), properties: { context } };
}

/** `jobStatus` ("completed" is the only value seen in the docs) is left out unless given. */
export function buildAppendContext(
  conversationId: string,
  context: string,
  jobStatus?: string,
): AppendContextInteraction {
  const properties: AppendContextInteraction['properties'] = { context };
  if (jobStatus !== undefined) properties.job_status = jobStatus;
  return { ...envelope('conversation.append_llm_context', conversationId), properties };
}

export interface SensitivityLevels {
  pause?: SensitivityLevel;
  interrupt?: SensitivityLevel;
}

/** Levels that are not given are left out of the message. */
export function buildSensitivity(conversationId: string, levels: SensitivityLevels): SensitivityInteraction {
  const properties: SensitivityInteraction['properties'] = {};
  if (levels.pause !== undefined) properties.participant_pause_sensitivity = levels.pause;
  if (levels.interrupt !== undefined) properties.participant_interrupt_sensitivity = levels.interrupt;
  return { ...envelope('conversation.sensitivity', conversationId), properties };
}

export function buildToolResult(
  conversationId: string,
  toolCallId: string,
  output: string | JsonRecord,
  status: ToolResultStatus = 'success',
): ToolResultInteraction {
  return {
    ...envelope('conversation.tool_result', conversationId),
    properties: { tool_call_id: toolCallId, output, status },
  };
}

/** Payload undocumented: `properties` is sent only when given. */
export function buildObjectiveConfirm(conversationId: string, properties?: JsonRecord): ObjectiveConfirmInteraction {
  const message: ObjectiveConfirmInteraction = envelope('conversation.objective.confirm', conversationId);
  if (properties !== undefined) message.properties = properties;
  return message;
}

/**
 * The reply to `conversation.objective.pending` for a manual-confirmation objective. Tavus has not documented the
 * payload; apps name the objective the way the pending event did (`objective_name`).
 */
export function buildObjectiveConfirmFor(conversationId: string, objectiveName: string): ObjectiveConfirmInteraction {
  return buildObjectiveConfirm(conversationId, { objective_name: objectiveName });
}

/** Legacy: `realtimeEvent` is an OpenAI Realtime event body such as `{type: "session.update", session: {…}}`. */
export function buildRealtimeApi(conversationId: string, realtimeEvent: JsonRecord): RealtimeApiInteraction {
  return { ...envelope('conversation.realtime_api', conversationId), properties: realtimeEvent };
}

/** A starting point for each interaction in the composer: valid shape, placeholder values to edit. */
export function buildInteractionTemplate(eventType: InteractionEventType, conversationId: string): Interaction {
  switch (eventType) {
    case 'conversation.respond':
      return buildRespond(conversationId, '');
    case 'conversation.echo':
      return buildEchoText(conversationId, '');
    case 'conversation.interrupt':
      return buildInterrupt(conversationId);
    case 'conversation.overwrite_llm_context':
      return buildOverwriteContext(conversationId, '');
    case 'conversation.append_llm_context':
      return buildAppendContext(conversationId, '');
    case 'conversation.sensitivity':
      return buildSensitivity(conversationId, { pause: 'medium' });
    case 'conversation.tool_result':
      return buildToolResult(conversationId, '', {});
    case 'conversation.objective.confirm':
      return buildObjectiveConfirmFor(conversationId, '');
    case 'conversation.realtime_api':
      return buildRealtimeApi(conversationId, { type: 'session.update', session: {} });
  }
}
