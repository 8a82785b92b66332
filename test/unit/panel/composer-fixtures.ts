// A frame the composer can send through: one document whose calls are joined, hook-found and sendable unless a test
// patches them.
import type { CallInfo } from '../../../src/bridge/messages';
import type { CapturedInput, FrameState } from '../../../src/panel/connection';

export function joinedFrame(
  calls: Partial<CallInfo>[] = [{}],
  { docId = 'doc-1', url = 'https://app.example/' }: { docId?: string; url?: string } = {},
): FrameState {
  return {
    frameId: 0,
    docId,
    url,
    top: true,
    head: 0,
    hookPresent: true,
    cursor: 0,
    missed: 0,
    gone: false,
    calls: calls.map((patch, index) => ({
      callId: `call-${index + 1}`,
      via: 'hook',
      mode: 'call-object',
      canSend: true,
      found: 'trap',
      meetingState: 'joined-meeting',
      ...patch,
    })),
  };
}

let cursor = 0;
/** A captured incoming app-message on call-1 of the top frame, with a fresh cursor each time. */
export function incoming(data: unknown, fromId = 'replica-session'): CapturedInput {
  const json = JSON.stringify(data);
  cursor++;
  return {
    source: '0:doc-1',
    cursor,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId: 'call-1',
      via: 'hook',
      t: 1000 + cursor,
      dir: 'in',
      origin: 'remote',
      json,
      size: json.length,
      fromId,
    },
  };
}
