import { describe, expect, it, vi } from 'vitest';
import {
  CALL_MACHINE_URL,
  OfflineJoin,
  TAVUS_CREATE_URL,
  TAVUS_END_URL,
  offlineJoinRules,
  planOfflineJoin,
  type RuleUpdate,
  type SessionRuleLike,
  type SessionRulesApi,
} from '../../../src/background/offline-join';
import { OFFLINE_RESOURCES } from '../../../src/bridge/offline-join';

// The rules' regexFilters are RE2 in Chrome; these patterns use nothing where RE2 and JS RegExp differ.
const matches = (pattern: string, url: string) => new RegExp(pattern).test(url);

describe('offline join rules', () => {
  it('redirect, for the one tab only, the call machine (fetch or script tag) and Tavus create/end (POST only)', () => {
    const rules = offlineJoinRules(42, 10);
    expect(rules.map((rule) => rule.id)).toEqual([10, 11, 12]);
    for (const rule of rules) expect(rule.condition.tabIds).toEqual([42]);
    const [machine, create, end] = rules;
    expect(machine?.action.redirect.extensionPath).toBe(OFFLINE_RESOURCES.callMachine);
    expect(machine?.condition.resourceTypes).toEqual(['xmlhttprequest', 'script']);
    expect(machine?.condition.requestMethods).toBeUndefined();
    expect(create?.action.redirect.extensionPath).toBe(OFFLINE_RESOURCES.conversation);
    expect(create?.condition.requestMethods).toEqual(['post']);
    expect(end?.action.redirect.extensionPath).toBe(OFFLINE_RESOURCES.conversationEnded);
    expect(end?.condition.requestMethods).toEqual(['post']);
  });

  it('match the call machine URL of every daily-js version, domain fallback and proxy', () => {
    const hits = [
      'https://c.daily.co/call-machine/versioned/0.92.2/static/call-machine-object-bundle.js',
      'https://c.daily.co/call-machine/versioned/0.60.0/static/call-machine-object-bundle.js',
      'https://c.dailywebrtc.com/call-machine/versioned/0.92.2/static/call-machine-object-bundle.js',
      'https://c.dailywebrtc.net/call-machine/versioned/0.92.2/static/call-machine-object-bundle.js',
      'https://proxy.example.com/c.daily.co/call-machine/versioned/0.80.0/static/call-machine-object-bundle.js',
    ];
    for (const url of hits) expect(matches(CALL_MACHINE_URL, url), url).toBe(true);
    const misses = [
      'https://c.daily.co/call-machine/versioned/0.92.2/static/audio-processor-bundle.js',
      'https://abc.daily.co/call-machine/versioned/0.92.2/static/call-machine-object-bundle.js',
      'https://example.com/my/own/call-machine-object-bundle.js',
      'https://tavus.daily.co/c123',
    ];
    for (const url of misses) expect(matches(CALL_MACHINE_URL, url), url).toBe(false);
  });

  it('match Tavus create and end conversation, not other Tavus endpoints', () => {
    expect(matches(TAVUS_CREATE_URL, 'https://tavusapi.com/v2/conversations')).toBe(true);
    expect(matches(TAVUS_CREATE_URL, 'https://tavusapi.com/v2/conversations/')).toBe(true);
    expect(matches(TAVUS_CREATE_URL, 'https://tavusapi.com/v2/conversations/c123')).toBe(false);
    expect(matches(TAVUS_CREATE_URL, 'https://tavusapi.com/v2/personas')).toBe(false);
    expect(matches(TAVUS_CREATE_URL, 'https://tavusapi.com.evil.example/v2/conversations')).toBe(false);
    expect(matches(TAVUS_END_URL, 'https://tavusapi.com/v2/conversations/c123/end')).toBe(true);
    expect(matches(TAVUS_END_URL, 'https://tavusapi.com/v2/conversations/c123')).toBe(false);
  });

  it('stay small enough for Chrome (a regexFilter over 2 KB compiled is refused)', () => {
    for (const pattern of [CALL_MACHINE_URL, TAVUS_CREATE_URL, TAVUS_END_URL]) {
      expect(pattern.length).toBeLessThan(160);
      expect(pattern).not.toMatch(/\)\*|\)\+/); // no repeated groups: what blew the limit
    }
  });
});

describe('planOfflineJoin', () => {
  const tabRule = (id: number, tabId: number): SessionRuleLike => ({ id, condition: { tabIds: [tabId] } });

  it('switching on adds the tab rules with ids above every existing rule, replacing the tab’s old ones', () => {
    const plan = planOfflineJoin([tabRule(3, 7), tabRule(9, 8)], 7, true);
    expect(plan.removeRuleIds).toEqual([3]);
    expect(plan.addRules.map((rule) => rule.id)).toEqual([10, 11, 12]);
    expect(plan.addRules.every((rule) => rule.condition.tabIds[0] === 7)).toBe(true);
  });

  it('switching off removes only that tab’s rules', () => {
    expect(planOfflineJoin([tabRule(1, 7), tabRule(2, 8), tabRule(3, 7)], 7, false)).toEqual({
      removeRuleIds: [1, 3],
      addRules: [],
    });
    expect(planOfflineJoin([], 7, false)).toEqual({ removeRuleIds: [], addRules: [] });
  });
});

/** An in-memory session ruleset that applies updates the way Chrome does (remove first, then add; ids unique). */
function fakeRules(): SessionRulesApi & { rules: SessionRuleLike[]; updates: RuleUpdate[] } {
  const api = {
    rules: [] as SessionRuleLike[],
    updates: [] as RuleUpdate[],
    async getSessionRules() {
      await Promise.resolve();
      return api.rules.map((rule) => ({ ...rule }));
    },
    async updateSessionRules(update: RuleUpdate) {
      await Promise.resolve();
      api.updates.push(update);
      const kept = api.rules.filter((rule) => !update.removeRuleIds.includes(rule.id));
      for (const rule of update.addRules)
        if (kept.some((other) => other.id === rule.id)) throw new Error(`duplicate rule id ${rule.id}`);
      api.rules = [...kept, ...update.addRules];
    },
  };
  return api;
}

describe('OfflineJoin', () => {
  it('applies switches one at a time, so concurrent tabs never collide on rule ids', async () => {
    const api = fakeRules();
    const warn = vi.fn();
    const join = new OfflineJoin({ rules: () => api, warn });
    await Promise.all([join.set(1, true), join.set(2, true), join.set(3, true), join.set(2, false)]);
    expect(warn).not.toHaveBeenCalled();
    const tabs = api.rules.map((rule) => rule.condition.tabIds?.[0]);
    expect(tabs.filter((tab) => tab === 1)).toHaveLength(3);
    expect(tabs.filter((tab) => tab === 2)).toHaveLength(0);
    expect(tabs.filter((tab) => tab === 3)).toHaveLength(3);
    expect(new Set(api.rules.map((rule) => rule.id)).size).toBe(api.rules.length);
  });

  it('a closed tab loses its rules; a tab that never had any costs no update', async () => {
    const api = fakeRules();
    const join = new OfflineJoin({ rules: () => api, warn: vi.fn() });
    await join.set(5, true);
    await join.tabRemoved(5);
    expect(api.rules).toEqual([]);
    const before = api.updates.length;
    await join.tabRemoved(6);
    expect(api.updates).toHaveLength(before);
  });

  it('says why when the browser has no declarativeNetRequest or refuses a rule, and keeps working after', async () => {
    const warn = vi.fn();
    let available = false;
    const api = fakeRules();
    const join = new OfflineJoin({ rules: () => (available ? api : undefined), warn });
    await join.set(1, true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no declarativeNetRequest'));
    available = true;
    const refusing = { ...api, updateSessionRules: () => Promise.reject(new Error('regex too large')) };
    const join2 = new OfflineJoin({ rules: () => refusing, warn });
    await join2.set(1, true);
    expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('regex too large'));
    await join.set(1, true);
    expect(api.rules).toHaveLength(3);
  });
});
