// Faults a real session meets: panel closed and reopened, back/forward cache, an iframe with the call removed,
// the call destroyed and recreated. Checked by seq and cursor: nothing lost, nothing doubled.
import { describe, expect, it } from 'vitest';
import { launchWithExtension } from '../support/browser';
import { openJoined, useExtensionEnv } from './support/setup';
import { incoming, panelFrames, panelInputs, seqsOf, waitForInputs, waitUntil } from './support/panel';

const env = useExtensionEnv();

type W = {
  __joined?: boolean;
  __fakeMachine: { burst(n: number, o?: object): void; calls: Record<string, { emit(d: unknown): void }> };
  __recreate(): Promise<void>;
  __childJoined(): boolean;
  __removeChild(): void;
};

describe('back/forward cache', () => {
  it('a page restored from the bfcache keeps its buffer: a panel opened afterwards gets every event once', async () => {
    const bf = await launchWithExtension([], undefined, { backForwardCache: true });
    try {
      const page = await bf.context.newPage();
      await page.goto(`${env.server.origin}/fixtures/sniffed.html`);
      await page.evaluate(() =>
        (window as unknown as { __emitSniffed(a: number, b: number): void }).__emitSniffed(1, 3),
      );
      await page.goto(`${env.server.origin}/fixtures/nodaily.html`);
      await page.goBack({ waitUntil: 'commit' }); // a bfcache restore fires no load event
      await page.waitForFunction(() => (window as unknown as { __joined?: boolean }).__joined === true);
      const restored = await page.evaluate(
        () => (window as unknown as { __restoredFromBfcache?: boolean }).__restoredFromBfcache,
      );
      expect(restored).toBe(true); // the same document came back, with its relay and buffer
      await page.evaluate(() =>
        (window as unknown as { __emitSniffed(a: number, b: number): void }).__emitSniffed(4, 5),
      );
      const panel = await bf.openPanel(page);
      const inputs = await waitForInputs(panel, (i) => seqsOf(i).length === 5, 'all five sniffed events');
      expect(seqsOf(inputs)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(incoming(inputs).map((i) => i.source)).size).toBe(1);
      expect(incoming(inputs).every((i) => i.record.via === 'sniffer')).toBe(true);
    } finally {
      await bf.close();
    }
  });
});

describe('faults', () => {
  it('panel closed and reopened: the new panel replays everything once', async () => {
    const page = await openJoined(env, '/fixtures/esm.html');
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(5));
    let panel = await env.session.openPanel(page);
    await waitForInputs(panel, (i) => seqsOf(i).length === 5, 'first panel');
    await panel.close();
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(5, { startSeq: 6 }));
    panel = await env.session.openPanel(page);
    const inputs = await waitForInputs(panel, (i) => seqsOf(i).length === 10, 'reopened panel');
    expect(seqsOf(inputs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await panel.close();
    await page.close();
  });

  it('navigating away and back with the panel open: the page is reloaded (our port keeps it out of the bfcache) and preserved events stay', async () => {
    const page = await openJoined(env, '/fixtures/esm.html');
    const panel = await env.session.openPanel(page);
    await panel.click('[data-testid=preserve-log]');
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(3));
    await waitForInputs(panel, (i) => seqsOf(i).length === 3, 'before leaving');
    await page.goto(`${env.server.origin}/fixtures/nodaily.html`);
    await page.goBack();
    await page.waitForFunction(() => (window as unknown as W).__joined === true, undefined, { timeout: 15_000 });
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(2, { startSeq: 4 }));
    const inputs = await waitForInputs(panel, (i) => seqsOf(i).includes(5), 'after coming back');
    const bySource = new Map<string, number[]>();
    for (const i of incoming(inputs))
      bySource.set(i.source, [...(bySource.get(i.source) ?? []), JSON.parse(i.record.json).seq]);
    expect([...bySource.values()].map((seqs) => seqs.join(','))).toEqual(['1,2,3', '4,5']);
    const keys = inputs.map((i) => `${i.source}:${i.cursor}`);
    expect(new Set(keys).size).toBe(keys.length);
    await panel.close();
    await page.close();
  });

  it('an iframe holding the call is removed mid-call: its events stay, the frame is marked gone', async () => {
    const page = await env.session.context.newPage();
    await page.goto(`${env.server.origin}/fixtures/frames.html`);
    await page.waitForFunction(() => (window as unknown as W).__childJoined(), undefined, { timeout: 15_000 });
    const child = page.frames().find((f) => f.url().includes('/fixtures/esm.html'))!;
    await child.evaluate(() => (window as unknown as W).__fakeMachine.burst(3));
    const panel = await env.session.openPanel(page);
    await waitForInputs(panel, (i) => seqsOf(i).length === 3, 'iframe events');
    const childFrame = (await panelFrames(panel)).find((f) => !f.top && f.calls.length > 0)!;
    expect(childFrame).toBeDefined();
    await page.evaluate(() => (window as unknown as W).__removeChild());
    const frames = await waitUntil(
      'frame gone',
      () => panelFrames(panel),
      (f) => f.find((x) => x.docId === childFrame.docId)?.gone === true,
    );
    expect(frames.find((x) => x.docId === childFrame.docId)?.gone).toBe(true);
    expect(seqsOf(await panelInputs(panel))).toEqual([1, 2, 3]);
    await panel.close();
    await page.close();
  });

  it('the call destroyed and recreated: both calls are captured, each event once', async () => {
    const page = await openJoined(env, '/fixtures/esm.html');
    const panel = await env.session.openPanel(page);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(2));
    await waitForInputs(panel, (i) => seqsOf(i).length === 2, 'first call');
    await page.evaluate(() => (window as unknown as W).__recreate());
    await page.evaluate(() => {
      const calls = Object.values((window as unknown as W).__fakeMachine.calls);
      calls[calls.length - 1]!.emit({
        seq: 1,
        event_type: 'conversation.utterance',
        properties: { role: 'user', speech: 'second call' },
      });
    });
    const inputs = await waitForInputs(panel, (i) => incoming(i).length === 3, 'second call event');
    const callIds = new Set(incoming(inputs).map((i) => i.record.callId));
    expect(callIds.size).toBe(2);
    const states = inputs.filter((i) => i.record.kind === 'call-state').map((i) => i.record.state);
    expect(states).toContain('destroyed');
    expect(states.filter((s) => s === 'captured').length).toBe(2);
    await panel.close();
    await page.close();
  });
});
