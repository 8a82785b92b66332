/**
 * Turning one LogInput into a log entry: parse the JSON once, classify it, and derive what the model indexes on
 * (seq, turn, inference, twin keys). Malformed records become entries with a reason; nothing here throws.
 */
import { MESSAGE_ORIGINS, type CapturedRecord, type Direction, type MessageOrigin } from '../record/record';
import { classifyMessage } from '../protocol/classify';
import { readPayloadFacts } from '../protocol/payload-facts';
import type { Classified, Role } from '../protocol/events';
import { describeType, isObject, oneLine, own, previewValue, type JsonObject } from '../protocol/json-text';
import type { Chunk, Chunked } from './chunked-list';
import { heartbeatStreamKey } from './heartbeats';
import type { LogEvent, LogInput, LogKind, StreamSummary, TypeInfo } from './types';

/** Twins: copies of one happening that Tavus sends on purpose (see twinKeys). */
export interface TwinGroup {
  readonly id: number;
  readonly key: string;
  members: EventEntry[];
}

export interface StreamGroup {
  readonly key: string;
  readonly type: StreamSummary['type'];
  readonly callId: string;
  readonly inferenceId: string;
  readonly role: Role | undefined;
  members: EventEntry[];
  /** Set by a view build that already placed this group's row (collapsing). */
  viewStamp: number;
  /** Bumped whenever `members` changes, so its summary is recomputed only then (see GroupIndex.summary). */
  version: number;
}

/** What an entry is built from: everything read from the input, once (see createEntry). */
export interface EventEntryInit {
  readonly id: number;
  readonly source: string;
  readonly cursor: number;
  readonly frameId: number;
  readonly record: CapturedRecord;
  readonly receivedAt: number;
  readonly callId: string;
  readonly recordKind: 'app-message' | 'call-state';
  readonly dir?: Direction | undefined;
  readonly origin?: MessageOrigin | undefined;
  readonly kind: LogKind;
  readonly eventType: string;
  readonly summary: string;
  /** The parsed JSON, kept until the model has indexed the entry (see releaseData). */
  readonly data: unknown;
  readonly parsed: boolean;
  readonly classified?: Classified | undefined;
  readonly seq?: number | undefined;
  readonly turnIdx?: number | undefined;
  readonly inferenceId?: string | undefined;
  readonly timestamp?: number | undefined;
  readonly role?: Role | undefined;
  readonly rawRole?: string | undefined;
  readonly problems: readonly string[];
  readonly payloadText: string;
}

export class EventEntry implements LogEvent, Chunked<EventEntry> {
  // Every field is assigned in the constructor, always in this order, so all entries share one object shape;
  // `declare` keeps the class-field semantics from first defining each one as undefined (a second store per field).
  declare readonly id: number;
  declare readonly source: string;
  declare readonly cursor: number;
  declare readonly frameId: number;
  declare readonly record: CapturedRecord;
  declare readonly receivedAt: number;
  declare readonly callId: string;
  declare readonly recordKind: 'app-message' | 'call-state';
  declare readonly dir: Direction | undefined;
  declare readonly origin: MessageOrigin | undefined;
  declare readonly kind: LogKind;
  declare readonly eventType: string;
  declare readonly summary: string;
  declare readonly parsed: boolean;
  declare readonly classified: Classified | undefined;
  declare readonly seq: number | undefined;
  declare readonly turnIdx: number | undefined;
  declare readonly inferenceId: string | undefined;
  declare readonly timestamp: number | undefined;
  declare readonly role: Role | undefined;
  declare readonly rawRole: string | undefined;
  declare readonly problems: readonly string[];
  declare readonly payloadText: string;

  // Position in the seq-ordered list.
  declare chunk: Chunk<EventEntry> | undefined;
  declare outOfOrder: boolean;
  declare duplicate: boolean;
  declare duplicateOf: number | undefined;
  declare late: boolean;
  declare turn: number | undefined;
  /** Indexed by seq in its call (incoming app-message with a seq). */
  declare seqIndexed: boolean;
  declare twin: TwinGroup | undefined;
  declare twinSecondary: boolean;
  declare stream: StreamGroup | undefined;
  /** Cache of the last filter this event was tested against (by CompiledFilter.id). */
  declare matchFilterId: number;
  declare matchResult: boolean;
  /** Set by the log when the entry is added (undefined past the TypeTable's bound). */
  declare typeInfo: TypeInfo | undefined;
  declare evicted: boolean;
  /** Twin linking keys (see twinKeys) and rank (see twinPreference). */
  declare twinKey: string | undefined;
  declare twinIdentity: string | undefined;
  declare twinRank: number;
  declare private parsedData: unknown;
  declare private dataReleased: boolean;

  constructor(init: EventEntryInit) {
    this.id = init.id;
    this.source = init.source;
    this.cursor = init.cursor;
    this.frameId = init.frameId;
    this.record = init.record;
    this.receivedAt = init.receivedAt;
    this.callId = init.callId;
    this.recordKind = init.recordKind;
    this.dir = init.dir;
    this.origin = init.origin;
    this.kind = init.kind;
    this.eventType = init.eventType;
    this.summary = init.summary;
    this.parsed = init.parsed;
    this.classified = init.classified;
    this.seq = init.seq;
    this.turnIdx = init.turnIdx;
    this.inferenceId = init.inferenceId;
    this.timestamp = init.timestamp;
    this.role = init.role;
    this.rawRole = init.rawRole;
    this.problems = init.problems;
    this.payloadText = init.payloadText;
    this.chunk = undefined;
    this.outOfOrder = false;
    this.duplicate = false;
    this.duplicateOf = undefined;
    this.late = false;
    this.turn = undefined;
    this.seqIndexed = false;
    this.twin = undefined;
    this.twinSecondary = false;
    this.stream = undefined;
    this.matchFilterId = -1;
    this.matchResult = false;
    this.typeInfo = undefined;
    this.evicted = false;
    this.twinKey = undefined;
    this.twinIdentity = undefined;
    this.twinRank = 0;
    this.parsedData = init.data;
    this.dataReleased = false;
  }

  /** The parsed JSON: kept while indexing, then re-parsed from the text on first use (and kept from then on). */
  get data(): unknown {
    if (this.dataReleased) {
      this.dataReleased = false;
      try {
        this.parsedData = JSON.parse(this.payloadText);
      } catch {
        this.parsedData = undefined;
      }
    }
    return this.parsedData;
  }

  /**
   * Drops the parsed tree once the model has indexed the event. Most rows are never opened, and 100k parsed trees
   * are a large share of the heap and of garbage-collection time.
   */
  releaseData(): void {
    if (!this.parsed) return;
    this.parsedData = undefined;
    this.dataReleased = true;
  }

  get twinGroup(): number | undefined {
    return this.twin && this.twin.members.length > 1 ? this.twin.id : undefined;
  }

  get streamKey(): string | undefined {
    return this.stream?.key;
  }

  /**
   * Lower-cased on every read, not kept: filters read it through the log's SearchCorpus, which keeps one copy per
   * block of events instead of one string per event.
   */
  get searchText(): string {
    const text = this.recordKind === 'call-state' ? `${this.eventType} ${this.payloadText}` : this.payloadText;
    return text.toLowerCase();
  }
}

const DIRECTIONS = new Set(['in', 'out']);
const ORIGINS: ReadonlySet<string> = new Set(MESSAGE_ORIGINS);

/** Pulls envelope hints out of cut JSON text so a truncated event can still be placed by seq. */
function hintsFromCutText(text: string): { eventType?: string; seq?: number; turnIdx?: number; inferenceId?: string } {
  const hints: { eventType?: string; seq?: number; turnIdx?: number; inferenceId?: string } = {};
  const type = /"event_type"\s*:\s*"([^"\\]{1,120})"/.exec(text);
  if (type) hints.eventType = type[1]!;
  const seq = /"seq"\s*:\s*(\d{1,15})[,}\s]/.exec(text);
  if (seq) hints.seq = Number(seq[1]);
  const turn = /"turn_idx"\s*:\s*(\d{1,15})[,}\s]/.exec(text);
  if (turn) hints.turnIdx = Number(turn[1]);
  const inference = /"inference_id"\s*:\s*"([^"\\]{1,200})"/.exec(text);
  if (inference) hints.inferenceId = inference[1]!;
  return hints;
}

/** Cut text from older capture layers is not JSON; the current one keeps the JSON valid and cuts strings inside. */
function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function malformedClassified(problems: string[], summary: string): Classified {
  return { kind: 'malformed', summary: oneLine(summary), variants: [], problems };
}

/** Distinct strings shared by shareRepeatedStrings; past this many the table starts over (a bound, not a cache key). */
export const SHARED_STRINGS_MAX = 1024;
let sharedStrings = new Map<string, string>();

/** How many distinct strings are shared now (tests: the table stays bounded). */
export function sharedStringsHeld(): number {
  return sharedStrings.size;
}

function shared(value: string): string {
  const known = sharedStrings.get(value);
  if (known !== undefined) return known;
  if (sharedStrings.size >= SHARED_STRINGS_MAX) sharedStrings = new Map();
  sharedStrings.set(value, value);
  return value;
}

/**
 * JSON.parse makes a new string for every value, so each event held its own copy of its event_type, message_type,
 * conversation_id, inference_id and role (about 200 bytes of the ~1.4 KB an event holds, and garbage collection
 * copies and marks what is held): the classifier's result takes one shared copy of each instead. Equal strings, so
 * nothing reads differently.
 */
function shareRepeatedStrings(c: Classified): void {
  if (c.eventType !== undefined) c.eventType = shared(c.eventType);
  if (c.messageType !== undefined) c.messageType = shared(c.messageType);
  if (c.conversationId !== undefined) c.conversationId = shared(c.conversationId);
  if (c.inferenceId !== undefined) c.inferenceId = shared(c.inferenceId);
  if (c.rawRole !== undefined) c.rawRole = shared(c.rawRole);
}

/** Builds an entry from an input that may be anything at run time. */
export function createEntry(id: number, input: LogInput): EventEntry {
  const problems: string[] = [];
  const raw: unknown = input;
  const inputObj: JsonObject = isObject(raw) ? raw : {};
  const source = typeof own(inputObj, 'source') === 'string' ? (own(inputObj, 'source') as string) : '';
  const cursorValue = own(inputObj, 'cursor');
  const cursor = typeof cursorValue === 'number' && Number.isFinite(cursorValue) ? cursorValue : -1;
  const frameValue = own(inputObj, 'frameId');
  const frameId = typeof frameValue === 'number' && Number.isFinite(frameValue) ? frameValue : -1;
  const recordValue = own(inputObj, 'record');
  const rec: JsonObject = isObject(recordValue) ? recordValue : {};
  if (!isObject(recordValue)) problems.push(`input has no record (record is ${describeType(recordValue)})`);

  const callIdValue = own(rec, 'callId');
  const callId = typeof callIdValue === 'string' ? callIdValue : '';
  if (isObject(recordValue) && typeof callIdValue !== 'string') problems.push('record has no callId');
  const t = own(rec, 't');
  const receivedAt = typeof t === 'number' && Number.isFinite(t) ? t : 0;
  if (isObject(recordValue) && receivedAt !== t) problems.push('record has no valid time');
  const jsonValue = own(rec, 'json');
  const json = typeof jsonValue === 'string' ? jsonValue : '';
  const record = recordValue as CapturedRecord;

  const recordKind = own(rec, 'kind');
  if (recordKind === 'call-state') {
    const state = own(rec, 'state');
    const stateName = typeof state === 'string' ? state : 'unknown';
    let detail: unknown;
    let parsed = false;
    try {
      detail = json === '' ? undefined : JSON.parse(json);
      parsed = json !== '';
    } catch {
      problems.push('call-state detail is not valid JSON');
    }
    const summary =
      detail === undefined || (isObject(detail) && Object.keys(detail).length === 0)
        ? stateName
        : `${stateName} ${previewValue(detail, 160)}`;
    return new EventEntry({
      id,
      source,
      cursor,
      frameId,
      record,
      receivedAt,
      callId,
      recordKind: 'call-state',
      kind: 'call_state',
      eventType: `daily.${stateName}`,
      summary: oneLine(summary),
      data: detail,
      parsed,
      problems,
      payloadText: json,
    });
  }

  const dirValue = own(rec, 'dir');
  const dir = DIRECTIONS.has(dirValue as string) ? (dirValue as Direction) : undefined;
  const originValue = own(rec, 'origin');
  const origin = ORIGINS.has(originValue as string) ? (originValue as MessageOrigin) : undefined;

  let classified: Classified;
  let data: unknown;
  let parsed = false;
  let seq: number | undefined;
  let turnIdx: number | undefined;
  let inferenceId: string | undefined;
  let eventType = '';

  if (recordKind !== 'app-message') {
    if (isObject(recordValue)) problems.push(`unknown record kind ${previewValue(recordKind, 40)}`);
    classified = malformedClassified([...problems], 'invalid record');
  } else if (typeof jsonValue !== 'string') {
    problems.push(`record json is ${describeType(jsonValue)}`);
    classified = malformedClassified([...problems], 'no JSON text');
  } else if (typeof own(rec, 'unserializable') === 'string') {
    const reason = own(rec, 'unserializable') as string;
    problems.push(`the page's data could not be serialised: ${oneLine(reason, 120)}`);
    classified = malformedClassified([...problems], `unserialisable: ${json}`);
  } else if (own(rec, 'truncated') === true && !parsesAsJson(json)) {
    const size = own(rec, 'size');
    problems.push(`truncated at ${json.length} of ${typeof size === 'number' ? size : '?'} chars`);
    const hints = hintsFromCutText(json);
    if (hints.eventType) eventType = hints.eventType;
    if (hints.seq !== undefined || hints.turnIdx !== undefined)
      problems.push('seq/turn_idx recovered from the cut text');
    seq = hints.seq;
    turnIdx = hints.turnIdx;
    inferenceId = hints.inferenceId;
    classified = malformedClassified([...problems], `${eventType || 'cut message'} (truncated)`);
  } else {
    try {
      data = JSON.parse(json);
      parsed = true;
    } catch (error) {
      problems.push(`not valid JSON: ${oneLine(error instanceof Error ? error.message : String(error), 120)}`);
    }
    if (parsed) {
      // Session imports carry counts and sizes that redaction removed from the data.
      classified = classifyMessage(data, readPayloadFacts(own(inputObj, 'facts')));
      shareRepeatedStrings(classified);
      // The capture cut long strings inside the payload but kept it valid JSON: a readable, truncated event.
      if (own(rec, 'truncated') === true) {
        const size = own(rec, 'size');
        problems.push(
          `truncated: long strings were cut to fit (${json.length} of ${typeof size === 'number' ? size : '?'} chars kept)`,
        );
      }
      eventType = classified.eventType ?? '';
      seq = classified.seq;
      turnIdx = classified.turnIdx;
      inferenceId = classified.inferenceId;
    } else classified = malformedClassified([...problems], oneLine(json, 160));
  }
  const after: string[] = [];
  if (recordKind === 'app-message') {
    if (!dir) after.push(`record dir is ${previewValue(dirValue, 20)}`);
    if (!origin) after.push(`record origin is ${previewValue(originValue, 20)}`);
    const sendError = own(rec, 'sendError');
    if (typeof sendError === 'string') after.push(`send failed: ${oneLine(sendError, 120)}`);
  }
  // Most events have no problems at all: share the classifier's (empty, frozen) list instead of copying it.
  const allProblems =
    !parsed || (problems.length === 0 && after.length === 0)
      ? parsed
        ? classified.problems
        : [...problems, ...after]
      : [...problems, ...classified.problems, ...after];

  return new EventEntry({
    id,
    source,
    cursor,
    frameId,
    record,
    receivedAt,
    callId,
    recordKind: 'app-message',
    dir,
    origin,
    kind: classified.kind,
    eventType,
    summary: classified.summary,
    data,
    parsed,
    classified,
    seq,
    turnIdx,
    inferenceId,
    timestamp: classified.timestamp,
    role: classified.role,
    rawRole: classified.rawRole,
    problems: allProblems,
    payloadText: json,
  });
}

/**
 * Keys for linking twins. Entries with the same `key` describe one happening; `identity` tells the copies apart,
 * so two entries with the same identity are never twins (a re-sent copy is a duplicate instead).
 * - Speaking: one start/stop of one speaker in one inference, whatever the family (role-agnostic/legacy) or
 *   role spelling (pal/replica).
 * - PAL era: any other message sent once with role "pal" and once with role "replica", identical otherwise.
 * - system.pal_joined beside system.replica_joined.
 */
export function twinKeys(entry: EventEntry): { key: string; identity: string } | undefined {
  const c = entry.classified;
  if (!c || entry.kind === 'malformed' || entry.dir !== 'in') return undefined;
  if (c.kind === 'speaking' && c.speaking && c.role && entry.inferenceId !== undefined) {
    return {
      key: ['speak', entry.callId, entry.inferenceId, c.role, c.speaking.phase].join('\u0000'),
      identity: [entry.eventType, c.rawRole ?? ''].join('\u0000'),
    };
  }
  if (c.kind === 'replica_joined') {
    return { key: ['joined', entry.callId].join('\u0000'), identity: entry.eventType };
  }
  const rawRole = c.rawRole?.toLowerCase();
  if (rawRole !== 'pal' && rawRole !== 'replica') return undefined;
  const data = entry.data;
  if (!isObject(data)) return undefined;
  const props = own(data, 'properties');
  if (!isObject(props)) return undefined;
  // Keys are joined, not written as template strings: every key is held with its entry (the sequencer compares
  // them), and a template string is a tree of a dozen string pieces, which Map lookups do not flatten in place
  // (~450 bytes held per event instead of one flat string of ~150).
  return {
    key: [
      'pal',
      entry.callId,
      entry.eventType,
      entry.inferenceId ?? '',
      entry.turnIdx ?? '',
      propertiesHash(props),
    ].join('\u0000'),
    identity: rawRole,
  };
}

/** How much of a message the twin hash reads: copies that agree this far are taken as twins. */
const TWIN_HASH_MAX_UNITS = 8000;
const TWIN_HASH_MAX_DEPTH = 32;
const HASH_PRIME_A = 0x01000193;
const HASH_PRIME_B = 0x5bd1e995;

// The running state of propertiesHash, at module level rather than in closures made per call: the hash runs for every
// PAL-era message, and three closures and their context per call (with the state in context slots, read and written
// per character) were its main cost. propertiesHash never re-enters (it calls no code a value can supply).
let hashA = 0;
let hashB = 0;
let hashBudget = 0;

function hashCode(code: number): void {
  hashA = Math.imul(hashA ^ code, HASH_PRIME_A);
  hashB = Math.imul(hashB ^ code, HASH_PRIME_B);
}

function hashText(value: string): void {
  const n = Math.min(value.length, hashBudget);
  hashBudget -= n;
  let a = Math.imul(hashA ^ value.length, HASH_PRIME_A);
  let b = Math.imul(hashB ^ value.length, HASH_PRIME_B);
  for (let i = 0; i < n; i++) {
    const code = value.charCodeAt(i);
    a = Math.imul(a ^ code, HASH_PRIME_A);
    b = Math.imul(b ^ code, HASH_PRIME_B);
  }
  hashA = a;
  hashB = b;
}

function hashValue(value: unknown, depth: number): void {
  if (hashBudget <= 0) return;
  if (typeof value === 'string') {
    hashCode(1);
    hashText(value);
  } else if (typeof value === 'number') {
    hashCode(2);
    hashText(String(value));
  } else if (typeof value === 'boolean') hashCode(value ? 3 : 4);
  else if (value === null || typeof value !== 'object') hashCode(5);
  else if (depth >= TWIN_HASH_MAX_DEPTH) hashCode(6);
  else if (Array.isArray(value)) {
    hashCode(7);
    hashCode(value.length);
    for (const item of value) hashValue(item, depth + 1);
  } else {
    const keys = Object.keys(value);
    keys.sort();
    hashCode(8);
    hashCode(keys.length);
    for (const name of keys) {
      if (depth === 0 && name === 'role') continue;
      hashText(name);
      hashValue((value as JsonObject)[name], depth + 1);
    }
  }
}

/**
 * Two independent 32-bit FNV-style hashes of the properties without `role`, keys sorted at every level, so copies
 * whose keys come in another order still match. Computed straight from the parsed value (twin keys are made for
 * every PAL-era message; serialising first was the panel's largest cost per event). Reads at most
 * TWIN_HASH_MAX_UNITS string units and TWIN_HASH_MAX_DEPTH levels; a false match would also need the same call,
 * type, inference and turn.
 */
export function propertiesHash(props: JsonObject): string {
  hashA = 0x811c9dc5;
  hashB = 0x01000193;
  hashBudget = TWIN_HASH_MAX_UNITS;
  hashValue(props, 0);
  return `${(hashA >>> 0).toString(36)}.${(hashB >>> 0).toString(36)}`;
}

/** Preference among twins: role-agnostic speaking over legacy, "pal" over "replica". Highest is primary (computed once per entry). */
export function twinPreference(entry: EventEntry): number {
  let score = 0;
  if (entry.classified?.family === 'role-agnostic') score += 10;
  if (entry.rawRole?.toLowerCase() === 'pal') score += 2;
  if (entry.classified?.canonicalType === 'system.pal_joined') score += 2;
  return score;
}

/** Streaming utterances (per inference and speaker) and audio echo chunks (per inference) collapse into one row. */
export function streamKeyOf(
  entry: EventEntry,
): { key: string; type: StreamSummary['type']; role: Role | undefined } | undefined {
  const heartbeat = heartbeatStreamKey(entry);
  if (heartbeat) return { key: heartbeat, type: 'heartbeat', role: undefined };
  if (entry.inferenceId === undefined) return undefined;
  if (entry.kind === 'streaming') {
    return {
      key: ['stream', entry.callId, entry.inferenceId, entry.role ?? entry.rawRole ?? ''].join('\u0000'),
      type: 'utterance',
      role: entry.role,
    };
  }
  if (entry.kind === 'echo' && entry.classified?.echo?.audioBase64Chars !== undefined) {
    return {
      key: ['echo', entry.callId, entry.dir ?? '', entry.inferenceId].join('\u0000'),
      type: 'echo',
      role: undefined,
    };
  }
  return undefined;
}
