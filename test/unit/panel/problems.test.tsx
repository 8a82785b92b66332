// @vitest-environment happy-dom
/** Problems, Objectives and Names views, and the event table's heartbeat row and lint markers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { EventTable } from '../../../src/panel/events/EventTable';
import { ProblemsView } from '../../../src/panel/problems/ProblemsView';
import { ObjectivesView } from '../../../src/panel/objectives/ObjectivesView';
import { NamesView } from '../../../src/panel/names/NamesView';
import { insightsFor } from '../../../src/panel/problems/insights-model';
import { EchoInspector } from '../../../src/panel/echo/EchoInspector';
import { DetailPane } from '../../../src/panel/events/DetailPane';
import { PanelStore } from '../../../src/panel/store';
import type { CapturedInput } from '../../../src/panel/connection';
import { stubClientHeight } from './layout-stub';

let container: HTMLElement;
let restoreLayout: () => void;
let cursor = 0;
const T0 = 1_767_802_000_000;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  restoreLayout = stubClientHeight({ vlist: 21 * 20 });
  cursor = 0;
  localStorage.clear();
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
  restoreLayout();
});

const input = (data: unknown, s: number, dir: 'in' | 'out' = 'in'): CapturedInput => {
  const json = JSON.stringify(data);
  cursor++;
  return {
    source: '0:doc',
    cursor,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId: 'call-1',
      via: 'hook',
      t: T0 + s * 1000,
      dir,
      origin: dir === 'in' ? 'remote' : 'app',
      json,
      size: json.length,
    },
  };
};
const msg = (eventType: string, properties?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  message_type: 'conversation',
  event_type: eventType,
  conversation_id: 'c1',
  ...(properties ? { properties } : {}),
  ...extra,
});

function add(store: PanelStore, inputs: CapturedInput[]): void {
  act(() => {
    store.receive(inputs);
    store.flush();
  });
}

const $$ = (testId: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)];

describe('event table', () => {
  it('shows heartbeats as one row with count, interval and last attempt', () => {
    const store = new PanelStore(undefined);
    act(() => render(<EventTable store={store} />, container));
    add(
      store,
      [1, 2, 3].map((attempt) =>
        input(msg('system.replica_present', { attempt }, { message_type: 'system' }), attempt * 5),
      ),
    );
    const rows = $$('event-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('replica present × 3 · every 5.0 s · last attempt 3');
    expect(rows[0]!.textContent).toContain('◆ first heartbeat · ready');
  });

  it('marks a row with the lint rule it broke', () => {
    const store = new PanelStore(undefined);
    act(() => render(<EventTable store={store} />, container));
    add(store, [
      input(msg('system.replica_joined', {}, { message_type: 'system' }), 0),
      input(
        msg('conversation.sensitivity', {
          participant_pause_sensitivity: 'low',
          participant_interrupt_sensitivity: 'low',
        }),
        1,
        'out',
      ),
    ]);
    const texts = $$('event-row').map((row) => row.textContent ?? '');
    expect(texts[1]).toContain('⚠ Sensitivity with both keys');
    expect(texts[0]).not.toContain('⚠');
  });
});

describe('Problems view', () => {
  it('lists findings with their events; a link selects the event in Events; a rule can be switched off', () => {
    const store = new PanelStore(undefined);
    act(() => render(<ProblemsView store={store} />, container));
    expect($$('problems-empty')).toHaveLength(1);
    add(store, [
      input(msg('conversation.respond', { text: 'too early' }), 0, 'out'),
      input(msg('system.replica_joined', {}, { message_type: 'system' }), 1),
    ]);
    const findings = $$('lint-finding');
    expect(findings.map((f) => f.dataset['rule'])).toEqual(['send-before-ready']);
    expect(findings[0]!.textContent).toContain('conversation.respond sent before the replica was ready');
    expect($$('lint-count-send-before-ready')[0]!.textContent).toBe('1');
    const link = $$('lint-event-link')[0]!;
    const id = Number(link.dataset['eventId']);
    act(() => link.click());
    expect(store.selectedId.value).toBe(id);
    expect(store.tab.value).toBe('events');
    expect(store.log.get(id)?.eventType).toBe('conversation.respond');

    const toggle = $$('lint-rule-send-before-ready')[0] as HTMLInputElement;
    act(() => toggle.click());
    expect($$('lint-finding')).toHaveLength(0);
    expect($$('lint-count-send-before-ready')[0]!.textContent).toBe('1');
    act(() => toggle.click());
    expect($$('lint-finding')).toHaveLength(1);
  });

  it('runs the unanswered-tool-call rule as a live timer on the model clock', () => {
    const store = new PanelStore(undefined);
    act(() => render(<ProblemsView store={store} />, container));
    const model = insightsFor(store);
    act(() => {
      model.now.value = T0 + 2_000;
    });
    add(store, [input(msg('conversation.tool_call', { name: 'lookup', arguments: '{}', tool_call_id: 'c1' }), 1)]);
    expect($$('lint-finding')).toHaveLength(0);
    act(() => {
      model.now.value = T0 + 20_000;
    });
    expect($$('lint-finding').map((f) => f.textContent)).toEqual([
      expect.stringContaining('lookup (c1) unanswered for 19 s'),
    ]);
  });

  it('starts over when the log is cleared', () => {
    const store = new PanelStore(undefined);
    act(() => render(<ProblemsView store={store} />, container));
    add(store, [input(msg('conversation.respond', { text: 'x' }), 0, 'out')]);
    expect($$('lint-finding')).toHaveLength(1);
    act(() => store.clear());
    expect($$('lint-finding')).toHaveLength(0);
  });
});

describe('Objectives and Names views', () => {
  it('show objective states with output variables, readiness, and names with their standing', () => {
    const store = new PanelStore(undefined);
    act(() => render(<ObjectivesView store={store} />, container));
    add(store, [
      input(msg('system.replica_present', { attempt: 1 }, { message_type: 'system' }), 0),
      input(msg('conversation.objective.activated', { objective_name: 'greet' }), 1),
      input(
        msg('conversation.objective.completed', { objective_name: 'greet', output_variables: { name: 'Priya' } }),
        2,
      ),
      input(msg('conversation.objective.pending', { objective_name: 'consent' }), 3),
    ]);
    expect($$('objective-chip').map((c) => c.textContent)).toEqual([
      'greet · completed',
      'consent · pending (awaiting confirm)',
    ]);
    expect($$('objective-outputs')[0]!.textContent).toBe('{"name":"Priya"}');
    expect($$('readiness-ready')[0]!.textContent).toBe('by heartbeat');

    act(() => render(<NamesView store={store} />, container));
    const rows = $$('name-row');
    expect(rows.map((r) => [r.textContent?.split('(')[0], r.dataset['standing']])).toEqual([
      [expect.stringContaining('conversation.objective.activated'), 'undocumented'],
      [expect.stringContaining('conversation.objective.completed'), 'undocumented'],
      [expect.stringContaining('conversation.objective.pending'), 'undocumented'],
      [expect.stringContaining('system.replica_present'), 'undocumented'],
    ]);
  });
});

describe('Echo inspector', () => {
  it('reports the whole stream of the selected chunk: chunks, audio, pacing, done', () => {
    const store = new PanelStore(undefined);
    const audio100ms = btoa(String.fromCharCode(...new Uint8Array(4800)));
    const chunk = (done: boolean) =>
      msg('conversation.echo', { modality: 'audio', audio: audio100ms, sample_rate: 24000, inference_id: 'u1', done });
    add(store, [input(chunk(false), 0, 'out'), input(chunk(false), 0.02, 'out'), input(chunk(true), 0.04, 'out')]);
    const first = store.log.events().next().value!;
    act(() => render(<EchoInspector store={store} event={first} />, container));
    expect($$('echo-chunks')[0]!.textContent).toBe('3');
    expect($$('echo-audio')[0]!.textContent).toBe('14.4 kB · 0.30 s');
    expect($$('echo-lead')[0]!.textContent).toBe('160 ms ahead of real time');
    expect($$('echo-done')[0]!.textContent).toBe('yes');
  });
});

describe('Detail pane tool replies', () => {
  it.each([
    ['a perception tool call', 'conversation.perception_tool_call', 'notify_badge_shown', 3],
    ['an ordinary tool call', 'conversation.tool_call', 'get_weather', 3],
    ['a Magic Canvas control tool', 'conversation.tool_call', 'canvas_clear', 0],
  ])('offers replies to %s', (_label, eventType, name, count) => {
    const store = new PanelStore(undefined);
    add(store, [
      input(msg(eventType, { name, arguments: '{}', tool_call_id: 'call_1', modality: 'audio' }, { seq: 1 }), 1),
    ]);
    act(() => store.select(store.log.events().next().value!.id, true));
    act(() => render(<DetailPane store={store} />, container));
    expect($$('tool-reply')).toHaveLength(count);
  });
});
