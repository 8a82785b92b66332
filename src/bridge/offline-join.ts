/**
 * Offline join, the parts every side agrees on. It follows the tab's mock-replica flag (src/bridge/mock-mode.ts):
 * while it is on, the page hook hands daily-js a simulated call machine (an extension file) instead of Daily's, and
 * answers the app's Tavus create/end-conversation requests with mock ones, in that tab only.
 *
 * No permission: the hook already sits in the page (it catches every call object), so it points the caught call's
 * own loader at the file (`bundlePathOverride` / `callObjectBundleUrlOverride`, options daily-js reads at `load()`),
 * and the file is web-accessible only through a per-session URL (`use_dynamic_url`), so a page cannot probe for the
 * extension with it. Nothing changes in a tab whose flag is off.
 *
 * Who says what:
 *  - the relay asks the background once, when its document reports its first call (`offline-join?`), and the
 *    background pushes a change of the flag to the tab's frames (`offline-join`); the background answers for the
 *    browser-given sender tab only;
 *  - the relay tells the hook (`offline-join` on its private port), adding the file's URL, which only the
 *    extension's own world can compute.
 */

/** Shown where mock mode is switched on, before the first switch: what the extension will do to the tab. */
export const OFFLINE_JOIN_REASON =
  'Offline join hands daily-js, in this tab only, a simulated call machine from inside the extension instead of ' +
  'downloading Daily\u2019s, and answers the app\u2019s Tavus create-conversation request (fetch) with a mock one. ' +
  'Nothing else changes, it needs no permission, and it stops when mock mode is switched off or the tab closes.';

/** The extension file daily-js loads in place of its call machine (web-accessible with a per-session URL). */
export const OFFLINE_CALL_MACHINE_PATH = 'offline/call-machine-object-bundle.js';

/** How long a call's `load()` waits for the relay to say whether offline join is on, when it has not said yet. */
export const OFFLINE_ANSWER_WAIT_MS = 1500;

/** Offline join on for a document, as the hook is told it: the call machine's URL and the REST mock's answers. */
export interface OfflineJoinGrant {
  /** The simulated call machine's URL (chrome-extension://<per-session id>/offline/call-machine-object-bundle.js). */
  callMachineUrl: string;
  /** JSON answers for POST https://tavusapi.com/v2/conversations and …/conversations/<id>/end. */
  conversation: string;
  conversationEnded: string;
}

/** Which Tavus REST call a request is, by method and URL (only the two offline join answers). */
export type TavusRestRoute = 'create' | 'end' | undefined;

const TAVUS_CONVERSATIONS = 'https://tavusapi.com/v2/conversations';

/**
 * The Tavus REST route of a request. Written with the string operations it is given (the page hook passes the ones
 * it saved at document_start; a page may have replaced String.prototype's since).
 */
export function tavusRestRoute(method: string, url: string, ops: StringOps): TavusRestRoute {
  if (method !== 'POST' && method !== 'post') return undefined;
  if (ops.slice(url, 0, TAVUS_CONVERSATIONS.length) !== TAVUS_CONVERSATIONS) return undefined;
  let rest = ops.slice(url, TAVUS_CONVERSATIONS.length);
  const query = ops.indexOf(rest, '?');
  if (query >= 0) rest = ops.slice(rest, 0, query);
  const hash = ops.indexOf(rest, '#');
  if (hash >= 0) rest = ops.slice(rest, 0, hash);
  if (rest === '' || rest === '/') return 'create';
  // "/<id>/end" or "/<id>/end/"
  if (ops.slice(rest, rest.length - 1) === '/') rest = ops.slice(rest, 0, rest.length - 1);
  if (ops.slice(rest, 0, 1) !== '/' || ops.slice(rest, rest.length - 4) !== '/end') return undefined;
  const id = ops.slice(rest, 1, rest.length - 4);
  return id.length > 0 && ops.indexOf(id, '/') < 0 ? 'end' : undefined;
}

/** The string operations the page hook saved at document_start (a page may replace String.prototype's later). */
export interface StringOps {
  slice(s: string, start: number, end?: number): string;
  indexOf(s: string, search: string): number;
}

/**
 * Which option a caught call's loader takes for the simulated call machine while offline join is on. daily-js 0.92
 * takes a directory (`bundlePathOverride`, and warns about the older option); earlier versions from 0.80 take the
 * file (`callObjectBundleUrlOverride`). An unknown version gets the current option.
 */
export function usesBundlePath(dailyVersion: string | undefined, ops: StringOps): boolean {
  if (dailyVersion === undefined) return true;
  const firstDot = ops.indexOf(dailyVersion, '.');
  if (firstDot < 0) return true;
  const major = ops.slice(dailyVersion, 0, firstDot);
  const afterMajor = ops.slice(dailyVersion, firstDot + 1);
  const secondDot = ops.indexOf(afterMajor, '.');
  const minor = secondDot < 0 ? afterMajor : ops.slice(afterMajor, 0, secondDot);
  if (major !== '0') return true;
  // Compared as numbers without Number()/parseInt (page-replaceable): a longer digit string is the bigger number.
  return minor.length > 2 || (minor.length === 2 && minor >= '92');
}
