import { afterEach, describe, expect, it, vi } from 'vitest';
import { FLOOD_RECORDS, PanelStore } from '../../../src/panel/store';
import type { CapturedInput } from '../../../src/panel/connection';

const input = (cursor: number, data: unknown, extra: Partial<CapturedInput['record']> = {}): CapturedInput => ({
  source: '0:doc',
  cursor,
  frameId: 0,
  record: {
    kind: 'app-message',
    callId: 'call-1',
    via: 'hook',
    t: 1000 + cursor,
    dir: 'in',
    origin: 'remote',
    json: JSON.stringify(data),
    size: JSON.stringify(data).length,
    ...extra,
  } as CapturedInput['record'],
});
const utterance = (seq: number, speech: string) => ({
  message_type: 'conversation',
  event_type: 'conversation.utterance',
  conversation_id: 'c1',
  seq,
  turn_idx: 1,
  inference_id: `i${seq}`,
  properties: { role: 'user', speech },
});

describe('PanelStore', () => {
  it('applies received records on flush and exposes them in seq order', () => {
    const store = new PanelStore(undefined);
    store.receive([input(1, utterance(2, 'second')), input(2, utterance(1, 'first'))]);
    expect(store.log.size).toBe(0); // applied once per frame, not per message
    store.flush();
    const view = store.view.value;
    const seqs = [];
    for (let i = 0; i < view.length; i++) {
      const row = view.at(i);
      if (row?.type === 'event') seqs.push(row.event.seq);
    }
    expect(seqs).toEqual([1, 2]);
    expect(store.stats.value.anomalies.outOfOrder).toBe(1);
  });

  it('counts records that arrive while recording is paused instead of losing them silently', () => {
    const store = new PanelStore(undefined);
    store.recording.value = false;
    store.receive([input(1, utterance(1, 'a')), input(2, utterance(2, 'b'))]);
    store.flush();
    expect(store.log.size).toBe(0);
    expect(store.skippedWhilePaused.value).toBe(2);
  });

  it('clears on navigation unless "preserve log" is on', () => {
    const store = new PanelStore(undefined);
    store.receive([input(1, utterance(1, 'a'))]);
    store.flush();
    store.preserveLog.value = true;
    store.navigated();
    expect(store.log.size).toBe(1);
    store.preserveLog.value = false;
    store.navigated();
    expect(store.log.size).toBe(0);
  });

  it('filters with the filter language and reports parse errors', () => {
    const store = new PanelStore(undefined);
    store.receive([input(1, utterance(1, 'hello there')), input(2, utterance(2, 'goodbye'))]);
    store.flush();
    store.filterText.value = 'hello';
    expect(store.view.value.eventCount).toBe(1);
    store.filterText.value = '/(/';
    expect(store.filter.value.ok).toBe(false);
  });

  it('a foreign import shows an error and keeps everything; a real export imports back', () => {
    const store = new PanelStore(undefined);
    store.receive([input(1, utterance(1, 'hello')), input(2, utterance(3, 'x'))]);
    store.flush();
    expect(store.importText('not a session', 'notes.txt')).toBe(false);
    expect(store.notice.value?.kind).toBe('error');
    expect(store.log.size).toBe(2);
    const text = store.exportText({ onlyShown: false, redact: true, origin: 'https://app.example' });
    expect(text).not.toContain('hello');
    const fresh = new PanelStore(undefined);
    expect(fresh.importText(text, 'session.ndjson')).toBe(true);
    expect(fresh.log.size).toBe(2);
    expect(fresh.stats.value.anomalies).toEqual(store.stats.value.anomalies);
  });

  it('inputs() returns every record once, in arrival order', () => {
    const store = new PanelStore(undefined);
    store.receive([input(1, utterance(2, 'b')), input(2, utterance(1, 'a')), input(2, utterance(1, 'a'))]);
    expect(store.inputs().map((i) => i.cursor)).toEqual([1, 2]);
  });

  describe('applying once per frame', () => {
    /** Animation frames run only when the test says so (a busy or hidden panel gets them late or never). */
    const frames = new Map<number, FrameRequestCallback>();
    let nextFrame = 0;
    const runFrames = () => {
      const due = [...frames.values()];
      frames.clear();
      for (const callback of due) callback(0);
    };
    afterEach(() => {
      vi.useRealTimers();
      vi.unstubAllGlobals();
      frames.clear();
    });
    const setUp = () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
        frames.set(++nextFrame, callback);
        return nextFrame;
      });
      vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
      return new PanelStore(undefined);
    };

    it('records wait for their own frame: the fallback timer of an earlier, flushed batch does not apply them', () => {
      const store = setUp();
      store.receive([input(1, utterance(1, 'a'))]);
      runFrames();
      expect(store.log.size).toBe(1);
      vi.advanceTimersByTime(90);
      store.receive([input(2, utterance(2, 'b'))]);
      // The first batch's fallback (due at 100 ms) must not flush the second batch outside a frame.
      vi.advanceTimersByTime(20);
      expect(store.log.size).toBe(1);
      runFrames();
      expect(store.log.size).toBe(2);
    });

    it('under a flood every other frame applies: nothing is lost, nothing waits more than one extra frame', () => {
      const store = setUp();
      const many = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => input(from + i, utterance(from + i, 'x')));
      // Below the flood, every frame applies (1,000 events/s is 17 a frame).
      store.receive(many(1, FLOOD_RECORDS - 1));
      runFrames();
      expect(store.log.size).toBe(FLOOD_RECORDS - 1);
      // A flood waits one frame, then is applied whole, with what came meanwhile.
      let cursor = FLOOD_RECORDS;
      store.receive(many(cursor, FLOOD_RECORDS));
      cursor += FLOOD_RECORDS;
      const revision = store.revision.value;
      runFrames();
      expect(store.log.size).toBe(FLOOD_RECORDS - 1);
      expect(store.revision.value).toBe(revision);
      store.receive(many(cursor, 5));
      cursor += 5;
      runFrames();
      expect(store.log.size).toBe(cursor - 1);
      expect(store.revision.value).toBe(revision + 1);
      // The frame after an applied flood may wait again; the fallback timer still applies what no frame did.
      store.receive(many(cursor, FLOOD_RECORDS));
      cursor += FLOOD_RECORDS;
      runFrames();
      expect(store.log.size).toBe(cursor - 1 - FLOOD_RECORDS);
      vi.advanceTimersByTime(100);
      expect(store.log.size).toBe(cursor - 1);
      expect(frames.size).toBe(0);
    });

    it('without frames (a hidden panel) records are applied by the fallback timer, once', () => {
      const store = setUp();
      store.receive([input(1, utterance(1, 'a'))]);
      vi.advanceTimersByTime(99);
      expect(store.log.size).toBe(0);
      vi.advanceTimersByTime(1);
      expect(store.log.size).toBe(1);
      // The frame requested for that batch was cancelled: a late frame applies nothing twice and asks for no render.
      expect(frames.size).toBe(0);
      const revision = store.revision.value;
      store.receive([input(2, utterance(2, 'b'))]);
      runFrames();
      expect(store.log.size).toBe(2);
      expect(store.revision.value).toBe(revision + 1);
    });
  });
});
