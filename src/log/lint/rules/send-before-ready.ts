/**
 * App-messages reach only participants in the call at that moment and are never replayed (protocol §1), so an
 * interaction sent before the replica joined is lost. Ready = system.replica_joined, the first heartbeat or the first
 * replica speech, whichever came first (a Daily participant-joined alone is not: see readiness.ts).
 */
import { ReadinessTracker } from '../../readiness';
import { finding, isSend } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'send-before-ready',
  title: 'Send before the replica is ready',
  explanation: 'Messages are not stored: one sent before the replica joined never reaches it.',
  events: ['conversation.*', 'system.replica_joined', 'system.replica_present'],
  severity: 'warning',
};

export const sendBeforeReady: LintRule = {
  info,
  create() {
    const readiness = new ReadinessTracker();
    return {
      observe(event, sink) {
        readiness.observe(event);
        if (!isSend(event) || readiness.isReady(event.callId)) return;
        const sawStart = readiness.get(event.callId)?.sawCallStart === true;
        sink.report(
          finding(
            info,
            event,
            `${event.eventType || 'message'} sent before the replica was ready (no replica_joined, heartbeat or replica speech yet)` +
              (sawStart ? '' : '; capture may have started after it joined'),
          ),
        );
      },
    };
  },
};
