/**
 * Offline join: while mock mode is on for a tab, that tab's requests for Daily's call machine and for Tavus's
 * create-conversation REST call are redirected to files inside the extension (a simulated call machine, a mock
 * answer). declarativeNetRequest *session* rules scoped by `tabIds`: no other tab is touched, nothing survives the
 * browser session, and the page hook (run on every page) gains no code or cost for it.
 *
 * Why here and not in the page hook: daily-js fetches the bundle itself (every version since 0.60, same path), so a
 * redirect catches every integration that runs a call object in the page (bundled, script tag, daily-react) without
 * touching the app's config; the hook would have to rewrite `dailyConfig` inside the constructor and ship or inject
 * the machine's code into every page. Chrome exempts extension resources from the page's CSP, and the resource URL
 * is a per-session one (`use_dynamic_url`), so pages cannot use it to detect the extension.
 */
import { OFFLINE_RESOURCES } from '../bridge/offline-join';

/** The declarativeNetRequest rule shape this module writes (a subset of chrome.declarativeNetRequest.Rule). */
export interface RedirectRule {
  id: number;
  priority: number;
  action: { type: 'redirect'; redirect: { extensionPath: string } };
  condition: {
    regexFilter: string;
    tabIds: number[];
    resourceTypes: Array<'xmlhttprequest' | 'script'>;
    requestMethods?: Array<'get' | 'post'>;
  };
}

/**
 * daily-js's call machine: `https://c.<domain>/call-machine/versioned/<version>/static/call-machine-object-bundle.js`
 * on daily.co or its fallback domains (0.92 retries on dailywebrtc.com / .net), also behind a `proxyUrl`
 * (daily-js then asks for `<proxyUrl>/c.daily.co/...`), hence unanchored. An app's own `bundlePathOverride` is its
 * business: not matched. Kept small: Chrome skips a regexFilter over 2 KB compiled (an anchored variant with a
 * repeated path-segment group was).
 */
export const CALL_MACHINE_URL =
  '/c\\.(daily\\.co|dailywebrtc\\.com|dailywebrtc\\.net)/call-machine/versioned/[^/]+/static/call-machine-object-bundle\\.js';
/** Tavus's create-conversation endpoint (POST). */
export const TAVUS_CREATE_URL = '^https://tavusapi\\.com/v2/conversations/?(?:\\?.*)?$';
/** Tavus's end-conversation endpoint (POST), which apps call when they leave. */
export const TAVUS_END_URL = '^https://tavusapi\\.com/v2/conversations/[^/?#]+/end/?(?:\\?.*)?$';

/** The rules that give `tabId` an offline join, numbered from `firstId`. */
export function offlineJoinRules(tabId: number, firstId: number): RedirectRule[] {
  const redirect = (extensionPath: string) => ({ type: 'redirect' as const, redirect: { extensionPath } });
  return [
    {
      id: firstId,
      priority: 1,
      action: redirect(OFFLINE_RESOURCES.callMachine),
      // fetch() (the default loader) and a script tag (`avoidEval`).
      condition: { regexFilter: CALL_MACHINE_URL, tabIds: [tabId], resourceTypes: ['xmlhttprequest', 'script'] },
    },
    {
      id: firstId + 1,
      priority: 1,
      action: redirect(OFFLINE_RESOURCES.conversation),
      condition: {
        regexFilter: TAVUS_CREATE_URL,
        tabIds: [tabId],
        resourceTypes: ['xmlhttprequest'],
        requestMethods: ['post'],
      },
    },
    {
      id: firstId + 2,
      priority: 1,
      action: redirect(OFFLINE_RESOURCES.conversationEnded),
      condition: {
        regexFilter: TAVUS_END_URL,
        tabIds: [tabId],
        resourceTypes: ['xmlhttprequest'],
        requestMethods: ['post'],
      },
    },
  ];
}

/** The ids of the rules in `rules` that serve `tabId` (and only it). */
function ruleIdsOfTab(rules: readonly SessionRuleLike[], tabId: number): number[] {
  return rules
    .filter((rule) => rule.condition.tabIds?.length === 1 && rule.condition.tabIds[0] === tabId)
    .map((rule) => rule.id);
}

/** As much of a stored session rule as the planner reads. */
export interface SessionRuleLike {
  id: number;
  condition: { tabIds?: number[] };
}

export interface RuleUpdate {
  removeRuleIds: number[];
  addRules: RedirectRule[];
}

/**
 * The session-rule update that makes `tabId`'s offline join `on` or off, given the session rules there are now.
 * Switching on replaces the tab's rules (so an update of the extension's rules takes effect); ids never collide.
 */
export function planOfflineJoin(existing: readonly SessionRuleLike[], tabId: number, on: boolean): RuleUpdate {
  const removeRuleIds = ruleIdsOfTab(existing, tabId);
  if (!on) return { removeRuleIds, addRules: [] };
  const firstId = existing.reduce((max, rule) => Math.max(max, rule.id), 0) + 1;
  return { removeRuleIds, addRules: offlineJoinRules(tabId, firstId) };
}

/** The two calls of chrome.declarativeNetRequest this module uses. */
export interface SessionRulesApi {
  getSessionRules(): Promise<SessionRuleLike[]>;
  updateSessionRules(update: RuleUpdate): Promise<void>;
}

export interface OfflineJoinEnv {
  /** The API, looked up at each use (undefined where the browser has none). */
  rules(): SessionRulesApi | undefined;
  /** Why a switch could not be applied (shown in the service worker's console). */
  warn(message: string): void;
}

/** Applies mock mode switches one at a time (read-modify-write of the session rules must not interleave). */
export class OfflineJoin {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly env: OfflineJoinEnv) {}

  /** Mock mode for `tabId` switched on or off. Resolves once the rules are in place (or could not be). */
  set(tabId: number, on: boolean): Promise<void> {
    const run = async () => {
      const api = this.env.rules();
      if (api === undefined) {
        if (on) this.env.warn('offline join: this browser has no declarativeNetRequest');
        return;
      }
      const update = planOfflineJoin(await api.getSessionRules(), tabId, on);
      if (update.removeRuleIds.length === 0 && update.addRules.length === 0) return;
      await api.updateSessionRules(update);
    };
    this.queue = this.queue.then(run).catch((error: unknown) => this.env.warn(`offline join: ${String(error)}`));
    return this.queue;
  }

  /** The tab closed: its mock mode ends with it. */
  tabRemoved(tabId: number): Promise<void> {
    return this.set(tabId, false);
  }
}
