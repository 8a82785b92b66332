// @vitest-environment happy-dom
// The event table skips re-rendering rows whose content did not change (DataTable rowVersion); these tests pin down
// that rows still update for everything that can change after an event was added.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { EventTable } from '../../../src/panel/events/EventTable';
import { PanelStore } from '../../../src/panel/store';
import type { CapturedInput } from '../../../src/panel/connection';
import { stubClientHeight } from './layout-stub';

let container: HTMLElement;
let restoreLayout: () => void;
let cursor = 0;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  restoreLayout = stubClientHeight({ vlist: 21 * 20 });
  cursor = 0;
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
  restoreLayout();
});

const input = (data: unknown, t: number): CapturedInput => {
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
      t,
      dir: 'in',
      origin: 'remote',
      json,
      size: json.length,
    },
  };
};
const event = (seq: number, eventType: string, properties: Record<string, unknown>, inference = 'r1') => ({
  message_type: 'conversation',
  event_type: eventType,
  conversation_id: 'c1',
  seq,
  turn_idx: 1,
  inference_id: inference,
  properties,
});

function mount(store: PanelStore): void {
  act(() => render(<EventTable store={store} />, container));
}

function add(store: PanelStore, inputs: CapturedInput[]): void {
  act(() => {
    store.receive(inputs);
    store.flush();
  });
}

/** Cells of the row showing seq `seq`, by column title. */
function cellsOf(seq: number): Record<string, string> {
  const titles = Array.from(container.querySelectorAll('.dt-header-cell')).map((cell) => cell.textContent ?? '');
  const row = Array.from(container.querySelectorAll<HTMLElement>('.dt-row')).find(
    (r) => r.querySelector('.dt-cell')?.textContent === String(seq),
  );
  if (!row) throw new Error(`no row for seq ${seq}`);
  return Object.fromEntries(
    Array.from(row.querySelectorAll('.dt-cell')).map((cell, k) => [titles[k]!, cell.textContent ?? '']),
  );
}

describe('EventTable rows update for what changes after an event was added', () => {
  it('an earlier event becomes a twin when its copy arrives', () => {
    const store = new PanelStore(undefined);
    mount(store);
    add(store, [input(event(1, 'conversation.utterance', { role: 'pal', speech: 'hello' }), 1000)]);
    // The first replica speech of the call is also its readiness marker.
    expect(cellsOf(1).Warnings).toBe('◆ first replica speech · ready');
    add(store, [input(event(1, 'conversation.utterance', { role: 'replica', speech: 'hello' }), 1001)]);
    expect(cellsOf(1).Warnings).toBe('◆ first replica speech · ready, twin');
  });

  it('a collapsed stream row follows its new chunks', () => {
    const store = new PanelStore(undefined);
    mount(store);
    add(store, [
      input(event(1, 'conversation.utterance.streaming', { role: 'replica', speech: 'Hi', content_index: 0 }), 1000),
    ]);
    add(store, [
      input(
        event(2, 'conversation.utterance.streaming', { role: 'replica', speech: 'Hi there', content_index: 1 }),
        1010,
      ),
    ]);
    expect(cellsOf(1).Summary).toContain('Hi there (2 chunks, streaming…)');
    add(store, [
      input(
        event(3, 'conversation.utterance.streaming', {
          role: 'replica',
          speech: 'Hi there, friend',
          content_index: 2,
          final: true,
        }),
        1020,
      ),
    ]);
    expect(cellsOf(1).Summary).toContain('Hi there, friend (3 chunks, final)');
  });

  it('a row shows the time since the row now before it, when a late event lands in between', () => {
    const store = new PanelStore(undefined);
    mount(store);
    add(store, [input(event(1, 'conversation.utterance', { role: 'user', speech: 'a' }, 'u1'), 1000)]);
    add(store, [input(event(3, 'conversation.utterance', { role: 'user', speech: 'c' }, 'u3'), 1300)]);
    expect(cellsOf(3)['Δ']).toBe('+300 ms');
    add(store, [input(event(2, 'conversation.utterance', { role: 'user', speech: 'b' }, 'u2'), 1500)]);
    expect(cellsOf(3)['Δ']).toBe('-200 ms');
  });
});

describe('EventTable sizes', () => {
  it('a collapsed echo stream and one of its chunks give sizes in the same units (1 kB = 1000 B)', () => {
    const store = new PanelStore(undefined);
    mount(store);
    // 1600 base64 chars = 1200 bytes per chunk: 1.2 kB in decimal units, 1.2 kB in binary ones too; two chunks
    // (2400 bytes) tell them apart: 2.4 kB vs 2.3 kB.
    const chunk = (seq: number) =>
      input(
        event(seq, 'conversation.echo', {
          modality: 'audio',
          audio: 'AAAA'.repeat(400),
          sample_rate: 24000,
          inference_id: 'e1',
        }),
        1000 + seq,
      );
    add(store, [chunk(1), chunk(2)]);
    expect(cellsOf(1).Summary).toBe('audio echo: 2.4 kB, 0.05 s in 2 chunks (not done)');
    act(() => {
      store.collapseStreams.value = false;
    });
    expect(cellsOf(1).Summary).toBe('audio 1.2 kB ≈ 25 ms @ 24 kHz');
    add(store, [
      input(
        event(3, 'conversation.echo', {
          modality: 'audio',
          audio: 'AAAA'.repeat(800),
          sample_rate: 24000,
          inference_id: 'e2',
        }),
        1010,
      ),
    ]);
    // One chunk of 2400 bytes reads exactly as the two-chunk stream of 2400 bytes above.
    expect(cellsOf(3).Summary).toBe('audio 2.4 kB ≈ 50 ms @ 24 kHz');
  });
});

describe('EventTable narrow', () => {
  it('a table too narrow for the Warnings column shows its markers at the start of the Summary instead', () => {
    // happy-dom has no layout: the scroller is 500 px wide (Summary 200 px and a few columns fit, Warnings does not).
    const own = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('vlist') ? 500 : 0;
      },
    });
    try {
      const store = new PanelStore(undefined);
      mount(store);
      add(store, [
        input(event(1, 'conversation.utterance', { role: 'replica', speech: 'hello' }), 1000),
        input(event(2, 'conversation.utterance', { role: 'user', speech: 'hi' }, 'u2'), 1100),
      ]);
      const titles = Array.from(container.querySelectorAll('.dt-header-cell')).map((cell) => cell.textContent);
      expect(titles).toContain('Summary');
      expect(titles).not.toContain('Warnings');
      expect(cellsOf(1).Summary).toBe('◆ first replica speech · ready replica: "hello"');
      expect(cellsOf(2).Summary).toBe('user: "hi"');
    } finally {
      if (own) Object.defineProperty(HTMLElement.prototype, 'clientWidth', own);
    }
  });

  it('a wide table keeps the markers in the Warnings column only', () => {
    const store = new PanelStore(undefined);
    mount(store);
    add(store, [input(event(1, 'conversation.utterance', { role: 'replica', speech: 'hello' }), 1000)]);
    expect(cellsOf(1).Warnings).toBe('◆ first replica speech · ready');
    expect(cellsOf(1).Summary).toBe('replica: "hello"');
  });
});
