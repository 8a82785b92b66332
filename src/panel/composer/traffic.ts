/**
 * What the composer learns from the captured traffic to prefill its forms: the conversation ids seen, the session
 * ids incoming messages came from (the replica's is the recipient of a directed send), and recent tool calls.
 * Scans incrementally (only events added since the last look), so a busy log costs nothing per keystroke.
 */
import { forEachNewEvent, importedFrom, type LogEvent } from '../../log';

/** The part of EventLog the scanner reads. */
export interface ScannableLog {
  readonly size: number;
  get(id: number): LogEvent | undefined;
  events(): IterableIterator<LogEvent>;
}

export interface SeenToolCall {
  toolCallId: string;
  name: string;
  callId: string;
}

export interface TrafficSummary {
  /** Most recent first. */
  conversationIds: string[];
  /** `fromId` of incoming app-messages, most recent first. */
  sessionIds: string[];
  /** Incoming tool calls that carry a tool_call_id, most recent first (at most 20). */
  toolCalls: SeenToolCall[];
}

const MAX_TOOL_CALLS = 20;

export class TrafficScanner {
  /** Value = arrival id of the latest event that mentioned it; higher is more recent. */
  private conversations = new Map<string, number>();
  private sessions = new Map<string, number>();
  private tools = new Map<string, { call: SeenToolCall; at: number }>();
  private nextId = 0;

  scan(log: ScannableLog): TrafficSummary {
    if (log.size === 0) this.reset();
    else this.catchUp(log);
    return {
      conversationIds: newestFirst(this.conversations),
      sessionIds: newestFirst(this.sessions),
      toolCalls: [...this.tools.values()].sort((a, b) => b.at - a.at).map((entry) => entry.call),
    };
  }

  private reset(): void {
    this.conversations.clear();
    this.sessions.clear();
    this.tools.clear();
  }

  private catchUp(log: ScannableLog): void {
    // From the oldest held event when the next id is gone (the log was cleared or evicted past it).
    this.nextId = forEachNewEvent(log, this.nextId, (event) => this.note(event)).nextId;
  }

  private note(event: LogEvent): void {
    // Only live traffic says where to send: an imported file's conversation, sessions and tool calls are history.
    if (event.recordKind !== 'app-message' || importedFrom(event) !== undefined) return;
    const conversationId = event.classified?.conversationId;
    if (conversationId) this.conversations.set(conversationId, event.id);
    if (event.dir !== 'in' || event.record.kind !== 'app-message') return;
    const fromId = event.record.fromId;
    if (fromId) this.sessions.set(fromId, event.id);
    const toolCallId = event.classified?.toolCallId;
    if (event.kind === 'tool_call' && toolCallId) {
      this.tools.delete(toolCallId);
      this.tools.set(toolCallId, {
        call: { toolCallId, name: event.classified?.toolName ?? '', callId: event.callId },
        at: event.id,
      });
      if (this.tools.size > MAX_TOOL_CALLS) this.tools.delete(this.tools.keys().next().value!);
    }
  }
}

function newestFirst(map: Map<string, number>): string[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}
