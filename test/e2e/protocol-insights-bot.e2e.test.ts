// The demo's last two knobs through the real daily-js and the built extension: an incoming message over the call's
// limit (the `inbound-over-limit` rule, shown as information with its event linked) and a server bot's audio echo
// stream in the room (the echo inspector's figures for a third party's stream).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { incoming, panelInputs, waitUntil } from './support/panel';
import { BOT_ECHO_DEFAULTS } from '../../src/demo/sim/bot-echo';

let server: TestServer;
let session: ExtensionSession;
let page: Page;
let panel: Page;

const testId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(`${server.origin}/demo/?autojoin=1&seed=3&speed=4&perception=0&botecho=1&oversize=1`);
  await page.waitForFunction(() => !(document.querySelector('#send') as HTMLButtonElement).disabled, undefined, {
    timeout: 20_000,
  });
  panel = await session.openPanel(page);
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('demo knobs botecho and oversize', () => {
  it('shows the oversized incoming event in Problems as information, linked to its Events row', async () => {
    await panel.getByRole('tab', { name: /Problems/ }).click();
    const finding = panel.locator(`${testId('lint-finding')}[data-rule="inbound-over-limit"]`);
    await finding.first().waitFor({ timeout: 20_000 });
    // Only the replica's long utterance is over 4096: the bot's 50 ms chunks fit.
    expect(await finding.count()).toBe(1);
    expect(await finding.first().textContent()).toMatch(
      /conversation\.utterance is \d{4,} chars \(limit for sends: 4096\)/,
    );
    expect(await finding.first().getAttribute('class')).toContain('severity-info');

    await finding.first().locator(testId('lint-event-link')).click();
    await panel.locator(testId('detail')).waitFor();
    expect(await panel.locator('.detail-type').textContent()).toBe('conversation.utterance');
    const recorded = incoming(await panelInputs(panel)).find((i) => i.record.json.includes('read out in one breath'));
    expect(recorded?.record.json.length).toBeGreaterThan(4096);
  });

  it("inspects the bot's echo stream: its figures match what the bot sent", async () => {
    const { sampleRate, audioMs, chunkMs, leadMs, silenceMs } = BOT_ECHO_DEFAULTS;
    const chunks = audioMs / chunkMs + 1;
    const botChunks = async () =>
      incoming(await panelInputs(panel)).filter((i) => i.record.json.includes('"inference_id":"bot-echo-'));
    const received = await waitUntil('every bot chunk', botChunks, (c) => c.length >= chunks, 20_000);
    expect(received).toHaveLength(chunks);
    // From the bot's own participant, not the replica's.
    const replicaFrom = incoming(await panelInputs(panel)).find((i) =>
      i.record.json.includes('system.replica_joined'),
    )?.record;
    const botFrom = new Set(received.map((i) => (i.record as { fromId?: string }).fromId));
    expect(botFrom.size).toBe(1);
    expect(botFrom.has((replicaFrom as { fromId?: string } | undefined)?.fromId)).toBe(false);

    await panel.getByRole('tab', { name: /^Events/ }).click();
    await panel.fill(testId('filter'), 'inference:bot-echo-');
    const streamRow = panel.locator(testId('event-row'), { hasText: `in ${chunks} chunks` });
    await streamRow.first().waitFor({ timeout: 10_000 });
    await streamRow.first().dblclick();
    await panel.getByRole('tab', { name: 'Timing' }).click();
    const inspector = panel.locator(testId('echo-inspector'));
    await inspector.waitFor();
    expect(await panel.locator(testId('echo-chunks')).textContent()).toBe(String(chunks));
    const bytes = ((audioMs + silenceMs) * sampleRate * 2) / 1000;
    expect(await panel.locator(testId('echo-audio')).textContent()).toBe(
      `${(bytes / 1000).toFixed(1)} kB · ${((audioMs + silenceMs) / 1000).toFixed(2)} s`,
    );
    expect(await inspector.textContent()).toContain(`${sampleRate} Hz`);
    expect(await panel.locator(testId('echo-done')).textContent()).toBe('yes');
    // Sent 200 ms ahead. Timer delays on a busy machine move it either way: a late last chunk shrinks it, a late
    // first chunk (its timer at 0, the last one's on schedule) grows it by that delay (225 ms was seen under CI load).
    const lead = await panel.locator(testId('echo-lead')).textContent();
    const match = /^(\d+) ms ahead of real time$/.exec(lead ?? '');
    expect(match, `lead text: ${lead}`).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(leadMs / 4);
    expect(Number(match![1])).toBeLessThanOrEqual(leadMs + 60);
    await panel.fill(testId('filter'), '');
  });
});
