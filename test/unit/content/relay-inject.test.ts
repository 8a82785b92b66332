// Injection (replay / mock replica) through the relay: the origin is the relay's to give, from its own request ids,
// on its own channel; a page holding the hook channel, or claiming the mark in a record, gets nothing.
import { describe, expect, it } from 'vitest';
import { createRelay, type RelayEnv } from '../../../src/content/create-relay';
import { OFFER_EVENT, decodeBufferedFrame, frameRecord } from '../../../src/bridge/channel';
import { fakeApi } from './fake-ext';
import { wakeRelay } from '../../../src/bridge/relay-registry';
import { DEFAULT_SETTINGS } from '../../../src/bridge/settings';
import { fakeHookChannelEnds, fakeOfferEvent, takeOffer, type FakeChannelEnd } from './fake-hook-channel';

let ids = 0;
function setup(options: { hook?: boolean } = {}) {
  const ext = fakeApi();
  const { api, ports } = ext;
  const document = new EventTarget();
  const timers: (() => void)[] = [];
  const { relayEnd: mine, hookEnd: theirs } = fakeHookChannelEnds();
  let hookEnd: FakeChannelEnd | undefined;
  let key = '';
  if (options.hook !== false)
    document.addEventListener(OFFER_EVENT, (ev) => {
      ({ hookEnd, key } = takeOffer(ev)); // the relay's key: the hook starts every message with it
    });
  const env: RelayEnv = {
    api,
    document,
    window: new EventTarget(),
    url: () => 'https://app.example/',
    isTop: true,
    randomId: () => `id-${++ids}-${'x'.repeat(30)}`,
    now: () => 1000,
    newChannel: () => ({ mine, theirs }),
    newOfferEvent: fakeOfferEvent,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {},
    readSettings: () => Promise.resolve(DEFAULT_SETTINGS),
    registry: {},
  };
  createRelay(env);
  const wake = () => wakeRelay(env.registry);
  const fromHook = (body: string, withKey = key) => {
    hookEnd!.send(`${withKey}\n${body}`);
    mine.deliver();
  };
  const toHook = () => {
    const got = Array.from(hookEnd?.inbox ?? []).map((t) => JSON.parse(t as string) as Record<string, unknown>);
    if (hookEnd) hookEnd.inbox = [];
    return got;
  };
  if (options.hook !== false) fromHook(JSON.stringify({ v: 1, type: 'hook-ready', stale: false }));
  wake();
  const port = ports.at(-1)!;
  port.receive({ v: 1, type: 'sync', after: 0, requestId: 1 });
  const origins = () => {
    for (const fn of timers.splice(0)) fn();
    return port
      .ofType('events')
      .flatMap((b) => decodeBufferedFrame(b.frame as string, b.first as number, b.count as number, 0)!.records)
      .map((r) => `${(r as { dir?: string }).dir}:${(r as { origin?: string }).origin}`);
  };
  return { port, fromHook, toHook, origins };
}

const incoming = (req?: string, origin = 'remote') => ({
  kind: 'app-message',
  callId: 'c1',
  via: 'hook',
  t: 5,
  dir: 'in',
  origin,
  size: 2,
  fromId: 'replica',
  ...(req !== undefined ? { req } : {}),
});
const frame = (...items: [object, string][]) => 'R' + items.map(([m, j]) => frameRecord(m, j, JSON.stringify)).join('');
const inject = (origin: 'replay' | 'mock', n = 2) => ({
  v: 1,
  type: 'inject',
  requestId: 'panel-7',
  callId: 'c1',
  origin,
  events: Array.from({ length: n }, (_, i) => ({ json: `{"i":${i}}`, fromId: 'replica' })),
});

describe('inject through the relay', () => {
  it("forwards an inject under the relay's own id, without the origin, and passes the result back once", () => {
    const s = setup();
    s.port.receive(inject('replay'));
    const [command] = s.toHook().filter((m) => m.type === 'inject');
    expect(command).toMatchObject({ type: 'inject', callId: 'c1', events: [{ json: '{"i":0}' }, { json: '{"i":1}' }] });
    expect(command!.requestId).not.toBe('panel-7'); // the panel's id never reaches the page
    expect(command).not.toHaveProperty('origin'); // nor does the mark the relay will give
    const result = { v: 1, type: 'inject-result', requestId: command!.requestId, ok: true, delivered: 2 };
    s.fromHook(JSON.stringify({ ...result, requestId: 'panel-7' })); // not our id: ignored
    s.fromHook(JSON.stringify(result));
    s.fromHook(JSON.stringify(result)); // answered already
    expect(s.port.ofType('inject-result')).toEqual([
      { v: 1, type: 'inject-result', requestId: 'panel-7', ok: true, delivered: 2 },
    ]);
  });

  it('marks one incoming record per event of its own request, replay or mock, and nothing else', () => {
    for (const origin of ['replay', 'mock'] as const) {
      const s = setup();
      s.port.receive(inject(origin));
      const [command] = s.toHook().filter((m) => m.type === 'inject');
      const req = command!.requestId as string;
      s.fromHook(
        frame(
          [incoming(req), '{"i":0}'],
          [incoming(req), '{"i":1}'],
          [incoming(req), '{"third":"more than was asked for"}'],
          [{ ...incoming(req), dir: 'out', origin: 'app' }, '{"app":"answer"}'],
          [incoming(), '{"real":"replica"}'],
        ),
      );
      expect(s.origins()).toEqual([`in:${origin}`, `in:${origin}`, 'in:remote', 'out:app', 'in:remote']);
    }
  });

  it('a page that claims replay or mock in a record, or reuses a foreign id, gets remote / app', () => {
    const s = setup();
    s.fromHook(
      frame(
        [incoming(undefined, 'replay'), '{"claims":"replay"}'],
        [incoming(undefined, 'mock'), '{"claims":"mock"}'],
        [incoming('panel-7', 'replay'), '{"claims":"the panel id"}'],
        [{ ...incoming(undefined, 'replay'), dir: 'out' }, '{"claims":"replay out"}'],
      ),
    );
    expect(s.origins()).toEqual(['in:remote', 'in:remote', 'in:remote', 'out:app']);
  });

  it('a page holding the channel (without the hook key) can neither mark records nor answer an inject', () => {
    const s = setup();
    s.port.receive(inject('replay', 1));
    const [command] = s.toHook().filter((m) => m.type === 'inject');
    const forged = 'p'.repeat(40);
    s.fromHook(frame([incoming(command!.requestId as string), '{"i":0}']), forged);
    s.fromHook(
      JSON.stringify({ v: 1, type: 'inject-result', requestId: command!.requestId, ok: true, delivered: 1 }),
      forged,
    );
    expect(s.origins()).toEqual([]);
    expect(s.port.ofType('inject-result')).toEqual([]);
  });

  it('a page cannot start an injection: the hook channel has no such message, only the background port does', () => {
    const s = setup();
    // The page (even with the hook's key) sends an inject the other way: the relay's guard refuses it.
    s.fromHook(JSON.stringify(inject('replay')));
    expect(s.toHook().filter((m) => m.type === 'inject')).toEqual([]);
    // A malformed background command is refused too.
    s.port.receive({ ...inject('replay'), origin: 'devtools' });
    s.port.receive({ ...inject('replay'), events: [] });
    expect(s.toHook().filter((m) => m.type === 'inject')).toEqual([]);
  });

  it('without a hook in the page it answers at once that nothing can be injected', () => {
    const s = setup({ hook: false });
    s.port.receive(inject('replay', 1));
    expect(s.port.ofType('inject-result')).toEqual([
      expect.objectContaining({ requestId: 'panel-7', ok: false, delivered: 0 }),
    ]);
  });
});
