/**
 * What a replay plays: the incoming app-messages of a recording (a session file of ours, v1 or v2, redacted or not,
 * or rows of the live log), each with its recorded time and sender, and how each is rewritten for the live call.
 * Pure: no clock, no browser.
 */
import { EventLog } from '../log/event-log';
import { parseSessionFile, type SessionHeader } from '../log/session';
import type { LogEvent } from '../log/types';

/** One event of a recording that a replay delivers, in recorded arrival order. */
export interface ReplayItem {
  /** Position in the replay (0-based). */
  readonly index: number;
  /** The recorded row: breakpoints match it with the filter language (type:, turn:, role:, …). */
  readonly event: LogEvent;
  /** The recorded `data` as JSON text (what Tavus sent, or its redacted skeleton). */
  readonly json: string;
  /** The recorded sender's Daily session id, when the recording has one. */
  readonly fromId: string | undefined;
  /** Recorded local receive time, ms since the epoch: replay timing comes from the gaps between these. */
  readonly t: number;
}

export interface ReplayRecording {
  readonly items: readonly ReplayItem[];
  /** Set when the recording came from a session file. */
  readonly header?: SessionHeader;
  /** Rows of the recording that are not replayed (outgoing sends, call states, unreadable data), by reason. */
  readonly skipped: { readonly outgoing: number; readonly callState: number; readonly unreadable: number };
}

/**
 * The rows a replay delivers: incoming app-messages whose data is JSON. The app's own sends are left out (the live
 * app makes its own in reaction), and so are call-state rows and data that never parsed.
 */
export function recordingFromEvents(events: Iterable<LogEvent>, header?: SessionHeader): ReplayRecording {
  const items: ReplayItem[] = [];
  const skipped = { outgoing: 0, callState: 0, unreadable: 0 };
  for (const event of events) {
    const record = event.record;
    if (record.kind !== 'app-message') skipped.callState++;
    else if (record.dir !== 'in') skipped.outgoing++;
    else if (!event.parsed || record.truncated || record.unserializable !== undefined) skipped.unreadable++;
    else
      items.push({
        index: items.length,
        event,
        json: record.json,
        fromId: record.fromId,
        t: record.t,
      });
  }
  return { items, skipped, ...(header ? { header } : {}) };
}

export type RecordingResult = ({ ok: true } & ReplayRecording) | { ok: false; error: string };

/** Reads a session file (our export) into a recording; a foreign or broken file gives the parser's reason. */
export function recordingFromSession(text: string, name = 'session'): RecordingResult {
  const parsed = parseSessionFile(text, name);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  // The log model gives each row what breakpoints match on (kind, turn, role, …), exactly as the panel shows it.
  const log = new EventLog({ cap: Math.max(1000, parsed.inputs.length) });
  log.add(parsed.inputs);
  return { ok: true, ...recordingFromEvents(log.events(), parsed.header) };
}

/** How recorded values meet the live call. Undefined fields keep the recording's values (to reproduce it exactly). */
export interface RewriteOptions {
  /** Replace `conversation_id` (where an event has one) with the live call's. */
  conversationId?: string;
  /** Renumber `seq` so the first replayed event follows this live seq (gaps and disorder between events kept). */
  seqAfter?: number;
}

/** The lowest recorded seq among the items (the base `seqAfter` renumbers from). */
export function firstSeq(items: readonly ReplayItem[]): number | undefined {
  let lowest: number | undefined;
  for (const item of items) {
    const seq = item.event.seq;
    if (seq !== undefined && (lowest === undefined || seq < lowest)) lowest = seq;
  }
  return lowest;
}

/**
 * The JSON text to deliver for `item`: the recording's, or rewritten. Only top-level `conversation_id` and `seq` of
 * an object are touched, and only when present, so everything else (including a redacted skeleton) stays as recorded.
 */
export function rewriteItem(item: ReplayItem, rewrite: RewriteOptions, baseSeq: number | undefined): string {
  const wantsId = rewrite.conversationId !== undefined;
  const wantsSeq = rewrite.seqAfter !== undefined && baseSeq !== undefined;
  if (!wantsId && !wantsSeq) return item.json;
  let data: unknown;
  try {
    data = JSON.parse(item.json);
  } catch {
    return item.json;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return item.json;
  const obj = data as Record<string, unknown>;
  let changed = false;
  if (wantsId && Object.hasOwn(obj, 'conversation_id')) {
    obj.conversation_id = rewrite.conversationId;
    changed = true;
  }
  if (wantsSeq && typeof obj.seq === 'number' && Number.isSafeInteger(obj.seq)) {
    obj.seq = (rewrite.seqAfter as number) + 1 + (obj.seq - (baseSeq as number));
    changed = true;
  }
  return changed ? JSON.stringify(obj) : item.json;
}
