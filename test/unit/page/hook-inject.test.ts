// The hook's inject command (replay and mock replica): events reach the app's app-message handlers through the
// call's own saved emit, as daily-js delivers Tavus's events, on a joined call or one not joined yet, and are
// recorded as incoming records carrying the relay's request id (the relay alone decides their origin).
import { describe, expect, it } from 'vitest';
import { OFFER_EVENT } from '../../../src/bridge/channel';
import { FakeDailyCall, FakeMessageEvent, appMessages, bareArray, hostile, setupHook } from './fake-page';

const events = (...items: [object, string?][]) =>
  items.map(([data, fromId]) => ({ json: JSON.stringify(data), fromId: fromId ?? 'replica-1' }));

describe('inject', () => {
  it('fires the app-message handlers of a call that is not joined, with the event daily-js builds, in order', () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    const seen: unknown[] = [];
    call.on('app-message', (ev) => seen.push(ev)); // before the hook attached
    realm.runMicrotasks();
    call.on('app-message', (ev) => seen.push((ev as { data: unknown }).data)); // after
    read();
    command({
      type: 'inject',
      requestId: 'r-1',
      callId: 'c-1',
      events: events(
        [{ event_type: 'conversation.utterance', seq: 1, properties: { speech: 'Hello' } }],
        [{ event_type: 'conversation.replica.started_speaking', seq: 2 }, 'someone-else'],
      ),
    });
    realm.runMicrotasks();
    expect(call.meetingState()).toBe('new');
    expect(seen).toEqual([
      {
        action: 'app-message',
        data: { event_type: 'conversation.utterance', seq: 1, properties: { speech: 'Hello' } },
        fromId: 'replica-1',
        callClientId: 'c-1',
      },
      { event_type: 'conversation.utterance', seq: 1, properties: { speech: 'Hello' } },
      {
        action: 'app-message',
        data: { event_type: 'conversation.replica.started_speaking', seq: 2 },
        fromId: 'someone-else',
        callClientId: 'c-1',
      },
      { event_type: 'conversation.replica.started_speaking', seq: 2 },
    ]);
    // The app gets ordinary objects (it may use them as it likes), as from daily-js.
    expect(Object.getPrototypeOf(seen[1])).toBe(Object.prototype);
    const { controls, records: all } = read();
    const records = appMessages(all);
    expect(records.map((r) => [r.dir, r.origin, r.req, r.fromId, r.json])).toEqual([
      [
        'in',
        'remote',
        'r-1',
        'replica-1',
        '{"event_type":"conversation.utterance","seq":1,"properties":{"speech":"Hello"}}',
      ],
      ['in', 'remote', 'r-1', 'someone-else', '{"event_type":"conversation.replica.started_speaking","seq":2}'],
    ]);
    expect(controls).toEqual([{ v: 1, type: 'inject-result', requestId: 'r-1', ok: true, delivered: 2 }]);
  });

  it("records each event before the app's handlers run, so the app's reply sorts after it (joined call)", () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    call.on('app-message', (ev) => {
      const data = (ev as { data: { properties?: { tool_call_id?: string } } }).data;
      call.sendAppMessage({ event_type: 'conversation.tool_result', tool_call_id: data.properties?.tool_call_id });
    });
    realm.runMicrotasks();
    call.join();
    read();
    command({
      type: 'inject',
      requestId: 'r-2',
      callId: 'c-1',
      events: events([{ event_type: 'conversation.tool_call', properties: { tool_call_id: 't1' } }]),
    });
    realm.runMicrotasks();
    const records = appMessages(read().records);
    expect(records.map((r) => [r.dir, r.origin, r.req])).toEqual([
      ['in', 'remote', 'r-2'],
      ['out', 'app', undefined],
    ]);
    expect(records[1]!.json).toBe('{"event_type":"conversation.tool_result","tool_call_id":"t1"}');
  });

  it("goes through the emit saved at attach: a page's later emit or on replacement, and patched built-ins, see nothing", () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    const got: unknown[] = bareArray();
    call.on('app-message', (ev) => {
      got[got.length] = (ev as { fromId: unknown }).fromId;
    });
    realm.runMicrotasks();
    read();
    let pageEmitCalls = 0;
    // The page replaces emit on the instance after the hook attached.
    (call as unknown as { emit: unknown }).emit = () => {
      pageEmitCalls++;
      return false;
    };
    const text = JSON.stringify({
      v: 1,
      type: 'inject',
      requestId: 'r-3',
      callId: 'c-1',
      events: events([{ seq: 1 }]),
    });
    const page = hostile(realm);
    try {
      command(text);
      realm.runMicrotasks();
    } finally {
      page.restore();
    }
    expect(page.hits).toEqual([]);
    expect(pageEmitCalls).toBe(0);
    expect(Array.from(got)).toEqual(['replica-1']);
    expect(read().controls).toEqual([{ v: 1, type: 'inject-result', requestId: 'r-3', ok: true, delivered: 1 }]);
  });

  it('a throwing handler does not stop delivery: the result says so; bad events and unknown calls are refused', () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    let calls = 0;
    call.on('app-message', () => {
      calls++;
      throw new Error('app bug');
    });
    realm.runMicrotasks();
    read();
    command({ type: 'inject', requestId: 'r-4', callId: 'c-1', events: events([{ seq: 1 }], [{ seq: 2 }]) });
    command({ type: 'inject', requestId: 'r-5', callId: 'nope', events: events([{ seq: 3 }]) });
    command({
      type: 'inject',
      requestId: 'r-6',
      callId: 'c-1',
      events: [
        { json: '{"seq":4}', fromId: 'r' },
        { json: '{not json', fromId: 'r' },
      ],
    });
    command({ type: 'inject', requestId: 7, callId: 'c-1', events: events([{ seq: 5 }]) }); // malformed: ignored
    realm.runMicrotasks();
    expect(calls).toBe(3);
    const { controls, records: all } = read();
    const records = appMessages(all);
    expect(controls).toEqual([
      { v: 1, type: 'inject-result', requestId: 'r-4', ok: true, delivered: 2, handlerError: 'app bug' },
      {
        v: 1,
        type: 'inject-result',
        requestId: 'r-5',
        ok: false,
        delivered: 0,
        error: 'No captured call with id nope',
      },
      {
        v: 1,
        type: 'inject-result',
        requestId: 'r-6',
        ok: false,
        delivered: 1,
        error: 'Event 1 is not valid JSON',
        handlerError: 'app bug',
      },
    ]);
    expect(records.map((r) => r.json)).toEqual(['{"seq":1}', '{"seq":2}', '{"seq":4}']);
  });

  it('a page cannot inject through the hook: it has no handle on the channel, and the window hears nothing', () => {
    const { realm, read, page } = setupHook();
    const call = new FakeDailyCall('c-1');
    let fired = 0;
    call.on('app-message', () => fired++);
    realm.runMicrotasks();
    read();
    // What a page could try: the command as a window message or a document event, as text and as an object.
    const msg = { v: 1, type: 'inject', requestId: 'x', callId: 'c-1', events: events([{ seq: 1 }]) };
    for (const data of [msg, JSON.stringify(msg)]) {
      page.window.dispatchEvent(new FakeMessageEvent('message', { data }));
      page.document.dispatchEvent(new FakeMessageEvent('message', { data }));
      page.document.dispatchEvent(new FakeMessageEvent(OFFER_EVENT, { data, cancelable: true }));
    }
    realm.runMicrotasks();
    expect(fired).toBe(0);
    expect(read().controls).toEqual([]);
  });
});
