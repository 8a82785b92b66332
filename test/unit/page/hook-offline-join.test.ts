// Offline join in the page hook: a caught call object's loader loads the extension's simulated call machine while the
// relay says offline join is on (and waits for the relay's word when it has not come yet), and fetch answers Tavus's
// create/end-conversation POSTs with the mock answers. Everything goes back when it is switched off or retired.
import { describe, expect, it } from 'vitest';
import type { OfflineJoinGrant } from '../../../src/bridge/offline-join';
import { FakeDailyCall, bareArray, hostile, setupHook } from './fake-page';

const GRANT: OfflineJoinGrant = {
  callMachineUrl: 'chrome-extension://dynamic-id/offline/call-machine-object-bundle.js',
  conversation: '{"conversation_url":"https://tavus.daily.co/mock"}',
  conversationEnded: '{"status":"ended"}',
};

interface LoadCall {
  args: unknown[];
}

/** daily-js's call-object loader: `load(dailyConfig, onLoaded, onFailed)` (0.80+). */
class FakeLoader {
  calls: LoadCall[] = bareArray();
  load(...args: unknown[]): void {
    const calls = this.calls;
    calls[calls.length] = { args }; // not push: the hostile test counts every use of Array.prototype
  }
}

/** A minimal DailyCall whose constructor assigns the loader before the trapped names, as daily-js 0.80–0.92 do. */
class LoaderFirstCall {
  declare _callObjectMode: boolean;
  declare _callObjectLoader: FakeLoader;
  declare _messageChannel: object;
  declare callClientId: string;
  constructor(id: string) {
    this._callObjectMode = true;
    this._callObjectLoader = new FakeLoader();
    this._messageChannel = {};
    this.callClientId = id;
  }
  static version(): string {
    return '0.92.2';
  }
  on(): this {
    return this;
  }
  emit(): boolean {
    return false;
  }
  sendAppMessage(): this {
    return this;
  }
  meetingState(): string {
    return 'new';
  }
}

/** A constructor that assigns the loader *after* the ids (the other order the hook must handle). */
class CallLoaderAfter extends FakeDailyCall {
  declare _callObjectLoader: FakeLoader;
  constructor(id: string) {
    super(id);
    this._callObjectLoader = new FakeLoader();
  }
}

class Call080 extends CallLoaderAfter {
  static override version(): string {
    return '0.80.0';
  }
}

/** The hook on a fake page, and the relay's word on offline join: the grant, or null for off. */
function setup(realm?: Record<string, unknown>) {
  const hook = setupHook({ realm });
  const offlineJoin = (grant: OfflineJoinGrant | null) => hook.command({ type: 'offline-join', grant });
  return { ...hook, offlineJoin };
}

const configOf = (loader: FakeLoader, i = 0) => loader.calls[i]?.args[0] as Record<string, unknown> | undefined;

describe('offline join: the call machine', () => {
  it('on: the loader gets a copy of the app config with the machine directory (daily-js 0.92), the rest unchanged', () => {
    const { realm, offlineJoin } = setup();
    offlineJoin(GRANT);
    const call = new CallLoaderAfter('c-1');
    realm.runMicrotasks();
    const appConfig = { avoidEval: true, proxyUrl: 'https://proxy.example' };
    const onLoaded = () => {};
    const onFailed = () => {};
    call._callObjectLoader.load(appConfig, onLoaded, onFailed);
    const loader = call._callObjectLoader;
    expect(configOf(loader)).toEqual({
      avoidEval: true,
      proxyUrl: 'https://proxy.example',
      bundlePathOverride: 'chrome-extension://dynamic-id/offline',
    });
    expect(loader.calls[0]?.args[1]).toBe(onLoaded);
    expect(loader.calls[0]?.args[2]).toBe(onFailed);
    expect(appConfig).toEqual({ avoidEval: true, proxyUrl: 'https://proxy.example' }); // the app's own object untouched
  });

  it('a loader assigned before the trapped names (as daily-js 0.80–0.92 do) is caught too', () => {
    const { realm, offlineJoin } = setup();
    offlineJoin(GRANT);
    const call = new LoaderFirstCall('c-2');
    realm.runMicrotasks();
    call._callObjectLoader.load({}, () => {});
    expect(configOf(call._callObjectLoader)).toEqual({ bundlePathOverride: 'chrome-extension://dynamic-id/offline' });
  });

  it('daily-js 0.80: the file option (callObjectBundleUrlOverride), with the whole URL', () => {
    const { realm, offlineJoin } = setup();
    offlineJoin(GRANT);
    const call = new Call080('c-1');
    realm.runMicrotasks();
    call._callObjectLoader.load({ bundlePathOverride: 'https://mine.example/x' }, () => {});
    expect(configOf(call._callObjectLoader)).toEqual({ callObjectBundleUrlOverride: GRANT.callMachineUrl });
  });

  it('off: the loader gets the app arguments as they are', () => {
    const { realm, offlineJoin } = setup();
    offlineJoin(null);
    const call = new CallLoaderAfter('c-1');
    realm.runMicrotasks();
    const appConfig = { avoidEval: true };
    call._callObjectLoader.load(appConfig, () => {});
    expect(configOf(call._callObjectLoader)).toBe(appConfig);
  });

  it('a load before the relay has said anything waits for its word', () => {
    const { realm, offlineJoin } = setup();
    const call = new CallLoaderAfter('c-1');
    realm.runMicrotasksOnly();
    call._callObjectLoader.load(undefined, () => {});
    expect(call._callObjectLoader.calls).toHaveLength(0);
    offlineJoin(GRANT);
    expect(configOf(call._callObjectLoader)).toEqual({ bundlePathOverride: 'chrome-extension://dynamic-id/offline' });
    realm.runMicrotasks(); // the wait's timer fires later: it must not load a second time
    expect(call._callObjectLoader.calls).toHaveLength(1);
  });

  it('with no word at all, the load goes ahead unchanged after the wait', () => {
    const { realm } = setup();
    const call = new CallLoaderAfter('c-1');
    realm.runMicrotasksOnly();
    const appConfig = { avoidEval: true };
    call._callObjectLoader.load(appConfig, () => {});
    expect(call._callObjectLoader.calls).toHaveLength(0);
    realm.runMicrotasks(); // timers: the wait is over
    expect(configOf(call._callObjectLoader)).toBe(appConfig);
  });

  it('retire puts the loader back', () => {
    const { realm, hook, offlineJoin } = setup();
    offlineJoin(GRANT);
    const call = new CallLoaderAfter('c-1');
    realm.runMicrotasks();
    hook.retire();
    expect(Object.prototype.hasOwnProperty.call(call._callObjectLoader, 'load')).toBe(false);
    const appConfig = {};
    call._callObjectLoader.load(appConfig);
    expect(configOf(call._callObjectLoader)).toBe(appConfig);
  });

  it('works on a page that replaced String, Array and Reflect methods after document_start', () => {
    const { realm, offlineJoin } = setup();
    offlineJoin(GRANT);
    const call = new CallLoaderAfter('c-1');
    realm.runMicrotasks();
    const spy = hostile(realm);
    call._callObjectLoader.load({}, () => {});
    spy.restore();
    expect(spy.hits).toEqual([]);
    expect(configOf(call._callObjectLoader)).toEqual({ bundlePathOverride: 'chrome-extension://dynamic-id/offline' });
  });
});

describe('offline join: Tavus REST', () => {
  function withFetch() {
    const seen: unknown[][] = [];
    const pageFetch = (...args: unknown[]) => {
      seen.push(args);
      return Promise.resolve(new Response('network'));
    };
    const ctx = setup({ fetch: pageFetch, Response, Request, URL });
    ctx.page.window.fetch = pageFetch;
    return { ...ctx, seen, pageFetch };
  }
  const fetchOf = (win: Record<string | symbol, unknown>) => win.fetch as typeof fetch;

  it('on: create and end POSTs get the mock answers; anything else goes to the page fetch', async () => {
    const { page, offlineJoin, seen } = withFetch();
    offlineJoin(GRANT);
    const create = await fetchOf(page.window)('https://tavusapi.com/v2/conversations', { method: 'POST', body: '{}' });
    expect(await create.json()).toEqual({ conversation_url: 'https://tavus.daily.co/mock' });
    expect(create.headers.get('content-type')).toBe('application/json');
    const end = await fetchOf(page.window)(
      new Request('https://tavusapi.com/v2/conversations/c1/end', { method: 'POST' }),
    );
    expect(await end.json()).toEqual({ status: 'ended' });
    const viaUrl = await fetchOf(page.window)(new URL('https://tavusapi.com/v2/conversations'), { method: 'post' });
    expect(await viaUrl.json()).toEqual({ conversation_url: 'https://tavus.daily.co/mock' });
    expect(seen).toHaveLength(0);
    await fetchOf(page.window)('https://tavusapi.com/v2/conversations'); // a GET (list): the network's
    await fetchOf(page.window)('https://api.example/data', { method: 'POST' });
    expect(seen.map((args) => args[0])).toEqual(['https://tavusapi.com/v2/conversations', 'https://api.example/data']);
  });

  it('off (or never on): fetch is the page own', () => {
    const { page, offlineJoin, pageFetch } = withFetch();
    offlineJoin(null);
    expect(page.window.fetch).toBe(pageFetch);
    offlineJoin(GRANT);
    expect(page.window.fetch).not.toBe(pageFetch);
    offlineJoin(null);
    expect(page.window.fetch).toBe(pageFetch);
  });

  it('a wrapper the app put over ours later is left in place', () => {
    const { page, offlineJoin } = withFetch();
    offlineJoin(GRANT);
    const appWrapper = () => Promise.resolve(new Response('app'));
    page.window.fetch = appWrapper;
    offlineJoin(null);
    expect(page.window.fetch).toBe(appWrapper);
  });

  it('retire puts fetch back', () => {
    const { page, hook, offlineJoin, pageFetch } = withFetch();
    offlineJoin(GRANT);
    hook.retire();
    expect(page.window.fetch).toBe(pageFetch);
  });

  it('a malformed word from the relay changes nothing', () => {
    const { page, offlineJoin, pageFetch } = withFetch();
    offlineJoin({ callMachineUrl: 1 } as unknown as OfflineJoinGrant);
    expect(page.window.fetch).toBe(pageFetch);
  });
});
