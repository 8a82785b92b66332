// The page hook against a hostile page: a fake environment (./fake-page.ts) whose built-ins a "page" patches after
// document_start. Each case is one of issue 12's attacks or capture gaps.
import { describe, expect, it } from 'vitest';
import { HELLO_EVENT } from '../../../src/bridge/channel';
import { CUT_MARKER_PATTERN, MAX_EVENT_JSON } from '../../../src/record/record';
import { FakeDailyCall, FakeMessageEvent, appMessages, bareData, fakePage, hostile, setupHook } from './fake-page';

const applySaved = Reflect.apply;

describe('handover at document_start', () => {
  it('takes the offered channel, cancels the offer (the relay learns it was taken) and keys every message', () => {
    const { read, isTaken, offer, realm } = setupHook();
    expect(isTaken()).toBe(true);
    // Nothing is posted at the handoff (the relay chose the key and knows the channel was taken).
    expect(read().controls).toEqual([]);
    new FakeDailyCall('c-1');
    realm.runMicrotasks();
    expect(read().controls.length).toBeGreaterThan(0); // read() checks each message's key
    expect(offer()).toBe(false); // a second offer (a page replaying the event) is not taken
  });

  it('takes no offer without the relay key in it (a channel alone is not an offer)', () => {
    const { isTaken, offer } = setupHook({ offer: false });
    expect(isTaken()).toBe(false);
    expect(offer(null)).toBe(false);
    expect(offer({ key: 'x' })).toBe(false);
    expect(offer()).toBe(true);
  });

  it('speaks only on the channel target it was offered, in CustomEvents whose detail is the keyed text', () => {
    const { relay, hookEnd, page, realm } = setupHook();
    const onPage: string[] = [];
    for (const target of [page.window, page.document])
      for (const type of ['cvi-devtools:from-hook', 'cvi-devtools:to-hook', 'message'])
        target.addEventListener(type, () => onPage.push(type));
    const details: unknown[] = [];
    hookEnd.addEventListener('cvi-devtools:from-hook', (ev) => details.push((ev as CustomEvent).detail));
    new FakeDailyCall('c-1');
    realm.runMicrotasks();
    expect(onPage).toEqual([]);
    expect(details.length).toBeGreaterThan(0);
    for (const detail of details) expect(detail).toMatch(/^relay-key-r{32}\n/);
    relay.deliver();
  });

  it("handles the relay's messages after the relay's dispatch, never inside it", () => {
    // While a listener on the channel target runs, `window.event` is that event; page code the hook calls then
    // (daily-js's send, a getter on `_daily`) could read it and reach the target.
    const { realm, send, hookEnd, offer, page } = setupHook({ offer: false });
    let inDispatch = false;
    const dailyReads: boolean[] = [];
    Object.defineProperty(page.window, '_daily', {
      configurable: true,
      get: () => {
        dailyReads.push(inDispatch);
        return undefined;
      },
    });
    inDispatch = true;
    expect(offer()).toBe(true);
    inDispatch = false;
    realm.runMicrotasksOnly();
    expect(dailyReads).toEqual([false]); // the late-attach look for existing calls: after the offer's dispatch

    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    call.join();
    send(JSON.stringify({ v: 1, type: 'send', requestId: 'r1', callId: 'c-1', json: '{"a":1}', to: '*' }));
    expect(call.sent.length).toBe(0); // heard inside the dispatch, not yet handled
    hookEnd.deliver();
    expect(call.sent.length).toBe(1);
  });

  it('says hello when it starts, so a relay that ran first can answer with its offer', () => {
    const page = fakePage();
    let hellos = 0;
    page.document.addEventListener(HELLO_EVENT, () => hellos++);
    setupHook({ page, offer: false });
    expect(hellos).toBe(1);
  });

  it('is inert until a relay hands it a channel: no trap, no wrapper, nothing for a page to find', () => {
    setupHook({ offer: false });
    expect('_messageChannel' in {}).toBe(false);
    const call = new FakeDailyCall('c-1');
    expect(Object.getOwnPropertyNames(FakeDailyCall.prototype)).not.toContain('emit');
    expect(call.sendAppMessage.name).toBe('sendAppMessage');
  });

  it('reports an earlier install of the hook still running in the page (stale)', () => {
    const { read } = setupHook({ window: { [Symbol.for('cvi-devtools.hook')]: true } });
    expect(read().controls[0]).toMatchObject({ type: 'hook-ready', stale: true });
  });
});

describe('a page that patches every built-in after document_start', () => {
  it('learns nothing and changes nothing: capture, app sends and DevTools sends use only saved built-ins', () => {
    const { realm, read, send, hookEnd } = setupHook();
    read();
    const before = new FakeDailyCall('c-before');
    realm.runMicrotasks();
    before.join();
    read();
    // The page's own data is made without Object.prototype, so any toJSON lookup seen comes from the hook's objects.
    const utterance = bareData({ event_type: 'conversation.utterance', seq: 1 });
    const echo = bareData({ message_type: 'conversation', event_type: 'conversation.echo' });
    const viaPrototype = bareData({ via: 'prototype' });
    const second = bareData({ seq: 2 });
    const page = hostile(realm);
    let after: FakeDailyCall;
    try {
      after = new FakeDailyCall('c-after'); // the constructor trap fires under the patches
      realm.runMicrotasks();
      after.join();
      before.receive(utterance);
      before.sendAppMessage(echo, '*');
      applySaved(FakeDailyCall.prototype.sendAppMessage, before, [viaPrototype]);
      // The relay lives in another world: its channel methods are not the page's to patch.
      send(
        `{"v":1,"type":"send","requestId":"req-1","callId":"c-before","json":"{\\"secret\\":\\"developer text\\"}","to":["a","b"]}`,
      );
      send('{"v":1,"type":"ack","bytes":10}');
      send('{"v":1,"type":"probe"}');
      hookEnd.deliver();
      after.receive(second);
      realm.runMicrotasks();
    } finally {
      page.restore();
    }
    expect(page.hits).toEqual([]);
    const { controls, records } = read();
    const messages = appMessages(records);
    expect(messages.map((r) => [r.callId, r.dir, r.origin, r.json])).toEqual([
      ['c-before', 'in', 'remote', '{"event_type":"conversation.utterance","seq":1}'],
      ['c-before', 'out', 'app', '{"message_type":"conversation","event_type":"conversation.echo"}'],
      ['c-before', 'out', 'app', '{"via":"prototype"}'],
      ['c-before', 'out', 'devtools', '{"secret":"developer text"}'],
      ['c-after', 'in', 'remote', '{"seq":2}'],
    ]);
    expect(messages[3]).toMatchObject({ req: 'req-1', to: ['a', 'b'] });
    expect(Array.from(before.sent).map((s) => JSON.stringify({ ...(s.data as object) }))).toEqual([
      '{"message_type":"conversation","event_type":"conversation.echo"}',
      '{"via":"prototype"}',
      '{"secret":"developer text"}',
    ]);
    expect(controls).toContainEqual({ v: 1, type: 'send-result', requestId: 'req-1', ok: true });
    expect(controls.some((c) => c.type === 'call' && (c.call as { callId: string }).callId === 'c-after')).toBe(true);
  });

  it('a Object.prototype.toJSON the page adds cannot rewrite or read what the hook announces', () => {
    const { realm, read } = setupHook();
    read();
    let seen = 0;
    Object.defineProperty(Object.prototype, 'toJSON', {
      configurable: true,
      value() {
        seen++;
        return 'forged';
      },
    });
    let call: FakeDailyCall;
    try {
      call = new FakeDailyCall('c-json');
      realm.runMicrotasks();
    } finally {
      delete (Object.prototype as { toJSON?: unknown }).toJSON;
    }
    const { controls, records } = read();
    expect(seen).toBe(0);
    expect(controls.find((c) => c.type === 'call')).toMatchObject({ call: { callId: 'c-json', canSend: true } });
    expect(records[0]).toMatchObject({ kind: 'call-state', state: 'captured' });
    void call;
  });
});

describe('the passive fallback on a patched page', () => {
  it('still reads a call it did not catch when the page has replaced Array.isArray, every and Object.prototype setters', () => {
    const { page, read, realm } = setupHook();
    read();
    // The sniffer runs in the page's world: the real Array of this realm is the page's.
    const isArray = Array.isArray;
    const every = Object.getOwnPropertyDescriptor(Array.prototype, 'every')!;
    const trapped: string[] = [];
    Array.isArray = ((_: unknown) => false) as unknown as typeof Array.isArray;
    Object.defineProperty(Array.prototype, 'every', { ...every, value: () => false });
    for (const name of ['fromId', 'to'])
      Object.defineProperty(Object.prototype, name, {
        configurable: true,
        set(value: unknown) {
          trapped.push(`${name}=${String(value)}`);
        },
      });
    try {
      const post = (data: Record<string, unknown>) =>
        page.window.dispatchEvent(
          new FakeMessageEvent('message', {
            data: { what: 'iframe-call-message', callClientId: 'not-caught', data: { seq: 1 }, ...data },
          }),
        );
      post({ action: 'app-message', from: 'embedded', fromId: 'replica-1' });
      post({ action: 'app-msg', from: 'module', to: ['p1', 'p2'] });
    } finally {
      Array.isArray = isArray;
      Object.defineProperty(Array.prototype, 'every', every);
      delete (Object.prototype as { fromId?: unknown }).fromId;
      delete (Object.prototype as { to?: unknown }).to;
    }
    realm.runMicrotasks();
    const records = appMessages(read().records);
    expect(records).toMatchObject([
      { via: 'sniffer', callId: 'not-caught', dir: 'in', fromId: 'replica-1' },
      { via: 'sniffer', callId: 'not-caught', dir: 'out', to: ['p1', 'p2'] },
    ]);
    expect(trapped).toEqual([]);
  });
});

describe('commands from the relay', () => {
  it('answers a send to an unknown call or a call that is not joined with a failure, and sends nothing', () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    read();
    command({ type: 'send', requestId: 'r1', callId: 'nope', json: '{}', to: '*' });
    command({ type: 'send', requestId: 'r2', callId: 'c-1', json: '{}', to: '*' });
    command({ type: 'send', requestId: 7, callId: 'c-1', json: '{}', to: '*' }); // malformed: ignored
    realm.runMicrotasks();
    const { controls } = read();
    expect(controls).toEqual([
      { v: 1, type: 'send-result', requestId: 'r1', ok: false, error: 'No captured call with id nope' },
      expect.objectContaining({ type: 'send-result', requestId: 'r2', ok: false }),
    ]);
    expect(Array.from(call.sent)).toEqual([]);
  });

  it('a failing DevTools send is recorded with its error and answered as failed', () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    call.join();
    read();
    command({ type: 'send', requestId: 'r1', callId: 'c-1', json: '{"tooLarge":1}', to: '*' });
    realm.runMicrotasks();
    const { controls, records } = read();
    expect(controls).toContainEqual(expect.objectContaining({ type: 'send-result', requestId: 'r1', ok: false }));
    expect(appMessages(records)[0]).toMatchObject({
      origin: 'devtools',
      sendError: expect.stringMatching(/too large/),
    });
  });
});

describe('every send path, in causal order', () => {
  it('a reply sent inside the app-message handler is recorded after its trigger', () => {
    const { realm, read } = setupHook();
    const call = new FakeDailyCall('c-1');
    // The app registers its handler right after creating the call, before the hook attaches (a microtask later).
    call.on('app-message', (ev) => {
      const data = (ev as { data: { properties?: { tool_call_id?: string } } }).data;
      call.sendAppMessage({ event_type: 'conversation.echo', reply_to: data.properties?.tool_call_id });
    });
    realm.runMicrotasks();
    call.join();
    read();
    call.receive({ event_type: 'conversation.tool_call', properties: { tool_call_id: 't1' } });
    realm.runMicrotasks();
    const messages = appMessages(read().records);
    expect(messages.map((m) => m.dir)).toEqual(['in', 'out']);
    expect(messages[0]!.t).toBeLessThanOrEqual(messages[1]!.t);
  });

  it('captures sends through the prototype, keeps name and length, and calls created before the hook', () => {
    const existing = new FakeDailyCall('c-old'); // created before the hook: found by the late probe
    existing.join();
    const { realm, read } = setupHook({
      window: {
        _daily: { instances: { 'c-old': {} } },
        Daily: { getCallInstance: (id?: string) => (id === undefined || id === 'c-old' ? existing : undefined) },
      },
    });
    realm.runMicrotasks();
    read();
    existing.sendAppMessage({ n: 1 }, 'session-a');
    FakeDailyCall.prototype.sendAppMessage.call(existing, { n: 2 });
    realm.runMicrotasks();
    const messages = appMessages(read().records);
    expect(messages.map((m) => [m.callId, m.json, m.to])).toEqual([
      ['c-old', '{"n":1}', 'session-a'],
      ['c-old', '{"n":2}', '*'],
    ]);
    expect(FakeDailyCall.prototype.sendAppMessage.name).toBe('sendAppMessage');
    expect(FakeDailyCall.prototype.sendAppMessage.length).toBe(1);
    expect(Object.keys(FakeDailyCall.prototype)).toEqual([]);
  });

  it('records a send to 1,001 recipients with every recipient', () => {
    const { realm, read } = setupHook();
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    call.join();
    read();
    const ids = Array.from({ length: 1001 }, (_, i) => `session-${i}`);
    call.sendAppMessage({ hello: 1 }, ids);
    realm.runMicrotasks();
    const [message] = appMessages(read().records);
    expect(message!.to).toEqual(ids);
  });
});

describe('size', () => {
  it('a 2 MB utterance keeps its structure: valid JSON within the cap, speech start readable, flagged', () => {
    const { realm, read } = setupHook();
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    read();
    const speech = 'I can help with that. ' + 'x'.repeat(2_000_000);
    call.receive({ event_type: 'conversation.utterance', seq: 4, properties: { role: 'replica', speech } });
    realm.runMicrotasks();
    const [message] = appMessages(read().records);
    expect(message!.truncated).toBe(true);
    expect(message!.json.length).toBeLessThanOrEqual(MAX_EVENT_JSON);
    const data = JSON.parse(message!.json) as { seq: number; properties: { speech: string } };
    expect(data.seq).toBe(4);
    expect(data.properties.speech.startsWith('I can help with that. xxx')).toBe(true);
    expect(CUT_MARKER_PATTERN.test(data.properties.speech)).toBe(true);
  });

  it('a burst (each message in a task of its own, as daily-js delivers them) goes out as one frame', () => {
    let now = 0;
    const { realm, read } = setupHook({ clock: () => now });
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    read();
    // Quiet for a while (the hook reads the clock it saved at start): a lone message goes out at the end of its task.
    now += 20;
    call.receive({ n: 0 });
    realm.runMicrotasksOnly();
    expect(read()).toMatchObject({ frames: 1, records: [{ json: '{"n":0}' }] });
    // Right after it (1 ms later), nine more, each in its own task: nothing goes out until the short timer…
    now += 1;
    for (let i = 1; i < 10; i++) {
      call.receive({ n: i });
      realm.runMicrotasksOnly();
    }
    expect(read().frames).toBe(0);
    expect(realm.pendingTimers()).toBe(1);
    // …and then all nine in one frame, in order.
    realm.runMicrotasks();
    const burst = read();
    expect(burst.frames).toBe(1);
    expect(appMessages(burst.records).map((r) => (JSON.parse(r.json) as { n: number }).n)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('sends a frame at once when it reaches 256 K chars (the relay keeps records as slices of their frame)', () => {
    let now = 0;
    const { realm, read } = setupHook({ clock: () => now });
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    read();
    now += 20;
    // Five messages of ~100 K chars in one task: a frame closes as soon as it holds 256 K chars.
    for (let i = 0; i < 5; i++) call.receive({ blob: 'z'.repeat(100_000), i });
    const early = read();
    expect(early.frames).toBe(1);
    expect(appMessages(early.records)).toHaveLength(3);
    realm.runMicrotasks();
    const rest = read();
    expect(rest.frames).toBe(1);
    expect(appMessages(rest.records).map((r) => (JSON.parse(r.json) as { i: number }).i)).toEqual([3, 4]);
  });

  it('holds no more than its byte budget in flight: the rest is dropped and counted until the relay catches up', () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    read();
    command({ type: 'budget', bytes: 10_000 });
    for (let i = 0; i < 10; i++) call.receive({ blob: 'y'.repeat(3000), i });
    realm.runMicrotasks();
    const first = read();
    expect(appMessages(first.records).length).toBe(3);
    expect(first.controls).toContainEqual({ v: 1, type: 'dropped', records: 7, bytes: expect.any(Number) });
    command({ type: 'ack', bytes: 1_000_000 });
    call.receive({ after: true });
    realm.runMicrotasks();
    expect(appMessages(read().records).map((r) => r.json)).toEqual(['{"after":true}']);
  });

  it('reports records it lets go even when nothing else gets through (the relay stays a budget behind)', () => {
    const { realm, read, command } = setupHook();
    const call = new FakeDailyCall('c-1');
    realm.runMicrotasks();
    read();
    command({ type: 'budget', bytes: 10_000 });
    for (let i = 0; i < 3; i++) call.receive({ blob: 'y'.repeat(3000), i });
    realm.runMicrotasks();
    read();
    // No ack: everything from here on is let go, and each burst's drops are still reported.
    for (let i = 0; i < 4; i++) call.receive({ blob: 'y'.repeat(3000), i });
    realm.runMicrotasks();
    const burst = read();
    expect(appMessages(burst.records)).toEqual([]);
    expect(burst.controls).toContainEqual({ v: 1, type: 'dropped', records: 4, bytes: expect.any(Number) });
  });
});

describe('what a page can find of the hook', () => {
  it('no window marker, no enumerable trap, "callClientId" in {} only until a call is caught, strict assignment to frozen objects still throws', () => {
    const symbolsBefore = Object.getOwnPropertySymbols(new EventTarget()).length;
    const { realm, page } = setupHook();
    expect(Object.getOwnPropertySymbols(page.window)).toHaveLength(symbolsBefore); // Node's own EventTarget slots only
    expect(Object.getOwnPropertyNames(page.window)).toEqual(['location']);
    expect(Object.keys(Object.prototype)).toEqual([]);
    const frozen = Object.freeze({});
    expect(() => {
      'use strict';
      (frozen as { callClientId?: string }).callClientId = 'x';
    }).toThrow(TypeError);
    const plain: Record<string, unknown> = {};
    plain.callClientId = 'id';
    expect(Object.getOwnPropertyDescriptor(plain, 'callClientId')).toMatchObject({ value: 'id', enumerable: true });
    new FakeDailyCall('c-1');
    realm.runMicrotasks();
    expect('callClientId' in {}).toBe(false);
    expect('_callFrameId' in {}).toBe(false);
  });

  it('retiring removes the trap and the wrappers', () => {
    const { realm, hook } = setupHook();
    const original = FakeDailyCall.prototype.sendAppMessage;
    new FakeDailyCall('c-1');
    realm.runMicrotasks();
    expect(FakeDailyCall.prototype.sendAppMessage).not.toBe(original);
    hook.retire();
    expect(FakeDailyCall.prototype.sendAppMessage).toBe(original);
    expect(Object.getOwnPropertyNames(FakeDailyCall.prototype)).not.toContain('emit');
    expect('_messageChannel' in {}).toBe(false);
  });
});
