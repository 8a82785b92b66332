import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PanelHost } from './host';
import { CaptureConnection, type CapturedInput, type ConnectionStatus, type FrameState } from './connection';

/** First panel: live arrival-order table. (The full inspector replaces the table.) */
export function App({ host }: { host: PanelHost }) {
  const [rows, setRows] = useState<CapturedInput[]>([]);
  const [frames, setFrames] = useState<FrameState[]>([]);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const connection = useMemo(
    () =>
      host.tabId === undefined
        ? undefined
        : new CaptureConnection(host.connect, host.tabId, {
            onRecords: (inputs) => setRows((prev) => prev.concat(inputs)),
            onFrames: setFrames,
            onStatus: setStatus,
            onNavigated: () => {},
          }),
    [host],
  );
  useEffect(() => {
    (globalThis as Record<string, unknown>).__cviPanel = { inputs: () => rows, frames: () => frames, status: () => status };
  });
  useEffect(() => {
    connection?.start();
    return () => connection?.close();
  }, [connection]);
  const calls = frames.flatMap((f) => f.calls.map((c) => ({ ...c, frameId: f.frameId })));
  return (
    <div class="panel">
      <div class="toolbar" data-testid="status">
        {status} · {calls.length} call(s) · {rows.length} event(s)
      </div>
      {calls.length === 0 && <div data-testid="not-found">No Daily call found in this page.</div>}
      <table>
        <tbody>
          {rows.map((r) => (
            <tr data-testid="row" key={`${r.source}:${r.cursor}`}>
              <td>{r.record.kind === 'app-message' ? r.record.dir : 'state'}</td>
              <td>{r.record.callId}</td>
              <td>{r.record.kind === 'app-message' ? r.record.json : r.record.state}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
