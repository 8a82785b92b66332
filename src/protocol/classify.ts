/**
 * classifyMessage: turns any app-message `data` (already JSON-parsed; possibly null, an array, a string, wrong types
 * everywhere, hostile keys, megabyte strings) into a `Classified`: a kind, the extracted envelope fields, a one-line
 * summary, and the reasons it is unknown, malformed or odd. It never throws and reads own properties only.
 */
import {
  DEFAULT_ECHO_SAMPLE_RATE,
  KNOWN_EVENT_TYPES,
  SENSITIVITY_EXTRA_VALUES,
  SENSITIVITY_VALUES,
  type Classified,
  type Role,
  type TypeInfo,
} from './events';
import { isCanvasControlTool } from './canvas';
import { describeType, isObject, oneLine, own, previewValue, quoted, type JsonObject } from './json-text';
import { base64DecodedLength, isBase64 } from './base64';
import { formatBytes } from './sizes';
import { charsCut, originalLength, type PayloadFacts } from './payload-facts';

const MESSAGE_TYPES = new Set(['conversation', 'system', 'application']);

/** A result under construction (its lists still growing). */
type Draft = Omit<Classified, 'variants' | 'problems'> & { variants: string[]; problems: string[] };

/** Shared by every result without variants/problems: most messages, so 100k results don't carry 200k empty arrays. */
const NONE: readonly string[] = Object.freeze([]);

function finish(c: Draft): Classified {
  if (c.variants.length === 0) (c as Classified).variants = NONE;
  if (c.problems.length === 0) (c as Classified).problems = NONE;
  return c;
}

/**
 * `facts` (from a redacted session file) replace counts and sizes that can no longer be read from the redacted data,
 * so an imported row summarises like the live one.
 */
export function classifyMessage(data: unknown, facts?: PayloadFacts): Classified {
  try {
    return finish(classifyUnchecked(data, facts));
  } catch (error) {
    // Only reachable through exotic values (proxies, throwing getters); JSON.parse output never gets here.
    return {
      kind: 'malformed',
      summary: 'could not be read',
      variants: [],
      problems: [`could not be read: ${oneLine(String(error instanceof Error ? error.message : error), 120)}`],
    };
  }
}

/** Every field present from the start, in one order: one hidden class for all results, no property-store growth. */
function emptyResult(): Draft {
  return {
    kind: 'unknown',
    eventType: undefined,
    canonicalType: undefined,
    messageType: undefined,
    summary: '',
    seq: undefined,
    turnIdx: undefined,
    inferenceId: undefined,
    timestamp: undefined,
    role: undefined,
    rawRole: undefined,
    conversationId: undefined,
    family: undefined,
    toolCallId: undefined,
    toolName: undefined,
    toolArguments: undefined,
    canvasConfig: undefined,
    expectsToolResult: undefined,
    objective: undefined,
    heartbeat: undefined,
    guardrail: undefined,
    shutdownReason: undefined,
    speech: undefined,
    streaming: undefined,
    speaking: undefined,
    echo: undefined,
    context: undefined,
    sensitivity: undefined,
    perception: undefined,
    toolResult: undefined,
    interrupted: undefined,
    variants: [],
    problems: [],
  };
}

/** Some apps and bridges hand over `data` as JSON text; longer than this is not worth a parse attempt per event. */
const MAX_STRING_DATA_PARSE = 1_000_000;

function classifyUnchecked(input: unknown, facts: PayloadFacts | undefined): Draft {
  const c = emptyResult();
  let data = input;
  if (typeof input === 'string' && input.length <= MAX_STRING_DATA_PARSE && /^\s*\{/.test(input)) {
    const parsed = parseJsonObject(input);
    if (parsed !== undefined) {
      data = parsed;
      c.variants.push('data arrived as a JSON string (parsed; Tavus sends an object)');
    }
  }
  if (!isObject(data)) {
    c.kind = 'malformed';
    c.problems.push(`data is ${describeType(data)}, not an object`);
    c.summary = oneLine(`${describeType(data)}: ${previewValue(data, 160)}`);
    return c;
  }

  const rawType = own(data, 'event_type');
  if (typeof rawType === 'string') c.eventType = rawType;
  readEnvelope(c, data);
  const rawProps = own(data, 'properties');
  const props: JsonObject | undefined = isObject(rawProps) ? rawProps : undefined;
  if (rawProps !== undefined && !props) c.problems.push(`properties is ${describeType(rawProps)}, not an object`);
  readInferenceId(c, data, props);
  readRole(c, props);

  if (rawType === undefined) {
    c.problems.push('no event_type (not a Tavus message?)');
    c.summary = oneLine(previewValue(data, 200));
    return c;
  }
  if (typeof rawType !== 'string') {
    c.kind = 'malformed';
    c.problems.push(`event_type is ${describeType(rawType)}, not a string`);
    c.summary = oneLine(previewValue(data, 200));
    return c;
  }

  const info = lookupType(c, rawType, props);
  if (!info) {
    c.problems.push(`unrecognised event_type ${quoted(rawType, 80)}`);
    c.summary = props ? oneLine(previewValue(props, 200)) : '';
    return c;
  }
  c.kind = info.kind;
  c.canonicalType = info.canonical;
  if (info.variant) c.variants.push(info.variant);
  if (info.family) c.family = info.family;
  HANDLERS[info.kind]?.(c, data, props ?? EMPTY, info, props !== undefined, facts ?? NO_FACTS);
  c.summary = oneLine(c.summary);
  return c;
}

function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const EMPTY: JsonObject = Object.freeze(Object.create(null) as JsonObject);
const NO_FACTS: PayloadFacts = Object.freeze({});

function lookupType(c: Draft, rawType: string, props: JsonObject | undefined): TypeInfo | undefined {
  const exact = KNOWN_EVENT_TYPES.get(rawType);
  if (exact) return exact;
  const lower = rawType.trim().toLowerCase();
  const loose = KNOWN_EVENT_TYPES.get(lower);
  if (loose) {
    c.variants.push(`event_type spelled ${quoted(rawType, 60)} (documented: ${loose.canonical})`);
    return loose;
  }
  // Guardrail violations have no documented event_type; recognise them by name or by their properties.
  if (
    lower.includes('guardrail') ||
    (props &&
      (Object.hasOwn(props, 'guardrail') ||
        Object.hasOwn(props, 'guardrail_name') ||
        Object.hasOwn(props, 'guardrail_uuid')))
  )
    return { kind: 'guardrail', canonical: rawType, variant: 'guardrail event (name not documented)' };
  if (lower.startsWith('system.')) return { kind: 'system', canonical: rawType };
  if (lower.startsWith('application.'))
    return { kind: 'application', canonical: rawType, variant: 'webhook-style application.* event' };
  return undefined;
}

// ------------------------------------------------------------------------------------------------------------
// Envelope

function readEnvelope(c: Draft, data: JsonObject): void {
  const messageType = own(data, 'message_type');
  if (typeof messageType === 'string') {
    c.messageType = messageType;
    if (!MESSAGE_TYPES.has(messageType)) c.problems.push(`unexpected message_type ${quoted(messageType, 40)}`);
  } else if (messageType !== undefined) c.problems.push(`message_type is ${describeType(messageType)}`);

  const conversationId = own(data, 'conversation_id');
  if (typeof conversationId === 'string') c.conversationId = conversationId;
  else if (conversationId !== undefined && conversationId !== null)
    c.problems.push(`conversation_id is ${describeType(conversationId)}`);

  const seq = readCount(own(data, 'seq'), 'seq', c.problems);
  if (seq !== undefined) c.seq = seq;
  const turnIdx = readCount(own(data, 'turn_idx'), 'turn_idx', c.problems);
  if (turnIdx !== undefined) c.turnIdx = turnIdx;
  const timestamp = readTimestamp(own(data, 'timestamp'), c);
  if (timestamp !== undefined) c.timestamp = timestamp;
}

/** A non-negative integer. Digit strings are accepted (ordering still works) but reported. */
function readCount(value: unknown, name: string, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    problems.push(`${name} is not a non-negative integer (${String(value)})`);
    return undefined;
  }
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) {
    problems.push(`${name} is a string`);
    return Number(value);
  }
  problems.push(`${name} is ${describeType(value)}`);
  return undefined;
}

function readTimestamp(value: unknown, c: Draft): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      c.problems.push(`timestamp is not a valid time (${String(value)})`);
      return undefined;
    }
    // Tavus sends seconds; a value this large can only be milliseconds.
    if (value > 1e11) {
      c.problems.push('timestamp looks like milliseconds (expected Unix seconds)');
      return value / 1000;
    }
    return value;
  }
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) {
      c.problems.push('timestamp is a numeric string');
      return Number(value);
    }
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) {
      c.variants.push('timestamp is an ISO string (webhook style)');
      return ms / 1000;
    }
    c.problems.push(`timestamp is not a number or ISO date (${quoted(value, 40)})`);
    return undefined;
  }
  c.problems.push(`timestamp is ${describeType(value)}`);
  return undefined;
}

function readInferenceId(c: Draft, data: JsonObject, props: JsonObject | undefined): void {
  const top = own(data, 'inference_id');
  const inner = props ? own(props, 'inference_id') : undefined;
  if (typeof top === 'string') c.inferenceId = top;
  else if (top !== undefined && top !== null) c.problems.push(`inference_id is ${describeType(top)}`);
  if (typeof inner === 'string') {
    if (c.inferenceId === undefined) c.inferenceId = inner;
    else if (inner !== c.inferenceId) c.problems.push('inference_id differs between top level and properties');
  } else if (inner !== undefined && inner !== null)
    c.problems.push(`properties.inference_id is ${describeType(inner)}`);
}

/** Roles some Tavus versions or bridges send for the replica (protocol §8): treated as the replica, with a note. */
const REPLICA_ROLE_ALIASES = new Set(['assistant', 'agent']);

function normaliseRole(raw: string): Role | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'user') return 'user';
  if (lower === 'replica' || lower === 'pal' || REPLICA_ROLE_ALIASES.has(lower)) return 'replica';
  return undefined;
}

function readRole(c: Draft, props: JsonObject | undefined): void {
  if (!props) return;
  const raw = own(props, 'role');
  if (raw === undefined) return;
  if (typeof raw !== 'string') {
    c.problems.push(`role is ${describeType(raw)}`);
    return;
  }
  c.rawRole = raw;
  const role = normaliseRole(raw);
  if (role) {
    c.role = role;
    if (REPLICA_ROLE_ALIASES.has(raw.toLowerCase()))
      c.variants.push(`role ${quoted(raw, 20)} treated as the replica (seen in the wild; docs: "replica" or "pal")`);
  } else c.problems.push(`unknown role ${quoted(raw, 40)}`);
}

const roleLabel = (c: Draft): string => c.rawRole ?? c.role ?? '?';

function readString(props: JsonObject, key: string, c: Draft): string | undefined {
  const value = own(props, key);
  if (typeof value === 'string') return value;
  if (value !== undefined && value !== null) c.problems.push(`${key} is ${describeType(value)}, not a string`);
  return undefined;
}

function readBool(props: JsonObject, key: string, c: Draft): boolean | undefined {
  const value = own(props, key);
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') {
    c.variants.push(`${key} is the string "${value}" (current docs: a boolean)`);
    return value === 'true';
  }
  if (value !== undefined && value !== null) c.problems.push(`${key} is ${describeType(value)}, not a boolean`);
  return undefined;
}

interface SpeechText {
  text: string;
  /** The page sent a non-string (an object, a number…): `text` is its compact JSON, shown as is, not quoted. */
  literal: boolean;
}

/** The utterance text: `speech`, or SKILL.md's `content`. A non-string speech is shown compactly, never dropped. */
function readSpeech(props: JsonObject, c: Draft, required: boolean): SpeechText | undefined {
  const speech = own(props, 'speech');
  if (typeof speech === 'string') return { text: speech, literal: false };
  if (speech !== undefined && speech !== null) {
    c.problems.push(`speech is ${describeType(speech)}, not a string`);
    return { text: previewValue(speech, 400), literal: true };
  }
  const content = own(props, 'content');
  if (typeof content === 'string') {
    c.variants.push('properties.content instead of speech (SKILL.md shape)');
    return { text: content, literal: false };
  }
  if (required && speech === undefined) c.problems.push('no speech text');
  return undefined;
}

/** Summary text of an utterance: quoted speech (or the literal value), and a note when the capture cut it. */
function speechLabel(speech: SpeechText | undefined, max: number): string {
  if (speech === undefined) return '(no speech)';
  const cut = speech.literal ? undefined : charsCut(speech.text);
  const shown = speech.literal ? oneLine(speech.text, max) : quoted(speech.text, max);
  return cut === undefined ? shown : `${shown} · truncated (+${cut} chars)`;
}

// ------------------------------------------------------------------------------------------------------------
// Per-kind readers. `present` says whether `properties` was an object at all.

type Handler = (
  c: Draft,
  data: JsonObject,
  props: JsonObject,
  info: TypeInfo,
  present: boolean,
  facts: PayloadFacts,
) => void;

function readToolFields(c: Draft, data: JsonObject, props: JsonObject): void {
  const name = readString(props, 'name', c);
  if (name !== undefined) c.toolName = name;
  else {
    const toolName = own(props, 'tool_name');
    if (typeof toolName === 'string') {
      c.toolName = toolName;
      c.variants.push('properties.tool_name instead of name (SKILL.md shape)');
    } else c.problems.push('no tool name');
  }
  const id = own(props, 'tool_call_id');
  const topId = own(data, 'tool_call_id');
  if (typeof id === 'string') c.toolCallId = id;
  else if (typeof topId === 'string') {
    c.toolCallId = topId;
    c.variants.push('tool_call_id at the top level');
  } else if (id !== undefined && id !== null) c.problems.push(`tool_call_id is ${describeType(id)}`);
}

/**
 * "Some Tavus versions" send `properties.tool_calls`, an array of calls (protocol §8), either in Tavus's own shape
 * ({name, arguments, tool_call_id}) or OpenAI's ({id, function: {name, arguments}}). Each becomes Tavus's shape.
 */
function readToolCallBatch(c: Draft, props: JsonObject): JsonObject[] | undefined {
  const batch = own(props, 'tool_calls');
  if (!Array.isArray(batch) || own(props, 'name') !== undefined) return undefined;
  const calls: JsonObject[] = [];
  for (const item of batch) {
    if (!isObject(item)) continue;
    const fn = own(item, 'function');
    const call: JsonObject = {};
    const source = isObject(fn) ? fn : item;
    const name = own(source, 'name');
    if (name !== undefined) call['name'] = name;
    const args = own(source, 'arguments');
    if (args !== undefined) call['arguments'] = args;
    const id = own(item, 'tool_call_id') ?? own(item, 'id');
    if (id !== undefined) call['tool_call_id'] = id;
    calls.push(call);
  }
  c.variants.push(`properties.tool_calls array of ${batch.length} (some Tavus versions; docs: one call per event)`);
  if (calls.length < batch.length) c.problems.push(`${batch.length - calls.length} tool_calls item(s) not objects`);
  return calls.length ? calls : undefined;
}

function toolNameOf(call: JsonObject): string | undefined {
  const name = own(call, 'name');
  return typeof name === 'string' ? oneLine(name, 40) : undefined;
}

/** Parses tool arguments; returns whether they came as an object rather than a JSON string. */
function readArguments(c: Draft, props: JsonObject): 'string' | 'object' | undefined {
  const args = own(props, 'arguments');
  if (args === undefined) return undefined;
  if (typeof args === 'string') {
    try {
      c.toolArguments = JSON.parse(args);
    } catch (error) {
      c.toolArguments = args;
      c.problems.push(
        `arguments is not valid JSON (${oneLine(error instanceof Error ? error.message : String(error), 80)})`,
      );
    }
    return 'string';
  }
  if (typeof args === 'object' && args !== null) {
    c.toolArguments = args;
    return 'object';
  }
  c.problems.push(`arguments is ${describeType(args)}`);
  c.toolArguments = args;
  return undefined;
}

const HANDLERS: Partial<Record<Classified['kind'], Handler>> = {
  utterance(c, _data, props, _info, present) {
    if (!present) c.problems.push('no properties');
    const speech = readSpeech(props, c, present);
    if (speech !== undefined) c.speech = speech.text;
    if (c.rawRole === undefined && present) c.problems.push('no role');
    const interrupted = readBool(props, 'interrupted', c);
    if (interrupted) c.interrupted = true;
    const extras: string[] = [];
    if (own(props, 'user_audio_analysis') !== undefined) extras.push('audio analysis');
    if (own(props, 'user_visual_analysis') !== undefined) extras.push('visual analysis');
    if (own(props, 'visual_context') !== undefined) extras.push('visual context');
    c.summary =
      `${roleLabel(c)}: ${speechLabel(speech, 150)}` +
      (interrupted ? ' · interrupted' : '') +
      (extras.length ? ` · +${extras.join(', ')}` : '');
  },

  streaming(c, _data, props, _info, present) {
    if (!present) c.problems.push('no properties');
    const speech = readSpeech(props, c, present);
    if (speech !== undefined) c.speech = speech.text;
    if (c.rawRole === undefined && present) c.problems.push('no role');
    const contentIndex = readCount(own(props, 'content_index'), 'content_index', c.problems);
    const final = readBool(props, 'final', c) ?? false;
    const isInterrupted = readBool(props, 'is_interrupted', c) ?? false;
    c.streaming = { final, isInterrupted, ...(contentIndex !== undefined ? { contentIndex } : {}) };
    c.summary =
      `${roleLabel(c)} #${contentIndex ?? '?'}: ${speechLabel(speech, 140)}` +
      (final ? ' · final' : '') +
      (isInterrupted ? ' · interrupted' : '');
  },

  speaking(c, _data, props, info) {
    const phase = info.phase ?? 'started';
    const family = info.family ?? 'legacy';
    if (info.impliedRole) {
      if (c.role !== undefined && c.role !== info.impliedRole)
        c.problems.push(`properties.role ${quoted(c.rawRole ?? '', 20)} contradicts the event name`);
      c.role = info.impliedRole;
    } else if (c.rawRole === undefined) c.problems.push('no properties.role');
    c.speaking = { phase, family };
    let detail = '';
    if (phase === 'stopped') {
      const duration = own(props, 'duration');
      if (duration === null) c.speaking.durationS = null;
      else if (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0) {
        c.speaking.durationS = duration;
        detail += ` · ${duration.toFixed(2)} s`;
      } else if (duration !== undefined) c.problems.push(`duration is ${describeType(duration)}, not seconds`);
      const interrupted = readBool(props, 'interrupted', c);
      if (interrupted !== undefined) c.speaking.interrupted = interrupted;
      if (interrupted) detail += ' · interrupted';
    }
    c.summary = `${roleLabel(c)} ${phase} speaking${detail}${family === 'legacy' ? '' : ' (role-agnostic)'}`;
  },

  replica_interrupted(c) {
    c.role = 'replica';
    c.summary = 'replica interrupted (legacy event)';
  },

  tool_call(c, data, props, _info, present) {
    if (!present) c.problems.push('no properties');
    const batch = readToolCallBatch(c, props);
    const call = batch?.[0] ?? props;
    readToolFields(c, data, call);
    const shape = readArguments(c, call);
    if (shape === 'object') c.variants.push('arguments is an object (docs: a JSON string)');
    const canvas = own(data, 'canvas_config');
    if (canvas !== undefined && canvas !== null) c.canvasConfig = canvas;
    c.expectsToolResult = !isCanvasControlTool(c.toolName);
    const more = batch && batch.length > 1 ? batch.slice(1).map((other) => toolNameOf(other) ?? '?') : [];
    c.summary =
      `${c.toolName ?? '?'}(${c.toolArguments === undefined ? '' : previewValue(c.toolArguments, 150)})` +
      (c.toolCallId ? ` · ${c.toolCallId}` : '') +
      (more.length ? ` · +${more.length} more: ${more.join(', ')}` : '') +
      (c.canvasConfig !== undefined ? ' · canvas_config' : '') +
      (c.expectsToolResult ? '' : ' · canvas control (no tool_result expected)');
  },

  perception_tool_call(c, data, props, _info, present, facts) {
    if (!present) c.problems.push('no properties');
    readToolFields(c, data, props);
    const modality = readString(props, 'modality', c);
    if (modality === undefined && present) c.problems.push('no modality');
    else if (modality !== undefined && modality !== 'vision' && modality !== 'audio')
      c.problems.push(`unknown modality ${quoted(modality, 30)}`);
    const shape = readArguments(c, props);
    if (modality === 'vision' && shape === 'string')
      c.variants.push('vision arguments as a JSON string (docs: object)');
    if (modality === 'audio' && shape === 'object') c.variants.push('audio arguments as an object (docs: JSON string)');
    let frameCount = 0;
    let frameBytes = 0;
    const frames = own(props, 'frames');
    if (Array.isArray(frames)) {
      let bad = 0;
      for (const frame of frames) {
        const frameData = isObject(frame) ? own(frame, 'data') : undefined;
        if (typeof frameData === 'string') {
          frameCount++;
          frameBytes += base64DecodedLength(frameData);
        } else bad++;
      }
      if (bad) c.problems.push(`${bad} frame(s) without base64 data`);
    } else if (frames !== undefined) c.problems.push(`frames is ${describeType(frames)}, not an array`);
    if (facts.frameCount !== undefined) frameCount = facts.frameCount;
    if (facts.frameBytes !== undefined) frameBytes = facts.frameBytes;
    c.perception = { frameCount, frameBytes, ...(modality !== undefined ? { modality } : {}) };
    c.summary =
      `${modality ?? '?'} ${c.toolName ?? '?'}(${c.toolArguments === undefined ? '' : previewValue(c.toolArguments, 120)})` +
      (frameCount ? ` · ${frameCount} frame${frameCount === 1 ? '' : 's'} (${formatBytes(frameBytes)})` : '');
  },

  perception_analysis(c, _data, props, _info, _present, facts) {
    const analysis = readString(props, 'analysis', c);
    if (analysis === undefined) {
      c.problems.push('no analysis text');
      c.summary = '(no analysis)';
      return;
    }
    c.speech = analysis;
    c.summary = `${facts.textChars ?? originalLength(analysis)} chars: ${quoted(analysis, 160)}`;
  },

  replica_joined(c, _data, props) {
    const replicaId = readString(props, 'replica_id', c);
    const who = c.eventType?.toLowerCase().includes('pal') ? 'PAL' : 'replica';
    c.summary = `${who} joined${replicaId ? ` · ${replicaId}` : ''}`;
  },

  presence(c) {
    const verb = c.eventType?.toLowerCase().endsWith('left') ? 'left' : 'joined';
    c.summary = `${c.rawRole ?? 'participant'} ${verb}`;
  },

  objective(c, _data, props, info) {
    const phase = info.objectivePhase ?? 'pending';
    const objective: NonNullable<Classified['objective']> = { phase };
    const name = readString(props, 'objective_name', c);
    if (name !== undefined) objective.name = name;
    else if (phase !== 'confirm') c.problems.push('no objective_name');
    const outputs = own(props, 'output_variables');
    if (isObject(outputs)) objective.outputVariables = outputs;
    else if (outputs !== undefined && outputs !== null)
      c.problems.push(`output_variables is ${describeType(outputs)}, not an object`);
    c.objective = objective;
    c.summary =
      `objective ${name !== undefined ? oneLine(name, 60) : '?'} ${phase}` +
      (objective.outputVariables ? ` · ${previewValue(objective.outputVariables, 140)}` : '');
  },

  heartbeat(c, _data, props) {
    const attempt = readCount(own(props, 'attempt'), 'attempt', c.problems);
    c.heartbeat = attempt !== undefined ? { attempt } : {};
    c.summary = `replica present${attempt !== undefined ? ` · attempt ${attempt}` : ''}`;
  },

  rag(c, _data, props, _info, present) {
    c.summary = present ? previewValue(props, 200) : '(no properties)';
  },

  guardrail(c, _data, props) {
    // The interviewer app reads guardrail_name; the docs name the field guardrail. Either may come.
    const name = readString(props, 'guardrail_name', c) ?? readString(props, 'guardrail', c);
    const uuid = readString(props, 'guardrail_uuid', c);
    const reason = readString(props, 'reason', c);
    c.guardrail = {
      ...(name !== undefined ? { name } : {}),
      ...(uuid !== undefined ? { uuid } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
    c.summary = `guardrail ${name !== undefined ? quoted(name, 60) : '?'}` + (reason ? `: ${quoted(reason, 120)}` : '');
  },

  system(c, _data, props, info, present) {
    const webhookReason = own(props, 'shutdown_reason');
    const inCallReason = own(props, 'reason');
    if (typeof webhookReason === 'string') c.shutdownReason = webhookReason;
    else if (info.canonical === 'system.shutdown' && typeof inCallReason === 'string') {
      c.shutdownReason = inCallReason;
      c.variants.push('in-call shutdown carries reason (the webhook uses shutdown_reason)');
    }
    if (c.shutdownReason !== undefined) c.summary = `shutdown: ${c.shutdownReason}`;
    else c.summary = present ? previewValue(props, 200) : '';
  },

  application(c, _data, props, _info, present) {
    c.summary = present ? previewValue(props, 200) : '';
  },

  echo(c, _data, props, _info, present, facts) {
    if (!present) {
      c.problems.push('no properties');
      c.summary = '(no properties)';
      return;
    }
    let modality = readString(props, 'modality', c);
    if (modality === undefined) {
      const type = own(props, 'type');
      if (typeof type === 'string') {
        modality = type;
        c.variants.push('"type" instead of "modality" (early Pipecat)');
      }
    }
    const text = readString(props, 'text', c);
    const audio = readString(props, 'audio', c);
    if (modality === 'speech') c.variants.push('modality "speech" (one playground; the docs use "audio")');
    else if (modality !== undefined && modality !== 'text' && modality !== 'audio')
      c.problems.push(`unknown modality ${quoted(modality, 30)}`);
    const isAudio = modality === 'audio' || ((modality === 'speech' || modality === undefined) && audio !== undefined);
    if (modality === undefined) c.problems.push('no modality');
    const done = readBool(props, 'done', c);
    const echo: NonNullable<Classified['echo']> = {};
    if (modality !== undefined) echo.modality = modality;
    if (done !== undefined) echo.done = done;
    if (isAudio) {
      if (audio === undefined && facts.audioBytes === undefined) c.problems.push('audio echo without audio');
      const rate = own(props, 'sample_rate');
      if (typeof rate === 'number' && Number.isSafeInteger(rate) && rate > 0) echo.sampleRate = rate;
      else if (rate !== undefined) c.problems.push(`sample_rate is not a positive integer (${previewValue(rate, 30)})`);
      echo.effectiveSampleRate = echo.sampleRate ?? DEFAULT_ECHO_SAMPLE_RATE;
      if (rate === undefined) c.variants.push('no sample_rate (Tavus assumes 16000 Hz)');
      if (facts.audioBytes !== undefined) {
        // Redacted import: the audio is gone, its sizes came with the file.
        echo.audioBase64Chars = facts.audioBase64Chars ?? Math.ceil(facts.audioBytes / 3) * 4;
        echo.audioBytes = facts.audioBytes;
        echo.durationMs = facts.durationMs ?? (facts.audioBytes / 2 / echo.effectiveSampleRate) * 1000;
      } else if (audio !== undefined) {
        echo.audioBase64Chars = audio.length;
        if (!isBase64(audio)) c.problems.push('audio is not valid base64');
        const bytes = base64DecodedLength(audio);
        echo.audioBytes = bytes;
        if (bytes % 2 === 1) c.problems.push('audio has an odd byte count (16-bit PCM needs whole samples)');
        echo.durationMs = (bytes / 2 / echo.effectiveSampleRate) * 1000;
      }
      c.summary =
        `audio ${formatBytes(echo.audioBytes ?? 0)} ≈ ${Math.round(echo.durationMs ?? 0)} ms @ ${(echo.effectiveSampleRate / 1000).toFixed(echo.effectiveSampleRate % 1000 ? 2 : 0)} kHz` +
        (done ? ' · done' : '');
    } else {
      if (text === undefined) c.problems.push('text echo without text');
      else {
        echo.text = text;
        c.speech = text;
      }
      c.summary = `text ${text !== undefined ? quoted(text, 160) : '(no text)'}${done ? ' · done' : ''}`;
    }
    c.echo = echo;
  },

  respond(c, _data, props) {
    const text = readString(props, 'text', c);
    if (text === undefined) {
      if (own(props, 'text') === undefined) c.problems.push('no text');
      c.summary = '(no text)';
      return;
    }
    c.speech = text;
    c.summary = quoted(text, 190);
  },

  interrupt(c) {
    c.summary = 'interrupt';
  },

  context(c, _data, props, info, _present, facts) {
    const op = info.contextOp ?? 'append';
    let context = readString(props, 'context', c);
    if (context === undefined && typeof own(props, 'text') === 'string') {
      context = own(props, 'text') as string;
      c.variants.push('properties.text instead of context (early playground)');
    }
    const jobStatus = readString(props, 'job_status', c);
    if (context === undefined) {
      if (own(props, 'context') === undefined) c.problems.push('no context text');
      c.context = { op, length: 0 };
      c.summary = `${op} (no context)`;
      return;
    }
    const length = facts.textChars ?? originalLength(context);
    c.context = { op, length, ...(jobStatus !== undefined ? { jobStatus } : {}) };
    c.summary = `${op} ${length} chars: ${quoted(context, 150)}${jobStatus ? ` · job_status=${jobStatus}` : ''}`;
  },

  sensitivity(c, _data, props) {
    const info: NonNullable<Classified['sensitivity']> = {};
    const parts: string[] = [];
    for (const [key, label, field] of [
      ['participant_pause_sensitivity', 'pause', 'pause'],
      ['participant_interrupt_sensitivity', 'interrupt', 'interrupt'],
    ] as const) {
      const value = readString(props, key, c);
      if (value === undefined) continue;
      info[field] = value;
      parts.push(`${label}=${oneLine(value, 20)}`);
      if (SENSITIVITY_EXTRA_VALUES.has(value))
        c.variants.push(`${key} ${quoted(value)} is not in the docs (cvi-ui allows it)`);
      else if (!SENSITIVITY_VALUES.has(value)) c.problems.push(`unknown ${key} ${quoted(value, 20)}`);
    }
    if (parts.length === 0) c.problems.push('no sensitivity values');
    c.sensitivity = info;
    c.summary = parts.length ? parts.join(' · ') : '(no values)';
  },

  tool_result(c, data, props, _info, present) {
    if (!present) c.problems.push('no properties');
    const id = own(props, 'tool_call_id');
    if (typeof id === 'string') c.toolCallId = id;
    else if (typeof own(data, 'tool_call_id') === 'string') {
      c.toolCallId = own(data, 'tool_call_id') as string;
      c.variants.push('tool_call_id at the top level');
    } else c.problems.push(id === undefined ? 'no tool_call_id' : `tool_call_id is ${describeType(id)}`);
    const output = own(props, 'output');
    const status = readString(props, 'status', c);
    if (status !== undefined && status !== 'success' && status !== 'error')
      c.problems.push(`unknown status ${quoted(status, 20)}`);
    if (output !== undefined && typeof output !== 'string' && !isObject(output) && !Array.isArray(output))
      c.problems.push(`output is ${describeType(output)} (docs: string or object)`);
    c.toolResult = { ...(status !== undefined ? { status } : {}), ...(output !== undefined ? { output } : {}) };
    c.summary =
      `${c.toolCallId ?? '?'} ${status ?? 'success'}` +
      (output === undefined
        ? ' (no output)'
        : `: ${typeof output === 'string' ? quoted(output, 140) : previewValue(output, 140)}`);
  },

  realtime_api(c, _data, props, _info, present) {
    const type = own(props, 'type');
    c.summary = typeof type === 'string' ? `realtime ${oneLine(type, 80)}` : present ? previewValue(props, 200) : '';
  },
};
