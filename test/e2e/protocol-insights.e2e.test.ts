// Objectives, heartbeats and the protocol lint on the demo conversation with the §8 knobs, through the real daily-js
// and the built extension, read from the panel like a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { incoming, panelInputs, waitUntil } from './support/panel';

let server: TestServer;
let session: ExtensionSession;
let page: Page;
let panel: Page;

const testId = (id: string) => `[data-testid="${id}"]`;

async function say(text: string) {
  await page.fill('#chat-text', text);
  await page.click('#send');
}

const texts = (selector: string) => panel.locator(selector).allTextContents();

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(
    `${server.origin}/demo/?autojoin=1&seed=3&speed=4&perception=0&heartbeat=300&objectives=1&guardrails=1`,
  );
  await page.waitForFunction(() => !(document.querySelector('#send') as HTMLButtonElement).disabled, undefined, {
    timeout: 20_000,
  });
  panel = await session.openPanel(page);
  await say('Hello, my password is hunter2');
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('protocol insights on the demo', () => {
  it('shows objectives progressing, confirmed from the composer form', async () => {
    await panel.getByRole('tab', { name: /Objectives/ }).click();
    await waitUntil(
      'greet completed, consent pending',
      () => texts(testId('objective-chip')),
      (chips) => chips.includes('greet · completed') && chips.includes('confirm_consent · pending (awaiting confirm)'),
      30_000,
    );
    expect(await panel.locator(testId('objective-outputs')).first().textContent()).toContain('opening_words');
    expect(await panel.locator(testId('readiness-ready')).first().textContent()).toMatch(/^by (joined|heartbeat)$/);

    await panel.getByRole('tab', { name: /Composer/ }).click();
    await panel.click(testId('composer-mode-objective_confirm'));
    await panel.fill(testId('field-objectiveName'), 'confirm_consent');
    await waitUntil(
      'send enabled',
      () => panel.isEnabled(testId('composer-send')),
      (enabled) => enabled,
    );
    await panel.click(testId('composer-send'));

    await panel.getByRole('tab', { name: /Objectives/ }).click();
    await waitUntil(
      'consent completed',
      () => texts(testId('objective-chip')),
      (chips) => chips.includes('confirm_consent · completed'),
      15_000,
    );
    const steps = await panel.locator(testId('objective-row')).nth(1).textContent();
    expect(steps).toMatch(/pending.*confirm.*activated.*completed/);
  });

  it('collapses heartbeats into one row with count, interval and last attempt', async () => {
    await panel.getByRole('tab', { name: /^Events/ }).click();
    await panel.fill(testId('filter'), 'type:system.replica_present');
    const rows = await waitUntil(
      'one heartbeat row counting several',
      () => texts(testId('event-row')),
      (r) => r.length === 1 && /replica present × ([3-9]|\d\d+)/.test(r[0]!),
      15_000,
    );
    expect(rows[0]).toMatch(/every 0\.\d s( \(max [\d.]+ s\))? · last attempt \d+/);
    await panel.fill(testId('filter'), '');
  });

  it('shows a lint finding in Problems with its event linked to the Events row', async () => {
    await panel.getByRole('tab', { name: /^Events/ }).click();
    await panel.fill(testId('filter'), '');
    // The demo app sends both sensitivity keys in one message, as the component library's types ask.
    await page.click('#sensitivity');
    await panel.getByRole('tab', { name: /Problems/ }).click();
    const finding = panel.locator(`${testId('lint-finding')}[data-rule="sensitivity-both-keys"]`);
    await finding.first().waitFor({ timeout: 15_000 });
    expect(await finding.first().textContent()).toMatch(/both keys in one message/);
    expect(await panel.locator(testId('lint-count-sensitivity-both-keys')).textContent()).toBe('1');

    await finding.first().locator(testId('lint-event-link')).click();
    await panel.locator(testId('detail')).waitFor();
    expect(await panel.locator('.detail-type').textContent()).toBe('conversation.sensitivity');
    const selected = panel.locator(`${testId('event-row')}[aria-selected="true"]`);
    expect(await selected.textContent()).toContain('⚠ Sensitivity with both keys');

    // Switched off, the rule's findings leave the list (its count stays).
    await panel.getByRole('tab', { name: /Problems/ }).click();
    await panel.click(testId('lint-rule-sensitivity-both-keys'));
    expect(await finding.count()).toBe(0);
    await panel.click(testId('lint-rule-sensitivity-both-keys'));
    expect(await finding.count()).toBe(1);
  });

  it('lists the names seen with their standing, the guardrail included', async () => {
    await panel.getByRole('tab', { name: /Names seen/ }).click();
    const guardrail = panel.locator(testId('name-row'), { hasText: 'conversation.guardrail.triggered' });
    await guardrail.waitFor({ timeout: 10_000 });
    expect(await guardrail.getAttribute('data-standing')).toBe('undocumented');
    const utterance = panel.locator(testId('name-row'), { hasText: /^conversation\.utterance\d/ });
    expect(await utterance.getAttribute('data-standing')).toBe('documented');
  });

  it('provokes more rules from the demo app and the composer, each shown with its events', async () => {
    // Raw sends from the composer: no conversation_id, an unknown tool_call_id, an audio echo that never says done.
    await panel.getByRole('tab', { name: /Composer/ }).click();
    await panel.click(testId('composer-mode-raw'));
    const sendRaw = async (data: object) => {
      await panel.fill(testId('composer-raw'), JSON.stringify(data));
      await waitUntil(
        'send enabled',
        () => panel.isEnabled(testId('composer-send')),
        (enabled) => enabled,
      );
      await panel.click(testId('composer-send'));
    };
    await sendRaw({ message_type: 'conversation', event_type: 'conversation.respond', properties: { text: 'hi' } });
    const conversationId = (
      JSON.parse(incoming(await panelInputs(panel))[0]!.record.json) as { conversation_id: string }
    ).conversation_id;
    const envelope = { message_type: 'conversation', conversation_id: conversationId };
    await sendRaw({
      ...envelope,
      event_type: 'conversation.tool_result',
      properties: { tool_call_id: 'call_NOPE', output: 'x' },
    });
    await sendRaw({
      ...envelope,
      event_type: 'conversation.echo',
      properties: { modality: 'audio', audio: 'AAAAAA==', sample_rate: 24000, inference_id: 'e2e-echo', done: false },
    });

    // The demo app stops answering get_weather; the same question twice gives a duplicate, and both go unanswered.
    await page.uncheck('#auto-tool');
    const toolCalls = async () =>
      incoming(await panelInputs(panel)).filter((i) => i.record.json.includes('"conversation.tool_call"')).length;
    const before = await toolCalls();
    await say("what's the weather in Oslo?");
    await waitUntil('a tool call', toolCalls, (n) => n > before, 15_000);
    await say("what's the weather in Oslo?");
    await waitUntil('a second tool call', toolCalls, (n) => n > before + 1, 15_000);

    // A respond while the replica speaks: wait for its speech to start, then talk over it.
    await say('tell me a long story please');
    await waitUntil(
      'the replica speaking',
      async () => {
        const events = incoming(await panelInputs(panel))
          .map((i) => i.record.json)
          .filter((json) => /conversation\.replica\.(started|stopped)_speaking/.test(json));
        return events.at(-1) ?? '';
      },
      (last) => last.includes('started_speaking'),
      15_000,
    );
    await say('sorry, one more thing');

    // Context over the call's limit from the demo app (daily-js refuses it; the attempt is still captured).
    await page.fill('#chat-text', `Order history: ${'x'.repeat(5000)}`);
    await page.click('#append-context');

    await panel.getByRole('tab', { name: /Problems/ }).click();
    const rules = [
      'conversation-id',
      'tool-result-unknown-id',
      'echo-stream-unfinished',
      'duplicate-tool-call',
      'tool-call-unanswered',
      'send-while-speaking',
      'context-over-limit',
    ];
    const shown = await waitUntil(
      'every provoked rule in Problems',
      () =>
        panel.locator(testId('lint-finding')).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.rule)),
      (found) => rules.every((rule) => found.includes(rule)),
      30_000,
    );
    expect(shown).toEqual(expect.arrayContaining(rules));
    for (const rule of rules) {
      const links = panel.locator(`${testId('lint-finding')}[data-rule="${rule}"] ${testId('lint-event-link')}`);
      expect(await links.count()).toBeGreaterThan(0);
    }
    // The duplicate links both tool calls.
    const duplicate = panel.locator(`${testId('lint-finding')}[data-rule="duplicate-tool-call"]`).first();
    expect(await duplicate.locator(testId('lint-event-link')).count()).toBe(2);
  });

  it('inspects an echo stream: the figures match what was sent', async () => {
    const conversationId = (
      JSON.parse(incoming(await panelInputs(panel))[0]!.record.json) as { conversation_id: string }
    ).conversation_id;
    // Two 25 ms chunks at 24 kHz (1200 bytes of PCM each), the second marked done.
    const audio = Buffer.alloc(1200).toString('base64');
    await panel.getByRole('tab', { name: /Composer/ }).click();
    await panel.click(testId('composer-mode-raw'));
    for (const done of [false, true]) {
      await panel.fill(
        testId('composer-raw'),
        JSON.stringify({
          message_type: 'conversation',
          event_type: 'conversation.echo',
          conversation_id: conversationId,
          properties: { modality: 'audio', audio, sample_rate: 24000, inference_id: 'e2e-echo-2', done },
        }),
      );
      await waitUntil(
        'send enabled',
        () => panel.isEnabled(testId('composer-send')),
        (enabled) => enabled,
      );
      await panel.click(testId('composer-send'));
    }
    await panel.getByRole('tab', { name: /^Events/ }).click();
    await panel.fill(testId('filter'), 'inference:e2e-echo-2');
    // The simulated replica speaks the echo under the same inference_id: pick the echo stream's row.
    const streamRow = panel.locator(testId('event-row'), { hasText: 'audio echo: 2.4 kB, 0.05 s in 2 chunks' });
    await streamRow.waitFor({ timeout: 10_000 });
    await streamRow.dblclick();
    await panel.getByRole('tab', { name: 'Timing' }).click();
    await panel.locator(testId('echo-inspector')).waitFor();
    expect(await panel.locator(testId('echo-chunks')).textContent()).toBe('2');
    expect(await panel.locator(testId('echo-audio')).textContent()).toBe('2.4 kB · 0.05 s');
    expect(await panel.locator(testId('echo-done')).textContent()).toBe('yes');
    await panel.fill(testId('filter'), '');
  });

  it('flags a send made after the join but before the replica is ready', async () => {
    // A slow replica (speed 0.1) takes seconds to appear after the app joined: the window integrations fall into.
    const early = await session.context.newPage();
    await early.goto(`${server.origin}/demo/?seed=2&speed=0.1&perception=0`);
    await early.click('#join');
    const earlyPanel = await session.openPanel(early);
    try {
      await earlyPanel.getByRole('tab', { name: /Composer/ }).click();
      await earlyPanel.click(testId('composer-mode-respond'));
      await earlyPanel.fill(testId('field-respondText'), 'are you there?');
      await waitUntil(
        'send enabled (joined)',
        () => earlyPanel.isEnabled(testId('composer-send')),
        (enabled) => enabled,
        15_000,
      );
      await earlyPanel.click(testId('composer-send'));
      await earlyPanel.getByRole('tab', { name: /Problems/ }).click();
      const finding = earlyPanel.locator(`${testId('lint-finding')}[data-rule="send-before-ready"]`);
      await finding.first().waitFor({ timeout: 10_000 });
      expect(await finding.first().textContent()).toMatch(/conversation.respond sent before the replica was ready/);
    } finally {
      await earlyPanel.close();
      await early.close();
    }
  });
});
