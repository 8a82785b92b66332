// The relay against a page that got hold of the hook channel (defence in depth) and against odd records: fake
// environment, fake extension API, fake hook channel (./fake-hook-channel.ts).
import { describe, expect, it } from 'vitest';
import { createRelay, type RelayEnv } from '../../../src/content/create-relay';
import { HELLO_EVENT, OFFER_EVENT, decodeBufferedFrame, encodeRecords, frameRecord } from '../../../src/bridge/channel';
import { fakeApi, type FakeExtPort } from './fake-ext';
import { wakeRelay } from '../../../src/bridge/relay-registry';
import { DEFAULT_SETTINGS } from '../../../src/bridge/settings';
import type { BufferedRecord, CapturedRecord } from '../../../src/record/record';
import { fakeHookChannelEnds, fakeOfferEvent, takeOffer, type FakeChannelEnd } from './fake-hook-channel';

let ids = 0;
function setup(
  options: { registry?: Record<symbol, unknown>; hookFirst?: boolean; api?: ReturnType<typeof fakeApi> } = {},
) {
  const document = new EventTarget();
  const window = new EventTarget();
  const ext = options.api ?? fakeApi();
  const registry = options.registry ?? {};
  const timers: (() => void)[] = [];
  const { relayEnd: mine, hookEnd: theirs } = fakeHookChannelEnds();
  /** The page side: what the hook (or a page that got its channel) would do. */
  let hookEnd: FakeChannelEnd | undefined;
  let key = '';
  if (options.hookFirst !== false)
    document.addEventListener(OFFER_EVENT, (ev) => {
      ({ hookEnd, key } = takeOffer(ev)); // the relay's key: the hook starts every message with it
    });
  const env: RelayEnv = {
    api: ext.api,
    document,
    window,
    url: () => 'https://app.example/',
    isTop: true,
    randomId: () => `id-${++ids}-${'x'.repeat(30)}`,
    now: () => 1000,
    newChannel: () => ({ mine, theirs }),
    newOfferEvent: fakeOfferEvent,
    setTimeout: (fn) => {
      timers.push(fn);
      return timers.length;
    },
    clearTimeout: () => {},
    readSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    registry,
  };
  const relay = createRelay(env);
  const fromHook = (body: string, withKey = key) => {
    hookEnd!.send(`${withKey}\n${body}`);
    mine.deliver();
  };
  const toHook = () => {
    const got = Array.from(hookEnd?.inbox ?? []).map((t) => JSON.parse(t as string) as Record<string, unknown>);
    if (hookEnd) hookEnd.inbox = [];
    return got;
  };
  const ready = () => fromHook(JSON.stringify({ v: 1, type: 'hook-ready', stale: false }));
  const connect = () => {
    expect(wakeRelay(registry)).toBe(true); // what the background runs in this world when a panel subscribes
    const port = ext.ports.at(-1)!;
    port.receive({ v: 1, type: 'sync', after: 0, requestId: 1 });
    return port;
  };
  /** The records the panel would get (decoded from every events batch). */
  const panelRecords = (port: FakeExtPort) => {
    for (const fn of timers.splice(0)) fn();
    return port
      .ofType('events')
      .flatMap((b) => decodeBufferedFrame(b.frame as string, b.first as number, b.count as number, 0)!.records);
  };
  return {
    runTimers: () => {
      for (const fn of timers.splice(0)) fn();
    },
    relay,
    document,
    window,
    ext,
    env,
    mine,
    hookEnd: () => hookEnd,
    fromHook,
    toHook,
    ready,
    connect,
    panelRecords,
  };
}

const message = (extra: Partial<CapturedRecord> & { req?: string } = {}) => ({
  kind: 'app-message',
  callId: 'c1',
  via: 'hook',
  t: 5,
  dir: 'out',
  origin: 'app',
  size: 2,
  ...extra,
});
const frame = (...items: [object, string][]) => 'R' + items.map(([m, j]) => frameRecord(m, j, JSON.stringify)).join('');

describe('the hook channel', () => {
  it('offers the channel at start; a hook that runs later says hello and gets it; nothing is offered after that', () => {
    const document = new EventTarget();
    let offers = 0;
    const s = setup({ hookFirst: false });
    void document;
    s.document.addEventListener(OFFER_EVENT, (ev) => {
      offers++;
      ev.preventDefault();
    });
    s.document.dispatchEvent(new Event(HELLO_EVENT));
    s.document.dispatchEvent(new Event(HELLO_EVENT)); // a page replaying the hello later gets nothing
    expect(offers).toBe(1);
  });

  it('hands its key over in the offer; a page holding the channel cannot add rows, calls or send results', () => {
    const s = setup();
    const port = s.connect();
    // Speaking first does not help: the key is the relay's own, given only to whoever took the offer.
    const forgedKey = 'p'.repeat(40);
    s.fromHook(frame([message({ origin: 'devtools' }), '{"forged":1}']), forgedKey);
    s.fromHook(
      JSON.stringify({
        v: 1,
        type: 'call',
        call: { callId: 'f', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' },
      }),
      forgedKey,
    );
    s.fromHook(JSON.stringify({ v: 1, type: 'send-result', requestId: 'x', ok: true }), forgedKey);
    expect(s.panelRecords(port)).toEqual([]);
    expect(port.ofType('calls')).toEqual([]);
    expect(port.ofType('send-result')).toEqual([]);
    s.fromHook(frame([message(), '{"real":1}'])); // the hook, with the key from the offer
    expect(s.panelRecords(port).map((r) => r.json)).toEqual(['{"real":1}']);
  });

  it('knows the hook is there from the taken offer alone: nothing is posted at the handoff', () => {
    const s = setup();
    expect(s.hookEnd()).toBeDefined();
    const port = s.connect();
    expect(port.ofType('hello')[0]).toMatchObject({ hookPresent: true });
    expect(port.ofType('hello')[0]).not.toHaveProperty('stale');
  });

  it('learns of a stale hook from the one message a hook posts at the handoff in that case', () => {
    const s = setup();
    s.fromHook(JSON.stringify({ v: 1, type: 'hook-ready', stale: true }));
    const port = s.connect();
    expect(port.ofType('hello')[0]).toMatchObject({ hookPresent: true, stale: true });
  });

  it('without a hook that took the offer, the background hears there is none', () => {
    const s = setup({ hookFirst: false });
    const port = s.connect();
    expect(port.ofType('hello')[0]).toMatchObject({ hookPresent: false });
  });

  it('only a record answering a send this relay forwarded, on its channel, is marked devtools, once', () => {
    const s = setup();
    s.ready();
    const port = s.connect();
    s.fromHook(frame([message({ origin: 'devtools' }), '{"claims":"devtools"}']));
    port.receive({ v: 1, type: 'send', requestId: 'panel-1', callId: 'c1', json: '{"a":1}', to: '*' });
    const [command] = s.toHook().filter((m) => m.type === 'send');
    expect(command!.requestId).not.toBe('panel-1'); // the relay's own id; the panel's never reaches the page
    s.fromHook(
      frame(
        [message({ origin: 'devtools', req: command!.requestId as string }), '{"a":1}'],
        [message({ origin: 'devtools', req: command!.requestId as string }), '{"again":1}'],
      ),
    );
    s.fromHook(JSON.stringify({ v: 1, type: 'send-result', requestId: 'panel-1', ok: true })); // not our id
    s.fromHook(JSON.stringify({ v: 1, type: 'send-result', requestId: command!.requestId, ok: false, error: 'e' }));
    s.fromHook(JSON.stringify({ v: 1, type: 'send-result', requestId: command!.requestId, ok: true })); // answered
    const origins = s.panelRecords(port).map((r) => (r as { origin?: string }).origin);
    expect(origins).toEqual(['app', 'devtools', 'app']);
    expect(port.ofType('send-result')).toEqual([
      { v: 1, type: 'send-result', requestId: 'panel-1', ok: false, error: 'e' },
    ]);
  });

  it('a sniffed call is never a composer target', () => {
    const s = setup();
    s.ready();
    const port = s.connect();
    s.fromHook(
      JSON.stringify({
        v: 1,
        type: 'call',
        call: { callId: 's', via: 'sniffer', mode: 'unknown', canSend: true, found: 'sniffed' },
      }),
    );
    expect(port.ofType('calls').at(-1)).toMatchObject({ calls: [{ callId: 's', canSend: false }] });
  });
});

describe('records: one bad record never costs its neighbours', () => {
  it('a record that does not validate becomes a counted malformed placeholder; 1,001 recipients pass', () => {
    const s = setup();
    s.ready();
    const port = s.connect();
    const recipients = Array.from({ length: 1001 }, (_, i) => `s${i}`);
    s.fromHook(
      frame(
        [message({ to: recipients }), '{"n":1}'],
        [{ kind: 'app-message', callId: 'c1' }, '{"n":2}'],
        [message(), '{"n":3}'],
      ) + '5:{"x"', // a tail cut off mid-way
    );
    const records = s.panelRecords(port);
    expect(records.map((r) => r.json)).toEqual(['{"n":1}', '"[rejected record]"', '{"n":3}', '"[rejected record]"']);
    expect((records[0] as { to?: string[] }).to).toHaveLength(1001);
    expect(records[1]).toMatchObject({ unserializable: expect.stringMatching(/^rejected/) });
    expect(records.map((r) => r.cursor)).toEqual([1, 2, 3, 4]);
  });

  it('no content breaks the frame to the panel: newline, U+2028, NUL, lone surrogate, 10 MB', () => {
    const s = setup();
    s.ready();
    const port = s.connect();
    const odd = ['"a\\nb"', '"\u2028"', '"\\u0000"', '"\\ud800"', JSON.stringify('z'.repeat(900_000))];
    s.fromHook(
      frame(
        ...odd.map((json): [object, string] => [message(), json]),
        [message(), 'raw\nnewline\u2028'],
        [message(), '"\ud800"'],
      ),
    );
    const records = s.panelRecords(port);
    expect(records.map((r) => r.json)).toEqual([...odd, 'raw\nnewline\u2028', '"[rejected record]"']);
  });
});

describe('memory bounded by bytes', () => {
  it('evicts by the byte budget and tells the panel how many records and bytes it missed', () => {
    const s = setup();
    s.ready();
    s.ext.api.storage.local.get = () => Promise.resolve({});
    const big = JSON.stringify('b'.repeat(1_000_000));
    const sent = Math.ceil((DEFAULT_SETTINGS.bufferBytes * 1.25) / big.length); // a quarter more than the budget
    for (let i = 0; i < sent; i++) s.fromHook(frame([message(), big]));
    const port = s.connect();
    const batches = port.ofType('events');
    const count = batches.reduce((sum, b) => sum + (b.count as number), 0);
    const { dropped, droppedBytes } = batches[0] as { dropped: number; droppedBytes: number };
    expect(dropped).toBeGreaterThan(0);
    expect(droppedBytes).toBeGreaterThanOrEqual(dropped * 1_000_000);
    expect(count * (big.length + 200)).toBeLessThanOrEqual(DEFAULT_SETTINGS.bufferBytes);
    expect(dropped + count).toBe(sent);
  });

  it('counts what the hook had to let go, in records and bytes', () => {
    const s = setup();
    s.ready();
    s.fromHook(JSON.stringify({ v: 1, type: 'dropped', records: 3, bytes: 3000 }));
    s.fromHook(JSON.stringify({ v: 1, type: 'dropped', records: 5, bytes: 5000 }));
    const port = s.connect();
    expect(port.ofType('events')[0]).toMatchObject({ dropped: 5, droppedBytes: 5000, droppedUpstream: 5 });
  });

  it('tells a live panel about records the hook let go even when no record follows them', () => {
    const s = setup();
    s.ready();
    s.fromHook(
      JSON.stringify({
        v: 1,
        type: 'call',
        call: { callId: 'c1', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' },
      }),
    );
    const port = s.connect();
    s.fromHook(frame([message(), '{"n":1}']));
    s.runTimers();
    const before = port.ofType('events').length;
    // The hook is a budget ahead: from here on it only reports what it lets go.
    s.fromHook(JSON.stringify({ v: 1, type: 'dropped', records: 40, bytes: 40_000 }));
    s.runTimers();
    const batches = port.ofType('events');
    expect(batches.length).toBe(before + 1);
    expect(batches.at(-1)).toMatchObject({ count: 0, droppedUpstream: 40, dropped: 40 });
  });

  it('acknowledges what it consumed so the hook can free its budget: small frames together, big ones at once', () => {
    const s = setup();
    s.ready();
    s.toHook();
    const small = frame([message(), '{"n":1}']);
    for (let i = 0; i < 10; i++) s.fromHook(small);
    // Ten frames in a row (daily-js delivers each message in its own task): no ack per frame…
    expect(s.toHook().filter((m) => m.type === 'ack')).toEqual([]);
    // …one for all ten once the short timer runs, counting every byte.
    s.runTimers();
    expect(s.toHook().filter((m) => m.type === 'ack')).toEqual([{ v: 1, type: 'ack', bytes: 10 * (small.length - 1) }]);
    // A frame of 256 KB or more is acknowledged straight away, with what was pending before it.
    s.fromHook(small);
    const big = frame([message(), JSON.stringify('x'.repeat(300 * 1024))]);
    s.fromHook(big);
    expect(s.toHook().filter((m) => m.type === 'ack')).toEqual([
      { v: 1, type: 'ack', bytes: small.length - 1 + big.length - 1 },
    ]);
    s.runTimers();
    expect(s.toHook().filter((m) => m.type === 'ack')).toEqual([]);
  });
});

describe('after an extension update or reload', () => {
  it('a second copy in a document whose relay works stands down and only asks for a probe', () => {
    const registry: Record<symbol, unknown> = {};
    const first = setup({ registry });
    first.ready();
    first.toHook();
    const second = setup({ registry });
    expect(second.relay.redundant).toBe(true);
    expect(first.toHook()).toEqual([{ v: 1, type: 'probe' }]);
  });

  it('an orphaned copy is retired (its hook told to stop, its buffer freed); the new one says "stale"', async () => {
    const registry: Record<symbol, unknown> = {};
    const old = setup({ registry });
    old.ready();
    old.toHook();
    old.ext.api.runtime.id = undefined; // what Chrome does to a content script whose extension was reloaded
    const fresh = setup({ registry });
    expect(fresh.relay.redundant).toBe(false);
    expect(old.toHook()).toEqual([{ v: 1, type: 'retire' }]);
    fresh.ready();
    const port = fresh.connect();
    expect(port.ofType('hello')[0]).toMatchObject({ stale: true });
    await Promise.resolve();
  });

  it('a relay that notices it is cut off retires by itself', () => {
    const s = setup();
    s.ready();
    s.toHook();
    s.ext.api.runtime.id = undefined;
    s.fromHook(frame([message(), '{"n":1}']));
    expect(s.toHook()).toContainEqual({ v: 1, type: 'retire' });
  });

  it('a cut-off relay that hears of a call retires instead of calling its invalidated API', () => {
    const s = setup();
    s.ready();
    s.toHook();
    s.ext.api.runtime.id = undefined;
    s.ext.api.runtime.onMessage.addListener = () => {
      throw new Error('Extension context invalidated.');
    };
    s.ext.api.runtime.sendMessage = () => {
      throw new Error('Extension context invalidated.');
    };
    expect(() =>
      s.fromHook(
        JSON.stringify({
          v: 1,
          type: 'call',
          call: { callId: 'c1', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' },
        }),
      ),
    ).not.toThrow();
    expect(s.toHook()).toContainEqual({ v: 1, type: 'retire' });
  });
});

// Keeps the helpers honest: encodeRecords output is a frame the relay → panel path reads back.
it('relay frames decode to the buffered records', () => {
  const records = [{ ...message(), json: '{}', cursor: 1 }] as unknown as BufferedRecord[];
  expect(decodeBufferedFrame(encodeRecords(records), 1, 1, 0)!.records).toEqual(records);
});

describe('offline join', () => {
  const callMessage = JSON.stringify({
    v: 1,
    type: 'call',
    call: { callId: 'c1', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' },
  });
  const on = { v: 1, type: 'offline-join', on: true, conversation: '{"a":1}', conversationEnded: '{"b":2}' };
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('asks the background once, at the first call, and tells the hook the grant with the per-session URL', async () => {
    const ext = fakeApi();
    const asked: unknown[] = [];
    ext.api.runtime.sendMessage = (msg: unknown) => {
      asked.push(msg);
      return Promise.resolve((msg as { type: string }).type === 'offline-join?' ? on : null);
    };
    const s = setup({ api: ext });
    s.ready();
    await flush();
    expect(asked).toEqual([]); // a page without a call costs nothing
    s.fromHook(callMessage);
    s.fromHook(callMessage.replace('"c1"', '"c2"'));
    await flush();
    expect(asked.filter((m) => (m as { type: string }).type === 'offline-join?')).toHaveLength(1);
    expect(s.toHook().filter((m) => m.type === 'offline-join')).toEqual([
      {
        v: 1,
        type: 'offline-join',
        grant: {
          callMachineUrl: 'chrome-extension://dyn-id/offline/call-machine-object-bundle.js',
          conversation: '{"a":1}',
          conversationEnded: '{"b":2}',
        },
      },
    ]);
  });

  it('always answers the hook (off when the background does not answer), and passes on the background pushes', async () => {
    const ext = fakeApi();
    const listeners: ((m: unknown) => unknown)[] = [];
    const addListener = ext.api.runtime.onMessage.addListener.bind(ext.api.runtime.onMessage);
    ext.api.runtime.onMessage.addListener = (l) => {
      listeners.push(l as (m: unknown) => unknown);
      addListener(l);
    };
    ext.api.runtime.sendMessage = () => Promise.reject(new Error('no receiver'));
    const s = setup({ api: ext });
    s.ready();
    s.fromHook(callMessage);
    await flush();
    expect(s.toHook().filter((m) => m.type === 'offline-join')).toEqual([{ v: 1, type: 'offline-join', grant: null }]);
    for (const l of listeners) l(on);
    expect(s.toHook().filter((m) => m.type === 'offline-join')[0]).toMatchObject({
      grant: { conversation: '{"a":1}' },
    });
    for (const l of listeners) l({ v: 1, type: 'offline-join', on: true }); // malformed: no answers
    expect(s.toHook().filter((m) => m.type === 'offline-join')).toEqual([]);
  });
});

describe('a page without a call pays nothing for the extension API', () => {
  /** The fake API behind a counter of every read of `runtime` or `storage` (what builds Chrome's bindings). */
  const counted = () => {
    const ext = fakeApi();
    const real = ext.api;
    let reads = 0;
    const api = {
      get runtime() {
        reads++;
        return real.runtime;
      },
      get storage() {
        reads++;
        return real.storage;
      },
    };
    return { ext: { ...ext, api: api as typeof real }, reads: () => reads };
  };
  const callMessage = JSON.stringify({
    v: 1,
    type: 'call',
    call: { callId: 'c1', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' },
  });

  it('does not touch the API until the background wakes it; woken, it connects and says hello', () => {
    const { ext, reads } = counted();
    const s = setup({ api: ext });
    s.ready();
    s.runTimers();
    expect(reads()).toBe(0);
    expect(ext.ports).toHaveLength(0);
    const port = s.connect();
    expect(reads()).toBeGreaterThan(0);
    expect(port.ofType('hello')).toHaveLength(1);
    expect(port.ofType('hello')[0]).toMatchObject({ calls: [], hookPresent: true });
  });

  it('from its first call on it listens for runtime messages: a subscribe connects it', () => {
    const { ext } = counted();
    const s = setup({ api: ext });
    s.ready();
    ext.subscribe();
    expect(ext.ports).toHaveLength(0); // not listening yet: nothing could have reached it
    s.fromHook(callMessage);
    ext.subscribe();
    expect(ext.ports).toHaveLength(1);
    expect(ext.ports[0]!.ofType('hello')[0]).toMatchObject({ calls: [{ callId: 'c1' }] });
  });

  it('a retired or cut-off relay does not wake', () => {
    const cutOff = setup();
    cutOff.ready();
    cutOff.ext.api.runtime.id = undefined;
    expect(wakeRelay(cutOff.env.registry)).toBe(false);
    expect(cutOff.ext.ports).toHaveLength(0);

    const retired = setup();
    retired.relay.retire();
    expect(wakeRelay(retired.env.registry)).toBe(false);
    expect(retired.ext.ports).toHaveLength(0);
  });
});
