/**
 * The private MAIN ⇄ ISOLATED channel. At document_start, before any page script runs, the relay hands the hook a
 * random nonce (HANDSHAKE_EVENT, answered once). From then on both sides use event names that contain the nonce, so
 * page scripts, which start later, cannot listen to or forge our traffic.
 */
export const HOOK_HELLO_EVENT = 'cvi-devtools:hook-hello';
export const HANDSHAKE_EVENT = 'cvi-devtools:handshake';
/** The action of the late-attach probe message; daily-js ignores unknown actions. */
export const PROBE_ACTION = '__cvi_devtools_probe';

export function channelNames(nonce: string): { pageToRelay: string; relayToPage: string } {
  return { pageToRelay: `cvi-devtools:p:${nonce}`, relayToPage: `cvi-devtools:r:${nonce}` };
}
