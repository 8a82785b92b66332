// A page that patches, after document_start, every built-in a capture script could call (Function.prototype
// call/apply/bind, EventTarget dispatchEvent/addEventListener, the CustomEvent detail and MessageEvent data/ports
// getters, JSON.stringify/parse, Array join/push, Map get/set, MessagePort postMessage/start), then uses whatever it
// learned. It must learn no channel, get no forged call or row into the panel, trigger no send, and be unable to make
// a failed DevTools send look sent (or swallow a good one). Fixture: test/fixtures/hostile-patched.html.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openJoined, useExtensionEnv } from './support/setup';
import { incoming, panelFrames, panelInputs, waitForInputs } from './support/panel';

const env = useExtensionEnv();

type W = {
  __callId: string;
  __learned: string[];
  __ports: unknown[];
  __names: Set<string>;
  __attack(callId: string): string[];
  __machineLog: { data: unknown }[];
  __fakeMachine: { emit(d: unknown): void; burst(n: number): void };
};

/** Sends through the same port protocol the panel's composer uses; resolves with the page's verdict. */
function sendFromPanel(panel: Page, tabId: number, callId: string, json: string) {
  return panel.evaluate(
    ({ tabId, callId, json }) =>
      new Promise<{ ok: boolean; error?: string }>((resolve) => {
        const port = chrome.runtime.connect({ name: 'cvi-panel' });
        const requestId = `e2e-${Math.random()}`;
        port.onMessage.addListener((msg: { type: string; frameId?: number; requestId?: string; ok?: boolean }) => {
          if (msg.type === 'frame' && msg.frameId === 0)
            port.postMessage({ v: 1, type: 'send', frameId: 0, requestId, callId, json, to: '*' });
          if (msg.type === 'send-result' && msg.requestId === requestId) {
            resolve(msg as { ok: boolean; error?: string });
            port.disconnect();
          }
        });
        port.postMessage({ v: 1, type: 'watch', tabId });
        setTimeout(() => resolve({ ok: false, error: 'no answer' }), 5000);
      }),
    { tabId, callId, json },
  );
}

describe('a page that patches every built-in after document_start', () => {
  it('learns no channel, forges no call or row, triggers no send, and cannot fake or swallow a send result', async () => {
    const page = await openJoined(env, '/fixtures/hostile-patched.html');
    const panel = await env.session.openPanel(page);
    const callId = await page.evaluate(() => (window as unknown as W).__callId);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(2));
    await waitForInputs(panel, (i) => incoming(i).length === 2, 'the two real events');

    // A DevTools send that works (captured with the hook's saved built-ins while the page watches every call).
    const tabId = await env.session.tabIdOf(page);
    const good = await sendFromPanel(panel, tabId, callId, '{"event_type":"conversation.respond","n":1}');
    // One that daily-js refuses (over its 4096-char limit): it must stay a failure.
    const tooBig = await sendFromPanel(panel, tabId, callId, JSON.stringify({ text: 'x'.repeat(5000) }));

    const attack = await page.evaluate((id) => {
      const w = window as unknown as W;
      const tried = w.__attack(id);
      return { tried, learned: w.__learned.slice(), ports: w.__ports.length, names: [...w.__names] };
    }, callId);
    // After the attack, a DevTools send still reaches the machine and reports what happened.
    const after = await sendFromPanel(panel, tabId, callId, '{"event_type":"conversation.respond","n":2}');
    const tooBigAfter = await sendFromPanel(panel, tabId, callId, JSON.stringify({ text: 'y'.repeat(5000) }));
    await new Promise((r) => setTimeout(r, 500));

    expect(attack.learned).toEqual([]);
    expect(attack.names).toEqual([]);
    expect(attack.ports).toBe(0);
    expect(good).toEqual(expect.objectContaining({ ok: true }));
    expect(tooBig).toEqual(expect.objectContaining({ ok: false }));
    expect(after).toEqual(expect.objectContaining({ ok: true }));
    expect(tooBigAfter).toEqual(expect.objectContaining({ ok: false }));

    const machine = await page.evaluate(() => (window as unknown as W).__machineLog.map((e) => JSON.stringify(e.data)));
    expect(machine).toEqual([
      '{"event_type":"conversation.respond","n":1}',
      '{"event_type":"conversation.respond","n":2}',
    ]);

    const inputs = await panelInputs(panel);
    expect(inputs.some((i) => i.record.json.includes('forged'))).toBe(false);
    const devtoolsRows = inputs.filter((i) => i.record.origin === 'devtools');
    expect(devtoolsRows.map((i) => [JSON.parse(i.record.json).n ?? 'big', i.record.sendError !== undefined])).toEqual([
      [1, false],
      ['big', true],
      [2, false],
      ['big', true],
    ]);
    const frames = await panelFrames(panel);
    const calls = frames.flatMap((f) => f.calls);
    expect(calls.map((c) => c.callId)).toEqual([callId]);
    await panel.close();
    await page.close();
  });
});
