/** Which call a composed message goes to, and every reason it cannot go there right now. */
import { DAILY_MAX_APP_MESSAGE_SIZE } from '../../protocol/interactions';
import type { KnownCall } from '../store';

export const JOINED = 'joined-meeting';

/** The call's own app-message limit when it reported one after join, else Daily's default. */
export function maxSizeOf(call: KnownCall | undefined): number {
  const max = call?.maxAppMessageSize;
  return max !== undefined && Number.isSafeInteger(max) && max > 0 ? max : DAILY_MAX_APP_MESSAGE_SIZE;
}

/**
 * The call to use: the wanted one while it is still there, else the first that can send and is joined, else the
 * first that can send, else the first call at all (so the read-only reason can be shown).
 */
export function resolveTargetCall(
  calls: readonly KnownCall[],
  wantedCallId: string | undefined,
): KnownCall | undefined {
  if (wantedCallId !== undefined) {
    const wanted = calls.find((call) => call.callId === wantedCallId);
    if (wanted) return wanted;
  }
  return (
    calls.find((call) => call.canSend && !call.destroyed && call.meetingState === JOINED) ??
    calls.find((call) => call.canSend && !call.destroyed) ??
    calls[0]
  );
}

/** Why nothing can be sent to `call` (undefined when it can), in the words the Send button's tooltip shows. */
export function callBlockReason(call: KnownCall | undefined, connected: boolean): string | undefined {
  if (!connected) return 'This panel is not attached to a tab, so there is no live call to send to.';
  if (!call)
    return 'No Daily call found in this tab yet; sending needs a call object (reload the page or press Attach).';
  if (call.destroyed) return 'This call object was destroyed; the page has to create a new one.';
  if (!call.canSend || call.found === 'sniffed') {
    return "This call is read-only: it was only sniffed from daily-js's frame traffic, so DevTools cannot reach its sendAppMessage.";
  }
  if (call.meetingState !== JOINED) {
    return `The call is not joined (meetingState: ${call.meetingState ?? 'unknown'}); Daily only sends after join.`;
  }
  return undefined;
}

/** A short label for the call picker. */
export function callLabel(call: KnownCall): string {
  const where = call.top ? 'top frame' : `frame ${call.frameId}`;
  const state =
    call.found === 'sniffed' || !call.canSend ? 'sniffed, read-only' : (call.meetingState ?? 'state unknown');
  return `${call.callId.slice(0, 8)} · ${call.mode} · ${where} · ${state}`;
}

/** The recipient as Daily takes it: '*' for everyone, else one participant session id. */
export function normalizeRecipient(text: string): { ok: true; to: string } | { ok: false; error: string } {
  const to = text.trim();
  if (to === '') return { ok: false, error: "Recipient is empty: use '*' for everyone or a participant's session id." };
  if (/\s|,/.test(to))
    return { ok: false, error: "Recipient must be '*' or a single session id (no spaces or commas)." };
  return { ok: true, to };
}
