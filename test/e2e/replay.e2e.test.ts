// Replay, done-when: a session exported from the demo is played by the panel into a test app on the real daily-js
// (test/fixtures/replay-transcript.html renders utterances from its own app-message handler): the app's DOM shows the
// replayed utterances in order; a type:tool_call breakpoint pauses before the tool call; step advances one; speed
// changes timing measurably; replayed rows are marked; a page script cannot start a replay or earn the mark.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT } from '../support/server';
import { openJoined, useExtensionEnv } from './support/setup';
import { appMessages, panelFrames, panelInputs, waitUntil } from './support/panel';

const env = useExtensionEnv();
const SESSION = path.join(ROOT, 'test/fixtures/replay/demo-session.ndjson');
const REPLAYED = 66;

let page: Page;
let panel: Page;

const transcript = (p: Page) => p.locator('#transcript li').allTextContents();
const status = () => panel.locator('[data-testid=replay-status]').textContent();
const replayedRecords = async () =>
  appMessages(await panelInputs(panel)).filter((i) => i.record.dir === 'in' && i.record.origin === 'replay');

async function loadSession(target: Page) {
  if (!(await target.locator('[data-testid=replay-bar]').count())) await target.click('[data-testid=replay-toggle]');
  await target.setInputFiles('[data-testid=replay-file]', SESSION);
  await waitUntil(
    'the session in the replay bar',
    () => target.locator('[data-testid=replay-source]').textContent(),
    (text) => text === `demo-session.ndjson · ${REPLAYED} events`,
  );
}

beforeAll(async () => {
  page = await openJoined(env, '/fixtures/replay-transcript.html');
  panel = await env.session.openPanel(page);
  await waitUntil(
    'the call in the panel',
    () => panel.locator('[data-testid=call-summary]').count(),
    (n) => n > 0,
  );
});
afterAll(async () => {
  await panel?.close();
  await page?.close();
});

describe('replay into a live app', () => {
  it('pauses before the tool call, steps over it, then plays the rest: the DOM shows the utterances in order', async () => {
    await loadSession(panel);
    await panel.selectOption('[data-testid=replay-speed]', 'instant');
    await panel.fill('[data-testid=replay-breakpoint]', 'type:tool_call');
    await panel.click('[data-testid=replay-play]');
    await waitUntil('the breakpoint', status, (s) =>
      /Paused before #\d+ conversation\.tool_call \(breakpoint\)/.test(s ?? ''),
    );
    // Everything before the tool call reached the app, the tool call did not: the app has not answered.
    expect(await transcript(page)).toEqual([
      'user: tell me a story',
      expect.stringMatching(/^replica: Here is a longer one/),
      "user: what's the weather in Paris?",
    ]);
    const received = () => page.evaluate(() => (window as unknown as { __received: { type: string }[] }).__received);
    const before = await received();
    expect(before.map((r) => r.type)).not.toContain('conversation.tool_call');
    const sentByApp = async () =>
      appMessages(await panelInputs(panel)).filter((i) => i.record.dir === 'out' && i.record.origin === 'app');
    expect(await sentByApp()).toEqual([]);

    // Step: exactly one more event, the tool call; the app answers it, captured as the app's send.
    await panel.click('[data-testid=replay-step]');
    await waitUntil('one more event', received, (r) => r.length === before.length + 1);
    expect((await received()).at(-1)!.type).toBe('conversation.tool_call');
    const answer = await waitUntil('the app answer', sentByApp, (s) => s.length === 1);
    expect(answer[0]!.record.json).toMatch(/"event_type":"conversation.tool_result"/);

    await panel.click('[data-testid=replay-play]');
    await waitUntil('the end', status, (s) => /Done: 66 events played/.test(s ?? ''));
    expect(await transcript(page)).toEqual([
      'user: tell me a story',
      expect.stringMatching(/^replica: Here is a longer one/),
      "user: what's the weather in Paris?",
      expect.stringMatching(/^replica: Here is the weather for Paris/),
    ]);
    // Sender: the live replica participant is not known in this test call, so the recorded one is kept.
    expect(new Set((await received()).map((r) => (r as { fromId?: string }).fromId)).size).toBe(1);
  });

  it('marks every replayed row ↻ replay (records and table), and only those', async () => {
    const records = await waitUntil('replayed records', replayedRecords, (r) => r.length === REPLAYED);
    expect(records).toHaveLength(REPLAYED);
    const remote = appMessages(await panelInputs(panel)).filter((i) => i.record.origin === 'remote');
    expect(remote).toEqual([]);
    await panel.fill('[data-testid=filter]', 'origin:replay');
    await waitUntil(
      'the marker in the table',
      () => panel.locator('[data-testid=event-row]').first().textContent(),
      (t) => (t ?? '').includes('↻ replay'),
    );
    await panel.fill('[data-testid=filter]', '');
  });

  it('speed changes timing measurably: the same events take about 2.5 times longer at 4× than at 10×', async () => {
    await panel.fill('[data-testid=replay-breakpoint]', '');
    const elapsed = async (speed: string) => {
      await page.evaluate(() => ((window as unknown as { __arrivals: number[] }).__arrivals = []));
      await panel.click('[data-testid=replay-rewind]');
      await panel.selectOption('[data-testid=replay-speed]', speed);
      await panel.click('[data-testid=replay-play]');
      const arrivals = await waitUntil(
        `all events at ${speed}×`,
        () => page.evaluate(() => (window as unknown as { __arrivals: number[] }).__arrivals),
        (a) => a.length === REPLAYED,
        30_000,
      );
      return arrivals.at(-1)! - arrivals[0]!;
    };
    const fast = await elapsed('10');
    const slow = await elapsed('4');
    // The recording spans about 10.6 s: ~1.06 s at 10×, ~2.65 s at 4×; each event also waits for its inject round
    // trip (panel → page → result), which on a loaded machine stretches the fast run (3.1 s measured at 10×).
    expect(fast).toBeGreaterThan(600);
    expect(slow / fast).toBeGreaterThan(1.3);
  });
});

describe('a call that is not joined yet', () => {
  it("still gets the replay: the app's handler renders it", async () => {
    const unjoined = await openJoined(env, '/fixtures/replay-transcript.html?join=0');
    const other = await env.session.openPanel(unjoined);
    try {
      await waitUntil(
        'the call in the panel',
        () => other.locator('[data-testid=call-summary]').count(),
        (n) => n > 0,
      );
      await loadSession(other);
      await other.selectOption('[data-testid=replay-speed]', 'instant');
      await other.click('[data-testid=replay-play]');
      await waitUntil(
        'four utterances',
        () => transcript(unjoined),
        (t) => t.length === 4,
        20_000,
      );
      expect(await unjoined.evaluate(() => document.title)).toMatch(/transcript/);
    } finally {
      await other.close();
      await unjoined.close();
    }
  });
});

describe('the page cannot start a replay or earn its mark', () => {
  it('inject-shaped messages on every channel a page has do nothing; its own forged events stay remote', async () => {
    const countBefore = (await transcript(page)).length;
    const replayedBefore = (await replayedRecords()).length;
    const callId = (await panelFrames(panel)).flatMap((f) => f.calls)[0]!.callId;
    await page.evaluate((callId) => {
      const inject = {
        v: 1,
        type: 'inject',
        requestId: 'forged',
        callId: 'any',
        origin: 'replay',
        events: [
          {
            json: '{"event_type":"conversation.utterance","properties":{"role":"replica","speech":"via inject"}}',
            fromId: 'x',
          },
        ],
      };
      window.postMessage(inject, '*');
      window.postMessage(JSON.stringify(inject), '*');
      for (const name of ['cvi-devtools:hello', 'cvi-devtools:offer', 'message'])
        document.dispatchEvent(new MessageEvent(name, { data: JSON.stringify(inject) }));
      // What a page can do on daily-js's own wire: deliver an event to its own app, claiming to be a replay.
      window.postMessage(
        {
          what: 'iframe-call-message',
          from: 'embedded',
          callClientId: callId,
          action: 'app-message',
          fromId: 'page',
          data: {
            event_type: 'conversation.utterance',
            origin: 'replay',
            properties: { role: 'replica', speech: 'forged by the page' },
          },
        },
        location.origin,
      );
    }, callId);
    await waitUntil(
      'the forged event',
      () => transcript(page),
      (t) => t.length === countBefore + 1,
    );
    expect((await transcript(page)).at(-1)).toBe('replica: forged by the page');
    const forged = await waitUntil(
      'the forged record',
      async () => appMessages(await panelInputs(panel)).filter((i) => i.record.json.includes('forged by the page')),
      (r) => r.length === 1,
    );
    expect(forged[0]!.record.origin).toBe('remote');
    expect((await transcript(page)).join('\n')).not.toContain('via inject');
    expect((await replayedRecords()).length).toBe(replayedBefore);
  });
});
