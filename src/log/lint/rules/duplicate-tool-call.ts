/**
 * The same tool (name and arguments) called again within a short window: usually one user request fired twice (one
 * app adds a 10 s cooldown, protocol §8). Transport copies of one event (same seq) are the log's own anomaly, not this.
 */
import { previewValue } from '../../../protocol/json-text';
import { finding, isCopy, seconds } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'duplicate-tool-call',
  title: 'Duplicate tool call',
  explanation: 'The same tool with the same arguments was called again within a few seconds.',
  events: ['conversation.tool_call'],
  severity: 'warning',
};

/** Arguments compared by content, not by spelling: a parsed object's keys are sorted. */
function argumentsKey(value: unknown): string {
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
          : v,
      ) ?? ''
    );
  } catch {
    return previewValue(value, 2000);
  }
}

export const duplicateToolCall: LintRule = {
  info,
  create(options) {
    const recent = new Map<string, { id: number; at: number }>();
    return {
      observe(event, sink) {
        if (event.kind !== 'tool_call' || event.dir !== 'in' || isCopy(event)) return;
        const c = event.classified;
        if (!c) return;
        const key = `${event.callId}\u0000${c.toolName ?? ''}\u0000${argumentsKey(c.toolArguments)}`;
        const previous = recent.get(key);
        if (previous && event.receivedAt - previous.at <= options.duplicateToolCallWindowMs) {
          sink.report(
            finding(
              info,
              event,
              `${c.toolName ?? '?'} called again with the same arguments ${seconds(event.receivedAt - previous.at)} after event #${previous.id}`,
              [previous.id],
            ),
          );
        }
        recent.set(key, { id: event.id, at: event.receivedAt });
        // Bounded: entries older than the window can never match again.
        if (recent.size > 1024) {
          for (const [k, v] of recent)
            if (event.receivedAt - v.at > options.duplicateToolCallWindowMs) recent.delete(k);
        }
      },
    };
  },
};
