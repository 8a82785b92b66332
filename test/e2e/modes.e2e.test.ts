// One browser, every Daily mode and daily-js version we support: the hook must find each call by itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server';
import { openJoined, useExtensionEnv } from './support/setup';
import { incoming, outgoing, panelFrames, seqsOf, waitForInputs, waitUntil } from './support/panel';

const env = useExtensionEnv();
let prebuilt: TestServer;
beforeAll(async () => {
  prebuilt = await startServer(); // a second origin for the fake Prebuilt iframe
});
afterAll(async () => {
  await prebuilt?.close();
});

type W = {
  __joined?: boolean;
  __fakeMachine: { burst(n: number, o?: object): void; emit(d: unknown, i?: number): void };
  __appSend(d: unknown, i?: number): void;
  __pageLog: unknown[];
};

describe('daily-js versions (ESM call object)', () => {
  for (const version of ['0.60.0', '0.80.0', '0.92.2']) {
    it(`captures incoming and outgoing with daily-js ${version}`, async () => {
      const page = await openJoined(env, `/fixtures/esm.html?v=${version}`);
      await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(4));
      await page.evaluate(() => (window as unknown as W).__appSend({ hello: 'from the app' }));
      const panel = await env.session.openPanel(page);
      const inputs = await waitForInputs(
        panel,
        (i) => seqsOf(i).length === 4 && outgoing(i).length === 2,
        `4 in + 2 out on ${version}`,
      );
      expect(seqsOf(inputs)).toEqual([1, 2, 3, 4]);
      expect(outgoing(inputs).map((o) => [o.record.origin, o.record.sendError !== undefined])).toEqual([
        ['app', true],
        ['app', false],
      ]);
      const frames = await panelFrames(panel);
      const calls = frames.flatMap((f) => f.calls);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ via: 'hook', found: 'trap', mode: 'call-object', dailyVersion: version });
      // The page's own handler still got every event.
      const pageLog = await page.evaluate(
        () => (window as unknown as W).__pageLog.filter((l) => (l as { kind: string }).kind === 'app-message').length,
      );
      expect(pageLog).toBe(4);
      await panel.close();
      await page.close();
    });
  }
});

describe('Daily modes', () => {
  it('script-tag (UMD) page', async () => {
    const page = await openJoined(env, '/fixtures/umd.html');
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(3));
    const panel = await env.session.openPanel(page);
    const inputs = await waitForInputs(panel, (i) => seqsOf(i).length === 3, 'three events on the UMD page');
    expect(seqsOf(inputs)).toEqual([1, 2, 3]);
    expect((await panelFrames(panel)).flatMap((f) => f.calls)[0]).toMatchObject({ found: 'trap', via: 'hook' });
    await panel.close();
    await page.close();
  });

  it('two call instances (allowMultipleCallInstances)', async () => {
    const page = await openJoined(env, '/fixtures/esm.html?multi=1');
    await page.evaluate(() => {
      const w = window as unknown as W;
      w.__fakeMachine.emit({ which: 0 }, 0);
      w.__fakeMachine.emit({ which: 1 }, 1);
      w.__appSend({ from: 'second' }, 1);
    });
    const panel = await env.session.openPanel(page);
    const inputs = await waitForInputs(
      panel,
      (i) => incoming(i).length === 2 && outgoing(i).length === 2,
      'both calls',
    );
    const calls = (await panelFrames(panel)).flatMap((f) => f.calls);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(2);
    const byCall = new Map(incoming(inputs).map((i) => [i.record.callId, JSON.parse(i.record.json).which]));
    expect(byCall.size).toBe(2);
    const secondSend = outgoing(inputs).find((o) => JSON.parse(o.record.json).from === 'second');
    expect(secondSend?.record.callId).toBe([...byCall.entries()].find(([, which]) => which === 1)?.[0]);
    await panel.close();
    await page.close();
  });

  it('createFrame parent with a cross-origin Prebuilt iframe', async () => {
    const page = await openJoined(env, `/fixtures/frame.html?prebuilt=${encodeURIComponent(prebuilt.origin)}`);
    const prebuiltFrame = page.frames().find((f) => f.url().startsWith(prebuilt.origin));
    expect(prebuiltFrame).toBeDefined();
    await prebuiltFrame!.evaluate(() =>
      (window as unknown as { __emitToParent(d: unknown): void }).__emitToParent({
        seq: 1,
        event_type: 'conversation.utterance',
      }),
    );
    await page.evaluate(() => (window as unknown as W).__pageLog.length > 0);
    const panel = await env.session.openPanel(page);
    const inputs = await waitForInputs(panel, (i) => incoming(i).length >= 1, 'the Prebuilt event in the parent');
    const frames = await panelFrames(panel);
    const parent = frames.find((f) => f.top);
    expect(parent?.calls[0]).toMatchObject({ mode: 'frame', via: 'hook' });
    expect(incoming(inputs)[0]?.frameId).toBe(parent?.frameId);
    // The iframe's relay saw the parent's outgoing commands (sniffer) — at least the frame is known.
    expect(frames.some((f) => !f.top && f.url.startsWith(prebuilt.origin))).toBe(true);
    await panel.close();
    await page.close();
  });
});

describe('a page without Daily', () => {
  it('leaks no globals, throws nothing, and the panel says no call was found', async () => {
    const page = await env.session.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.server.origin}/fixtures/nodaily.html`);
    const globals = await page.evaluate(() => {
      const frame = document.createElement('iframe');
      document.body.appendChild(frame);
      const clean = new Set(Object.getOwnPropertyNames(frame.contentWindow));
      const extra = Object.getOwnPropertyNames(window).filter(
        (k) => !clean.has(k) && !k.startsWith('__page') && !/^\d+$/.test(k),
      );
      const enumerableOnObjectProto = Object.keys(Object.prototype);
      frame.remove();
      return { extra, enumerableOnObjectProto, symbols: Object.getOwnPropertySymbols(window).map(String) };
    });
    expect(globals.extra).toEqual([]);
    expect(globals.enumerableOnObjectProto).toEqual([]);
    expect(errors).toEqual([]);
    const panel = await env.session.openPanel(page);
    await expect(
      waitUntil(
        'frame hello',
        () => panelFrames(panel),
        (f) => f.length >= 1,
      ),
    ).resolves.toBeTruthy();
    const frames = await panelFrames(panel);
    expect(frames.flatMap((f) => f.calls)).toEqual([]);
    await panel.locator('text=No Daily call').first().waitFor({ timeout: 5000 });
    await panel.close();
    await page.close();
  });
});
