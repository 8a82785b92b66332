/**
 * The passive fallback: daily-js and its call machine talk over window.postMessage with the marker
 * `what: 'iframe-call-message'`. Reading those messages shows app-message traffic even where the page hook could
 * not reach the call object (hook blocked, CSP, an unknown daily-js build). Only observes; never replies.
 */
export interface SniffedAppMessage {
  callId: string;
  dir: 'in' | 'out';
  data: unknown;
  fromId?: string;
  to?: string | string[];
}

/** The call a daily-js channel message belongs to: 0.67+ keys messages by callClientId, 0.60–0.66 by callFrameId. */
export function messageCallId(message: { callClientId?: unknown; callFrameId?: unknown }): string | undefined {
  const id = message.callClientId ?? message.callFrameId;
  return typeof id === 'string' && id.length > 0 && id.length < 200 ? id : undefined;
}

/**
 * Recognises an app-message on the daily-js ⇄ call-machine channel, or returns null for anything else. The page hook
 * passes its saved `Array.isArray` (its code in the page calls nothing a page script could have replaced since); the
 * list check is a plain loop for the same reason.
 */
export function sniffAppMessage(
  message: unknown,
  isArray: (x: unknown) => boolean = Array.isArray,
): SniffedAppMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m.what !== 'iframe-call-message') return null;
  const callId = messageCallId(m);
  if (!callId) return null;
  // Literals only: assigning a missing field would reach a setter a page put on Object.prototype.
  if (m.action === 'app-message' && m.from === 'embedded')
    return { callId, dir: 'in', data: m.data, ...(typeof m.fromId === 'string' ? { fromId: m.fromId } : {}) };
  if (m.action === 'app-msg' && (m.from === 'module' || m.from === undefined)) {
    const to = m.to;
    const listed = typeof to === 'string' || (isArray(to) && allStrings(to as unknown[]));
    return { callId, dir: 'out', data: m.data, ...(listed ? { to: to as string | string[] } : {}) };
  }
  return null;
}

function allStrings(list: unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}
