/**
 * Session files (NDJSON): export the log, or part of it, and import it again. The format is documented in
 * docs/session-format.md. Redaction is on by default and works as an allowlist: only string values under known
 * protocol keys (event_type, role, ids, modality, tool name, status…) survive; every other string becomes
 * "[redacted: N chars]", and base64 audio and perception frames are dropped with a size marker.
 *
 * Payload JSON can be nested far deeper than JSON.stringify can handle, so unredacted data is carried as the
 * captured text, redaction uses an iterative writer, and import slices the data's text out of the line.
 */
import type { CapturedRecord, CallStateKind, CaptureVia, Direction, MessageOrigin } from '../record/record';
import { describeType, isObject, own, topLevelValueText, writeJson, type JsonObject } from '../protocol/json-text';
import type { LogEvent, LogInput } from './types';

export const SESSION_FORMAT = 'cvi-devtools-session';
export const SESSION_VERSION = 1;

export interface SessionHeader {
  readonly format: typeof SESSION_FORMAT;
  readonly version: typeof SESSION_VERSION;
  /** Origin of the inspected page, when known. */
  readonly origin: string | null;
  /** ISO-8601. */
  readonly exportedAt: string;
  /** Call ids of the exported events, in order of first appearance. */
  readonly calls: readonly string[];
  readonly redacted: boolean;
  /** Number of event lines that follow. */
  readonly count: number;
}

export interface ExportOptions {
  /** Default true. */
  redact?: boolean;
  /** Export only these events (e.g. `view.eventIds({ expandStreams: true })`); always written in arrival order. */
  ids?: Iterable<number>;
  /** Page origin for the header. */
  origin?: string | null;
  exportedAt?: Date;
}

/** What exportSession needs from the log. */
export interface SessionSource {
  events(): Iterable<LogEvent>;
  get(id: number): LogEvent | undefined;
}

export type SessionParseResult =
  | { readonly ok: true; readonly header: SessionHeader; readonly inputs: LogInput[] }
  | { readonly ok: false; readonly error: string };

// ---------------------------------------------------------------------------------------------------------------
// Redaction policy

/** String values under these keys are protocol vocabulary or ids, not user content: they are kept. */
const KEEP_KEYS: ReadonlySet<string> = new Set([
  'message_type',
  'event_type',
  'conversation_id',
  'inference_id',
  'tool_call_id',
  'role',
  'modality',
  'type',
  'name',
  'tool_name',
  'status',
  'mime_type',
  'participant_pause_sensitivity',
  'participant_interrupt_sensitivity',
  'job_status',
  'replica_id',
  'guardrail',
  'guardrail_uuid',
  'shutdown_reason',
  'done',
  'final',
  'is_interrupted',
  'interrupted',
  'timestamp',
  'seq',
  'turn_idx',
  'content_index',
  'sample_rate',
  'duration',
  'session_id',
  'state',
  'action',
]);

/** Everything beneath these keys is user content, whatever the inner key is called (arguments.name is a person). */
const CONTENT_KEYS: ReadonlySet<string> = new Set([
  'arguments',
  'output',
  'context',
  'speech',
  'text',
  'content',
  'visual_context',
  'user_audio_analysis',
  'user_visual_analysis',
  'analysis',
  'reason',
]);

const MARKER = /^\[(redacted|audio dropped|frame dropped|base64 dropped): [^\]]{1,80}\]$/;
const LONG_BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

function base64Marker(label: string, value: string): string {
  const bytes = Math.max(
    0,
    Math.floor((value.length * 3) / 4) - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0),
  );
  return `[${label}: ${value.length} base64 chars ≈ ${bytes} bytes]`;
}

function redactString(value: string, key: string | undefined, ancestors: readonly string[]): string {
  if (MARKER.test(value)) return value; // already redacted: keep re-exports stable
  if (key === 'audio') return base64Marker('audio dropped', value);
  if (key === 'data' && ancestors.includes('frames')) return base64Marker('frame dropped', value);
  if (value.length >= 256 && LONG_BASE64.test(value)) return base64Marker('base64 dropped', value);
  const inContent = ancestors.some((k) => CONTENT_KEYS.has(k));
  if (!inContent && key !== undefined && KEEP_KEYS.has(key)) return value;
  if ((key === 'arguments' || key === 'output') && !inContent) {
    // Tool arguments/output are often JSON in a string: keep the shape, redact the leaves.
    const trimmed = value.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(value);
        return writeJson(parsed, { mapString: (v, k, a) => redactString(v, k, [key, ...a]) });
      } catch {
        // not JSON: redact as text
      }
    }
  }
  return `[redacted: ${value.length} chars]`;
}

/** Redacted JSON text of a parsed value (any depth). */
export function redactData(data: unknown): string {
  return writeJson(data, { mapString: redactString });
}

interface TextFrame {
  type: 'object' | 'array';
  /** Key holding this container (for arrays: what their strings count as). */
  key: string | undefined;
  savedKey: string | undefined;
  pushedAncestor: boolean;
}

/**
 * Redacts JSON text that may be cut off or invalid (truncated captures): every string value is judged by the same
 * policy from the key it sits under; structure, numbers and keys stay as they were.
 */
export function redactJsonText(text: string): string {
  const out: string[] = [];
  const stack: TextFrame[] = [];
  const ancestors: string[] = [];
  let currentKey: string | undefined;
  let expectKey = false;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        const code = text.charCodeAt(j);
        if (code === 92) j += 2;
        else if (code === 34) break;
        else j++;
      }
      const closed = j < n;
      const end = closed ? j + 1 : n;
      const literal = text.slice(i, end);
      let value: string;
      try {
        value = JSON.parse(closed ? literal : `${literal.replace(/\\$/, '')}"`) as string;
      } catch {
        value = literal.slice(1);
      }
      const top = stack[stack.length - 1];
      let next = end;
      while (next < n && (text[next] === ' ' || text[next] === '\n' || text[next] === '\r' || text[next] === '\t'))
        next++;
      // Only a string followed by ':' is a key; anything else in broken text is judged as a value.
      if (top?.type === 'object' && expectKey && text[next] === ':') {
        currentKey = value;
        expectKey = false;
      } else {
        const owner = top?.type === 'object' ? currentKey : top?.key;
        const replaced = redactString(value, owner, ancestors);
        if (replaced !== value) {
          out.push(text.slice(last, i), JSON.stringify(replaced));
          last = end;
        }
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      const key = top?.type === 'object' ? currentKey : top?.key;
      const pushedAncestor = key !== undefined;
      if (pushedAncestor) ancestors.push(key);
      stack.push({ type: c === '{' ? 'object' : 'array', key, savedKey: currentKey, pushedAncestor });
      currentKey = undefined;
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      const frame = stack.pop();
      if (frame) {
        if (frame.pushedAncestor) ancestors.pop();
        currentKey = frame.savedKey;
      }
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1]?.type === 'object';
    }
    i++;
  }
  out.push(text.slice(last));
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Export

/** The captured record's own field when it has the right shape (rows built from garbage inputs may not). */
function recordField<T>(record: unknown, key: string, check: (v: unknown) => v is T): T | undefined {
  if (!isObject(record)) return undefined;
  const value = own(record, key);
  return check(value) ? value : undefined;
}

function lineFor(event: LogEvent, redact: boolean): string {
  const record: unknown = event.record;
  const meta: JsonObject = {
    source: event.source,
    cursor: event.cursor,
    frameId: Number.isSafeInteger(event.frameId) ? event.frameId : -1,
    kind: event.recordKind,
    callId: event.callId,
    via: recordField(record, 'via', oneOf(VIAS)) ?? 'hook',
    t: event.receivedAt,
  };
  if (event.recordKind === 'app-message') {
    // Rows from invalid records still export as importable lines; their problems came from the record itself.
    meta.dir = event.dir ?? 'in';
    meta.origin = event.origin ?? 'remote';
    meta.size = recordField(record, 'size', (v): v is number => isInteger(v) && v >= 0) ?? event.payloadText.length;
    if (recordField(record, 'truncated', (v): v is boolean => v === true)) meta.truncated = true;
    const unserializable = recordField(record, 'unserializable', isString);
    if (unserializable !== undefined) meta.unserializable = unserializable;
    const fromId = recordField(record, 'fromId', isString);
    if (fromId !== undefined) meta.fromId = fromId;
    const to = recordField(record, 'to', isRecipient);
    if (to !== undefined) meta.to = to;
    const sendError = recordField(record, 'sendError', isString);
    if (sendError !== undefined) meta.sendError = sendError;
  } else {
    meta.state = recordField(record, 'state', isString) ?? 'unknown';
  }
  let dataText: string;
  if (event.parsed) {
    dataText = redact ? redactData(event.data) : event.payloadText;
  } else {
    meta.raw = true;
    dataText = JSON.stringify(redact ? redactJsonText(event.payloadText) : event.payloadText);
  }
  const head = writeJson(meta);
  return `${head.slice(0, -1)},"data":${dataText}}`;
}

/** The log (or the given events) as NDJSON text: a header line, then one line per event in arrival order. */
export function exportSession(log: SessionSource, options: ExportOptions = {}): string {
  const redact = options.redact !== false;
  let events: LogEvent[];
  if (options.ids) {
    const unique = [...new Set(options.ids)].sort((a, b) => a - b);
    events = unique.map((id) => log.get(id)).filter((e): e is LogEvent => e !== undefined);
  } else events = [...log.events()];
  const calls: string[] = [];
  const seenCalls = new Set<string>();
  for (const event of events) {
    if (!seenCalls.has(event.callId)) {
      seenCalls.add(event.callId);
      calls.push(event.callId);
    }
  }
  const header: SessionHeader = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    origin: options.origin ?? null,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    calls,
    redacted: redact,
    count: events.length,
  };
  const lines = [JSON.stringify(header)];
  for (const event of events) lines.push(lineFor(event, redact));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Import

class LineError {
  constructor(readonly message: string) {}
}

const VIAS: ReadonlySet<string> = new Set(['hook', 'sniffer']);
const DIRS: ReadonlySet<string> = new Set(['in', 'out']);
const ORIGINS: ReadonlySet<string> = new Set(['remote', 'app', 'devtools']);

function field<T>(obj: JsonObject, key: string, check: (v: unknown) => v is T, expected: string): T {
  const value = own(obj, key);
  if (!check(value)) throw new LineError(`"${key}" must be ${expected} (got ${describeType(value)})`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInteger = (v: unknown): v is number => Number.isSafeInteger(v);
const isRecipient = (v: unknown): v is string | string[] => isString(v) || (Array.isArray(v) && v.every(isString));
const oneOf =
  (set: ReadonlySet<string>) =>
  (v: unknown): v is string =>
    typeof v === 'string' && set.has(v);

function optional<T>(obj: JsonObject, key: string, check: (v: unknown) => v is T, expected: string): T | undefined {
  return own(obj, key) === undefined ? undefined : field(obj, key, check, expected);
}

function parseHeader(line: string): SessionHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new LineError('not a CVI DevTools session file (the first line is not JSON)');
  }
  if (!isObject(value) || own(value, 'format') !== SESSION_FORMAT)
    throw new LineError(`not a CVI DevTools session file (no "format":"${SESSION_FORMAT}" header)`);
  const version = own(value, 'version');
  if (version !== SESSION_VERSION)
    throw new LineError(
      `unsupported session version ${JSON.stringify(version) ?? 'undefined'} (this build reads version ${SESSION_VERSION})`,
    );
  const origin = own(value, 'origin');
  if (origin !== null && origin !== undefined && typeof origin !== 'string')
    throw new LineError(`"origin" must be a string or null (got ${describeType(origin)})`);
  const calls = field(
    value,
    'calls',
    (v): v is string[] => Array.isArray(v) && v.every(isString),
    'an array of strings',
  );
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    origin: origin ?? null,
    exportedAt: field(value, 'exportedAt', isString, 'a string'),
    calls,
    redacted: field(value, 'redacted', (v): v is boolean => typeof v === 'boolean', 'a boolean'),
    count: field(value, 'count', (v): v is number => isInteger(v) && v >= 0, 'a non-negative integer'),
  };
}

function parseEventLine(line: string, source: string, cursor: number): LogInput {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new LineError(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(value)) throw new LineError(`an event line must be an object (got ${describeType(value)})`);
  const kind = own(value, 'kind');
  if (kind !== 'app-message' && kind !== 'call-state')
    throw new LineError(`"kind" must be "app-message" or "call-state" (got ${JSON.stringify(kind) ?? 'nothing'})`);
  const callId = field(value, 'callId', isString, 'a string');
  const via = field(value, 'via', oneOf(VIAS), '"hook" or "sniffer"') as CaptureVia;
  const t = field(value, 't', isFiniteNumber, 'a finite number');
  const frameId = field(value, 'frameId', isInteger, 'an integer');
  if (!Object.hasOwn(value, 'data')) throw new LineError('no "data"');
  let json: string;
  if (own(value, 'raw') === true) {
    json = field(value, 'data', isString, 'a string when "raw" is true');
  } else {
    const text = topLevelValueText(line, 'data');
    if (text === undefined) throw new LineError('could not read "data"');
    json = text;
  }
  let record: CapturedRecord;
  if (kind === 'call-state') {
    // Unknown states are kept (the model shows them as daily.<state>), so a newer capture layer's files still load.
    record = { kind, callId, via, t, state: field(value, 'state', isString, 'a string') as CallStateKind, json };
  } else {
    const dir = field(value, 'dir', oneOf(DIRS), '"in" or "out"') as Direction;
    const origin = field(value, 'origin', oneOf(ORIGINS), '"remote", "app" or "devtools"') as MessageOrigin;
    const size = optional(value, 'size', (v): v is number => isInteger(v) && v >= 0, 'a non-negative integer');
    const truncated = optional(value, 'truncated', (v): v is boolean => typeof v === 'boolean', 'a boolean');
    const unserializable = optional(value, 'unserializable', isString, 'a string');
    const fromId = optional(value, 'fromId', isString, 'a string');
    const to = optional(value, 'to', isRecipient, 'a string or an array of strings');
    const sendError = optional(value, 'sendError', isString, 'a string');
    record = {
      kind,
      callId,
      via,
      t,
      dir,
      origin,
      json,
      size: size ?? json.length,
      ...(truncated ? { truncated } : {}),
      ...(unserializable !== undefined ? { unserializable } : {}),
      ...(fromId !== undefined ? { fromId } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(sendError !== undefined ? { sendError } : {}),
    };
  }
  return { source, cursor, frameId, record };
}

/**
 * Reads a session file. Inputs get `source` "import:<name>" and cursors 1..N, so importing the same file twice is
 * ignored as re-delivery. Any bad line rejects the file with its line number and the reason.
 */
export function parseSessionFile(text: string, name = 'session'): SessionParseResult {
  if (typeof text !== 'string') return { ok: false, error: 'not text' };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const source = `import:${name}`;
  let header: SessionHeader | undefined;
  const inputs: LogInput[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    try {
      if (!header) header = parseHeader(line);
      else inputs.push(parseEventLine(line, source, inputs.length + 1));
    } catch (error) {
      const reason = error instanceof LineError ? error.message : String(error);
      return { ok: false, error: `line ${index + 1}: ${reason}` };
    }
  }
  if (!header) return { ok: false, error: 'empty file: not a CVI DevTools session file' };
  if (inputs.length !== header.count)
    return {
      ok: false,
      error: `the header says ${header.count} events but the file has ${inputs.length}${inputs.length < header.count ? ' (cut short?)' : ''}`,
    };
  return { ok: true, header, inputs };
}
