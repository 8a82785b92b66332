import { describe, expect, it } from 'vitest';
import { CaptureConnection, type CapturedInput, type PortLike } from '../../../src/panel/connection';
import { encodeBatch, encodeRecords } from '../../../src/bridge/channel';
import type { BufferedRecord, CapturedRecord } from '../../../src/record/record';

class FakePort implements PortLike {
  sent: Record<string, unknown>[] = [];
  private onMsg: ((m: unknown) => void)[] = [];
  private onDrop: (() => void)[] = [];
  onMessage = { addListener: (cb: (m: unknown) => void) => void this.onMsg.push(cb) };
  onDisconnect = { addListener: (cb: () => void) => void this.onDrop.push(cb) };
  postMessage(m: unknown) {
    this.sent.push(m as Record<string, unknown>);
  }
  disconnect() {}
  deliver(m: unknown) {
    for (const l of this.onMsg) l(m);
  }
  drop() {
    for (const l of this.onDrop) l();
  }
  syncs() {
    return this.sent.filter((m) => m.type === 'sync');
  }
}

const ev = (cursor: number) =>
  ({
    kind: 'app-message',
    callId: 'c',
    via: 'hook',
    t: cursor,
    dir: 'in',
    origin: 'remote',
    json: `{"seq":${cursor}}`,
    size: 9,
    cursor,
  }) as BufferedRecord;
const hello = (docId = 'd1', head = 0) => ({
  v: 1,
  type: 'frame',
  frameId: 0,
  docId,
  url: 'https://a/',
  top: true,
  calls: [],
  head,
  hookPresent: true,
});
const batch = (cursors: number[], extra: Record<string, unknown> = {}) => ({
  v: 1,
  type: 'events',
  frameId: 0,
  docId: 'd1',
  frame: encodeRecords(cursors.map(ev)),
  count: cursors.length,
  first: cursors[0] ?? 0,
  firstCursor: 1,
  dropped: 0,
  droppedBytes: 0,
  droppedUpstream: 0,
  ...extra,
});

function setup() {
  const ports: FakePort[] = [];
  const timers: (() => void)[] = [];
  const got: CapturedInput[] = [];
  const statuses: string[] = [];
  const connection = new CaptureConnection(
    () => {
      const p = new FakePort();
      ports.push(p);
      return p;
    },
    7,
    {
      onRecords: (inputs) => got.push(...inputs),
      onFrames: () => {},
      onStatus: (s) => statuses.push(s),
      onNavigated: () => {},
    },
    {
      set: ((fn: () => void) => {
        timers.push(fn);
        return 0;
      }) as unknown as typeof setTimeout,
      clear: (() => {}) as typeof clearTimeout,
    },
  );
  connection.start();
  return { connection, ports, timers, got, statuses, cursors: () => got.map((g) => g.cursor) };
}

describe('CaptureConnection', () => {
  it('watches its tab, syncs a new document from 0 and accepts contiguous records', () => {
    const { ports, cursors } = setup();
    expect(ports[0]!.sent[0]).toEqual({ v: 1, type: 'watch', tabId: 7 });
    ports[0]!.deliver(hello());
    expect(ports[0]!.syncs()).toEqual([{ v: 1, type: 'sync', frameId: 0, docId: 'd1', after: 0 }]);
    ports[0]!.deliver(batch([1, 2, 3], { replyTo: 1 }));
    ports[0]!.deliver(batch([4]));
    expect(cursors()).toEqual([1, 2, 3, 4]);
  });

  it('ignores redeliveries and resyncs when live records overtake the sync reply', () => {
    const { ports, cursors, connection } = setup();
    const port = ports[0]!;
    port.deliver(hello());
    port.deliver(batch([5, 6])); // live, before the reply: hole 1..4 → wait for the pending sync, accept nothing
    expect(cursors()).toEqual([]);
    port.deliver(batch([1, 2, 3, 4, 5, 6], { replyTo: 1 }));
    port.deliver(batch([5, 6, 7]));
    expect(cursors()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(connection.redelivered).toBe(2);
  });

  it('after the port drops, reconnects, watches again and resumes after its last cursor', () => {
    const { ports, timers, cursors, statuses } = setup();
    ports[0]!.deliver(hello());
    ports[0]!.deliver(batch([1, 2], { replyTo: 1 }));
    ports[0]!.drop();
    expect(statuses).toContain('reconnecting');
    timers.shift()!();
    const second = ports[1]!;
    expect(second.sent[0]).toEqual({ v: 1, type: 'watch', tabId: 7 });
    second.deliver(hello('d1', 5));
    expect(second.syncs()).toEqual([{ v: 1, type: 'sync', frameId: 0, docId: 'd1', after: 2 }]);
    second.deliver(batch([3, 4, 5], { replyTo: 9 }));
    expect(cursors()).toEqual([1, 2, 3, 4, 5]);
    // Messages on the old port are ignored.
    ports[0]!.deliver(batch([6]));
    expect(cursors()).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts records evicted by the relay bound before the panel saw them', () => {
    const { ports, connection, cursors } = setup();
    ports[0]!.deliver(hello());
    ports[0]!.deliver(batch([41, 42], { replyTo: 1, firstCursor: 41, dropped: 40 }));
    expect(cursors()).toEqual([41, 42]);
    expect(connection.frames()[0]!.missed).toBe(40);
  });

  it('adds records the page lost before the relay numbered them (no cursor gap shows those), once each', () => {
    const { ports, connection, cursors } = setup();
    ports[0]!.deliver(hello());
    ports[0]!.deliver(batch([1, 2], { replyTo: 1, dropped: 3, droppedUpstream: 3 }));
    ports[0]!.deliver(batch([3], { dropped: 3, droppedUpstream: 3 }));
    expect(connection.frames()[0]!.missed).toBe(3);
    ports[0]!.deliver(batch([4], { dropped: 5, droppedUpstream: 5 }));
    expect(cursors()).toEqual([1, 2, 3, 4]);
    expect(connection.frames()[0]!.missed).toBe(5);
    expect(connection.frames()[0]!.missedUpstream).toBe(5);
  });

  it('a frame it cannot read at all is skipped and counted, never asked for again (no resync loop)', () => {
    const { ports, connection, cursors } = setup();
    ports[0]!.deliver(hello());
    ports[0]!.deliver(batch([1], { replyTo: 1 }));
    const syncsBefore = ports[0]!.syncs().length;
    ports[0]!.deliver({ ...batch([2, 3]), frame: 'R\n{"kind":"app-message"}\n{}' });
    ports[0]!.deliver(batch([4]));
    expect(cursors()).toEqual([1, 4]);
    expect(connection.invalidBatches).toBe(1);
    expect(connection.frames()[0]!.undecodable).toBe(2);
    expect(ports[0]!.syncs().length).toBe(syncsBefore);
  });

  it('a record whose metadata does not validate becomes a malformed placeholder; its neighbours arrive', () => {
    const { ports, got, cursors } = setup();
    ports[0]!.deliver(hello());
    const good = encodeRecords([ev(1)]);
    const bad = '7:{"x":1}2:{}';
    const frame = good + bad + encodeRecords([ev(3)]).slice(1);
    ports[0]!.deliver({ ...batch([1, 2, 3]), frame, replyTo: 1 });
    expect(cursors()).toEqual([1, 2, 3]);
    expect(got[1]!.record).toMatchObject({ kind: 'app-message', unserializable: expect.stringMatching(/^rejected/) });
  });

  it('hands on a relay batch’s records as sent (no cursor on them), numbered from the batch’s first cursor', () => {
    const { ports, got } = setup();
    ports[0]!.deliver(hello());
    const records = [1, 2, 3].map((cursor) => {
      const { cursor: _cursor, ...record } = ev(cursor);
      return record as CapturedRecord;
    });
    ports[0]!.deliver({ ...batch([1]), frame: encodeBatch(records), count: 3, first: 1 });
    expect(got).toEqual(records.map((record, i) => ({ source: '0:d1', cursor: i + 1, frameId: 0, record })));
    for (const input of got) expect(Object.keys(input.record)).not.toContain('cursor');
  });

  it('a relay that keeps answering with a hole gets its resyncs spaced out (backoff), not a loop', () => {
    const { ports, timers } = setup();
    ports[0]!.deliver(hello());
    // Every reply starts past a hole eviction does not explain: each asks again, but later and later.
    for (let i = 0; i < 5; i++) ports[0]!.deliver(batch([5], { replyTo: i + 1 }));
    expect(ports[0]!.syncs().length).toBeLessThanOrEqual(3);
    expect(timers.length).toBeGreaterThan(0);
  });

  it('fails a send in flight when the connection drops instead of hanging', async () => {
    const { ports, connection } = setup();
    const pending = connection.send(0, 'c', '{}', '*');
    ports[0]!.drop();
    await expect(pending).resolves.toMatchObject({ ok: false });
  });

  it('marks the old document gone when its frame loads a new one', () => {
    const { ports, connection } = setup();
    ports[0]!.deliver(hello('d1'));
    ports[0]!.deliver(hello('d2'));
    expect(connection.frames().map((f) => [f.docId, f.gone])).toEqual([
      ['d1', true],
      ['d2', false],
    ]);
  });

  it('sends the mock-replica switch and reports the flag the background holds', () => {
    const ports: FakePort[] = [];
    const flags: boolean[] = [];
    const connection = new CaptureConnection(
      () => {
        const p = new FakePort();
        ports.push(p);
        return p;
      },
      7,
      {
        onRecords: () => {},
        onFrames: () => {},
        onStatus: () => {},
        onNavigated: () => {},
        onMockReplica: (on) => flags.push(on),
      },
    );
    expect(connection.setMockReplica(true)).toBe(false);
    connection.start();
    expect(connection.setMockReplica(true)).toBe(true);
    expect(ports[0]!.sent.at(-1)).toEqual({ v: 1, type: 'mock-replica', on: true });
    ports[0]!.deliver({ v: 1, type: 'mock-replica', on: true });
    ports[0]!.deliver({ v: 1, type: 'mock-replica', on: 1 });
    ports[0]!.deliver({ v: 1, type: 'mock-replica', on: false });
    expect(flags).toEqual([true, false]);
    connection.close();
  });
});
