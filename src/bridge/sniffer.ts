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

/** Recognises an app-message on the daily-js ⇄ call-machine channel, or returns null for anything else. */
export function sniffAppMessage(message: unknown): SniffedAppMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m.what !== 'iframe-call-message') return null;
  // 0.67+ keys messages by callClientId, 0.60–0.66 by callFrameId.
  const rawId = m.callClientId ?? m.callFrameId;
  const callId = typeof rawId === 'string' && rawId.length > 0 && rawId.length < 200 ? rawId : undefined;
  if (!callId) return null;
  if (m.action === 'app-message' && m.from === 'embedded') {
    const sniffed: SniffedAppMessage = { callId, dir: 'in', data: m.data };
    if (typeof m.fromId === 'string') sniffed.fromId = m.fromId;
    return sniffed;
  }
  if (m.action === 'app-msg' && (m.from === 'module' || m.from === undefined)) {
    const sniffed: SniffedAppMessage = { callId, dir: 'out', data: m.data };
    if (typeof m.to === 'string' || (Array.isArray(m.to) && m.to.every((x) => typeof x === 'string')))
      sniffed.to = m.to as string | string[];
    return sniffed;
  }
  return null;
}
