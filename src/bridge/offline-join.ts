/**
 * Offline join, the parts every side agrees on: the permission it needs and why, what switching it on does, and the
 * extension files the redirects point at. It follows the tab's mock-replica flag (src/bridge/mock-mode.ts).
 */

/**
 * declarativeNetRequestWithHostAccess: no install warning and no new reach (it acts only where the extension already
 * has host access, which the capture scripts need anyway), and inert until mock mode adds a rule for a tab.
 *
 * It is a required permission, not an optional one: in Chromium (checked on 156) a declarativeNetRequest permission
 * granted at runtime through permissions.request leaves every updateSessionRules / updateDynamicRules call pending
 * forever until the extension is reloaded (a ten-line extension reproduces it), and Chrome refuses plain
 * `declarativeNetRequest` as an optional permission. Reloading the extension after the grant would close the panel
 * and orphan the capture scripts of every tab.
 */
export const OFFLINE_JOIN_PERMISSION = 'declarativeNetRequestWithHostAccess';

/** Shown where mock mode is switched on, before the first switch: what the extension will do to the tab. */
export const OFFLINE_JOIN_REASON =
  'Offline join redirects, in this tab only, the download of Daily\u2019s call machine to a simulated one inside the ' +
  'extension, and Tavus\u2019s create-conversation request to a mock answer. Nothing else is redirected, and the ' +
  'redirects go when mock mode is switched off or the tab closes.';

/** Extension files the redirects serve (web-accessible, with a per-session URL, see vite.config.ts). */
export const OFFLINE_RESOURCES = {
  callMachine: '/offline/call-machine-object-bundle.js',
  conversation: '/offline/tavus-conversation.json',
  conversationEnded: '/offline/tavus-conversation-ended.json',
} as const;
