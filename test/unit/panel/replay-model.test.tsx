// @vitest-environment happy-dom
// The panel's replay: what it sends through the inject path (target call, rewrites against the live log, sender),
// breakpoints and failures; the table's `↻ replay` marker on rows the relay marked.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { PanelStore } from '../../../src/panel/store';
import { ReplayModel } from '../../../src/panel/replay/replay-model';
import { ReplayBar } from '../../../src/panel/replay/ReplayBar';
import { EventTable } from '../../../src/panel/events/EventTable';
import type { CallKey, CapturedInput, FrameState, InjectEvent, InjectOutcome } from '../../../src/panel/connection';
import { FakeClock } from '../replay/fake-clock';
import { stubClientHeight } from './layout-stub';
import { joinedFrame } from './composer-fixtures';

const session = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/replay/demo-session.ndjson'), 'utf8');

let cursor = 0;
const live = (record: Partial<CapturedInput['record']> & { json: string }): CapturedInput => ({
  source: '0:doc',
  cursor: ++cursor,
  frameId: 0,
  record: {
    kind: 'app-message',
    callId: 'live-call',
    via: 'hook',
    t: 1000 + cursor,
    dir: 'in',
    origin: 'remote',
    size: record.json.length,
    ...record,
  } as CapturedInput['record'],
});

const frame = (calls: FrameState['calls']): FrameState => joinedFrame(calls, { docId: 'doc' });

const heldCall = { callId: 'live-call', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' } as const;

function setup(outcome: (events: InjectEvent[]) => InjectOutcome = (e) => ({ ok: true, delivered: e.length })) {
  cursor = 0;
  const store = new PanelStore(undefined);
  store.setFrames([frame([heldCall])]);
  store.receive([
    {
      source: '0:doc',
      cursor: ++cursor,
      frameId: 0,
      record: {
        kind: 'call-state',
        callId: 'live-call',
        via: 'hook',
        t: 1000,
        state: 'participant-joined',
        json: JSON.stringify({ session_id: 'live-replica-session', user_id: 'tavus-replica-x', replica: true }),
      },
    },
    live({ json: JSON.stringify({ event_type: 'system.replica_joined', conversation_id: 'c-live', seq: 17 }) }),
  ]);
  store.flush();
  const clock = new FakeClock();
  const injected: { call: CallKey; events: InjectEvent[] }[] = [];
  const model = new ReplayModel(
    store,
    (call, events) => {
      injected.push({ call, events });
      return Promise.resolve(outcome(events));
    },
    clock,
  );
  return { store, clock, model, injected };
}

const data = (e: InjectEvent) => JSON.parse(e.json) as { event_type: string; conversation_id?: string; seq?: number };

describe('ReplayModel', () => {
  it('plays the demo session into the live call with the live conversation_id, seq after the live 17, the live replica as sender', async () => {
    const { model, clock, injected } = setup();
    expect(model.loadSessionText(session, 'demo.ndjson')).toBe(true);
    model.setSpeed('instant');
    model.play();
    await clock.advance(0);
    const events = injected.flatMap((i) => i.events);
    expect(events).toHaveLength(66);
    expect(injected.every((i) => i.call.callId === 'live-call' && i.call.frameId === 0)).toBe(true);
    expect(events.map((e) => data(e).seq)).toEqual(Array.from({ length: 66 }, (_, i) => 18 + i));
    expect(new Set(events.map((e) => data(e).conversation_id))).toEqual(new Set(['c-live']));
    expect(new Set(events.map((e) => e.fromId))).toEqual(new Set(['live-replica-session']));
    expect(model.state.value).toMatchObject({ status: 'ended', delivered: 66 });
  });

  it('keeps the recorded values when asked (to reproduce an ordering bug exactly)', async () => {
    const { model, clock, injected } = setup();
    model.loadSessionText(session, 'demo.ndjson');
    model.rewriteConversation.value = false;
    model.continueSeq.value = false;
    model.fromMode.value = 'recorded';
    model.setSpeed('instant');
    model.play();
    await clock.advance(0);
    const first = injected[0]!.events[0]!;
    expect(data(first)).toMatchObject({ seq: 1, conversation_id: 'cli6k14p8ycml' });
    expect(first.fromId).not.toBe('live-replica-session');
  });

  it('stops before the tool call at a type:tool_call breakpoint; step delivers just that one', async () => {
    const { model, clock, injected } = setup();
    model.loadSessionText(session, 'demo.ndjson');
    model.setBreakpoint('type:tool_call');
    model.setSpeed('instant');
    model.play();
    await clock.advance(0);
    const sent = () => injected.flatMap((i) => i.events).map((e) => data(e).event_type);
    expect(sent()).not.toContain('conversation.tool_call');
    expect(model.state.value).toMatchObject({ status: 'paused', atBreakpoint: true });
    const before = sent().length;
    await model.step();
    expect(sent()).toHaveLength(before + 1);
    expect(sent().at(-1)).toBe('conversation.tool_call');
  });

  it('a refused injection stops the replay with the reason; no held call means nothing is sent', async () => {
    const { model, clock, store, injected } = setup(() => ({ ok: false, delivered: 0, error: 'No captured call' }));
    model.loadSessionText(session, 'demo.ndjson');
    model.play();
    await clock.advance(10);
    expect(model.state.value).toMatchObject({ status: 'failed', error: 'No captured call' });
    store.setFrames([frame([{ ...heldCall, found: 'sniffed' }])]);
    expect(model.blockReason()).toMatch(/sniffed call is read-only/);
    const count = injected.length;
    model.play();
    expect(injected).toHaveLength(count);
  });

  it('takes rows from the log: from the selected row on, incoming only', () => {
    const { model, store } = setup();
    store.receive([
      live({ json: JSON.stringify({ event_type: 'conversation.utterance', seq: 18 }) }),
      live({ json: JSON.stringify({ event_type: 'conversation.respond' }), dir: 'out', origin: 'app' }),
      live({ json: JSON.stringify({ event_type: 'conversation.utterance', seq: 19 }) }),
    ]);
    store.flush();
    const first = [...store.log.events()].find((e) => e.seq === 18)!;
    store.selectedId.value = first.id;
    model.loadFromLog('from-selected');
    expect(model.source.value?.items.map((i) => i.event.seq)).toEqual([18, 19]);
    expect(model.source.value?.skippedText).toBe('not replayed: 1 outgoing');
  });
});

describe('the replay bar and the table marker', () => {
  let container: HTMLElement;
  afterEach(() => {
    act(() => render(null, container));
    container.remove();
  });

  it('the bar shows the recording, the breakpoint stop and the position', async () => {
    const { model, clock } = setup();
    container = document.createElement('div');
    document.body.append(container);
    model.loadSessionText(session, 'demo.ndjson');
    act(() => render(<ReplayBar replay={model} />, container));
    expect(container.querySelector('[data-testid=replay-source]')?.textContent).toBe('demo.ndjson · 66 events');
    act(() => model.setBreakpoint('type:tool_call'));
    act(() => model.setSpeed('instant'));
    act(() => model.play());
    await act(() => clock.advance(0));
    expect(container.querySelector('[data-testid=replay-status]')?.textContent).toMatch(
      /Paused before #\d+ conversation\.tool_call \(breakpoint\)/,
    );
    expect(container.querySelector('[data-testid=replay-position]')?.textContent).toMatch(/^\d+ \/ 66$/);
  });

  it('rows the relay marked replay show ↻ replay; the replica and the app keep their labels', () => {
    const restore = stubClientHeight({ vlist: 21 * 20 });
    try {
      const { store } = setup();
      container = document.createElement('div');
      document.body.append(container);
      act(() => render(<EventTable store={store} />, container));
      act(() => {
        store.receive([
          live({ json: JSON.stringify({ event_type: 'conversation.utterance', seq: 30 }), origin: 'replay' }),
          live({ json: JSON.stringify({ event_type: 'conversation.utterance', seq: 31 }) }),
        ]);
        store.flush();
      });
      const text = container.textContent ?? '';
      expect(text.match(/↻ replay/g)).toHaveLength(1);
      expect(text).toContain('↓ in');
    } finally {
      restore();
    }
  });
});
