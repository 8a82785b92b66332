/** What the page hook knows about daily-js objects (every version from 0.60 on). */

/** True for an object that quacks like a daily-js DailyCall (every version from 0.60 on). */
export function isDailyCallLike(obj: unknown): obj is DailyCallLike {
  if (typeof obj !== 'object' || obj === null) return false;
  const candidate = obj as Partial<DailyCallLike>;
  return (
    typeof candidate.sendAppMessage === 'function' &&
    typeof candidate.on === 'function' &&
    typeof candidate.meetingState === 'function'
  );
}

/** The part of a DailyCall the hook touches. */
export interface DailyCallLike {
  sendAppMessage(data: unknown, to?: string | string[]): unknown;
  on(event: string, handler: (ev: unknown) => void): unknown;
  meetingState(): string;
  callClientId?: string;
  _callFrameId?: string;
  _callObjectMode?: boolean;
  _iframe?: unknown;
  _maxAppMessageSize?: number;
}

/** Id of a call: `callClientId` (daily-js 0.67+) or `_callFrameId` (0.60–0.66). */
export function callIdOf(call: DailyCallLike): string | undefined {
  const id = call.callClientId ?? call._callFrameId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** Daily's own marker for a Tavus replica participant (`user_id` contains "tavus-replica"). */
export function isReplicaParticipant(p: { user_id?: unknown; user_name?: unknown }): boolean {
  return typeof p.user_id === 'string' && p.user_id.includes('tavus-replica');
}

/** The few participant fields that explain a conversation; everything else (tracks, media) is left out. */
export function participantSummary(p: unknown): Record<string, unknown> {
  if (typeof p !== 'object' || p === null) return {};
  const src = p as Record<string, unknown>;
  const pick = (k: string) => (typeof src[k] === 'string' || typeof src[k] === 'boolean' ? src[k] : undefined);
  return {
    session_id: pick('session_id'),
    user_id: pick('user_id'),
    user_name: pick('user_name'),
    local: pick('local'),
    replica: isReplicaParticipant(src),
  };
}
