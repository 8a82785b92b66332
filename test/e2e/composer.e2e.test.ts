// The composer in the built extension, against the real daily-js and the fake call machine: every interaction is
// composed in the UI, sent, and compared byte for byte with the protocol builders' output where the machine got it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server';
import { launchWithExtension, type ExtensionSession } from '../support/browser';
import { outgoing, panelInputs, waitUntil } from './support/panel';
import {
  buildAppendContext,
  buildEchoText,
  buildInterrupt,
  buildObjectiveConfirmFor,
  buildOverwriteContext,
  buildRespond,
  buildSensitivity,
  buildToolResult,
} from '../../src/protocol/interactions';
import { bytesFromBase64, wavToEchoPcm } from '../../src/protocol/audio';

interface MachineEntry {
  id: string;
  data: unknown;
  to: unknown;
}
interface EchoData {
  event_type: string;
  properties?: { modality?: string; audio?: string; inference_id?: string; done?: boolean; sample_rate?: number };
}

const CONVERSATION_ID = 'c-e2e-from-traffic';

let server: TestServer;
let session: ExtensionSession;
let page: Page;
let panel: Page;

const machineLog = (target: Page) =>
  target.evaluate(() => (globalThis as unknown as { __machineLog?: unknown[] }).__machineLog ?? []) as Promise<
    MachineEntry[]
  >;

const testId = (id: string) => `[data-testid="${id}"]`;

async function openComposer(target: Page): Promise<Page> {
  const opened = await session.openPanel(target);
  await opened.click('#main-tab-composer');
  await opened.waitForSelector(testId('composer'));
  return opened;
}

/** Clicks Send (or presses Ctrl+Enter) and returns what the machine received and the panel recorded. */
async function sendAndCapture(expected: unknown, how: 'click' | 'keys' = 'click'): Promise<void> {
  const before = (await machineLog(page)).length;
  await waitUntil(
    'Send enabled',
    () => panel.isEnabled(testId('composer-send')),
    (enabled) => enabled,
    5000,
  );
  if (how === 'click') await panel.click(testId('composer-send'));
  else await panel.keyboard.press('Control+Enter');
  const log = await waitUntil(
    'the machine to receive it',
    () => machineLog(page),
    (entries) => entries.length > before,
    5000,
  );
  expect(log).toHaveLength(before + 1);
  const json = JSON.stringify(expected);
  expect(JSON.stringify(log[before]?.data)).toBe(json);
  expect(log[before]?.to).toBe('*');
  const recorded = await waitUntil(
    'the panel log to show it as sent from DevTools',
    () => panelInputs(panel),
    (inputs) => outgoing(inputs).some((input) => input.record.json === json),
    5000,
  );
  const record = outgoing(recorded).find((input) => input.record.json === json)?.record;
  expect(record?.origin).toBe('devtools');
  await waitUntil(
    'the success note',
    () => panel.getAttribute(testId('composer-outcome'), 'data-ok'),
    (ok) => ok === 'true',
    5000,
  );
}

function wavBytes(options: { sampleRate: number; channels: number; seconds: number; frequency: number }): Buffer {
  const frames = Math.round(options.sampleRate * options.seconds);
  const dataBytes = frames * options.channels * 2;
  const wav = Buffer.alloc(44 + dataBytes);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + dataBytes, 4);
  wav.write('WAVE', 8, 'ascii');
  wav.write('fmt ', 12, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(options.channels, 22);
  wav.writeUInt32LE(options.sampleRate, 24);
  wav.writeUInt32LE(options.sampleRate * options.channels * 2, 28);
  wav.writeUInt16LE(options.channels * 2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(Math.sin((2 * Math.PI * options.frequency * i) / options.sampleRate) * 12000);
    for (let c = 0; c < options.channels; c++) wav.writeInt16LE(sample, 44 + (i * options.channels + c) * 2);
  }
  return wav;
}

beforeAll(async () => {
  server = await startServer();
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(`${server.origin}/fixtures/esm.html`);
  await page.waitForFunction(() => (globalThis as unknown as { __joined?: boolean }).__joined === true, undefined, {
    timeout: 15_000,
  });
  panel = await openComposer(page);
  await panel.waitForFunction(
    () =>
      (
        globalThis as unknown as { __cviPanel?: { store: { calls: { value: { meetingState?: string }[] } } } }
      ).__cviPanel?.store.calls.value.some((call) => call.meetingState === 'joined-meeting') === true,
    undefined,
    { timeout: 10_000 },
  );
  // A replica event gives the composer the conversation_id to prefill.
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

describe('composer: every interaction reaches the call exactly as built', () => {
  it('conversation.respond', async () => {
    await panel.click(testId('composer-mode-respond'));
    await panel.fill(testId('field-respondText'), 'Can you explain the refund policy again?');
    await sendAndCapture(buildRespond(CONVERSATION_ID, 'Can you explain the refund policy again?'));
  });

  it('conversation.echo (text), sent with Ctrl+Enter', async () => {
    await panel.click(testId('composer-mode-echo_text'));
    await panel.fill(testId('field-echoText'), 'Welcome back, Priya.');
    await panel.fill(testId('field-echoInferenceId'), 'utt-e2e-1');
    await panel.focus(testId('field-echoText'));
    await sendAndCapture(buildEchoText(CONVERSATION_ID, 'Welcome back, Priya.', { inferenceId: 'utt-e2e-1' }), 'keys');
  });

  it('conversation.interrupt', async () => {
    await panel.click(testId('composer-mode-interrupt'));
    await sendAndCapture(buildInterrupt(CONVERSATION_ID));
  });

  it('conversation.overwrite_llm_context', async () => {
    await panel.click(testId('composer-mode-overwrite_context'));
    await panel.fill(testId('field-overwriteContext'), 'The user is now on step 3 (billing). "Pro" plan.');
    await sendAndCapture(buildOverwriteContext(CONVERSATION_ID, 'The user is now on step 3 (billing). "Pro" plan.'));
  });

  it('conversation.append_llm_context with job_status', async () => {
    await panel.click(testId('composer-mode-append_context'));
    await panel.fill(testId('field-appendContext'), 'Lookup result: order #4471 shipped yesterday via UPS.');
    await panel.fill(testId('field-appendJobStatus'), 'completed');
    await sendAndCapture(
      buildAppendContext(CONVERSATION_ID, 'Lookup result: order #4471 shipped yesterday via UPS.', 'completed'),
    );
  });

  it('conversation.sensitivity, an undocumented level included', async () => {
    await panel.click(testId('composer-mode-sensitivity'));
    await panel.selectOption(testId('field-sensitivityField'), 'interrupt');
    await panel.selectOption(testId('field-sensitivityLevel'), 'superlow');
    expect(await panel.textContent(testId('composer-issues'))).toContain('undocumented');
    await sendAndCapture(buildSensitivity(CONVERSATION_ID, { interrupt: 'superlow' }));
  });

  it('conversation.tool_result with a JSON output and status error, then a text output', async () => {
    await panel.click(testId('composer-mode-tool_result'));
    await panel.fill(testId('field-toolCallId'), 'call_01HZX3K9');
    await panel.fill(testId('field-toolOutput'), '{"temp_f": 64, "sky": "fog"}');
    await panel.selectOption(testId('field-toolStatus'), 'error');
    await sendAndCapture(buildToolResult(CONVERSATION_ID, 'call_01HZX3K9', { temp_f: 64, sky: 'fog' }, 'error'));
    await panel.check(testId('field-toolOutputKind-text'));
    await panel.fill(testId('field-toolOutput'), '64°F and foggy');
    await panel.selectOption(testId('field-toolStatus'), 'success');
    await sendAndCapture(buildToolResult(CONVERSATION_ID, 'call_01HZX3K9', '64°F and foggy', 'success'));
  });

  it('raw JSON from a template', async () => {
    await panel.click(testId('composer-mode-raw'));
    await panel.selectOption(testId('composer-raw-template'), 'conversation.objective.confirm');
    await sendAndCapture(buildObjectiveConfirmFor(CONVERSATION_ID, ''));
    expect(await panel.locator(`${testId('composer-history')} li`).count()).toBe(9);
  });
});

describe('composer: nothing invalid is sent', () => {
  it('a 5000-char respond shows the size error, Send is disabled, the machine gets nothing', async () => {
    const before = (await machineLog(page)).length;
    await panel.click(testId('composer-mode-respond'));
    await panel.fill(testId('field-respondText'), 'x'.repeat(5000));
    const size = JSON.stringify(buildRespond(CONVERSATION_ID, 'x'.repeat(5000))).length;
    expect(await panel.textContent(testId('composer-size'))).toBe(`${size.toLocaleString('en-US')} / 4,096 chars`);
    expect(await panel.getAttribute(testId('composer-size'), 'data-over')).toBe('true');
    expect(await panel.isDisabled(testId('composer-send'))).toBe(true);
    expect(await panel.textContent(testId('composer-issues'))).toContain(`${size} chars; Daily's limit is 4096`);
    await panel.focus(testId('field-respondText'));
    await panel.keyboard.press('Control+Enter');
    await panel.waitForTimeout(400);
    expect(await machineLog(page)).toHaveLength(before);
  });

  it('a call that is not joined shows why, and sends nothing', async () => {
    const waiting = await session.context.newPage();
    await waiting.goto(`${server.origin}/fixtures/composer-notjoined.html`);
    await waiting.waitForFunction(() => (globalThis as unknown as { __ready?: boolean }).__ready === true, undefined, {
      timeout: 15_000,
    });
    const state = await waiting.evaluate(() => (globalThis as unknown as { __meetingState?: string }).__meetingState);
    const waitingPanel = await openComposer(waiting);
    const reason = await waitUntil(
      'the not-joined reason',
      () => waitingPanel.textContent(testId('composer-block-reason')),
      (text) => text?.startsWith('The call is not joined') === true,
    );
    // The hook reports the state it last saw before join ("new"/"loading"); the page may be further along ("loaded").
    expect(reason).toMatch(
      /^The call is not joined \(meetingState: (new|loading|loaded)\); Daily only sends after join\.$/,
    );
    expect(state).not.toBe('joined-meeting');
    expect(await waitingPanel.isDisabled(testId('composer-send'))).toBe(true);
    await waitingPanel.fill(testId('field-respondText'), 'hello?');
    await waitingPanel.keyboard.press('Control+Enter');
    await waitingPanel.waitForTimeout(400);
    expect(await machineLog(waiting)).toEqual([]);
    expect(outgoing(await panelInputs(waitingPanel))).toEqual([]);
    await waitingPanel.close();
    await waiting.close();
  });
});

describe('composer: audio echo from a WAV file', () => {
  it('sends paced chunks with one inference_id, then a silence marked done, each within 4096 chars', async () => {
    const wav = wavBytes({ sampleRate: 44_100, channels: 2, seconds: 0.3, frequency: 440 });
    const before = (await machineLog(page)).length;
    await panel.click(testId('composer-mode-audio_echo'));
    await panel.setInputFiles(testId('composer-echo-file'), { name: 'tone.wav', mimeType: 'audio/wav', buffer: wav });
    await panel.waitForSelector(testId('composer-echo-summary'));
    // The limit the chunk size follows is the one the call reported after join.
    expect(await panel.textContent(testId('composer-echo-limit'))).toBe('limit 4096');
    const clickedAt = Date.now();
    await panel.click(testId('composer-send'));
    await waitUntil(
      'the stream to finish',
      () => panel.getAttribute(testId('composer-echo-progress'), 'data-status'),
      (status) => status === 'done',
      10_000,
    );
    // Paced at real time: the sixth 50 ms chunk is not due before 250 ms (a busy machine only makes it later).
    expect(Date.now() - clickedAt).toBeGreaterThanOrEqual(250);

    const chunks = (await machineLog(page)).slice(before);
    const data = chunks.map((chunk) => chunk.data as EchoData);
    expect(data.length).toBe(7); // 6 × 50 ms (Daily's 4096 holds no 100 ms chunk), then 40 ms of silence
    expect(
      data.every(
        (d) =>
          d.event_type === 'conversation.echo' &&
          d.properties?.modality === 'audio' &&
          d.properties.sample_rate === 24_000,
      ),
    ).toBe(true);
    expect(chunks.every((chunk) => chunk.to === '*')).toBe(true);
    expect(new Set(data.map((d) => d.properties?.inference_id)).size).toBe(1);
    expect(data.map((d) => d.properties?.done)).toEqual([false, false, false, false, false, false, true]);
    expect(chunks.every((chunk) => JSON.stringify(chunk.data).length <= 4096)).toBe(true);
    const silence = bytesFromBase64(data.at(-1)?.properties?.audio ?? '');
    expect(silence.ok && silence.bytes.length === 1920 && silence.bytes.every((b) => b === 0)).toBe(true);
    const expected = wavToEchoPcm(new Uint8Array(wav), { sampleRate: 24_000 });
    if (!expected.ok) throw new Error(expected.error);
    const decoded = data.slice(0, -1).map((d) => bytesFromBase64(d.properties?.audio ?? ''));
    const pcmLength = decoded.reduce((sum, result) => sum + (result.ok ? result.bytes.length : Number.NaN), 0);
    expect(pcmLength).toBe(expected.pcm16.length);
    expect(await panel.textContent(testId('composer-echo-counts'))).toBe('7 / 7 chunks · 0.34 / 0.34 s');

    // The page hook recorded them in order, as sent from DevTools.
    const sentTimes = outgoing(await panelInputs(panel))
      .filter((input) => input.record.json.includes('"modality":"audio"'))
      .map((input) => (input.record as unknown as { t: number }).t);
    expect(sentTimes).toHaveLength(7);
    expect(sentTimes.every((t, i) => i === 0 || t >= sentTimes[i - 1]!)).toBe(true);
  });

  it('Stop sends conversation.interrupt and drops the rest', async () => {
    const wav = wavBytes({ sampleRate: 24_000, channels: 1, seconds: 5, frequency: 220 });
    const before = (await machineLog(page)).length;
    await panel.setInputFiles(testId('composer-echo-file'), { name: 'long.wav', mimeType: 'audio/wav', buffer: wav });
    await panel.click(testId('composer-send'));
    await waitUntil(
      'a few chunks',
      () => machineLog(page),
      (entries) => entries.length >= before + 4,
      5000,
    );
    await panel.click(testId('composer-echo-stop'));
    await waitUntil(
      'stopped',
      () => panel.getAttribute(testId('composer-echo-progress'), 'data-status'),
      (status) => status === 'stopped',
      5000,
    );
    await panel.waitForTimeout(300);
    const data = (await machineLog(page)).slice(before).map((chunk) => chunk.data as EchoData);
    expect(data.at(-1)).toEqual(buildInterrupt(CONVERSATION_ID));
    const echoes = data.slice(0, -1);
    expect(echoes.every((d) => d.event_type === 'conversation.echo' && d.properties?.done === false)).toBe(true);
    expect(echoes.length).toBeGreaterThanOrEqual(4);
    expect(echoes.length).toBeLessThan(100);
  });

  it('a file that is not a WAV shows the decoder’s error', async () => {
    await panel.setInputFiles(testId('composer-echo-file'), {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('just some text, not audio'),
    });
    const error = await panel.textContent(testId('composer-echo-error'));
    expect(error).toMatch(/^Cannot read notes\.txt: .*RIFF/);
    expect(await panel.isDisabled(testId('composer-send'))).toBe(true);
  });
});
