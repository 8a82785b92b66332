/**
 * Context interactions carry whole documents (Magic Canvas dumps its state once a second, protocol §8) and must still
 * fit the call's app-message limit, envelope included; Daily refuses the rest.
 */
import { finding, limitOf } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'context-over-limit',
  title: "Context over the call's limit",
  explanation: "An overwrite/append context message is larger than the call's app-message limit and will not be sent.",
  events: ['conversation.overwrite_llm_context', 'conversation.append_llm_context'],
  severity: 'warning',
};

export const contextOverLimit: LintRule = {
  info,
  create(options) {
    return {
      observe(event, sink) {
        if (event.dir !== 'out' || event.kind !== 'context' || event.record.kind !== 'app-message') return;
        const limit = limitOf(options, event.callId);
        const size = event.record.size;
        if (size > limit)
          sink.report(finding(info, event, `${event.eventType} is ${size} chars; the call's limit is ${limit}`));
      },
    };
  },
};
