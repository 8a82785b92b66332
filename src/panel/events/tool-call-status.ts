/**
 * Whether each received tool call has been answered, and by which send: a `conversation.tool_result` with its
 * tool_call_id, or, for calls without an id (before the tools registry), the next tool_result / echo /
 * append_llm_context sent on the same call (the rules of the tool-call-unanswered lint). Scans the log
 * incrementally (only events added since the last look), so it costs nothing per frame.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { forEachNewEvent, type LogEvent } from '../../log';
import type { PanelStore } from '../store';

/** The part of EventLog the tracker reads. */
export interface TrackedLog {
  readonly size: number;
  get(id: number): LogEvent | undefined;
  events(): IterableIterator<LogEvent>;
}

export type ToolCallStatus =
  { state: 'waiting'; sinceMs: number } | { state: 'answered'; afterMs: number; replyId: number };

/** At most this many unanswered calls are remembered (the oldest are forgotten first). */
const MAX_OPEN = 5000;

export class ToolCallTracker {
  /** Tool call event id → the reply's event id and arrival time. */
  private readonly replies = new Map<number, { id: number; at: number }>();
  /** Unanswered calls in arrival order, by event id. */
  private readonly open = new Map<number, LogEvent>();
  private readonly openById = new Map<string, number>();
  private nextId = 0;

  /** Brings the tracker up to date with `log` (cheap when nothing was added). */
  sync(log: TrackedLog): void {
    if (log.size === 0) {
      this.reset();
      return;
    }
    this.nextId = forEachNewEvent(log, this.nextId, (event) => this.note(event)).nextId;
  }

  /** Whether any tracked call is still waiting (the panel then runs a clock to show how long). */
  get hasWaiting(): boolean {
    return this.open.size > 0;
  }

  /** The status of a tool call event; undefined for anything else (and for calls that expect no reply). */
  statusOf(event: LogEvent, now: number): ToolCallStatus | undefined {
    if (!expectsReply(event)) return undefined;
    const reply = this.replies.get(event.id);
    if (reply) return { state: 'answered', afterMs: reply.at - event.receivedAt, replyId: reply.id };
    if (!this.open.has(event.id)) return undefined;
    return { state: 'waiting', sinceMs: Math.max(0, now - event.receivedAt) };
  }

  /** The tool call a reply answered, if this tracker matched one. */
  callAnsweredBy(replyId: number): number | undefined {
    for (const [callId, reply] of this.replies) if (reply.id === replyId) return callId;
    return undefined;
  }

  private reset(): void {
    this.replies.clear();
    this.open.clear();
    this.openById.clear();
    this.nextId = 0;
  }

  private note(event: LogEvent): void {
    const c = event.classified;
    if (!c || event.duplicate || event.twinSecondary) return;
    if (expectsReply(event)) {
      this.open.set(event.id, event);
      if (c.toolCallId) this.openById.set(key(event.callId, c.toolCallId), event.id);
      if (this.open.size > MAX_OPEN) {
        const oldest = this.open.keys().next().value;
        if (oldest !== undefined) this.close(oldest);
      }
      return;
    }
    if (event.dir !== 'out') return;
    if (event.kind === 'tool_result' && c.toolCallId) {
      const id = this.openById.get(key(event.callId, c.toolCallId));
      if (id !== undefined) {
        this.answer(id, event);
        return;
      }
    }
    if (event.kind === 'tool_result' || event.kind === 'echo' || event.kind === 'context') {
      for (const [id, call] of this.open) {
        if (call.callId === event.callId && !call.classified?.toolCallId && call.receivedAt <= event.receivedAt) {
          this.answer(id, event);
          break;
        }
      }
    }
  }

  private answer(callEventId: number, reply: LogEvent): void {
    this.replies.set(callEventId, { id: reply.id, at: reply.receivedAt });
    this.close(callEventId);
  }

  private close(callEventId: number): void {
    const call = this.open.get(callEventId);
    this.open.delete(callEventId);
    const toolCallId = call?.classified?.toolCallId;
    if (call && toolCallId) this.openById.delete(key(call.callId, toolCallId));
  }
}

function key(callId: string, toolCallId: string): string {
  return `${callId}\u0000${toolCallId}`;
}

function expectsReply(event: LogEvent): boolean {
  return event.dir === 'in' && event.kind === 'tool_call' && event.classified?.expectsToolResult !== false;
}

/** "waiting 12 s", "waiting 2 min 5 s": whole seconds, so a live row changes once a second. */
export function formatWaiting(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60) return `waiting ${seconds} s`;
  return `waiting ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** What a tool call's row and detail say about its reply. */
export function toolCallStatusText(status: ToolCallStatus, formatMs: (ms: number) => string): string {
  return status.state === 'waiting' ? formatWaiting(status.sinceMs) : `answered in ${formatMs(status.afterMs)}`;
}

const trackers = new WeakMap<PanelStore, ReadonlySignal<{ tracker: ToolCallTracker; revision: number }>>();

/** One tracker per panel store, synced with its log on every revision. */
export function toolCallsFor(store: PanelStore): ReadonlySignal<{ tracker: ToolCallTracker; revision: number }> {
  let model = trackers.get(store);
  if (!model) {
    const tracker = new ToolCallTracker();
    model = computed(() => {
      const revision = store.revision.value;
      tracker.sync(store.log);
      return { tracker, revision };
    });
    trackers.set(store, model);
  }
  return model;
}
