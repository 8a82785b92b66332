// @vitest-environment happy-dom
// The Events tab behaves like the Network panel: a click opens the detail, arrows move it, Escape closes it, a row
// menu filters / copies / replies, ids in the payload are links, tool-call arguments are a tree, and a tool call
// shows how long it has been waiting for its reply.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { EventsView } from '../../../src/panel/events/EventsView';
import { PanelStore } from '../../../src/panel/store';
import { insightsFor } from '../../../src/panel/problems/insights-model';
import type { CapturedInput } from '../../../src/panel/connection';
import { stubClientHeight } from './layout-stub';

let container: HTMLElement;
let restoreLayout: () => void;
let cursor = 0;
const T0 = 1_700_000_000_000;

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
  vi.restoreAllMocks();
});

function input(data: unknown, t: number, dir: 'in' | 'out' = 'in'): CapturedInput {
  const json = JSON.stringify(data);
  cursor++;
  return {
    source: '0:doc',
    cursor,
    frameId: 0,
    record:
      dir === 'in'
        ? { kind: 'app-message', callId: 'call-1', via: 'hook', t, dir, origin: 'remote', json, size: json.length }
        : {
            kind: 'app-message',
            callId: 'call-1',
            via: 'hook',
            t,
            dir,
            origin: 'app',
            json,
            size: json.length,
            to: '*',
          },
  };
}

const utterance = (seq: number, speech: string, inference = 'inf-1') => ({
  message_type: 'conversation',
  event_type: 'conversation.utterance',
  conversation_id: 'c1',
  seq,
  turn_idx: 2,
  inference_id: inference,
  properties: { role: 'user', speech },
});
const toolCall = (seq: number) => ({
  message_type: 'conversation',
  event_type: 'conversation.tool_call',
  conversation_id: 'c1',
  seq,
  turn_idx: 2,
  inference_id: 'inf-1',
  properties: { name: 'get_weather', tool_call_id: 'call_42', arguments: '{"city":"Paris","days":[1,2]}' },
});
const toolResult = {
  message_type: 'conversation',
  event_type: 'conversation.tool_result',
  conversation_id: 'c1',
  properties: { tool_call_id: 'call_42', output: { result: 'sunny' }, status: 'success' },
};
const respond = {
  message_type: 'conversation',
  event_type: 'conversation.respond',
  conversation_id: 'c1',
  properties: { text: 'hi' },
};

function setup(inputs: CapturedInput[]): PanelStore {
  const store = new PanelStore({ send: async () => ({ ok: true }), attach: async () => ({ ok: true }) });
  act(() => {
    store.receive(inputs);
    store.flush();
  });
  act(() => render(<EventsView store={store} />, container));
  return store;
}

const rows = () => Array.from(container.querySelectorAll<HTMLElement>('[data-testid=event-row]'));
const rowWith = (text: string) => rows().find((r) => r.textContent?.includes(text))!;
const grid = () => container.querySelector<HTMLElement>('[data-focus-target="events-table"]')!;
const detail = () => container.querySelector<HTMLElement>('[data-testid=detail]');
function click(el: Element, type = 'click', init: MouseEventInit = {}): void {
  act(() => {
    el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, ...init }));
  });
}
function key(name: string, init: KeyboardEventInit = {}): void {
  act(() => {
    grid().dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init }));
  });
}
const menuItems = () => Array.from(document.querySelectorAll<HTMLButtonElement>('.menu-item'));
const menuItem = (label: string) => menuItems().find((b) => b.textContent?.includes(label));
const flushPromises = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('Network-panel row interactions', () => {
  it('a single click opens the detail of that row', () => {
    const store = setup([input(utterance(1, 'first'), T0), input(utterance(2, 'second'), T0 + 10)]);
    expect(detail()).toBeNull();
    click(rowWith('second'));
    expect(store.detailOpen.value).toBe(true);
    expect(store.selected.value?.seq).toBe(2);
    expect(detail()?.textContent).toContain('conversation.utterance');
  });

  it('ArrowUp / ArrowDown move the selection and the open detail follows; Escape closes, Enter opens', () => {
    const store = setup([
      input(utterance(1, 'first'), T0),
      input(utterance(2, 'second'), T0 + 10),
      input(utterance(3, 'third'), T0 + 20),
    ]);
    click(rowWith('first'));
    key('ArrowDown');
    expect(store.selected.value?.seq).toBe(2);
    expect(detail()?.textContent).toContain('second');
    key('ArrowDown');
    expect(detail()?.textContent).toContain('third');
    key('ArrowUp');
    expect(store.selected.value?.seq).toBe(2);
    key('Escape');
    expect(store.detailOpen.value).toBe(false);
    expect(detail()).toBeNull();
    key('ArrowUp');
    expect(store.selected.value?.seq).toBe(1);
    expect(detail()).toBeNull(); // arrows never open it
    key('Enter');
    expect(detail()?.textContent).toContain('first');
  });
});

describe('row context menu', () => {
  function openMenuOn(text: string): void {
    click(rowWith(text), 'contextmenu', { clientX: 30, clientY: 40 });
  }

  it('opens on right click and from the keyboard, and filters by type, turn, inference_id and call', () => {
    const store = setup([input(utterance(1, 'first', 'inf-abc'), T0), input(utterance(2, 'second'), T0 + 10)]);
    openMenuOn('first');
    expect(store.selected.value?.seq).toBe(1);
    expect(menuItems().map((b) => b.textContent)).toEqual([
      'Filter by type conversation.utterance',
      'Filter by turn 2',
      'Filter by inference_id inf-abc',
      'Filter by call call-1',
      'Copy JSON',
    ]);
    act(() => menuItem('Filter by type')!.click());
    expect(store.filterText.value).toBe('type:conversation.utterance');
    expect(document.querySelector('.menu')).toBeNull();
    // From the keyboard: the selected row's menu.
    key('ContextMenu');
    expect(menuItem('Filter by type')!.disabled).toBe(true); // already filtered by it
    act(() => menuItem('Filter by turn')!.click());
    expect(store.filterText.value).toBe('type:conversation.utterance turn:2');
    key('F10', { shiftKey: true });
    act(() => menuItem('Filter by inference_id')!.click());
    expect(store.filterText.value).toBe('type:conversation.utterance turn:2 inference:inf-abc');
    key('ContextMenu');
    act(() => menuItem('Filter by call')!.click());
    expect(store.filterText.value).toBe('type:conversation.utterance turn:2 inference:inf-abc call:call-1');
    expect(rows().map((r) => r.textContent?.includes('first'))).toEqual([true]);
  });

  it('copies the payload as JSON and an outgoing row as call.sendAppMessage(...)', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void writes.push(text) },
    });
    setup([input(utterance(1, 'first'), T0), input(respond, T0 + 10, 'out')]);
    openMenuOn('first');
    expect(menuItem('sendAppMessage')).toBeUndefined(); // incoming: nothing to send
    act(() => menuItem('Copy JSON')!.click());
    await flushPromises();
    expect(JSON.parse(writes[0]!)).toEqual(utterance(1, 'first'));
    expect(container.querySelector('[data-testid=table-feedback]')?.textContent).toBe('JSON copied');
    openMenuOn('hi');
    act(() => menuItem('Copy as call.sendAppMessage')!.click());
    await flushPromises();
    expect(writes[1]).toContain('call.sendAppMessage(');
    expect(writes[1]).toContain('"conversation.respond"');
    expect(writes[1]).toContain("'*'");
  });

  it('"Reply to this tool call" opens the tool_result form with its tool_call_id and tool name', () => {
    const store = setup([input(toolCall(1), T0)]);
    openMenuOn('get_weather');
    act(() => menuItem('Reply to this tool call')!.click());
    expect(store.tab.value).toBe('composer');
    const draft = store.composerDraft.value;
    expect(draft && 'form' in draft ? draft.form : undefined).toBe('tool_result');
    expect(draft && 'form' in draft ? draft.values.toolCallId : undefined).toBe('call_42');
    expect(draft && 'form' in draft ? draft.replyTo : undefined).toEqual({
      toolName: 'get_weather',
      toolCallId: 'call_42',
    });
    expect(JSON.stringify(draft)).not.toContain('<result>');
  });
});

describe('payload links and tool-call arguments', () => {
  it('inference_id filters by it; tool_call_id selects the other side of the call', () => {
    const store = setup([input(toolCall(1), T0), input(toolResult, T0 + 500, 'out')]);
    click(rowWith('get_weather'));
    const links = () => Array.from(container.querySelectorAll<HTMLButtonElement>('[data-testid=jt-link]'));
    const link = (text: string) => links().find((l) => l.textContent?.includes(text))!;
    act(() => link('call_42').click());
    expect(store.selected.value?.kind).toBe('tool_result');
    act(() => link('call_42').click()); // and back from the result to the call
    expect(store.selected.value?.kind).toBe('tool_call');
    act(() => link('inf-1').click());
    expect(store.filterText.value).toBe('inference:inf-1');
  });

  it('shows a JSON-string arguments as a tree, with the raw string one click away', () => {
    setup([input(toolCall(1), T0)]);
    click(rowWith('get_weather'));
    const body = () => container.querySelector('.detail-body')!.textContent ?? '';
    expect(body()).toContain("arguments: {city: 'Paris', days: Array(2)}");
    const toggle = () => container.querySelector<HTMLButtonElement>('[data-testid=jt-toggle-raw]')!;
    expect(toggle().textContent).toBe('raw string');
    act(() => toggle().click());
    expect(body()).toContain('"{\\"city\\":\\"Paris\\",\\"days\\":[1,2]}"');
    act(() => toggle().click());
    expect(toggle().textContent).toBe('raw string');
  });
});

describe('tool call waiting for its reply', () => {
  it('shows "waiting N s", live, until the reply comes, then the reply time', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(T0 + 1000);
    const store = setup([input(toolCall(1), T0)]);
    const status = () => container.querySelector('[data-testid=tool-status]')?.textContent;
    act(() => {
      insightsFor(store).now.value = T0 + 1000;
    });
    expect(status()).toBe('waiting 1 s');
    now.mockReturnValue(T0 + 12_400);
    act(() => {
      insightsFor(store).now.value = T0 + 12_400;
    });
    expect(status()).toBe('waiting 12 s');
    click(rowWith('get_weather'));
    expect(container.querySelector('[data-testid=detail-tool-status]')?.textContent).toBe('waiting 12 s');
    act(() => {
      store.receive([input(toolResult, T0 + 13_000, 'out')]);
      store.flush();
    });
    expect(status()).toBe('answered in 13 s');
    expect(container.querySelector('[data-testid=detail-tool-status]')?.textContent).toBe('answered in 13 s');
  });
});

describe('detail placement', () => {
  it('puts the detail below the table on a narrow panel and beside it on a wide one', () => {
    const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
    let panelWidth = 450;
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('events-view') ? panelWidth : 0;
      },
    });
    try {
      setup([input(utterance(1, 'first'), T0)]);
      const view = () => container.querySelector<HTMLElement>('.events-view')!;
      expect(view().dataset.detailPlacement).toBe('below');
      // The detail's split below is dragged (or stepped with the keyboard) and remembered on its own.
      click(rowWith('first'));
      const divider = container.querySelector<HTMLElement>('.split-divider')!;
      act(() => {
        divider.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true, cancelable: true }));
      });
      expect(localStorage.getItem('cvi-devtools:split.detail-below')).toBe('270');
      expect(localStorage.getItem('cvi-devtools:split.detail')).toBeNull();
      panelWidth = 1200;
      act(() => render(null, container));
      setup([input(utterance(1, 'first'), T0)]);
      expect(view().dataset.detailPlacement).toBe('beside');
    } finally {
      if (width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', width);
    }
  });
});
