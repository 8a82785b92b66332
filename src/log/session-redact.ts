/**
 * Redaction for session files, by allowlist of *positions*: a value survives only where the Tavus protocol puts
 * something that is not user content (message and event types, seq, turn, timestamps, Tavus-generated ids, roles and
 * other values from the protocol's own vocabulary) and only when it has the shape that position allows. Every other
 * string, number, boolean and container becomes a marker, and every unknown key is renamed, because a key can be
 * content too (`{"jane@example.com": 1}`). Daily session ids (fromId, `to`, call-state `session_id`) become
 * pseudonyms that are stable within one file. Nothing below walks user content, so any depth costs nothing.
 */
import { base64DecodedLength } from '../protocol/base64';
import { SENSITIVITY_EXTRA_VALUES, SENSITIVITY_VALUES } from '../protocol/events';
import { isObject, type JsonObject } from '../protocol/json-text';
import { originalLength } from '../protocol/payload-facts';

/** Markers written by this module (and by version 1 files); re-redacting keeps them as they are. */
const MARKER =
  /^\[(redacted|redacted number|redacted boolean|redacted object|redacted array|audio dropped|frame dropped|base64 dropped)(: [^\]]{1,80})?\]$/;
const KEY_MARKER = /^\[key \d{1,6}\]$/;

type Check = (value: unknown) => boolean;

const isIn =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const isInLowercase =
  (values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v.trim().toLowerCase());
const matches =
  (pattern: RegExp): Check =>
  (v) =>
    typeof v === 'string' && pattern.test(v);
const isCount: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 0) || matches(/^\d{1,15}$/)(v);
const isSeconds: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isFlag: Check = (v) => typeof v === 'boolean' || v === 'true' || v === 'false';

/** Dotted protocol names: `conversation.utterance`, `system.replica_joined`, `response.audio.delta`. */
const isTypeName = matches(/^[A-Za-z][A-Za-z0-9_-]{0,40}(\.[A-Za-z0-9_-]{1,40}){0,4}$/);
/** Tavus-generated ids (`c123abc`, UUIDs, `tc_1`): one token, no spaces, no `@`. */
const isGeneratedId = matches(/^[A-Za-z0-9][A-Za-z0-9_:.-]{0,127}$/);
const isTimestamp: Check = (v) => isSeconds(v) || matches(/^[0-9][0-9T:.+Z -]{0,39}$/)(v);
/** Roles the protocol itself uses (and the spellings seen in the wild). A name in `role` is redacted. */
const isProtocolRole = isInLowercase(['user', 'replica', 'pal', 'assistant', 'agent', 'system']);
const isModality = isIn(['text', 'audio', 'speech', 'vision']);
const isSensitivity: Check = (v) =>
  typeof v === 'string' && (SENSITIVITY_VALUES.has(v) || SENSITIVITY_EXTRA_VALUES.has(v));
const SHUTDOWN_REASONS = [
  'max_call_duration reached',
  'participant_left_timeout reached',
  'participant_absent_timeout reached',
  'bot_could_not_join_meeting_it_was_probably_ended',
  'daily_room_has_been_deleted',
  'exception_encountered_during_conversation_startup',
  'end_conversation_endpoint_hit',
];

/** Top level of an app-message's data. */
const ENVELOPE: ReadonlyMap<string, Check> = new Map([
  ['message_type', isIn(['conversation', 'system', 'application'])],
  ['event_type', isTypeName],
  ['conversation_id', isGeneratedId],
  ['inference_id', isGeneratedId],
  ['tool_call_id', isGeneratedId],
  ['seq', isCount],
  ['turn_idx', isCount],
  ['timestamp', isTimestamp],
]);

/** `properties` of any event or interaction. */
const PROPERTIES: ReadonlyMap<string, Check> = new Map([
  ['role', isProtocolRole],
  ['inference_id', isGeneratedId],
  ['tool_call_id', isGeneratedId],
  ['replica_id', isGeneratedId],
  ['guardrail_uuid', isGeneratedId],
  ['modality', isModality],
  // Early Pipecat spells the echo modality `type`; realtime API events carry a dotted type name.
  ['type', (v) => isModality(v) || matches(/^[a-z_]{1,40}(\.[a-z_]{1,40}){1,4}$/)(v)],
  ['done', isFlag],
  ['final', isFlag],
  ['is_interrupted', isFlag],
  ['interrupted', isFlag],
  ['content_index', isCount],
  ['sample_rate', isCount],
  ['attempt', isCount],
  ['duration', (v) => isSeconds(v) || v === null],
  ['participant_pause_sensitivity', isSensitivity],
  ['participant_interrupt_sensitivity', isSensitivity],
  ['status', isIn(['success', 'error'])],
  ['job_status', isIn(['completed'])],
  ['shutdown_reason', isIn(SHUTDOWN_REASONS)],
]);

/** One perception frame. */
const FRAME: ReadonlyMap<string, Check> = new Map([['mime_type', matches(/^(image|video|audio)\/[a-z0-9.+-]{1,40}$/)]]);

/**
 * Keys the protocol defines whose values are user or app content (speech, tool names and arguments, context,
 * participant names): the key stays, so the shape of a message is still readable; the value is replaced.
 */
const CONTENT_KEYS: ReadonlySet<string> = new Set([
  'properties',
  'speech',
  'text',
  'content',
  'context',
  'analysis',
  'arguments',
  'output',
  'name',
  'tool_name',
  'reason',
  'guardrail',
  'guardrail_name',
  'objective_name',
  'output_variables',
  'visual_context',
  'user_audio_analysis',
  'user_visual_analysis',
  'audio',
  'frames',
  'data',
  'mime_type',
  'canvas_config',
  'tool_calls',
  'webhook_url',
  'user_id',
  'user_name',
  'errorMsg',
  'error',
  'local',
  'replica',
  'session_id',
  'mode',
  'dailyVersion',
  'found',
  ...ENVELOPE.keys(),
  ...PROPERTIES.keys(),
]);

function dropped(label: 'audio dropped' | 'frame dropped', value: string): string {
  return `[${label}: ${value.length} base64 chars ≈ ${base64DecodedLength(value)} bytes]`;
}

/** What replaces a value that is not allowed where it is: its kind and size, nothing of its content. */
export function redactedValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // A string the capture cut counts what it had (the record stays flagged truncated).
  if (typeof value === 'string') return MARKER.test(value) ? value : `[redacted: ${originalLength(value)} chars]`;
  if (typeof value === 'number') return '[redacted number]';
  if (typeof value === 'boolean') return '[redacted boolean]';
  if (Array.isArray(value)) return `[redacted array: ${value.length} items]`;
  if (typeof value === 'object') return `[redacted object: ${Object.keys(value).length} keys]`;
  return '[redacted]';
}

/** Session ids to stable pseudonyms (`participant-1`, …) within one export; `'*'` (everyone) stays. */
export class Pseudonyms {
  private readonly names = new Map<string, string>();
  of(id: string): string {
    if (id === '*') return id;
    let name = this.names.get(id);
    if (name === undefined) {
      name = /^participant-\d{1,6}$/.test(id) ? id : `participant-${this.names.size + 1}`;
      this.names.set(id, name);
    }
    return name;
  }
}

/** Copies an object, keeping allowed values, replacing the rest, renaming unknown keys. */
function redactObject(
  obj: JsonObject,
  allowed: ReadonlyMap<string, Check>,
  special: (key: string, value: unknown) => unknown,
): JsonObject {
  const out: JsonObject = {};
  let unknownKeys = 0;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const known = CONTENT_KEYS.has(key) || KEY_MARKER.test(key);
    const name = known ? key : `[key ${++unknownKeys}]`;
    const check = allowed.get(key);
    let kept: unknown;
    if (check?.(value)) kept = value;
    else if (known) kept = special(key, value);
    else kept = redactedValue(value);
    // defineProperty: a key such as "__proto__" must stay an own data property, not set the prototype.
    Object.defineProperty(out, name, { value: kept, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function redactFrame(frame: unknown): unknown {
  if (!isObject(frame)) return redactedValue(frame);
  return redactObject(frame, FRAME, (key, value) =>
    key === 'data' && typeof value === 'string' && !MARKER.test(value)
      ? dropped('frame dropped', value)
      : redactedValue(value),
  );
}

function redactProperties(props: JsonObject): JsonObject {
  return redactObject(props, PROPERTIES, (key, value) => {
    if (key === 'audio' && typeof value === 'string' && !MARKER.test(value)) return dropped('audio dropped', value);
    if (key === 'frames' && Array.isArray(value)) return value.map(redactFrame);
    return redactedValue(value);
  });
}

/** The redacted copy of an app-message's parsed `data`. */
export function redactMessage(data: unknown): unknown {
  if (!isObject(data)) return redactedValue(data);
  return redactObject(data, ENVELOPE, (key, value) =>
    key === 'properties' && isObject(value) ? redactProperties(value) : redactedValue(value),
  );
}

const CALL_FACTS: ReadonlyMap<string, Check> = new Map([
  ['mode', matches(/^[A-Za-z][A-Za-z0-9_-]{0,40}$/)],
  ['found', matches(/^[A-Za-z][A-Za-z0-9_-]{0,40}$/)],
  ['dailyVersion', (v) => v === null || matches(/^\d{1,4}\.\d{1,4}\.\d{1,6}([.+-][A-Za-z0-9.]{1,30})?$/)(v)],
  ['local', (v) => typeof v === 'boolean'],
  ['replica', (v) => typeof v === 'boolean'],
]);

/**
 * The redacted copy of a call-state detail: call facts (mode, daily-js version, how the call was found, whether a
 * participant is local or the replica) stay; session ids become pseudonyms; names, user ids and error texts go.
 */
export function redactCallState(detail: unknown, ids: Pseudonyms): unknown {
  if (!isObject(detail)) return redactedValue(detail);
  return redactObject(detail, CALL_FACTS, (key, value) => {
    if (key === 'session_id' && typeof value === 'string') return ids.of(value);
    if (key === 'local' && isObject(value)) return redactCallState(value, ids);
    return redactedValue(value);
  });
}

const RAW_REDACTED = /^\{[^{}[\]]{0,1200}"…":"\[redacted: \d{1,10} chars of text\]"$/;

/**
 * Text that is not JSON (an old capture's cut text, garbage from the page) cannot be walked by position: only the
 * envelope that can be read out of it survives (so a cut event is still placed by seq), and the rest is counted.
 * The result is deliberately left unclosed: it was not JSON, and an import must not turn it into a valid event.
 */
export function redactRawText(text: string): string {
  if (RAW_REDACTED.test(text)) return text;
  const parts: string[] = [];
  for (const key of ['message_type', 'event_type', 'conversation_id', 'inference_id'] as const) {
    const found = new RegExp(`"${key}"\\s*:\\s*"([^"\\\\]{1,128})"`).exec(text);
    if (found && ENVELOPE.get(key)!(found[1])) parts.push(`"${key}":${JSON.stringify(found[1])}`);
  }
  for (const key of ['seq', 'turn_idx'] as const) {
    const found = new RegExp(`"${key}"\\s*:\\s*(\\d{1,15})[,}\\s]`).exec(text);
    if (found) parts.push(`"${key}":${found[1]}`);
  }
  parts.push(`"…":"[redacted: ${text.length} chars of text]"`);
  return `{${parts.join(',')}`;
}

/** Whether a string is a redaction marker (for tests and for readers of version 1 files). */
export function isRedactionMarker(value: string): boolean {
  return MARKER.test(value);
}
