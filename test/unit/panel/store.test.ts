import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../src/panel/store';
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
});
