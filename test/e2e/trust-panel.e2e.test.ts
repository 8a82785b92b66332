// The panel side of issue 12 in real Chromium with the built extension and the real daily-js: an audio echo cut by a
// service-worker stop still ends its utterance at the call (final done, then interrupt), and a redacted export,
// imported again, shows the same counts and sizes, is marked as imported and leaves the composer's target alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, stopServiceWorker, type ExtensionSession } from '../support/browser';
import { waitUntil } from './support/panel';
import { buildInterrupt } from '../../src/protocol/interactions';

interface MachineEntry {
  id: string;
  data: unknown;
  to: unknown;
}
interface EchoData {
  event_type: string;
  properties?: { modality?: string; audio?: string; inference_id?: string; done?: boolean; sample_rate?: number };
}

const CONVERSATION_ID = 'c-e2e-trust';
const CONTEXT_41 = 'Customer prefers the window seat, aisle ok';

let server: TestServer;
let session: ExtensionSession;
let page: Page;
let panel: Page;

const testId = (id: string) => `[data-testid="${id}"]`;
const machineLog = (target: Page) =>
  target.evaluate(() => (globalThis as unknown as { __machineLog?: unknown[] }).__machineLog ?? []) as Promise<
    MachineEntry[]
  >;

function wavBytes(seconds: number): Buffer {
  const sampleRate = 24_000;
  const frames = Math.round(sampleRate * seconds);
  const wav = Buffer.alloc(44 + frames * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + frames * 2, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(frames * 2, 40);
  for (let i = 0; i < frames; i++)
    wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 220 * i) / sampleRate) * 9000), 44 + i * 2);
  return wav;
}

/** What the panel's log summarises with counts and sizes, per row, as the table and the Turns view use them. */
const derived = (target: Page, imported: boolean) =>
  target.evaluate((imported) => {
    interface Row {
      type: string;
      event: {
        source: string;
        kind: string;
        summary: string;
        classified?: {
          context?: { length: number };
          echo?: { audioBytes?: number; durationMs?: number };
        };
      };
      stream?: { audioBytes: number; durationMs: number; chunkIds: unknown[]; done: boolean };
    }
    const store = (
      globalThis as unknown as {
        __cviPanel: { store: { flush(): void; log: { view(o: object): { length: number; at(i: number): Row } } } };
      }
    ).__cviPanel.store;
    store.flush();
    const view = store.log.view({ collapseStreams: true, order: 'arrival' });
    const out: unknown[] = [];
    for (let i = 0; i < view.length; i++) {
      const row = view.at(i);
      if (row.type !== 'event') continue;
      const e = row.event;
      if (e.source.startsWith('import:') !== imported) continue;
      if (e.kind === 'context') out.push(['context', e.classified?.context?.length, e.summary.split(':')[0]]);
      if (e.kind === 'echo' && row.stream)
        out.push(['echo', row.stream.audioBytes, row.stream.durationMs, row.stream.chunkIds.length, row.stream.done]);
    }
    return out;
  }, imported);

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(`${server.origin}/fixtures/esm.html`);
  await page.waitForFunction(() => (globalThis as unknown as { __joined?: boolean }).__joined === true, undefined, {
    timeout: 15_000,
  });
  panel = await session.openPanel(page);
  await panel.click('#main-tab-composer');
  await panel.waitForSelector(testId('composer'));
  await panel.waitForFunction(
    () =>
      (
        globalThis as unknown as { __cviPanel?: { store: { calls: { value: { meetingState?: string }[] } } } }
      ).__cviPanel?.store.calls.value.some((call) => call.meetingState === 'joined-meeting') === true,
    undefined,
    { timeout: 10_000 },
  );
  await page.evaluate((conversationId) => {
    (globalThis as unknown as { __fakeMachine: { emit(data: unknown): void } }).__fakeMachine.emit({
      message_type: 'conversation',
      event_type: 'conversation.utterance',
      conversation_id: conversationId,
      seq: 1,
      turn_idx: 1,
      inference_id: 'inf-1',
      properties: { role: 'replica', speech: 'Hello there' },
    });
  }, CONVERSATION_ID);
  await waitUntil(
    'the conversation_id from the traffic',
    () => panel.inputValue(testId('composer-conversation-id')),
    (value) => value === CONVERSATION_ID,
  );
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('an audio echo cut by a service-worker stop', () => {
  it('ends the utterance at the call once the connection is back (final done, then interrupt) and says so', async () => {
    await panel.click(testId('composer-mode-audio_echo'));
    await panel.setInputFiles(testId('composer-echo-file'), {
      name: 'long.wav',
      mimeType: 'audio/wav',
      buffer: wavBytes(6),
    });
    const before = (await machineLog(page)).length;
    await panel.click(testId('composer-send'));
    await waitUntil(
      'a few chunks',
      () => machineLog(page),
      (entries) => entries.length >= before + 4,
      5000,
    );
    await stopServiceWorker(session, page);
    await waitUntil(
      'the stream to end after the lost connection',
      () => panel.getAttribute(testId('composer-echo-progress'), 'data-status'),
      (status) => status === 'connection-lost' || status === 'done' || status === 'failed',
      20_000,
    );
    expect(await panel.getAttribute(testId('composer-echo-progress'), 'data-status')).toBe('connection-lost');
    const text = await panel.textContent(testId('composer-echo-progress'));
    expect(text).toContain('DevTools sent a final done chunk and conversation.interrupt');

    const received = (await machineLog(page)).slice(before).map((entry) => entry.data as EchoData);
    const [finalDone, interrupt] = received.slice(-2);
    expect(interrupt).toEqual(buildInterrupt(CONVERSATION_ID));
    expect(finalDone).toMatchObject({ event_type: 'conversation.echo', properties: { modality: 'audio', done: true } });
    const chunks = received.slice(0, -2);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.length).toBeLessThan(120); // 6 s in 50 ms chunks: the rest was not sent
    expect(chunks.every((d) => d.properties?.done === false)).toBe(true);
    expect(new Set(received.slice(0, -1).map((d) => d.properties?.inference_id)).size).toBe(1);
  });
});

describe('a redacted export imported again', () => {
  it('shows the same counts and sizes, marks the rows as imported, and leaves the composer target alone', async () => {
    // A 41-character overwrite beside the echo above.
    await panel.click(testId('composer-mode-overwrite_context'));
    await panel.fill(testId('field-overwriteContext'), CONTEXT_41.slice(0, 41));
    const sent = (await machineLog(page)).length;
    await waitUntil(
      'Send enabled',
      () => panel.isEnabled(testId('composer-send')),
      (enabled) => enabled,
      10_000,
    );
    await panel.click(testId('composer-send'));
    await waitUntil(
      'the overwrite at the call',
      () => machineLog(page),
      (log) => log.length > sent,
      5000,
    );
    const live = await waitUntil(
      'the overwrite in the log',
      () => derived(panel, false),
      (rows) => rows.some((r) => (r as unknown[])[0] === 'context'),
      5000,
    );
    expect(live).toContainEqual(['context', 41, 'overwrite 41 chars']);

    await panel.click('#main-tab-events');
    await panel.click(testId('export'));
    await panel.click(testId('export-save'));
    const exported = (await panel.evaluate(
      () => (globalThis as unknown as { __cviLastExport: string }).__cviLastExport,
    )) as string;
    expect(exported).not.toContain('window seat');
    expect(exported).not.toContain('Hello there');

    // Someone else's file: the same events from another conversation. Its conversation_id must not become ours.
    // (another call id too, as in any file from another session: the model groups streams and seqs per call).
    let foreign = exported.split(CONVERSATION_ID).join('c-from-the-file');
    for (const callId of (JSON.parse(exported.split('\n')[0]!) as { calls: string[] }).calls)
      foreign = foreign.split(callId).join(`file-${callId}`);
    // The import handler must not throw (it used to touch e.currentTarget after an await).
    const pageErrors: string[] = [];
    panel.on('pageerror', (error) => pageErrors.push(error.message));
    await panel.setInputFiles(testId('import-file'), {
      name: 'shared.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(foreign),
    });
    const imported = await waitUntil(
      'the imported rows',
      () => derived(panel, true),
      (rows) => rows.length === live.length,
      10_000,
    );
    expect(imported).toEqual(live);
    await panel.waitForTimeout(200);
    expect(pageErrors).toEqual([]);
    await expect(panel.locator(testId('notice')).textContent()).resolves.toMatch(
      /Imported \d+ events from shared\.ndjson \(redacted\)/,
    );
    expect(await panel.locator(testId('imported-marker')).count()).toBeGreaterThan(0);
    const importedRow = panel.locator(testId('event-row')).filter({ has: panel.locator(testId('imported-marker')) });
    await importedRow.last().dblclick();
    await expect(panel.locator(testId('detail-imported')).textContent()).resolves.toMatch(
      /^Imported from shared\.ndjson: not part of this session \(redacted/,
    );

    // The composer still targets the live conversation, not the file's.
    await panel.click('#main-tab-composer');
    expect(await panel.inputValue(testId('composer-conversation-id'))).toBe(CONVERSATION_ID);
  });
});

describe('odd payloads in the table', () => {
  it('an utterance whose speech is an object shows the value, not "(no speech)"', async () => {
    await page.evaluate((conversationId) => {
      (globalThis as unknown as { __fakeMachine: { emit(data: unknown): void } }).__fakeMachine.emit({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        conversation_id: conversationId,
        seq: 40,
        turn_idx: 3,
        inference_id: 'inf-object',
        properties: { role: 'replica', speech: { text: 'Hi from an object', lang: 'en' } },
      });
    }, CONVERSATION_ID);
    await panel.click('#main-tab-events');
    const row = panel.locator(testId('event-row')).filter({ hasText: 'Hi from an object' });
    await row.first().waitFor({ timeout: 10_000 });
    const text = await row.first().textContent();
    expect(text).toContain('replica: {"text":"Hi from an object","lang":"en"}');
    expect(text).not.toContain('(no speech)');
  });
});
