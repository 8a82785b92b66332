/** A tool_result must name a tool_call_id the replica sent; any other id answers nothing. */
import { finding } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'tool-result-unknown-id',
  title: 'tool_result for an unknown tool_call_id',
  explanation: 'This tool_result names a tool_call_id that no tool call in this call carried; it answers nothing.',
  events: ['conversation.tool_result', 'conversation.tool_call', 'conversation.perception_tool_call'],
  severity: 'warning',
};

const MAX_IDS = 20_000;

export const toolResultUnknownId: LintRule = {
  info,
  create() {
    const known = new Set<string>();
    return {
      observe(event, sink) {
        const c = event.classified;
        if (!c) return;
        if (event.dir === 'in' && (event.kind === 'tool_call' || event.kind === 'perception_tool_call')) {
          if (c.toolCallId) known.add(`${event.callId}\u0000${c.toolCallId}`);
          if (known.size > MAX_IDS) known.delete(known.values().next().value!);
          return;
        }
        if (event.dir !== 'out' || event.kind !== 'tool_result') return;
        const id = c.toolCallId;
        if (id === undefined || id === '') {
          sink.report(finding(info, event, 'tool_result without a tool_call_id'));
        } else if (!known.has(`${event.callId}\u0000${id}`)) {
          sink.report(
            finding(info, event, `tool_result for ${JSON.stringify(id)}, which no tool call in this capture carried`),
          );
        }
      },
    };
  },
};
