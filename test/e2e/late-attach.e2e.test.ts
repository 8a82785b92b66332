// Calls the constructor trap could not see: found by the passive sniffer (read-only), then by late attach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/server';
import { useExtensionEnv } from './support/setup';
import { CHROMIUM } from '../support/browser';
import { incoming, outgoing, panelFrames, waitForInputs, waitUntil } from './support/panel';

const env = useExtensionEnv();

type W = { __joined?: boolean; __fakeMachine: { emit(d: unknown): void }; __appSend(d: unknown): void };

describe('a hardened page that removes the constructor trap', () => {
  it('shows sniffed traffic read-only, then the Attach button finds the call object', async () => {
    const page = await env.session.context.newPage();
    await page.goto(`${env.server.origin}/fixtures/lockdown.html`);
    await page.waitForFunction(() => (window as unknown as W).__joined === true, undefined, { timeout: 15_000 });
    await page.evaluate(() =>
      (window as unknown as W).__fakeMachine.emit({ seq: 1, event_type: 'conversation.utterance' }),
    );
    const panel = await env.session.openPanel(page);
    let inputs = await waitForInputs(panel, (i) => incoming(i).length === 1, 'the sniffed event');
    expect(incoming(inputs)[0]?.record.via).toBe('sniffer');
    let calls = (await panelFrames(panel)).flatMap((f) => f.calls);
    expect(calls).toEqual([expect.objectContaining({ found: 'sniffed', canSend: false })]);

    await panel.click('[data-testid=attach-call]');
    calls = (
      await waitUntil(
        'late attach',
        () => panelFrames(panel),
        (f) => f.some((x) => x.calls.some((c) => c.found === 'late')),
      )
    ).flatMap((f) => f.calls);
    expect(calls).toEqual([expect.objectContaining({ found: 'late', via: 'hook', canSend: true })]);

    await page.evaluate(() => {
      const w = window as unknown as W;
      w.__fakeMachine.emit({ seq: 2, event_type: 'conversation.utterance' });
      w.__appSend({ event_type: 'conversation.respond', properties: { text: 'after attach' } });
    });
    inputs = await waitForInputs(
      panel,
      (i) => incoming(i).length === 2 && outgoing(i).length >= 1,
      'events after attach',
    );
    // After attach the hook reports the call: once each, not also by the sniffer.
    expect(incoming(inputs).map((i) => i.record.via)).toEqual(['sniffer', 'hook']);
    expect(outgoing(inputs).at(-1)?.record).toMatchObject({ via: 'hook', origin: 'app' });
    await panel.close();
    await page.close();
  });
});

describe('the hook injected after daily-js created its calls (late probe)', () => {
  // A plain browser without the extension: each page creates and joins its call before the hook exists.
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  for (const version of ['0.60.0', '0.80.0', '0.92.2']) {
    it(`finds the existing call object with daily-js ${version}`, async () => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${env.server.origin}/fixtures/esm.html?v=${version}`);
        await page.waitForFunction(() => (window as unknown as W).__joined === true, undefined, { timeout: 15_000 });
        // Play the relay's part: offer the channel target when the hook says hello, then read what the hook says on
        // it (src/bridge/channel.ts, "Channel").
        await page.evaluate(() => {
          const w = window as unknown as { __got: unknown[] };
          w.__got = [];
          const target = new EventTarget();
          target.addEventListener('cvi-devtools:from-hook', (e: Event) => {
            const text = (e as CustomEvent).detail as string;
            const body = text.slice(text.indexOf('\n') + 1); // after the hook's key
            if (!body.startsWith('R')) return void w.__got.push(JSON.parse(body));
            // A records frame: <length>:<meta><length>:<json>, … (see src/bridge/channel.ts).
            const records = [];
            let at = 1;
            const part = () => {
              const colon = body.indexOf(':', at);
              const length = Number(body.slice(at, colon));
              at = colon + 1 + length;
              return body.slice(colon + 1, at);
            };
            while (at < body.length) {
              const meta = JSON.parse(part()) as object;
              records.push({ ...meta, json: part() });
            }
            w.__got.push({ type: 'records', records });
          });
          document.addEventListener('cvi-devtools:hello', () => {
            document.dispatchEvent(
              new PointerEvent('cvi-devtools:offer', {
                relatedTarget: target,
                pointerType: 'k'.repeat(36),
                cancelable: true,
              }),
            );
          });
        });
        await page.addScriptTag({ content: fs.readFileSync(path.join(ROOT, 'dist/src/page/hook.js'), 'utf8') });
        await page.evaluate(() => (window as unknown as W).__fakeMachine.emit({ seq: 1, late: true }));
        const got = await page.waitForFunction(
          () => {
            const msgs = (
              window as unknown as {
                __got: { type: string; call?: { found: string }; records?: { kind: string; json: string }[] }[];
              }
            ).__got;
            const call = msgs.find((m) => m.type === 'call')?.call;
            const late = msgs
              .flatMap((m) => m.records ?? [])
              .find((r) => r.kind === 'app-message' && r.json.includes('"late":true'));
            return call && late ? { call, late } : undefined;
          },
          undefined,
          { timeout: 10_000 },
        );
        const { call } = (await got.jsonValue()) as { call: { found: string; dailyVersion?: string } };
        expect(call.found).toBe('late');
        expect(call.dailyVersion).toBe(version);
        // Function.prototype.call is the page's own again.
        expect(await page.evaluate(() => Function.prototype.call.toString().includes('[native code]'))).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
