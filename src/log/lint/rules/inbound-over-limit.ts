/**
 * Information only: an incoming message larger than the call's limit. Tavus's own events (perception frames, long
 * speech) and Pipecat's 100 ms echo chunks exceed 4096, so the server side evidently allows more; never an error.
 */
import { finding, limitOf } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'inbound-over-limit',
  title: "Incoming message over the call's limit",
  explanation:
    "An incoming message is larger than this call's send limit: fine (servers may send more), just so you know.",
  events: ['any incoming event'],
  severity: 'info',
};

export const inboundOverLimit: LintRule = {
  info,
  create(options) {
    return {
      observe(event, sink) {
        if (event.dir !== 'in' || event.record.kind !== 'app-message') return;
        const limit = limitOf(options, event.callId);
        const size = event.record.size;
        if (size > limit)
          sink.report(
            finding(info, event, `${event.eventType || 'message'} is ${size} chars (limit for sends: ${limit})`),
          );
      },
    };
  },
};
