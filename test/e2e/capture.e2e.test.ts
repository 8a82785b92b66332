import { describe, expect, it } from 'vitest';
import { useExtensionEnv } from './support/setup';
import { appMessages, seqsOf as seqs, waitForInputs } from './support/panel';

const env = useExtensionEnv();

describe('capture: ESM (bundled-style) call object, daily-js 0.92.2', () => {
  it("captures events sent before the panel opened, then live, plus the app's own sends", async () => {
    const page = await env.session.context.newPage();
    await page.goto(`${env.server.origin}/fixtures/esm.html?v=0.92.2`);
    await page.waitForFunction(() => (window as unknown as { __joined?: boolean }).__joined === true);
    await page.evaluate(() =>
      (window as unknown as { __fakeMachine: { burst(n: number): void } }).__fakeMachine.burst(5),
    );
    await page.waitForFunction(() => (window as unknown as { __pageLog: unknown[] }).__pageLog.length >= 6);
    const panel = await env.session.openPanel(page);
    let inputs = await waitForInputs(panel, (i) => seqs(i).length === 5, 'five early events');
    expect(seqs(inputs)).toEqual([1, 2, 3, 4, 5]);
    // The early send before join threw in the page and is recorded with the same error.
    const early = appMessages(inputs).find((i) => i.record.dir === 'out');
    expect(early?.record.sendError).toBe('sendAppMessage() only supported after join.');
    const pageLog = await page.evaluate(
      () => (window as unknown as { __pageLog: { kind: string; message?: string }[] }).__pageLog,
    );
    expect(pageLog.find((l) => l.kind === 'early-send')?.message).toBe('sendAppMessage() only supported after join.');

    await page.evaluate(() =>
      (window as unknown as { __fakeMachine: { burst(n: number, o: object): void } }).__fakeMachine.burst(3, {
        startSeq: 6,
      }),
    );
    inputs = await waitForInputs(panel, (i) => seqs(i).length === 8, 'three live events');
    expect(seqs(inputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    // The app's own send: recorded as outgoing "app", and it still reached the call machine unchanged.
    const returned = await page.evaluate(async () => {
      const w = window as unknown as { __appSend(d: unknown): unknown; __machineLog: unknown[] };
      const result = w.__appSend({
        message_type: 'conversation',
        event_type: 'conversation.respond',
        properties: { text: 'hi' },
      });
      while (w.__machineLog.length === 0) await new Promise((r) => setTimeout(r, 10));
      return {
        sameObject: typeof result === 'object' && result !== null && 'sendAppMessage' in result,
        machine: w.__machineLog,
      };
    });
    expect(returned.sameObject).toBe(true);
    expect(returned.machine).toEqual([
      {
        id: expect.any(String),
        data: { message_type: 'conversation', event_type: 'conversation.respond', properties: { text: 'hi' } },
        to: '*',
      },
    ]);
    inputs = await waitForInputs(
      panel,
      (i) => appMessages(i).filter((x) => x.record.dir === 'out').length === 2,
      'the app send',
    );
    const appSend = appMessages(inputs).filter((x) => x.record.dir === 'out')[1];
    expect(appSend?.record.origin).toBe('app');
    expect(JSON.parse(appSend?.record.json ?? '')).toEqual({
      message_type: 'conversation',
      event_type: 'conversation.respond',
      properties: { text: 'hi' },
    });
    // Cursors are dense and unique: nothing lost, nothing doubled.
    const cursors = inputs.map((i) => i.cursor);
    expect(cursors).toEqual(cursors.map((_, k) => k + 1));
    await panel.close();
    await page.close();
  });
});
