// The replay engine on a fake clock: timing from recorded times scaled by speed, no-delay batches, pause, step,
// seek, breakpoints in the filter language (stop before), loop, rewrites, delivery failures.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplayEngine, type PreparedEvent, type ReplayOptions, type ReplayState } from '../../../src/replay/engine';
import { recordingFromEvents, recordingFromSession, type ReplayItem } from '../../../src/replay/items';
import { EventLog } from '../../../src/log/event-log';
import type { LogInput } from '../../../src/log/types';
import { FakeClock, flush } from './fake-clock';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/replay');
const demoText = fs.readFileSync(path.join(FIXTURES, 'demo-session.ndjson'), 'utf8');

/** Incoming events at the given recorded times (ms), with seq 1..n and turn 1, then a tool call at `toolAt`. */
function items(spec: { t: number; type?: string; turn?: number; seq?: number }[]): ReplayItem[] {
  const log = new EventLog();
  const inputs: LogInput[] = spec.map((s, i) => ({
    source: 'test',
    cursor: i + 1,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId: 'c',
      via: 'hook',
      t: s.t,
      dir: 'in',
      origin: 'remote',
      fromId: 'recorded-replica',
      json: JSON.stringify({
        message_type: 'conversation',
        event_type: s.type ?? 'conversation.utterance',
        conversation_id: 'c-recorded',
        seq: s.seq ?? i + 1,
        turn_idx: s.turn ?? 1,
        properties: { role: 'replica', speech: `line ${i}` },
      }),
      size: 10,
    },
  }));
  log.add(inputs);
  return [...recordingFromEvents(log.events()).items];
}

function setup(list: ReplayItem[], options: ReplayOptions = {}, deliver?: (events: PreparedEvent[]) => unknown) {
  const clock = new FakeClock();
  const got: { at: number; events: PreparedEvent[] }[] = [];
  const states: ReplayState[] = [];
  const engine = new ReplayEngine(
    list,
    {
      clock,
      deliver: (events) => {
        got.push({ at: clock.now(), events });
        return deliver?.(events) as undefined;
      },
      onChange: (s) => states.push(s),
    },
    options,
  );
  const deliveredIndexes = () => got.flatMap((g) => g.events.map((e) => e.item.index));
  const times = () => got.map((g) => g.at);
  return { clock, engine, got, states, deliveredIndexes, times };
}

const gaps = [0, 100, 300, 1300, 1400];

describe('timing', () => {
  it('keeps the recorded gaps at 1×, halves them at 2×, stretches them at 0.25×', async () => {
    for (const [speed, expected] of [
      [1, [0, 100, 300, 1300, 1400]],
      [2, [0, 50, 150, 650, 700]],
      [0.25, [0, 400, 1200, 5200, 5600]],
    ] as const) {
      const s = setup(items(gaps.map((t) => ({ t: 1_000_000 + t }))), { speed });
      s.engine.play();
      await s.clock.advance(10_000);
      expect(s.times()).toEqual(expected);
      expect(s.engine.state()).toMatchObject({ status: 'ended', position: 5, delivered: 5 });
    }
  });

  it('clamps speed to 0.25×–10× and shortens silences over maxGapMs', async () => {
    const s = setup(items([{ t: 0 }, { t: 60_000 }, { t: 60_100 }]), { speed: 50, maxGapMs: 2000 });
    expect(s.engine.state().speed).toBe(10);
    s.engine.play();
    await s.clock.advance(1000);
    expect(s.times()).toEqual([0, 200, 210]);
    s.engine.setSpeed(0.01);
    expect(s.engine.state().speed).toBe(0.25);
  });

  it('no delay: everything at once, in batches, in order', async () => {
    const s = setup(items(Array.from({ length: 120 }, (_, i) => ({ t: i * 1000 }))), {
      speed: 'instant',
      batchSize: 50,
    });
    s.engine.play();
    await s.clock.advance(0);
    expect(s.got.map((g) => g.events.length)).toEqual([50, 50, 20]);
    expect(s.deliveredIndexes()).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(s.clock.now()).toBe(0);
  });

  it('a speed change while playing applies from the next event on', async () => {
    const s = setup(items([{ t: 0 }, { t: 1000 }, { t: 2000 }, { t: 3000 }]));
    s.engine.play();
    await s.clock.advance(1000); // events 0 and 1 at 0 and 1000
    s.engine.setSpeed(4);
    await s.clock.advance(1000);
    expect(s.times()).toEqual([0, 1000, 1250, 1500]);
  });
});

describe('controls', () => {
  it('pause stops delivery; play goes on from the next event', async () => {
    const s = setup(items(gaps.map((t) => ({ t }))));
    s.engine.play();
    await s.clock.advance(150);
    s.engine.pause();
    expect(s.engine.state()).toMatchObject({ status: 'paused', position: 2 });
    await s.clock.advance(5000);
    expect(s.deliveredIndexes()).toEqual([0, 1]);
    s.engine.play();
    await s.clock.advance(5000);
    expect(s.deliveredIndexes()).toEqual([0, 1, 2, 3, 4]);
  });

  it('step delivers exactly one event at once and stays paused', async () => {
    const s = setup(items(gaps.map((t) => ({ t }))));
    await s.engine.step();
    await s.engine.step();
    expect(s.deliveredIndexes()).toEqual([0, 1]);
    expect(s.engine.state()).toMatchObject({ status: 'paused', position: 2 });
    await s.clock.advance(10_000);
    expect(s.deliveredIndexes()).toEqual([0, 1]);
  });

  it('seek moves the next event; playing goes on from there', async () => {
    const s = setup(items(gaps.map((t) => ({ t }))));
    s.engine.seek(3);
    expect(s.engine.state()).toMatchObject({ status: 'paused', position: 3 });
    s.engine.play();
    await s.clock.advance(5000);
    expect(s.deliveredIndexes()).toEqual([3, 4]);
    expect(s.times()).toEqual([0, 100]);
    s.engine.seek(1);
    await s.engine.step();
    expect(s.deliveredIndexes()).toEqual([3, 4, 1]);
  });

  it('loop starts again after the last event until paused', async () => {
    const s = setup(items([{ t: 0 }, { t: 100 }]), { loop: true });
    s.engine.play();
    await s.clock.advance(250);
    s.engine.pause();
    expect(s.deliveredIndexes().slice(0, 4)).toEqual([0, 1, 0, 1]);
    expect(s.engine.state().loops).toBeGreaterThanOrEqual(1);
    expect(s.engine.state().status).toBe('paused');
  });

  it('a failed delivery pauses the replay with the reason, at the event that failed', async () => {
    const s = setup(items(gaps.map((t) => ({ t }))), {}, (events) =>
      events[0]!.item.index === 2 ? { ok: false, error: 'The call is gone' } : { ok: true },
    );
    s.engine.play();
    await s.clock.advance(5000);
    expect(s.engine.state()).toMatchObject({ status: 'failed', position: 2, error: 'The call is gone' });
    await expect(s.engine.finished()).resolves.toMatchObject({ status: 'failed' });
  });
});

describe('breakpoints (filter language, pause before)', () => {
  const list = () =>
    items([
      { t: 0, turn: 1 },
      { t: 10, turn: 1 },
      { t: 20, turn: 2, type: 'conversation.tool_call' },
      { t: 30, turn: 2 },
      { t: 40, turn: 3 },
      { t: 50, turn: 3, type: 'conversation.tool_call' },
    ]);

  it('type:tool_call stops before each tool call; play and step go past it', async () => {
    const s = setup(list(), { breakpoint: 'type:tool_call' });
    s.engine.play();
    await s.clock.advance(1000);
    expect(s.deliveredIndexes()).toEqual([0, 1]);
    expect(s.engine.state()).toMatchObject({ status: 'paused', position: 2, atBreakpoint: true });
    await s.engine.step();
    expect(s.deliveredIndexes()).toEqual([0, 1, 2]);
    s.engine.play();
    await s.clock.advance(1000);
    expect(s.deliveredIndexes()).toEqual([0, 1, 2, 3, 4]);
    expect(s.engine.state()).toMatchObject({ status: 'paused', position: 5, atBreakpoint: true });
    s.engine.play();
    await s.clock.advance(1000);
    expect(s.engine.state()).toMatchObject({ status: 'ended', position: 6 });
  });

  it('turn:3 stops before the first event of turn 3, also at no-delay speed', async () => {
    const s = setup(list(), { breakpoint: 'turn:3', speed: 'instant' });
    s.engine.play();
    await s.clock.advance(0);
    expect(s.deliveredIndexes()).toEqual([0, 1, 2, 3]);
    expect(s.engine.state()).toMatchObject({ position: 4, atBreakpoint: true });
  });

  it('a filter that does not parse keeps no breakpoint and says why', () => {
    const s = setup(list());
    expect(s.engine.setBreakpoint('turn:abc')).toMatchObject({ ok: false });
    expect(s.engine.state().breakpointError).toMatch(/turn:/);
  });
});

describe('rewrites and sender', () => {
  it('keeps the recording by default; rewrites conversation_id and continues seq after the live traffic', async () => {
    const list = items([
      { t: 0, seq: 40 },
      { t: 1, seq: 42 },
      { t: 2, seq: 41 },
    ]);
    const kept = setup(list, { speed: 'instant' });
    kept.engine.play();
    await kept.clock.advance(0);
    expect(
      kept.got[0]!.events.map((e) => JSON.parse(e.json) as { seq: number; conversation_id: string }),
    ).toMatchObject([{ seq: 40, conversation_id: 'c-recorded' }, { seq: 42 }, { seq: 41 }]);
    expect(kept.got[0]!.events[0]!.fromId).toBe('recorded-replica');
    const live = setup(list, {
      speed: 'instant',
      rewrite: { conversationId: 'c-live', seqAfter: 7 },
      fromId: 'live-replica',
    });
    live.engine.play();
    await live.clock.advance(0);
    const data = live.got[0]!.events.map((e) => JSON.parse(e.json) as { seq: number; conversation_id: string });
    // The disorder of the recording (42 before 41) is kept, renumbered after the live 7.
    expect(data.map((d) => d.seq)).toEqual([8, 10, 9]);
    expect(data.every((d) => d.conversation_id === 'c-live')).toBe(true);
    expect(live.got[0]!.events[0]!.fromId).toBe('live-replica');
  });
});

describe('the demo session', () => {
  it('replays only incoming events, from a plain or a redacted export, with the tool call where it was', async () => {
    for (const file of ['demo-session.ndjson', 'demo-session.redacted.ndjson']) {
      const rec = recordingFromSession(fs.readFileSync(path.join(FIXTURES, file), 'utf8'), file);
      if (!rec.ok) throw new Error(rec.error);
      expect(rec.items.length).toBe(66);
      expect(rec.skipped).toEqual({ outgoing: 3, callState: 3, unreadable: 0 });
      const s = setup([...rec.items], { breakpoint: 'type:tool_call' });
      s.engine.play();
      await s.clock.advance(60_000);
      const stoppedAt = s.engine.state().position;
      expect(rec.items[stoppedAt]!.event.eventType).toBe('conversation.tool_call');
      expect(s.deliveredIndexes()).toHaveLength(stoppedAt);
    }
    expect(recordingFromSession('not a session')).toMatchObject({ ok: false });
    void demoText;
    await flush();
  });
});
