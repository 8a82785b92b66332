/** Public shapes of the event-log model. */
import type { CapturedRecord, Direction, MessageOrigin } from '../record/record';
import { EVENT_KINDS, type Classified, type EventKind, type Role } from '../protocol/events';
import type { PayloadFacts } from '../protocol/payload-facts';

/** One captured record as it reaches the model. `(source, cursor)` is unique: re-delivery of a key is ignored. */
export interface LogInput {
  /** One document's stream, e.g. `"${frameId}:${docId}"`, or `"import:file.ndjson"`. */
  source: string;
  /** Dense, increasing per source. */
  cursor: number;
  frameId: number;
  record: CapturedRecord;
  /** Only from a redacted session file: counts and sizes its redacted data no longer shows. */
  facts?: PayloadFacts;
}

/** Event kinds plus Daily call-state rows. */
export type LogKind = EventKind | 'call_state';

/** What a `type:` filter term reads, shared by every event with the same three values (see TypeTable). */
export interface TypeInfo {
  readonly eventType: string;
  readonly kind: LogKind;
  readonly canonicalType: string | undefined;
}
export const LOG_KINDS: readonly LogKind[] = [...EVENT_KINDS, 'call_state'];

/** One row of the log. Immutable for the panel; the model updates twin flags as partners arrive. */
export interface LogEvent {
  /** Arrival index since the log was created: stable, unique, increasing. */
  readonly id: number;
  readonly source: string;
  readonly cursor: number;
  readonly frameId: number;
  readonly record: CapturedRecord;
  /** Local receive/send time (record.t, ms since the epoch). */
  readonly receivedAt: number;
  readonly callId: string;
  readonly recordKind: 'app-message' | 'call-state';
  /** Undefined for call-state rows. */
  readonly dir: Direction | undefined;
  readonly origin: MessageOrigin | undefined;
  readonly kind: LogKind;
  /** event_type as sent; `daily.<state>` for call-state rows; '' when there is none. */
  readonly eventType: string;
  readonly summary: string;
  /** The parsed JSON (undefined when it could not be parsed: see `parsed`). */
  readonly data: unknown;
  readonly parsed: boolean;
  /** Classifier output for app-messages (also for malformed ones); undefined for call-state rows. */
  readonly classified: Classified | undefined;
  /** Sender's seq, used for ordering only on incoming app-messages. */
  readonly seq: number | undefined;
  /** turn_idx from the message. */
  readonly turnIdx: number | undefined;
  /** The turn this event belongs to: turn_idx, or the turn an outgoing interaction triggered/joined. */
  readonly turn: number | undefined;
  readonly inferenceId: string | undefined;
  /** Tavus timestamp, Unix seconds. */
  readonly timestamp: number | undefined;
  readonly role: Role | undefined;
  readonly rawRole: string | undefined;
  /** Everything odd about the message or the record (malformed reasons included). */
  readonly problems: readonly string[];
  /** Arrived after a higher seq of the same call (not set on duplicates). */
  readonly outOfOrder: boolean;
  /** Same seq as an earlier event of the call, and not its PAL/legacy twin. */
  readonly duplicate: boolean;
  /** Id of the first held event with that seq, when `duplicate`. */
  readonly duplicateOf: number | undefined;
  /** Filled a gap (its seq was missing between the lowest and highest seen). Late events are also out of order. */
  readonly late: boolean;
  /** Twin group id: the same happening sent twice on purpose (role pal + replica; role-agnostic + legacy speaking). */
  readonly twinGroup: number | undefined;
  /** A twin that is not the preferred copy (the legacy/"replica" one); `hideTwins` hides these. */
  readonly twinSecondary: boolean;
  /** Streaming utterance or audio echo group this chunk belongs to. */
  readonly streamKey: string | undefined;
  /** The payload text (record JSON), as captured. */
  readonly payloadText: string;
  /** Lower-cased payload text for free-text search (computed on each read: keep it if you need it twice). */
  readonly searchText: string;
  /** Shared by the events with the same event_type, kind and canonical type (a log sets it; filters memoise on it). */
  readonly typeInfo?: TypeInfo | undefined;
}

/** Seqs of one call that never arrived, between two that did. */
export interface GapMarker {
  readonly callId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly count: number;
}

/** Collapsed streaming utterance (or audio echo) built from every chunk sharing an inference_id. */
export interface StreamSummary {
  readonly key: string;
  /** heartbeat: a call's `system.replica_present` events, collapsed into one row (see heartbeats.ts). */
  readonly type: 'utterance' | 'echo' | 'heartbeat';
  readonly callId: string;
  readonly inferenceId: string;
  readonly role: Role | undefined;
  /** Every chunk, by content_index (then arrival); twins included. */
  readonly chunkIds: readonly number[];
  /** The chunk with the highest content_index (the final one when there is one). */
  readonly latestId: number;
  /** Accumulated speech of the latest chunk (utterance streams). */
  readonly speech: string;
  readonly contentIndex: number | undefined;
  readonly final: boolean;
  readonly isInterrupted: boolean;
  /** Full LLM text from `conversation.utterance` with the same inference_id (what the replica meant to say). */
  readonly generatedText: string | undefined;
  /** What was actually spoken: the final chunk's speech. */
  readonly spokenText: string | undefined;
  /** Echo streams: total decoded audio bytes and duration, and whether a `done:true` chunk arrived. */
  readonly audioBytes: number;
  readonly durationMs: number;
  readonly done: boolean;
}

export type ViewRow =
  | {
      readonly type: 'event';
      readonly index: number;
      readonly event: LogEvent;
      /** Set when streams are collapsed and this row stands for several chunks. */
      readonly stream: StreamSummary | undefined;
    }
  | { readonly type: 'gap'; readonly index: number; readonly gap: GapMarker };

export interface Latency {
  readonly fromId: number;
  readonly toId: number;
  /** From local receive/send times. */
  readonly ms: number;
  /** From Tavus timestamps, when both ends carry one. */
  readonly tavusMs: number | undefined;
}

export interface ToolCallTiming {
  readonly callEventId: number;
  readonly toolCallId: string | undefined;
  readonly name: string | undefined;
  readonly resultEventId: number | undefined;
  /** How the reply was found: by tool_call_id, or as the next outgoing echo/append_context/tool_result. */
  readonly matchedBy: 'tool_call_id' | 'next-outgoing' | undefined;
  readonly ms: number | undefined;
}

export interface UtteranceTiming {
  readonly eventId: number;
  readonly role: Role | undefined;
  /** stopped_speaking `duration` in seconds (null when Tavus sent null). */
  readonly durationS: number | null | undefined;
  readonly interrupted: boolean;
}

export interface TurnLatencies {
  /** User stopped speaking → replica started speaking. */
  readonly userStopToReplicaStart: Latency | undefined;
  /** Outgoing conversation.respond → first replica event after it. */
  readonly respondToFirstReplica: Latency | undefined;
  readonly toolCalls: readonly ToolCallTiming[];
  readonly utterances: readonly UtteranceTiming[];
}

export interface Turn {
  readonly callId: string;
  readonly turnIdx: number;
  /** In seq-view order. */
  readonly eventIds: readonly number[];
  /**
   * 'open': nothing from the replica yet; 'running': the replica is answering (speaking, streaming, utterance);
   * 'done': the replica stopped speaking or sent its final streaming chunk.
   */
  readonly state: 'open' | 'running' | 'done';
  readonly interrupted: boolean;
  readonly firstReceivedAt: number;
  readonly lastReceivedAt: number;
  readonly userText: string | undefined;
  /** Replica's full LLM text (conversation.utterance). */
  readonly replicaGeneratedText: string | undefined;
  /** Replica's spoken text (final streaming chunk). */
  readonly replicaSpokenText: string | undefined;
  readonly latencies: TurnLatencies;
}

/**
 * Sends made between turns (after the replica finished a turn, before the next one began), with the replica speech
 * they caused (an echo spoken), so they neither stretch the finished turn nor hide inside the next.
 */
export interface BetweenTurns {
  readonly callId: string;
  /** The turn before these sends (undefined: before the call's first turn). */
  readonly afterTurn: number | undefined;
  /** In seq-view order. */
  readonly eventIds: readonly number[];
  readonly firstReceivedAt: number;
  readonly lastReceivedAt: number;
}

export interface AnomalyCounts {
  readonly outOfOrder: number;
  readonly duplicate: number;
  readonly late: number;
  /** Seqs still missing between the lowest and highest seen, per call, summed. */
  readonly gapSeqs: number;
  /** Runs of missing seqs (one gap marker each). */
  readonly gapRanges: number;
}

export interface LogStats {
  /** Events held now. */
  readonly total: number;
  /** Events accepted since the last clear (held + evicted). */
  readonly received: number;
  readonly evictedByCap: number;
  /** Inputs ignored because their (source, cursor) was already delivered. */
  readonly redelivered: number;
  readonly malformed: number;
  readonly withProblems: number;
  readonly anomalies: AnomalyCounts;
  readonly cap: number;
}

/** Values seen so far, for filter suggestions. */
export interface LogVocabulary {
  readonly eventTypes: readonly string[];
  readonly kinds: readonly LogKind[];
  readonly roles: readonly string[];
  readonly turns: readonly number[];
  readonly calls: readonly string[];
  /** Most recent first, at most 200. */
  readonly inferenceIds: readonly string[];
}
