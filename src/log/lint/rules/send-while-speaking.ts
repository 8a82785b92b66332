/**
 * A `conversation.respond` or `conversation.echo` sent while the replica is speaking collides with its speech: apps
 * queue them until the replica stops ("stopped_speaking fires between sentences too", protocol §8). Interrupts are
 * meant for that moment and are not flagged; an audio echo stream is flagged once, on its first chunk.
 */
import type { LogEvent } from '../../types';
import { finding, isCopy, PerCall } from '../shared';
import type { LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'send-while-speaking',
  title: 'Send while the replica is speaking',
  explanation: 'A respond or echo sent while the replica speaks collides with its speech; queue it until it stops.',
  events: ['conversation.respond', 'conversation.echo', 'conversation.replica.started_speaking'],
  severity: 'warning',
};

export const sendWhileSpeaking: LintRule = {
  info,
  create() {
    const speaking = new PerCall<{ startedId: number | undefined }>(() => ({ startedId: undefined }));
    const flaggedStreams = new Set<string>();
    return {
      observe(event: LogEvent, sink) {
        const c = event.classified;
        if (!c || isCopy(event)) return;
        if (event.dir === 'in' && event.kind === 'speaking' && c.role === 'replica') {
          const state = speaking.get(event.callId);
          if (c.speaking?.phase === 'started') state.startedId ??= event.id;
          else state.startedId = undefined;
          return;
        }
        if (event.dir !== 'out' || (event.kind !== 'respond' && event.kind !== 'echo')) return;
        const startedId = speaking.get(event.callId).startedId;
        if (startedId === undefined) return;
        if (event.kind === 'echo' && c.echo?.audioBase64Chars !== undefined && event.inferenceId !== undefined) {
          const key = `${event.callId}\u0000${event.inferenceId}`;
          if (flaggedStreams.has(key)) return;
          flaggedStreams.add(key);
        }
        sink.report(
          finding(
            info,
            event,
            `${event.eventType} sent while the replica was speaking (started at event #${startedId})`,
            [startedId],
          ),
        );
      },
    };
  },
};
