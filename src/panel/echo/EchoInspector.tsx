/**
 * Echo inspector, in the Timing tab of an audio echo chunk: what its whole stream (every chunk with its inference_id,
 * from the app, DevTools or a bot in the room) did on the wire, from `inspectEchoStream`.
 */
import type { LogEvent } from '../../log';
import { inspectEchoStream } from '../../log/echo-inspector';
import { formatBytes } from '../ui/format';
import type { PanelStore } from '../store';

export function EchoInspector({ store, event }: { store: PanelStore; event: LogEvent }) {
  if (event.kind !== 'echo' || event.classified?.echo?.audioBase64Chars === undefined) return null;
  const stream = store.log.stream(event.id);
  const chunks = stream
    ? stream.chunkIds.map((id) => store.log.get(id)).filter((e): e is LogEvent => e !== undefined)
    : [event];
  const report = inspectEchoStream(chunks);
  if (!report) return null;
  const lead =
    Math.abs(report.leadMs) < 1
      ? 'real time'
      : report.leadMs > 0
        ? `${Math.round(report.leadMs)} ms ahead of real time`
        : `${Math.round(-report.leadMs)} ms behind real time`;
  return (
    <table class="kv mono" data-testid="echo-inspector">
      <caption>Audio echo stream</caption>
      <tbody>
        <tr>
          <th>inference_id</th>
          <td>{report.inferenceIds.join(', ') || '(none)'}</td>
        </tr>
        <tr>
          <th>chunks</th>
          <td data-testid="echo-chunks">{report.chunkCount}</td>
        </tr>
        <tr>
          <th>sample rate</th>
          <td>{report.sampleRates.map((r) => `${r} Hz`).join(', ')}</td>
        </tr>
        <tr>
          <th>audio</th>
          <td data-testid="echo-audio">
            {formatBytes(report.audioBytes)} · {(report.audioMs / 1000).toFixed(2)} s
          </td>
        </tr>
        <tr>
          <th>wall time</th>
          <td>{(report.wallMs / 1000).toFixed(2)} s</td>
        </tr>
        <tr>
          <th>pacing</th>
          <td data-testid="echo-lead">{lead}</td>
        </tr>
        <tr>
          <th>gaps</th>
          <td>
            {report.gaps.length === 0
              ? 'none'
              : report.gaps.map((g) => `#${g.eventId} ran dry ${Math.round(g.ms)} ms`).join(', ')}
          </td>
        </tr>
        <tr>
          <th>done</th>
          <td data-testid="echo-done">
            {report.donePresent ? 'yes' : 'no (the replica waits for more)'}
            {report.chunksAfterDone > 0 ? ` · ${report.chunksAfterDone} chunk(s) after done` : ''}
          </td>
        </tr>
        <tr>
          <th>largest message</th>
          <td>{report.largestMessage} chars</td>
        </tr>
      </tbody>
    </table>
  );
}
