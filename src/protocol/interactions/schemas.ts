/**
 * valibot schemas for the structural rules of each interaction (types, required fields, allowed values).
 * Softer findings (unknown fields, undocumented values, legacy spellings) are warnings and live in validate.ts.
 *
 * Message convention: every schema message is a predicate phrase ("must be a string, got 42"); validate.ts puts
 * the field name in front, so issues read "text must be a string, got 42".
 */
import * as v from 'valibot';
import { ECHO_MODALITIES, SENSITIVITY_LEVELS, TOOL_RESULT_STATUSES, type JsonRecord } from './types';

/** Short description of a JSON value for messages: `42`, `"abc"`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}… (string)` : JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

export function isJsonObject(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mustBe(expectation: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => `must be ${expectation}, got ${describeValue(issue.input)}`;
}

/** A looseObject whose "missing key" issue says which field is required and what it should hold. */
function fields<TEntries extends v.ObjectEntries>(entries: TEntries, expectations: Record<keyof TEntries, string>) {
  return v.looseObject(entries, (issue) => {
    const missingKey = issue.input === undefined ? lastPathKey(issue.path) : undefined;
    if (missingKey !== undefined && missingKey in expectations) {
      return `is required (${expectations[missingKey as keyof TEntries]})`;
    }
    return mustBe('a JSON object')(issue);
  });
}

function lastPathKey(path: readonly v.IssuePathItem[] | undefined): string | undefined {
  const key = path?.[path.length - 1]?.key;
  return typeof key === 'string' ? key : undefined;
}

const A_STRING = 'a string';
const nonEmptyString = (what: string) => v.pipe(v.string(mustBe(what)), v.minLength(1, `must not be empty (${what})`));

const jsonObject = v.custom<JsonRecord>(isJsonObject, mustBe('a JSON object'));

const quotedList = (values: readonly string[]) => values.map((value) => JSON.stringify(value)).join(' | ');

export const envelopeSchema = fields(
  {
    message_type: v.literal('conversation', mustBe('"conversation"')),
    event_type: nonEmptyString('an interaction name such as "conversation.respond"'),
    conversation_id: v.optional(v.string(mustBe('a string (the conversation id, e.g. "c123456")'))),
    properties: v.optional(jsonObject),
  },
  {
    message_type: '"conversation"',
    event_type: 'an interaction name such as "conversation.respond"',
    conversation_id: A_STRING,
    properties: 'a JSON object',
  },
);

export const respondPropertiesSchema = fields(
  { text: v.string(mustBe(A_STRING)) },
  { text: 'the text the user "says"' },
);

export const echoModalitySchema = v.picklist(ECHO_MODALITIES, mustBe(quotedList(ECHO_MODALITIES)));

/** `done` is boolean today; the 2024 reference example sent the string "true" (accepted, warned about). */
const echoDoneSchema = v.optional(v.union([v.boolean(), v.picklist(['true', 'false'])], mustBe('true or false')));
const inferenceIdSchema = v.optional(v.string(mustBe(A_STRING)));

export const echoTextPropertiesSchema = fields(
  {
    modality: echoModalitySchema,
    text: v.string(mustBe(A_STRING)),
    inference_id: inferenceIdSchema,
    done: echoDoneSchema,
  },
  {
    modality: quotedList(ECHO_MODALITIES),
    text: 'the text the replica speaks',
    inference_id: A_STRING,
    done: 'true or false',
  },
);

export const echoAudioPropertiesSchema = fields(
  {
    modality: echoModalitySchema,
    audio: v.string(mustBe('a base64 string of 16-bit PCM')),
    sample_rate: v.optional(
      v.pipe(
        v.number(mustBe('a number of Hz')),
        v.integer('must be a whole number of Hz'),
        v.minValue(1, 'must be a positive number of Hz'),
      ),
    ),
    inference_id: inferenceIdSchema,
    done: echoDoneSchema,
  },
  {
    modality: quotedList(ECHO_MODALITIES),
    audio: 'base64 of raw 16-bit mono PCM',
    sample_rate: 'Hz',
    inference_id: A_STRING,
    done: 'true or false',
  },
);

export const contextPropertiesSchema = fields(
  { context: v.string(mustBe(A_STRING)), job_status: v.optional(v.string(mustBe(A_STRING))) },
  { context: 'the context text', job_status: A_STRING },
);

const sensitivityLevelSchema = v.optional(v.picklist(SENSITIVITY_LEVELS, mustBe(quotedList(SENSITIVITY_LEVELS))));

export const sensitivityPropertiesSchema = fields(
  { participant_pause_sensitivity: sensitivityLevelSchema, participant_interrupt_sensitivity: sensitivityLevelSchema },
  { participant_pause_sensitivity: 'a level', participant_interrupt_sensitivity: 'a level' },
);

export const toolResultPropertiesSchema = fields(
  {
    tool_call_id: nonEmptyString('the tool_call_id from conversation.tool_call'),
    // Arrays pass here and get a warning in validate.ts: undocumented, but they serialise like objects do.
    output: v.union(
      [v.string(), v.custom<object>((value) => typeof value === 'object' && value !== null)],
      mustBe('a string or a JSON object'),
    ),
    status: v.optional(v.picklist(TOOL_RESULT_STATUSES, mustBe(quotedList(TOOL_RESULT_STATUSES)))),
  },
  {
    tool_call_id: 'the tool_call_id from conversation.tool_call',
    output: 'a string or a JSON object',
    status: quotedList(TOOL_RESULT_STATUSES),
  },
);

/** Payload undocumented: anything object-shaped goes, but an objective_name seen in apps must be a string. */
export const objectiveConfirmPropertiesSchema = v.pipe(
  jsonObject,
  v.check(
    (value) => value['objective_name'] === undefined || typeof value['objective_name'] === 'string',
    (issue) =>
      `must hold objective_name as a string, got ${describeValue((issue.input as JsonRecord | undefined)?.['objective_name'])}`,
  ),
);

/** An OpenAI Realtime event body; its own schema is OpenAI's business. */
export const realtimeApiPropertiesSchema = jsonObject;
