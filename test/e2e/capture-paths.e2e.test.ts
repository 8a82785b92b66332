// Every send path in causal order, odd and big payloads, in real Chromium with the real daily-js:
//  - a reply sent synchronously inside the app's app-message handler sorts after the event that triggered it;
//  - a send through the DailyCall prototype is captured; one to 1,001 recipients keeps the whole batch;
//  - a 2 MB utterance keeps its structure (valid JSON, speech start readable, flagged truncated);
//  - newline, U+2028, NUL, lone surrogates and a 10 MB message never stop capture of what follows.
import { describe, expect, it } from 'vitest';
import { openJoined, useExtensionEnv } from './support/setup';
import { appMessages, incoming, outgoing, waitForInputs } from './support/panel';
import { CUT_MARKER_PATTERN, MAX_EVENT_JSON } from '../../src/record/record';

const env = useExtensionEnv();

type W = {
  __fakeMachine: { emit(d: unknown): void };
  __protoSend(d: unknown): void;
  __sendTo(d: unknown, to: string[]): void;
  __machineLog: { data: unknown; to: unknown }[];
};

describe('causal order and every send path', () => {
  it('a reply sent inside the app-message handler is recorded after its tool call', async () => {
    const page = await openJoined(env, '/fixtures/tool-reply.html');
    const panel = await env.session.openPanel(page);
    await page.evaluate(() =>
      (window as unknown as W).__fakeMachine.emit({
        message_type: 'conversation',
        event_type: 'conversation.tool_call',
        conversation_id: 'c1',
        seq: 1,
        turn_idx: 1,
        properties: { name: 'add_to_cart', arguments: '{}' },
      }),
    );
    const inputs = await waitForInputs(panel, (i) => outgoing(i).length >= 1 && incoming(i).length >= 1, 'call+reply');
    const rows = appMessages(inputs).map((i) => ({
      dir: i.record.dir,
      t: (i.record as { t?: number }).t ?? 0,
      cursor: i.cursor,
      type: (JSON.parse(i.record.json) as { event_type?: string }).event_type,
    }));
    expect(rows.map((r) => [r.dir, r.type])).toEqual([
      ['in', 'conversation.tool_call'],
      ['out', 'conversation.echo'],
    ]);
    expect(rows[0]!.t).toBeLessThanOrEqual(rows[1]!.t);
    expect(rows[0]!.cursor).toBeLessThan(rows[1]!.cursor);
    await panel.close();
    await page.close();
  });

  it('captures a send through the DailyCall prototype, and one to 1,001 recipients with its whole batch', async () => {
    const page = await openJoined(env, '/fixtures/tool-reply.html');
    const panel = await env.session.openPanel(page);
    const ids = Array.from({ length: 1001 }, (_, i) => `session-${i}`);
    await page.evaluate(
      ({ ids }) => {
        const w = window as unknown as W;
        w.__protoSend({ via: 'prototype' });
        w.__sendTo({ to: 'many' }, ids);
        w.__sendTo({ after: 'many' }, ['one']);
      },
      { ids },
    );
    const inputs = await waitForInputs(panel, (i) => outgoing(i).length >= 3, 'three sends');
    const sent = outgoing(inputs).map((i) => i.record);
    expect(sent.map((r) => r.json)).toEqual(['{"via":"prototype"}', '{"to":"many"}', '{"after":"many"}']);
    expect((sent[1] as { to?: string[] }).to).toEqual(ids);
    const machine = await page.evaluate(() => (window as unknown as W).__machineLog.length);
    expect(machine).toBe(3); // the page's sends themselves are untouched
    await panel.close();
    await page.close();
  });
});

describe('big and odd payloads', () => {
  it('a 2 MB utterance keeps its structure; odd characters and a 10 MB message do not stop what follows', async () => {
    const page = await openJoined(env, '/fixtures/tool-reply.html');
    const panel = await env.session.openPanel(page);
    await page.evaluate(() => {
      const emit = (window as unknown as W).__fakeMachine.emit;
      emit({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        seq: 1,
        turn_idx: 1,
        properties: { role: 'replica', speech: 'Sure, here is the plan. ' + 'word '.repeat(400_000) },
      });
      emit({ seq: 2, text: 'line\nbreak \u2028 sep \u2029 nul \u0000 lone \ud800 end' });
      emit({ seq: 3, blob: 'z'.repeat(10_000_000) });
      emit({ seq: 4, text: 'after' });
    });
    const inputs = await waitForInputs(panel, (i) => incoming(i).length === 4, 'four events', 30_000);
    const [utterance, odd, huge, last] = incoming(inputs).map((i) => i.record);
    expect(utterance!.truncated).toBe(true);
    expect(utterance!.json.length).toBeLessThanOrEqual(MAX_EVENT_JSON);
    const speech = (JSON.parse(utterance!.json) as { properties: { speech: string } }).properties.speech;
    expect(speech.startsWith('Sure, here is the plan. word word')).toBe(true);
    expect(CUT_MARKER_PATTERN.test(speech)).toBe(true);
    expect(JSON.parse(odd!.json)).toEqual({ seq: 2, text: 'line\nbreak \u2028 sep \u2029 nul \u0000 lone \ud800 end' });
    expect(huge!.truncated).toBe(true);
    expect((JSON.parse(huge!.json) as { seq: number }).seq).toBe(3);
    expect(JSON.parse(last!.json)).toEqual({ seq: 4, text: 'after' });
    await panel.close();
    await page.close();
  });
});
