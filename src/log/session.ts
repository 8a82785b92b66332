/**
 * Session files (NDJSON): export the log, or part of it, and import it again. The format is documented in
 * docs/session-format.md. Redaction is on by default and works as an allowlist of protocol positions (see
 * session-redact.ts); what it removes but the panel summarises (text lengths, audio and frame sizes) is written
 * beside the data as `facts`, so an imported redacted file shows the same summaries as the live log.
 *
 * Payload JSON can be nested far deeper than JSON.stringify can handle, so unredacted data is carried as the
 * captured text, redaction never walks content, and import slices the data's text out of the line.
 */
import {
  MESSAGE_ORIGINS,
  type CapturedRecord,
  type CallStateKind,
  type CaptureVia,
  type Direction,
  type MessageOrigin,
} from '../record/record';
import { describeType, isObject, own, topLevelValueText, writeJson, type JsonObject } from '../protocol/json-text';
import { originalLength, readPayloadFacts, type PayloadFacts } from '../protocol/payload-facts';
import { Pseudonyms, redactCallState, redactMessage, redactRawText, redactedValue } from './session-redact';
import type { LogEvent, LogInput } from './types';

export const SESSION_FORMAT = 'cvi-devtools-session';
/** Version 2: allowlist redaction by position, pseudonymous session ids, `facts` on redacted lines. */
export const SESSION_VERSION = 2;
/** Versions this build reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

export interface SessionHeader {
  readonly format: typeof SESSION_FORMAT;
  /** As written in the file (older readable versions are accepted). */
  readonly version: number;
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
// Derived facts

/** Counts and sizes of an event that redaction removes from its data (see PayloadFacts). */
export function factsOf(event: LogEvent): PayloadFacts | undefined {
  const c = event.classified;
  if (!c) return undefined;
  const facts: PayloadFacts = {};
  if (c.context) facts.textChars = c.context.length;
  else if (c.speech !== undefined) {
    // An imported redacted row holds a marker: its count is the one to pass on.
    const marker = TEXT_MARKER.exec(c.speech);
    facts.textChars = marker ? Number(marker[1]) : originalLength(c.speech);
  }
  if (c.echo?.audioBytes !== undefined) {
    facts.audioBytes = c.echo.audioBytes;
    if (c.echo.audioBase64Chars !== undefined) facts.audioBase64Chars = c.echo.audioBase64Chars;
    if (c.echo.durationMs !== undefined) facts.durationMs = c.echo.durationMs;
  }
  if (c.perception && c.perception.frameCount > 0) {
    facts.frameCount = c.perception.frameCount;
    facts.frameBytes = c.perception.frameBytes;
  }
  return Object.keys(facts).length > 0 ? facts : undefined;
}

const TEXT_MARKER = /^\[redacted: (\d{1,10}) chars\]$/;
const MEDIA_MARKER = /^\[(?:audio|frame) dropped: (\d{1,12}) base64 chars ≈ (\d{1,12}) bytes\]$/;

/**
 * Facts read back from the markers of a redacted file that has none written out (version 1): the markers say how
 * long the text was and how many bytes the audio and frames had.
 */
export function factsFromMarkers(data: unknown): PayloadFacts | undefined {
  const props = isObject(data) ? own(data, 'properties') : undefined;
  if (!isObject(props)) return undefined;
  const facts: PayloadFacts = {};
  for (const key of ['context', 'speech', 'text', 'analysis']) {
    const value = own(props, key);
    const marker = typeof value === 'string' ? TEXT_MARKER.exec(value) : null;
    if (marker) {
      facts.textChars = Number(marker[1]);
      break;
    }
  }
  const audio = own(props, 'audio');
  const media = typeof audio === 'string' ? MEDIA_MARKER.exec(audio) : null;
  if (media) {
    facts.audioBase64Chars = Number(media[1]);
    facts.audioBytes = Number(media[2]);
  }
  const frames = own(props, 'frames');
  if (Array.isArray(frames)) {
    let count = 0;
    let bytes = 0;
    for (const frame of frames) {
      const frameData = isObject(frame) ? own(frame, 'data') : undefined;
      const marker = typeof frameData === 'string' ? MEDIA_MARKER.exec(frameData) : null;
      if (marker) {
        count++;
        bytes += Number(marker[2]);
      }
    }
    if (count > 0) {
      facts.frameCount = count;
      facts.frameBytes = bytes;
    }
  }
  return Object.keys(facts).length > 0 ? facts : undefined;
}

/** Prefix of the `source` of every imported event (live sources are `${frameId}:${docId}`). */
export const IMPORT_SOURCE_PREFIX = 'import:';

/** The file an event was imported from, or undefined for a live event. */
export function importedFrom(event: Pick<LogEvent, 'source'>): string | undefined {
  return event.source.startsWith(IMPORT_SOURCE_PREFIX) ? event.source.slice(IMPORT_SOURCE_PREFIX.length) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Export

/** The captured record's own field when it has the right shape (rows built from garbage inputs may not). */
function recordField<T>(record: unknown, key: string, check: (v: unknown) => v is T): T | undefined {
  if (!isObject(record)) return undefined;
  const value = own(record, key);
  return check(value) ? value : undefined;
}

function lineFor(event: LogEvent, redact: boolean, ids: Pseudonyms): string {
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
    // Our description of why data could not be serialised can quote the page's property names.
    const unserializable = recordField(record, 'unserializable', isString);
    if (unserializable !== undefined) meta.unserializable = redact ? redactedValue(unserializable) : unserializable;
    const fromId = recordField(record, 'fromId', isString);
    if (fromId !== undefined) meta.fromId = redact ? ids.of(fromId) : fromId;
    const to = recordField(record, 'to', isRecipient);
    if (to !== undefined) meta.to = redact ? (typeof to === 'string' ? ids.of(to) : to.map((id) => ids.of(id))) : to;
    const sendError = recordField(record, 'sendError', isString);
    if (sendError !== undefined) meta.sendError = redact ? redactedValue(sendError) : sendError;
  } else {
    meta.state = recordField(record, 'state', isString) ?? 'unknown';
  }
  let dataText: string;
  if (event.parsed) {
    if (!redact) dataText = event.payloadText;
    else {
      const facts = event.recordKind === 'app-message' ? factsOf(event) : undefined;
      if (facts) meta.facts = { ...facts };
      // The redacted copy is a few levels deep whatever the payload was (content is replaced, not walked).
      dataText = JSON.stringify(
        event.recordKind === 'app-message' ? redactMessage(event.data) : redactCallState(event.data, ids),
      );
    }
  } else {
    meta.raw = true;
    dataText = JSON.stringify(redact ? redactRawText(event.payloadText) : event.payloadText);
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
  const ids = new Pseudonyms();
  for (const event of events) lines.push(lineFor(event, redact, ids));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Import

class LineError {
  constructor(readonly message: string) {}
}

const VIAS: ReadonlySet<string> = new Set(['hook', 'sniffer']);
const DIRS: ReadonlySet<string> = new Set(['in', 'out']);
const ORIGINS: ReadonlySet<string> = new Set(MESSAGE_ORIGINS);

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
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version))
    throw new LineError(
      `unsupported session version ${JSON.stringify(version) ?? 'undefined'} (this build reads versions ${READABLE_VERSIONS.join(' and ')})`,
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
    version,
    origin: origin ?? null,
    exportedAt: field(value, 'exportedAt', isString, 'a string'),
    calls,
    redacted: field(value, 'redacted', (v): v is boolean => typeof v === 'boolean', 'a boolean'),
    count: field(value, 'count', (v): v is number => isInteger(v) && v >= 0, 'a non-negative integer'),
  };
}

function parseEventLine(line: string, source: string, cursor: number, redacted: boolean): LogInput {
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
    const origin = field(
      value,
      'origin',
      oneOf(ORIGINS),
      '"remote", "app", "devtools", "replay" or "mock"',
    ) as MessageOrigin;
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
  const input: LogInput = { source, cursor, frameId, record };
  if (redacted && kind === 'app-message' && own(value, 'raw') !== true) {
    // Redacted text no longer shows counts and sizes: take them from the line, or from a version 1 file's markers.
    const facts = readPayloadFacts(own(value, 'facts')) ?? factsFromMarkers(own(value, 'data'));
    if (facts) input.facts = facts;
  }
  return input;
}

/**
 * Reads a session file. Inputs get `source` "import:<name>" and cursors 1..N, so importing the same file twice is
 * ignored as re-delivery. Any bad line rejects the file with its line number and the reason.
 */
export function parseSessionFile(text: string, name = 'session'): SessionParseResult {
  if (typeof text !== 'string') return { ok: false, error: 'not text' };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const source = `${IMPORT_SOURCE_PREFIX}${name}`;
  let header: SessionHeader | undefined;
  const inputs: LogInput[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    try {
      if (!header) header = parseHeader(line);
      else inputs.push(parseEventLine(line, source, inputs.length + 1, header.redacted));
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
