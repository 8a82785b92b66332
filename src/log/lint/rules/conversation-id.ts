/**
 * Interactions carry the conversation_id (Tavus examples always send it); one that differs from the id on the
 * replica's own events in this call is a stale or copied id, a classic bug after reconnecting to a new conversation.
 */
import type { LogEvent } from '../../types';
import { finding, isSend, PerCall } from '../shared';
import type { LintRule, LintRuleInfo, LintSink } from '../types';

const info: LintRuleInfo = {
  id: 'conversation-id',
  title: 'conversation_id missing or wrong',
  explanation: "An interaction without a conversation_id, or with one that differs from the call's own events.",
  events: ['conversation.* (sent)', 'any incoming event'],
  severity: 'warning',
};

const MAX_WAITING = 200;

interface CallIds {
  /** From the first incoming event that carried one. */
  inbound: { id: string; eventId: number } | undefined;
  /** Sends made before the call's id was known, checked when it is. */
  waiting: LogEvent[];
}

function check(event: LogEvent, ids: CallIds, sink: LintSink): void {
  const sent = event.classified?.conversationId;
  if (!ids.inbound || sent === undefined || sent === '' || sent === ids.inbound.id) return;
  sink.report(
    finding(
      info,
      event,
      `conversation_id ${JSON.stringify(sent)} differs from ${JSON.stringify(ids.inbound.id)} on this call's events`,
      [ids.inbound.eventId],
    ),
  );
}

export const conversationId: LintRule = {
  info,
  create() {
    const calls = new PerCall<CallIds>(() => ({ inbound: undefined, waiting: [] }));
    return {
      observe(event, sink) {
        if (event.dir === 'in') {
          const id = event.classified?.conversationId;
          const ids = calls.get(event.callId);
          if (ids.inbound || id === undefined || id === '') return;
          ids.inbound = { id, eventId: event.id };
          for (const waiting of ids.waiting) check(waiting, ids, sink);
          ids.waiting = [];
          return;
        }
        if (!isSend(event)) return;
        const sent = event.classified?.conversationId;
        if (sent === undefined || sent === '') {
          sink.report(finding(info, event, `${event.eventType || 'message'} has no conversation_id`));
          return;
        }
        const ids = calls.get(event.callId);
        if (ids.inbound) check(event, ids, sink);
        else if (ids.waiting.length < MAX_WAITING) ids.waiting.push(event);
      },
    };
  },
};
