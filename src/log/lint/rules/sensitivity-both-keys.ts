/** The newest docs: exactly one of participant_pause_sensitivity / participant_interrupt_sensitivity per message. */
import { finding } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'sensitivity-both-keys',
  title: 'Sensitivity with both keys',
  explanation: 'Send pause and interrupt sensitivity in separate messages: the newest docs allow one key per message.',
  events: ['conversation.sensitivity'],
  severity: 'warning',
};

export const sensitivityBothKeys: LintRule = {
  info,
  create() {
    return {
      observe(event, sink) {
        if (event.dir !== 'out' || event.kind !== 'sensitivity') return;
        const s = event.classified?.sensitivity;
        if (s?.pause !== undefined && s.interrupt !== undefined)
          sink.report(
            finding(info, event, `both keys in one message (pause=${s.pause}, interrupt=${s.interrupt}); send two`),
          );
      },
    };
  },
};
