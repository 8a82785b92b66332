/**
 * Tavus CVI app-message vocabulary as the classifier sees it: the closed set of kinds, every event_type spelling we
 * recognise (documented, legacy, PAL-era and third-party variants, see docs/protocol.md), and the
 * `Classified` result shape. Pure types and tables: no DOM, no browser APIs.
 */

/** What a message is, whatever spelling or era it came in. */
export type EventKind =
  // replica → app events
  | 'utterance'
  | 'streaming'
  | 'speaking'
  | 'replica_interrupted'
  | 'tool_call'
  | 'perception_tool_call'
  | 'perception_analysis'
  | 'replica_joined'
  | 'heartbeat'
  | 'presence'
  | 'objective'
  | 'rag'
  | 'guardrail'
  | 'system'
  | 'application'
  // app → replica interactions
  | 'respond'
  | 'echo'
  | 'interrupt'
  | 'context'
  | 'sensitivity'
  | 'tool_result'
  | 'realtime_api'
  // neither
  | 'unknown'
  | 'malformed';

export const EVENT_KINDS: readonly EventKind[] = [
  'utterance',
  'streaming',
  'speaking',
  'replica_interrupted',
  'tool_call',
  'perception_tool_call',
  'perception_analysis',
  'replica_joined',
  'heartbeat',
  'presence',
  'objective',
  'rag',
  'guardrail',
  'system',
  'application',
  'respond',
  'echo',
  'interrupt',
  'context',
  'sensitivity',
  'tool_result',
  'realtime_api',
  'unknown',
  'malformed',
];

/** Kinds an app sends to the replica (the rest are broadcast by Tavus). */
export const INTERACTION_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'respond',
  'echo',
  'interrupt',
  'context',
  'sensitivity',
  'tool_result',
  'realtime_api',
]);

/** Normalised speaker: PAL-era `"pal"` is the replica. The raw value is kept beside it. */
export type Role = 'user' | 'replica';

/**
 * Speaking events come in two families: legacy role-specific names (`conversation.replica.started_speaking`,
 * `conversation.user.*`) and the role-agnostic `conversation.started_speaking` with `properties.role` (since
 * 2026-04-29, sent in addition to the legacy ones). The removed `conversation.replica_interrupted` is legacy too.
 */
export type EventFamily = 'legacy' | 'role-agnostic';

export type SpeakingPhase = 'started' | 'stopped';

export interface TypeInfo {
  kind: EventKind;
  /** The documented name this spelling stands for. */
  canonical: string;
  /** Why this spelling is not the documented one (absent for documented names). */
  variant?: string;
  family?: EventFamily;
  phase?: SpeakingPhase;
  /** Role implied by the name (legacy speaking events). */
  impliedRole?: Role;
  /** Context interactions: overwrite or append. */
  contextOp?: 'overwrite' | 'append';
  /** Objective events: which step of an objective's life this name reports. */
  objectivePhase?: ObjectivePhase;
}

/**
 * pending: a manual-confirmation objective waits for the app; activated / completed: the objective started or
 * finished; confirm: the app's reply to pending (an interaction).
 */
export type ObjectivePhase = 'pending' | 'activated' | 'completed' | 'confirm';

const entries: Array<[string, TypeInfo]> = [
  ['conversation.utterance', { kind: 'utterance', canonical: 'conversation.utterance' }],
  ['conversation.utterance.streaming', { kind: 'streaming', canonical: 'conversation.utterance.streaming' }],
  ['conversation.tool_call', { kind: 'tool_call', canonical: 'conversation.tool_call' }],
  [
    'conversation.perception_tool_call',
    { kind: 'perception_tool_call', canonical: 'conversation.perception_tool_call' },
  ],
  ['conversation.perception_analysis', { kind: 'perception_analysis', canonical: 'conversation.perception_analysis' }],
  [
    'conversation.perception-analysis',
    {
      kind: 'perception_analysis',
      canonical: 'conversation.perception_analysis',
      variant: "hyphenated name conversation.perception-analysis (Tavus's interviewer app; docs use the underscore)",
    },
  ],
  [
    'application.perception_analysis',
    {
      kind: 'perception_analysis',
      canonical: 'conversation.perception_analysis',
      variant: 'webhook name application.perception_analysis (in-call name is conversation.perception_analysis)',
    },
  ],
  [
    'conversation.started_speaking',
    { kind: 'speaking', canonical: 'conversation.started_speaking', family: 'role-agnostic', phase: 'started' },
  ],
  [
    'conversation.stopped_speaking',
    { kind: 'speaking', canonical: 'conversation.stopped_speaking', family: 'role-agnostic', phase: 'stopped' },
  ],
  [
    'conversation.replica.started_speaking',
    {
      kind: 'speaking',
      canonical: 'conversation.replica.started_speaking',
      family: 'legacy',
      phase: 'started',
      impliedRole: 'replica',
    },
  ],
  [
    'conversation.replica.stopped_speaking',
    {
      kind: 'speaking',
      canonical: 'conversation.replica.stopped_speaking',
      family: 'legacy',
      phase: 'stopped',
      impliedRole: 'replica',
    },
  ],
  [
    'conversation.user.started_speaking',
    {
      kind: 'speaking',
      canonical: 'conversation.user.started_speaking',
      family: 'legacy',
      phase: 'started',
      impliedRole: 'user',
    },
  ],
  [
    'conversation.user.stopped_speaking',
    {
      kind: 'speaking',
      canonical: 'conversation.user.stopped_speaking',
      family: 'legacy',
      phase: 'stopped',
      impliedRole: 'user',
    },
  ],
  [
    'conversation.replica_interrupted',
    {
      kind: 'replica_interrupted',
      canonical: 'conversation.replica_interrupted',
      family: 'legacy',
      impliedRole: 'replica',
      variant: 'removed 2026-03-19; stopped_speaking with interrupted:true replaces it',
    },
  ],
  [
    'conversation.replica.interrupted',
    {
      kind: 'replica_interrupted',
      canonical: 'conversation.replica_interrupted',
      family: 'legacy',
      impliedRole: 'replica',
      variant: 'SKILL.md name conversation.replica.interrupted (docs: conversation.replica_interrupted, removed)',
    },
  ],
  ['system.replica_joined', { kind: 'replica_joined', canonical: 'system.replica_joined' }],
  ['system.pal_joined', { kind: 'replica_joined', canonical: 'system.pal_joined' }],
  [
    'conversation.joined',
    { kind: 'presence', canonical: 'conversation.joined', variant: 'seen only in third-party PAL-era code' },
  ],
  [
    'conversation.left',
    { kind: 'presence', canonical: 'conversation.left', variant: 'seen only in third-party PAL-era code' },
  ],
  [
    'system.replica_present',
    // Undocumented, seen in Tavus's own apps (protocol §8); not a variant of anything, so no note on every row.
    { kind: 'heartbeat', canonical: 'system.replica_present' },
  ],
  [
    'conversation.objective.activated',
    { kind: 'objective', canonical: 'conversation.objective.activated', objectivePhase: 'activated' },
  ],
  [
    'conversation.objective.completed',
    { kind: 'objective', canonical: 'conversation.objective.completed', objectivePhase: 'completed' },
  ],
  [
    'conversation.objective.pending',
    { kind: 'objective', canonical: 'conversation.objective.pending', objectivePhase: 'pending' },
  ],
  [
    'conversation.objective.confirm',
    { kind: 'objective', canonical: 'conversation.objective.confirm', objectivePhase: 'confirm' },
  ],
  ['conversation.rag.observability', { kind: 'rag', canonical: 'conversation.rag.observability' }],
  ['system.shutdown', { kind: 'system', canonical: 'system.shutdown' }],
  ['conversation.echo', { kind: 'echo', canonical: 'conversation.echo' }],
  ['conversation.respond', { kind: 'respond', canonical: 'conversation.respond' }],
  ['conversation.interrupt', { kind: 'interrupt', canonical: 'conversation.interrupt' }],
  [
    'conversation.overwrite_llm_context',
    { kind: 'context', canonical: 'conversation.overwrite_llm_context', contextOp: 'overwrite' },
  ],
  [
    'conversation.append_llm_context',
    { kind: 'context', canonical: 'conversation.append_llm_context', contextOp: 'append' },
  ],
  [
    'conversation.overwrite_context',
    {
      kind: 'context',
      canonical: 'conversation.overwrite_llm_context',
      contextOp: 'overwrite',
      variant: 'SKILL.md name conversation.overwrite_context (docs: conversation.overwrite_llm_context)',
    },
  ],
  [
    'conversation.append_context',
    {
      kind: 'context',
      canonical: 'conversation.append_llm_context',
      contextOp: 'append',
      variant: 'SKILL.md name conversation.append_context (docs: conversation.append_llm_context)',
    },
  ],
  ['conversation.sensitivity', { kind: 'sensitivity', canonical: 'conversation.sensitivity' }],
  ['conversation.tool_result', { kind: 'tool_result', canonical: 'conversation.tool_result' }],
  [
    'conversation.realtime_api',
    { kind: 'realtime_api', canonical: 'conversation.realtime_api', variant: 'legacy 2024 interaction' },
  ],
];

/** Every event_type spelling we recognise (exact, lower-case). A Map, so `__proto__` can't be a hit. */
export const KNOWN_EVENT_TYPES: ReadonlyMap<string, TypeInfo> = new Map(entries);

/** Documented sensitivity values, and the extra ones cvi-ui's types allow. */
export const SENSITIVITY_VALUES: ReadonlySet<string> = new Set(['low', 'medium', 'high']);
export const SENSITIVITY_EXTRA_VALUES: ReadonlySet<string> = new Set(['superlow', 'verylow', 'auto']);

/** Tavus's default when an audio echo omits `sample_rate`. */
export const DEFAULT_ECHO_SAMPLE_RATE = 16_000;

export interface StreamingInfo {
  /** 0-based chunk index, monotonic per inference. */
  contentIndex?: number;
  final: boolean;
  /** Replica only, on the final chunk: speech was cut off. */
  isInterrupted: boolean;
}

export interface SpeakingInfo {
  phase: SpeakingPhase;
  family: EventFamily;
  /** Stopped only: seconds spoken (null when Tavus sent null). */
  durationS?: number | null;
  /** Stopped only. */
  interrupted?: boolean;
}

export interface EchoInfo {
  /** `modality` (or the old `type` field), as sent. */
  modality?: string;
  text?: string;
  /** Length of the base64 text in `properties.audio`. */
  audioBase64Chars?: number;
  /** Decoded byte count of `properties.audio`. */
  audioBytes?: number;
  /** As sent; `effectiveSampleRate` applies Tavus's 16 kHz default. */
  sampleRate?: number;
  effectiveSampleRate?: number;
  /** Duration of the audio as 16-bit mono PCM. */
  durationMs?: number;
  done?: boolean;
}

export interface ContextInfo {
  op: 'overwrite' | 'append';
  length: number;
  jobStatus?: string;
}

export interface SensitivityInfo {
  pause?: string;
  interrupt?: string;
}

export interface PerceptionInfo {
  modality?: string;
  frameCount: number;
  /** Decoded size of all frames' base64 data. */
  frameBytes: number;
}

export interface ObjectiveInfo {
  phase: ObjectivePhase;
  /** `properties.objective_name`. */
  name?: string;
  /** `properties.output_variables` (completed): what the objective collected. */
  outputVariables?: Readonly<Record<string, unknown>>;
}

export interface HeartbeatInfo {
  /** `properties.attempt`: Tavus counts its heartbeats. */
  attempt?: number;
}

export interface GuardrailInfo {
  /** `guardrail_name` (interviewer app), else `guardrail`. */
  name?: string;
  uuid?: string;
  reason?: string;
}

export interface ToolResultInfo {
  status?: string;
  /** Output as sent (string or object). */
  output?: unknown;
}

/** Everything the classifier could tell about one app-message's `data`. */
export interface Classified {
  kind: EventKind;
  /** `event_type` as sent, when it is a string. */
  eventType?: string;
  /** The documented name for it, when recognised. */
  canonicalType?: string;
  messageType?: string;
  /** One line, at most ~200 characters. */
  summary: string;
  seq?: number;
  turnIdx?: number;
  /** Top-level `inference_id`, else `properties.inference_id`. */
  inferenceId?: string;
  /** Tavus's timestamp in Unix seconds (ISO strings are converted). */
  timestamp?: number;
  role?: Role;
  /** `properties.role` as sent ("pal", "replica", "user", or anything else). */
  rawRole?: string;
  conversationId?: string;
  family?: EventFamily;
  toolCallId?: string;
  toolName?: string;
  /** Tool arguments, parsed when they came as a JSON string. */
  toolArguments?: unknown;
  /** Magic Canvas: a tool call's top-level `canvas_config`. */
  canvasConfig?: unknown;
  /**
   * Tool calls only: false when the app is not expected to answer with a tool_result (Magic Canvas control tools are
   * handled by the canvas component itself).
   */
  expectsToolResult?: boolean;
  objective?: ObjectiveInfo;
  heartbeat?: HeartbeatInfo;
  guardrail?: GuardrailInfo;
  /** system.shutdown: in-call `reason`, or the webhook's `shutdown_reason`. */
  shutdownReason?: string;
  /** Utterance/streaming speech, respond/echo text. */
  speech?: string;
  streaming?: StreamingInfo;
  speaking?: SpeakingInfo;
  echo?: EchoInfo;
  context?: ContextInfo;
  sensitivity?: SensitivityInfo;
  perception?: PerceptionInfo;
  toolResult?: ToolResultInfo;
  /** Utterance: `interrupted` flag (present only when true). */
  interrupted?: boolean;
  /** Recognised but non-documented spellings (legacy names, SKILL.md shapes…). Not errors. */
  variants: readonly string[];
  /** Why the message is unknown/malformed, or what is odd about it. */
  problems: readonly string[];
}
