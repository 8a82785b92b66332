// The mock replica in the built extension: a page of its own (real daily-js, joined through the fake call machine,
// with no replica in the call) renders the replica's words from its own app-message handler. Turned on in the panel,
// the mock answers the page's respond, stops on its interrupt, and runs a scripted tool call whose tool_result, sent
// by the page, shapes the answer. Its rows are marked, and turning it off stops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { panelInputs, waitUntil } from './support/panel';

let server: TestServer;
let session: ExtensionSession;
let page: Page;
let panel: Page;

const testId = (id: string) => `[data-testid="${id}"]`;
const replicaState = () => page.textContent('#replica-state');
const transcript = () => page.$$eval('#transcript li', (items) => items.map((li) => li.textContent ?? ''));

const SCRIPT = '/weather in (\\w+)/i -> tool get_weather {"location": "$1"} say "In $1: {output}."';

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(`${server.origin}/fixtures/mock-replica.html`);
  await page.waitForFunction(() => (globalThis as unknown as { __joined?: boolean }).__joined === true, undefined, {
    timeout: 15_000,
  });
  panel = await session.openPanel(page);
  await panel.waitForFunction(
    () =>
      (
        globalThis as unknown as { __cviPanel?: { store: { calls: { value: { meetingState?: string }[] } } } }
      ).__cviPanel?.store.calls.value.some((call) => call.meetingState === 'joined-meeting') === true,
    undefined,
    { timeout: 10_000 },
  );
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('mock replica', () => {
  it('is off by default: the page’s respond goes unanswered and no banner shows', async () => {
    await page.evaluate(() => (globalThis as unknown as { __respond(t: string): void }).__respond('anyone there?'));
    await page.waitForTimeout(1500);
    expect(await transcript()).toEqual([]);
    expect(await panel.$(testId('mock-banner'))).toBeNull();
  });

  it('turned on in the panel: banner, the replica joins, and the page’s respond is answered and rendered', async () => {
    await panel.click('#main-tab-mock');
    await panel.fill(testId('mock-script'), SCRIPT);
    await panel.click(testId('mock-switch'));
    await panel.waitForSelector(testId('mock-banner'), { timeout: 5000 });
    expect(await panel.textContent(testId('mock-banner'))).toMatch(/Mock replica is on in this tab/);
    await waitUntil('the replica to join', replicaState, (s) => s === 'present', 10_000);
    await page.evaluate(() => (globalThis as unknown as { __respond(t: string): void }).__respond('hello mock'));
    const lines = await waitUntil(
      'the answer to be rendered',
      transcript,
      (items) => items.some((line) => line.includes('hello mock')),
      20_000,
    );
    expect(lines).toHaveLength(1);
    await waitUntil('the replica to finish', replicaState, (s) => s === 'listening', 20_000);
    // The mock's events reach the panel as incoming rows marked as the mock's.
    const inputs = await panelInputs(panel);
    const incoming = inputs.filter((input) => input.record.dir === 'in');
    expect(incoming.length).toBeGreaterThan(5);
    expect(incoming.every((input) => input.record.origin === 'mock')).toBe(true);
    await panel.click('#main-tab-events');
    await panel.waitForSelector('text=◇ mock', { timeout: 5000 });
  });

  it('an interrupt from the page stops the speech with interrupted', async () => {
    await page.evaluate(() =>
      (globalThis as unknown as { __respond(t: string): void }).__respond('tell me a long story please'),
    );
    await waitUntil('the replica to speak', replicaState, (s) => s === 'speaking', 20_000);
    await page.waitForTimeout(1000);
    await page.evaluate(() => (globalThis as unknown as { __interrupt(): void }).__interrupt());
    await waitUntil('the replica to stop, interrupted', replicaState, (s) => s === 'interrupted', 10_000);
    const story = await page.$eval('#transcript li:last-child', (li) => ({
      text: li.textContent ?? '',
      interrupted: (li as HTMLElement).dataset.interrupted,
    }));
    expect(story.interrupted).toBe('true');
    // Stopped mid-story: the full story is five sentences; far less was said, and nothing more comes.
    expect(story.text.length).toBeLessThan(300);
    await page.waitForTimeout(2000);
    expect(await page.$eval('#transcript li:last-child', (li) => li.textContent)).toBe(story.text);
  });

  it('a scripted tool call reaches the page, and the page’s tool_result shapes the answer', async () => {
    await page.evaluate(() =>
      (globalThis as unknown as { __respond(t: string): void }).__respond('what is the weather in Lisbon?'),
    );
    await waitUntil(
      'the tool call to reach the page',
      () => page.$$eval('#tool-calls li', (items) => items.map((li) => li.textContent)),
      (calls) => calls.includes('get_weather(Lisbon)'),
      20_000,
    );
    // The page renders the answer as it streams: wait for the whole of it.
    const expected = 'In Lisbon: forecast fog over Lisbon, temperature c 14.';
    const lines = await waitUntil(
      'the answer from the tool result',
      transcript,
      (items) => items.includes(expected),
      20_000,
    );
    expect(lines.filter((line) => line.startsWith('In Lisbon'))).toEqual([expected]);
  });

  it('turned off from the banner: no banner, and the page’s respond goes unanswered again', async () => {
    await panel.click(testId('mock-banner-off'));
    await panel.waitForSelector(testId('mock-banner'), { state: 'detached', timeout: 5000 });
    const before = (await transcript()).length;
    await page.evaluate(() => (globalThis as unknown as { __respond(t: string): void }).__respond('still there?'));
    await page.waitForTimeout(2500);
    expect((await transcript()).length).toBe(before);
  });
});
