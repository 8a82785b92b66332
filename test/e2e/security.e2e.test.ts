// A hostile page against the extension: it can neither read nor forge the hook channel, cannot reach another
// tab's log or any extension API, and whatever it sends is shown as inert data.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openJoined, useExtensionEnv } from './support/setup';
import { incoming, panelInputs, waitForInputs } from './support/panel';

const env = useExtensionEnv();

type W = {
  __joined?: boolean;
  __callId: string;
  __attack: { handshakes: number; events: string[] };
  __machineLog: unknown[];
  __pwned?: boolean;
  __fakeMachine: { emit(d: unknown): void; burst(n: number): void };
};

describe('spoofing', () => {
  it('the page cannot read the nonce, forge commands or records, or reach extension APIs', async () => {
    const page = await openJoined(env, '/fixtures/hostile.html');
    const panel = await env.session.openPanel(page);
    await page.evaluate(() => (window as unknown as W).__fakeMachine.burst(2));
    await waitForInputs(panel, (i) => incoming(i).length === 2, 'the two real events');
    const result = await page.evaluate(async () => {
      const w = window as unknown as W;
      // Ask for the handshake again, as the hook does at document_start.
      document.dispatchEvent(new CustomEvent('cvi-devtools:hook-hello'));
      // Guess channel names and forge a send command and a record batch.
      const send = JSON.stringify({
        v: 1,
        type: 'send',
        requestId: 'x',
        callId: w.__callId,
        json: '{"forged":true}',
        to: '*',
      });
      const records = JSON.stringify({
        v: 1,
        type: 'records',
        records: [
          {
            kind: 'app-message',
            callId: w.__callId,
            via: 'hook',
            t: 1,
            dir: 'in',
            origin: 'remote',
            json: '{"forged":"record"}',
            size: 19,
          },
        ],
      });
      for (const name of ['cvi-devtools:relay', 'cvi-devtools:r:', 'cvi-devtools:page', 'cvi-devtools:p:']) {
        document.dispatchEvent(new CustomEvent(name, { detail: send }));
        document.dispatchEvent(new CustomEvent(name, { detail: records }));
      }
      await new Promise((r) => setTimeout(r, 300));
      const c = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown; id?: string } } }).chrome;
      return {
        attack: w.__attack,
        machine: w.__machineLog,
        runtime: typeof c?.runtime?.sendMessage,
        runtimeId: c?.runtime?.id,
      };
    });
    expect(result.attack.handshakes).toBe(0);
    // The page hears only its own forged dispatches, never the extension's traffic.
    expect(result.attack.events.length).toBe(8);
    expect(result.machine).toEqual([]);
    expect(result.runtime).toBe('undefined');
    expect(result.runtimeId).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    const inputs = await panelInputs(panel);
    expect(inputs.some((i) => i.record.json.includes('forged'))).toBe(false);
    await panel.close();
    await page.close();
  });

  it("traffic from one tab never appears in another tab's panel", async () => {
    const victim = await openJoined(env, '/fixtures/esm.html');
    const attacker = await openJoined(env, '/fixtures/hostile.html');
    const panel = await env.session.openPanel(victim);
    await attacker.evaluate(() => {
      const w = window as unknown as W;
      for (let i = 0; i < 20; i++) w.__fakeMachine.emit({ from: 'attacker', i });
      window.postMessage(
        {
          what: 'iframe-call-message',
          from: 'embedded',
          action: 'app-message',
          callClientId: w.__callId,
          data: { from: 'attacker' },
        },
        '*',
      );
    });
    await victim.evaluate(() => (window as unknown as W).__fakeMachine.emit({ from: 'victim' }));
    const inputs = await waitForInputs(panel, (i) => incoming(i).length >= 1, 'victim event');
    await new Promise((r) => setTimeout(r, 500));
    const all = await panelInputs(panel);
    expect(all.some((i) => i.record.json.includes('attacker'))).toBe(false);
    expect(incoming(inputs).map((i) => JSON.parse(i.record.json))).toEqual([{ from: 'victim' }]);
    await panel.close();
    await victim.close();
    await attacker.close();
  });
});

describe('hostile payloads are shown as data', () => {
  it('HTML and script in every string stay text; the page still gets its events', async () => {
    const page = await openJoined(env, '/fixtures/esm.html');
    const payloads: unknown[] = [
      {
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        seq: 1,
        turn_idx: 1,
        inference_id: '<img src=x onerror="window.__pwned=true">',
        properties: {
          role: '<script>window.__pwned=true</script>',
          speech: '<img src=x onerror="window.__pwned=true"><b>bold</b>',
        },
      },
      {
        message_type: 'conversation',
        event_type: '<svg onload="window.__pwned=true">',
        seq: 2,
        properties: { ['__proto__']: { polluted: true }, constructor: { prototype: { polluted: true } } },
      },
      {
        event_type: 'conversation.tool_call',
        seq: 3,
        properties: { name: 'javascript:alert(1)', arguments: '{"x":"</script><script>window.__pwned=true</script>"}' },
      },
    ];
    for (const p of payloads)
      await page.evaluate((data) => (window as unknown as W).__fakeMachine.emit(JSON.parse(data)), JSON.stringify(p));
    const panel = await env.session.openPanel(page);
    await waitForInputs(panel, (i) => incoming(i).length === 3, 'three hostile events');
    await panel.locator('[data-testid=event-row]').first().waitFor();
    const check = await panel.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: boolean }).__pwned,
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      bold: document.querySelectorAll('b').length,
      polluted: ({} as { polluted?: boolean }).polluted,
      text: document.body.textContent ?? '',
    }));
    expect(check.pwned).toBeUndefined();
    expect(check.images).toBe(0);
    expect(check.scripts).toBe(0);
    expect(check.polluted).toBeUndefined();
    expect(check.text).toContain('<img src=x onerror="window.__pwned=true"><b>bold</b>');
    const pageSide = await page.evaluate(() => ({
      pwned: (window as unknown as W).__pwned,
      got: (window as unknown as { __pageLog: unknown[] }).__pageLog.length,
    }));
    expect(pageSide.pwned).toBeUndefined();
    expect(pageSide.got).toBeGreaterThanOrEqual(3);
    await panel.close();
    await page.close();
  });

  it('a 10 MB string is cut and flagged, 10,000-deep nesting is kept as data, and the page is unaffected', async () => {
    const page = await openJoined(env, '/fixtures/esm.html');
    const appSaw = await page.evaluate(() => {
      const w = window as unknown as W & { __appSend(d: unknown): unknown };
      w.__fakeMachine.emit({
        event_type: 'conversation.utterance',
        seq: 1,
        properties: { role: 'user', speech: 'x'.repeat(10_000_000) },
      });
      // Structured clone cannot carry 10,000 levels, so such a value only exists in the page: the app sends it.
      let deep: unknown = { seq: 2 };
      for (let i = 0; i < 10_000; i++) deep = { d: deep };
      let thrown = '';
      try {
        w.__appSend(deep);
      } catch (e) {
        thrown = (e as Error).message;
      }
      w.__fakeMachine.emit({
        event_type: 'conversation.utterance',
        seq: 3,
        properties: { role: 'user', speech: 'after' },
      });
      return thrown;
    });
    const panel = await env.session.openPanel(page);
    const inputs = await waitForInputs(
      panel,
      (i) => incoming(i).length === 2 && i.some((x) => x.record.dir === 'out' && (x.record.size ?? 0) > 10_000),
      'the big events',
      30_000,
    );
    const [big, after] = incoming(inputs);
    expect(big?.record.truncated).toBe(true);
    expect(big?.record.size).toBeGreaterThan(10_000_000);
    expect(JSON.parse(after!.record.json).properties.speech).toBe('after');
    // The deep value is kept as data; whatever daily-js did with it (it is far over the size limit) is what the app saw.
    const deep = inputs.find((x) => x.record.dir === 'out' && (x.record.size ?? 0) > 10_000)!;
    expect(deep.record.sendError ?? '').toBe(appSaw);
    expect(deep.record.json.startsWith('{"d":{"d":')).toBe(true);
    const stats = await panel.evaluate(() =>
      (globalThis as unknown as { __cviPanel: { stats(): { total: number; malformed: number } } }).__cviPanel.stats(),
    );
    expect(stats.total).toBeGreaterThanOrEqual(3);
    expect(
      await page.evaluate(() => (window as unknown as { __pageLog: unknown[] }).__pageLog.length),
    ).toBeGreaterThanOrEqual(3);
    await panel.close();
    await page.close();
  });
});

describe('fuzz: the whole page → panel path', () => {
  it('every generated hostile app-message reaches the page handler and the panel, as data', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<script>window.__pwned=true</script>',
        '<img src=x onerror="window.__pwned=true">',
        '__proto__',
        '\ud800',
        '</textarea><b>x</b>',
      ),
    );
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.double({ noNaN: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 3 }),
        fc.dictionary(
          fc.oneof(text, fc.constantFrom('seq', 'event_type', 'properties', 'speech', '__proto__')),
          tie('v'),
          { maxKeys: 5 },
        ),
      ),
    })).v;
    const messages = fc.sample(
      fc.oneof(
        value,
        fc.record(
          {
            event_type: fc.constantFrom('conversation.utterance', 'conversation.tool_call', 'x'),
            seq: fc.oneof(fc.integer(), text),
            properties: value,
          },
          { requiredKeys: [] },
        ),
      ),
      { numRuns: 300, seed: 20261124 },
    );
    const page = await openJoined(env, '/fixtures/esm.html');
    const panel = await env.session.openPanel(page);
    const delivered = await page.evaluate(async (json) => {
      const list = JSON.parse(json) as unknown[];
      const w = window as unknown as W & { __pageLog: { kind: string }[] };
      const before = w.__pageLog.filter((l) => l.kind === 'app-message').length;
      for (const data of list) w.__fakeMachine.emit(data);
      while (w.__pageLog.filter((l) => l.kind === 'app-message').length < before + list.length)
        await new Promise((r) => setTimeout(r, 20));
      return w.__pageLog.filter((l) => l.kind === 'app-message').length - before;
    }, JSON.stringify(messages));
    expect(delivered).toBe(messages.length);
    const inputs = await waitForInputs(
      panel,
      (i) => incoming(i).length === messages.length,
      'every fuzzed message in the panel',
      30_000,
    );
    expect(incoming(inputs).map((i) => i.record.json)).toEqual(messages.map((m) => JSON.stringify(m)));
    const panelState = await panel.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: boolean }).__pwned,
      rows: (globalThis as unknown as { __cviPanel: { stats(): { total: number } } }).__cviPanel.stats().total,
    }));
    expect(panelState.pwned).toBeUndefined();
    expect(panelState.rows).toBeGreaterThanOrEqual(messages.length);
    expect(await page.evaluate(() => (window as unknown as W).__pwned)).toBeUndefined();
    await panel.close();
    await page.close();
  });
});
