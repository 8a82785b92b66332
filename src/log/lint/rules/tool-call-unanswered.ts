/**
 * A tool call nobody answered: Tavus never runs tools, and with no result the call silently drops out of context
 * (protocol §3, no timeout). Answered by a `conversation.tool_result` with its tool_call_id, or, for calls without
 * an id (before the tools registry), by the next echo / append_llm_context / tool_result sent. Magic Canvas control
 * tools and perception tools expect no reply. Evaluated against a clock, so the panel can run it as a live timer.
 */
import type { LogEvent } from '../../types';
import { finding, isCopy, seconds } from '../shared';
import type { LintFinding, LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'tool-call-unanswered',
  title: 'Tool call unanswered',
  explanation: 'No tool_result (or echo / append context) answered this tool call in time; the replica is waiting.',
  events: ['conversation.tool_call', 'conversation.tool_result'],
  severity: 'warning',
};

const MAX_PENDING = 5000;

export const toolCallUnanswered: LintRule = {
  info,
  create(options) {
    /** Unanswered calls in arrival order (Map keeps insertion order), keyed by event id. */
    const pending = new Map<number, LogEvent>();
    const byToolCallId = new Map<string, number>();
    return {
      observe(event, _sink) {
        const c = event.classified;
        if (!c || isCopy(event)) return;
        if (event.dir === 'in' && event.kind === 'tool_call') {
          if (c.expectsToolResult === false) return;
          pending.set(event.id, event);
          if (c.toolCallId) byToolCallId.set(`${event.callId}\u0000${c.toolCallId}`, event.id);
          if (pending.size > MAX_PENDING) {
            const oldest = pending.keys().next().value;
            if (oldest !== undefined) pending.delete(oldest);
          }
          return;
        }
        if (event.dir !== 'out') return;
        if (event.kind === 'tool_result' && c.toolCallId) {
          const key = `${event.callId}\u0000${c.toolCallId}`;
          const id = byToolCallId.get(key);
          if (id !== undefined) {
            pending.delete(id);
            byToolCallId.delete(key);
            return;
          }
        }
        if (event.kind === 'tool_result' || event.kind === 'echo' || event.kind === 'context') {
          // The oldest open call of this call without a tool_call_id takes the reply.
          for (const [id, call] of pending) {
            if (call.callId === event.callId && !call.classified?.toolCallId && call.receivedAt <= event.receivedAt) {
              pending.delete(id);
              break;
            }
          }
        }
      },
      due(now) {
        const out: LintFinding[] = [];
        for (const call of pending.values()) {
          const age = now - call.receivedAt;
          if (age < options.toolCallAnswerMs) continue;
          const c = call.classified;
          out.push(
            finding(
              info,
              call,
              `${c?.toolName ?? '?'}${c?.toolCallId ? ` (${c.toolCallId})` : ''} unanswered for ${seconds(age)}`,
            ),
          );
        }
        return out;
      },
    };
  },
};
