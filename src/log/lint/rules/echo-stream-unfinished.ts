/**
 * An audio echo utterance is a run of chunks sharing one inference_id, the last with `done: true` (protocol §5; Pipecat
 * ends with a short silence marked done). A stream that stops without `done`, or whose inference_id changes before
 * `done`, leaves the replica waiting for the rest. Applies to echo sent by the app, by DevTools, or by a bot in the room.
 */
import type { LogEvent } from '../../types';
import { finding, isCopy, seconds } from '../shared';
import type { LintFinding, LintRule, LintRuleInfo } from '../types';

const info: LintRuleInfo = {
  id: 'echo-stream-unfinished',
  title: 'Echo stream without done',
  explanation: 'An audio echo stream stopped without a done:true chunk, or changed inference_id before it.',
  events: ['conversation.echo (audio)'],
  severity: 'warning',
};

interface OpenStream {
  inferenceId: string;
  firstId: number;
  last: LogEvent;
  chunks: number;
}

export const echoStreamUnfinished: LintRule = {
  info,
  create(options) {
    /** Per call and direction: the stream currently being sent. */
    const open = new Map<string, OpenStream>();
    const missingIdReported = new Set<string>();
    return {
      observe(event, sink) {
        const c = event.classified;
        if (event.kind !== 'echo' || c?.echo?.audioBase64Chars === undefined || isCopy(event)) return;
        const lane = `${event.callId}\u0000${event.dir ?? ''}`;
        const inferenceId = event.inferenceId;
        if (inferenceId === undefined) {
          if (!missingIdReported.has(lane)) {
            missingIdReported.add(lane);
            sink.report(finding(info, event, 'audio echo chunk without inference_id: chunks cannot be grouped'));
          }
          return;
        }
        let stream = open.get(lane);
        if (stream && stream.inferenceId !== inferenceId) {
          sink.report(
            finding(
              info,
              event,
              `inference_id changed from ${JSON.stringify(stream.inferenceId)} to ${JSON.stringify(inferenceId)} before done (after ${stream.chunks} chunks)`,
              [stream.firstId, stream.last.id],
            ),
          );
          stream = undefined;
        }
        if (!stream) {
          stream = { inferenceId, firstId: event.id, last: event, chunks: 0 };
          open.set(lane, stream);
        }
        stream.chunks++;
        stream.last = event;
        if (c.echo.done === true) open.delete(lane);
      },
      due(now) {
        const out: LintFinding[] = [];
        for (const stream of open.values()) {
          const idle = now - stream.last.receivedAt;
          if (idle < options.echoIdleMs) continue;
          out.push(
            finding(
              info,
              stream.last,
              `audio echo ${JSON.stringify(stream.inferenceId)} stopped without done after ${stream.chunks} chunk${stream.chunks === 1 ? '' : 's'} (${seconds(idle)} ago)`,
              [stream.firstId],
            ),
          );
        }
        return out;
      },
    };
  },
};
