// A frame the composer can send through: one document whose calls are joined, hook-found and sendable unless a test
// patches them.
import type { CallInfo } from '../../../src/bridge/messages';
import type { FrameState } from '../../../src/panel/connection';

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
