/**
 * Checks an interaction before it goes into the live call: structure (errors block sending), soft findings
 * such as unknown fields or undocumented values (warnings), and Daily's size limit. Never throws.
 */
import * as v from 'valibot';
import { bytesFromBase64 } from '../base64';
import {
  contextPropertiesSchema,
  describeValue,
  echoAudioPropertiesSchema,
  echoModalitySchema,
  echoTextPropertiesSchema,
  envelopeSchema,
  isJsonObject,
  objectiveConfirmPropertiesSchema,
  realtimeApiPropertiesSchema,
  respondPropertiesSchema,
  sensitivityPropertiesSchema,
  toolResultPropertiesSchema,
} from './schemas';
import { DAILY_MAX_APP_MESSAGE_SIZE, describeOversize, measureAppMessage } from './size';
import {
  DOCUMENTED_ECHO_SAMPLE_RATES,
  DOCUMENTED_SENSITIVITY_LEVELS,
  INTERACTION_EVENT_TYPES,
  TAVUS_DEFAULT_ECHO_SAMPLE_RATE,
  UNDOCUMENTED_SENSITIVITY_LEVELS,
  isInteractionEventType,
  type InteractionEventType,
  type Issue,
  type JsonRecord,
} from './types';

export interface ValidateInteractionOptions {
  /** The call's app-message limit if it reported one; defaults to DAILY_MAX_APP_MESSAGE_SIZE. */
  maxSize?: number;
  /** Raw mode: an event_type the composer does not know is a warning instead of an error. */
  allowUnknownType?: boolean;
}

export interface InteractionValidation {
  /** True when there are no errors (warnings do not block sending). */
  ok: boolean;
  errors: Issue[];
  warnings: Issue[];
  /** `JSON.stringify(data).length`, as daily-js counts it; Infinity when the data cannot be serialised. */
  size: number;
  maxSize: number;
  /** The message's event_type when it is a string, known or not. */
  eventType?: string;
}

const ENVELOPE_FIELDS = ['message_type', 'event_type', 'conversation_id', 'properties'];

/** Names other sources used for an interaction (docs/protocol.md §6), mapped to the name Tavus documents. */
const EVENT_TYPE_ALIASES: Readonly<Record<string, InteractionEventType>> = {
  'conversation.overwrite_context': 'conversation.overwrite_llm_context',
  'conversation.append_context': 'conversation.append_llm_context',
};

class Findings {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }
}

export function validateInteraction(data: unknown, options: ValidateInteractionOptions = {}): InteractionValidation {
  const findings = new Findings();
  const maxSize = resolveMaxSize(options.maxSize, findings);

  const measured = measureAppMessage(data);
  const size = measured.ok ? measured.size : Number.POSITIVE_INFINITY;
  if (!measured.ok) findings.error('', measured.reason);
  else if (measured.size > maxSize) findings.error('', describeOversize(measured.size, maxSize));

  let eventType: string | undefined;
  if (!isJsonObject(data)) {
    findings.error('', `an interaction must be a JSON object, got ${describeValue(data)}`);
  } else {
    eventType = typeof data['event_type'] === 'string' ? data['event_type'] : undefined;
    checkEnvelope(data, findings);
    if (isInteractionEventType(eventType)) checkProperties(eventType, data, findings);
    else if (eventType !== undefined && eventType !== '')
      reportUnknownType(eventType, options.allowUnknownType === true, findings);
  }

  const result: InteractionValidation = {
    ok: findings.errors.length === 0,
    errors: findings.errors,
    warnings: findings.warnings,
    size,
    maxSize,
  };
  if (eventType !== undefined) result.eventType = eventType;
  return result;
}

function resolveMaxSize(requested: number | undefined, findings: Findings): number {
  if (requested === undefined) return DAILY_MAX_APP_MESSAGE_SIZE;
  if (Number.isInteger(requested) && requested > 0) return requested;
  findings.warn(
    '',
    `maxSize ${String(requested)} is not a positive whole number; using Daily's default ${DAILY_MAX_APP_MESSAGE_SIZE}`,
  );
  return DAILY_MAX_APP_MESSAGE_SIZE;
}

function checkEnvelope(message: JsonRecord, findings: Findings): void {
  runSchema(envelopeSchema, message, '', findings);
  const conversationId = message['conversation_id'];
  if (conversationId === undefined) {
    findings.warn('conversation_id', 'conversation_id is missing; Tavus examples always send the conversation id');
  } else if (conversationId === '') {
    findings.warn('conversation_id', 'conversation_id is empty; Tavus examples always send the conversation id');
  }
  const hints: Record<string, string> = {
    inference_id: 'for conversation.echo, inference_id goes inside properties',
    text: 'text goes inside properties',
    context: 'context goes inside properties',
  };
  warnUnknownFields(message, ENVELOPE_FIELDS, '', 'the envelope', hints, findings);
}

function reportUnknownType(eventType: string, allowUnknownType: boolean, findings: Findings): void {
  let message = `unknown interaction ${JSON.stringify(eventType)} (known: ${INTERACTION_EVENT_TYPES.join(', ')})`;
  const suggestion = suggestEventType(eventType);
  if (suggestion) message += `; ${suggestion}`;
  if (allowUnknownType) findings.warn('event_type', `${message}; sent as raw data`);
  else findings.error('event_type', message);
}

function suggestEventType(eventType: string): string | undefined {
  const alias = EVENT_TYPE_ALIASES[eventType];
  if (alias) return `did you mean ${JSON.stringify(alias)}? (the name Tavus documents)`;
  const normalised = eventType.trim().toLowerCase();
  const withPrefix = normalised.startsWith('conversation.') ? normalised : `conversation.${normalised}`;
  const match = INTERACTION_EVENT_TYPES.find((known) => known === withPrefix || known === normalised);
  if (match) return `did you mean ${JSON.stringify(match)}?`;
  if (
    normalised.startsWith('system.') ||
    /^conversation\.(utterance|tool_call|perception|replica|user|started_|stopped_|rag|objective\.pending)/.test(
      normalised,
    )
  ) {
    return 'that is an event Tavus broadcasts to the app, not an interaction the app sends';
  }
  return undefined;
}

function checkProperties(eventType: InteractionEventType, message: JsonRecord, findings: Findings): void {
  const raw = message['properties'];
  if (raw !== undefined && !isJsonObject(raw)) return; // the envelope check already reported it
  const properties = raw;

  switch (eventType) {
    case 'conversation.respond':
      checkTextLike(
        eventType,
        properties,
        respondPropertiesSchema,
        ['text'],
        'text',
        'text is empty; the replica receives an empty user turn',
        findings,
      );
      return;
    case 'conversation.echo':
      checkEcho(properties ?? {}, findings);
      return;
    case 'conversation.interrupt':
      if (properties !== undefined)
        findings.warn('properties', 'conversation.interrupt takes no properties; they will be ignored');
      return;
    case 'conversation.overwrite_llm_context':
      checkTextLike(
        eventType,
        properties,
        contextPropertiesSchema,
        ['context'],
        'context',
        'context is empty; the conversational context becomes empty',
        findings,
        {
          text: CONTEXT_NOT_TEXT,
          job_status: 'job_status is only documented on conversation.append_llm_context',
        },
      );
      return;
    case 'conversation.append_llm_context':
      checkTextLike(
        eventType,
        properties,
        contextPropertiesSchema,
        ['context', 'job_status'],
        'context',
        'context is empty; nothing is appended',
        findings,
        { text: CONTEXT_NOT_TEXT },
      );
      checkJobStatus(properties, findings);
      return;
    case 'conversation.sensitivity':
      checkSensitivity(properties ?? {}, findings);
      return;
    case 'conversation.tool_result':
      checkToolResult(properties ?? {}, findings);
      return;
    case 'conversation.objective.confirm':
      findings.warn(
        'event_type',
        'conversation.objective.confirm is known by name only; Tavus has not documented its properties',
      );
      if (properties !== undefined) runSchema(objectiveConfirmPropertiesSchema, properties, 'properties', findings);
      if (properties?.['objective_name'] === undefined || properties['objective_name'] === '')
        findings.warn(
          'properties.objective_name',
          'objective_name is missing or empty; name the objective that conversation.objective.pending reported',
        );
      return;
    case 'conversation.realtime_api':
      findings.warn(
        'event_type',
        'conversation.realtime_api is a legacy (2024) interaction; current Tavus docs no longer list it',
      );
      if (properties === undefined) {
        findings.error(
          'properties',
          'properties is required (the OpenAI Realtime event body, e.g. {"type": "session.update", …})',
        );
      } else {
        runSchema(realtimeApiPropertiesSchema, properties, 'properties', findings);
        if (typeof properties['type'] !== 'string') {
          findings.warn('properties.type', 'OpenAI Realtime events carry a string "type", e.g. "session.update"');
        }
      }
      return;
  }
}

const CONTEXT_NOT_TEXT = 'an early playground sent "text" here; Tavus reads properties.context';

function checkTextLike(
  eventType: InteractionEventType,
  properties: JsonRecord | undefined,
  schema: v.GenericSchema,
  knownFields: readonly string[],
  textField: string,
  emptyWarning: string,
  findings: Findings,
  hints: Record<string, string> = {},
): void {
  const body = properties ?? {};
  runSchema(schema, body, 'properties', findings);
  if (body[textField] === '') findings.warn(`properties.${textField}`, emptyWarning);
  warnUnknownFields(body, knownFields, 'properties', `${eventType} properties`, hints, findings);
}

function checkJobStatus(properties: JsonRecord | undefined, findings: Findings): void {
  const jobStatus = properties?.['job_status'];
  if (typeof jobStatus === 'string' && jobStatus !== 'completed') {
    findings.warn(
      'properties.job_status',
      `job_status ${JSON.stringify(jobStatus)} is undocumented; only "completed" appears in the docs`,
    );
  }
}

const ECHO_TEXT_FIELDS = ['modality', 'text', 'inference_id', 'done'];
const ECHO_AUDIO_FIELDS = ['modality', 'audio', 'sample_rate', 'inference_id', 'done'];

function checkEcho(properties: JsonRecord, findings: Findings): void {
  const hints: Record<string, string> = {
    type: 'early Pipecat sent "type"; Tavus documents "modality"',
  };
  const modality = properties['modality'];
  if (modality === 'text') {
    runSchema(echoTextPropertiesSchema, properties, 'properties', findings);
    if (properties['text'] === '') findings.warn('properties.text', 'text is empty; the replica has nothing to say');
    for (const audioOnly of ['audio', 'sample_rate'])
      hints[audioOnly] = `${audioOnly} is ignored when modality is "text"`;
    warnUnknownFields(properties, ECHO_TEXT_FIELDS, 'properties', 'text echo properties', hints, findings);
  } else if (modality === 'audio') {
    runSchema(echoAudioPropertiesSchema, properties, 'properties', findings);
    checkEchoAudio(properties, findings);
    hints['text'] = 'text is ignored when modality is "audio"';
    warnUnknownFields(properties, ECHO_AUDIO_FIELDS, 'properties', 'audio echo properties', hints, findings);
  } else {
    runSchema(
      v.looseObject({ modality: echoModalitySchema }, () => 'is required ("text" | "audio")'),
      properties,
      'properties',
      findings,
    );
    if (modality === 'speech')
      findings.warn('properties.modality', 'one early playground sent "speech"; Tavus documents "text" and "audio"');
    warnUnknownFields(
      properties,
      [...new Set([...ECHO_TEXT_FIELDS, ...ECHO_AUDIO_FIELDS])],
      'properties',
      'conversation.echo properties',
      hints,
      findings,
    );
  }
  if (typeof properties['done'] === 'string') {
    findings.warn(
      'properties.done',
      `done is the string ${JSON.stringify(properties['done'])} (2024 docs); current Tavus docs use a boolean`,
    );
  }
}

function checkEchoAudio(properties: JsonRecord, findings: Findings): void {
  const audio = properties['audio'];
  if (typeof audio === 'string') {
    const decoded = bytesFromBase64(audio);
    if (!decoded.ok) findings.error('properties.audio', `audio is not valid base64: ${decoded.error}`);
    else if (decoded.bytes.length === 0) findings.warn('properties.audio', 'audio is empty');
    else if (decoded.bytes.length % 2 !== 0) {
      findings.warn(
        'properties.audio',
        `audio decodes to ${decoded.bytes.length} bytes; 16-bit PCM needs an even count`,
      );
    }
  }
  const sampleRate = properties['sample_rate'];
  if (sampleRate === undefined) {
    findings.warn(
      'properties.sample_rate',
      `sample_rate is missing; Tavus then assumes ${TAVUS_DEFAULT_ECHO_SAMPLE_RATE} Hz`,
    );
  } else if (
    typeof sampleRate === 'number' &&
    !(DOCUMENTED_ECHO_SAMPLE_RATES as readonly number[]).includes(sampleRate)
  ) {
    findings.warn(
      'properties.sample_rate',
      `${sampleRate} Hz is not a documented rate (24000 recommended, 16000 default)`,
    );
  }
  if (properties['inference_id'] === undefined) {
    findings.warn(
      'properties.inference_id',
      'inference_id is missing; all chunks of one utterance should share one id',
    );
  }
  if (properties['done'] === undefined) {
    findings.warn('properties.done', 'done is missing; send done:false on every chunk and done:true on the last');
  }
}

function checkSensitivity(properties: JsonRecord, findings: Findings): void {
  const levelFields = ['participant_pause_sensitivity', 'participant_interrupt_sensitivity'];
  runSchema(sensitivityPropertiesSchema, properties, 'properties', findings);
  if (levelFields.every((field) => properties[field] === undefined)) {
    findings.error('properties', 'set participant_pause_sensitivity or participant_interrupt_sensitivity');
  } else if (levelFields.every((field) => properties[field] !== undefined)) {
    findings.warn(
      'properties',
      'both sensitivity keys in one message; the newest Tavus docs say exactly one per message (send two messages)',
    );
  }
  for (const field of levelFields) {
    const level = properties[field];
    if ((UNDOCUMENTED_SENSITIVITY_LEVELS as readonly unknown[]).includes(level)) {
      findings.warn(
        `properties.${field}`,
        `${JSON.stringify(level)} is undocumented for this interaction (docs: ${DOCUMENTED_SENSITIVITY_LEVELS.join(' | ')}); only the cvi-ui types allow it`,
      );
    }
  }
  warnUnknownFields(properties, levelFields, 'properties', 'conversation.sensitivity properties', {}, findings);
}

function checkToolResult(properties: JsonRecord, findings: Findings): void {
  runSchema(toolResultPropertiesSchema, properties, 'properties', findings);
  if (Array.isArray(properties['output'])) {
    findings.warn('properties.output', 'output is an array; Tavus documents a string or an object');
  }
  warnUnknownFields(
    properties,
    ['tool_call_id', 'output', 'status'],
    'properties',
    'conversation.tool_result properties',
    {},
    findings,
  );
}

function warnUnknownFields(
  object: JsonRecord,
  knownFields: readonly string[],
  basePath: string,
  ownerLabel: string,
  hints: Record<string, string>,
  findings: Findings,
): void {
  for (const key of Object.keys(object)) {
    if (knownFields.includes(key)) continue;
    const path = joinPath(basePath, key);
    const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
    findings.warn(
      path,
      hint ??
        `unknown field ${JSON.stringify(key)} in ${ownerLabel} (known: ${knownFields.join(', ')}); Tavus will probably ignore it`,
    );
  }
}

function runSchema(schema: v.GenericSchema, input: unknown, basePath: string, findings: Findings): void {
  const result = v.safeParse(schema, input, { abortEarly: false });
  if (result.success) return;
  for (const issue of result.issues) {
    const keys = (issue.path ?? []).map((item) => String(item.key));
    const path = [basePath, ...keys].filter((part) => part !== '').join('.');
    const label = keys[keys.length - 1] ?? (basePath.split('.').pop() || 'message');
    findings.error(path, `${label} ${issue.message}`);
  }
}

function joinPath(basePath: string, key: string): string {
  return basePath === '' ? key : `${basePath}.${key}`;
}
