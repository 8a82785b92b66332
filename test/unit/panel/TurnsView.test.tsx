// @vitest-environment happy-dom
// The log hands out the same Turn object while a turn is unchanged (TurnScanner), and blocks that read signals skip
// re-rendering for equal props (@preact/signals): together a live update renders only the turn it touched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { TurnsView } from '../../../src/panel/turns/TurnsView';
import { PanelStore } from '../../../src/panel/store';
import type { CapturedInput } from '../../../src/panel/connection';

let container: HTMLElement;
let cursor = 0;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  cursor = 0;
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

const input = (
  seq: number,
  turn: number,
  properties: Record<string, unknown>,
  eventType = 'conversation.utterance',
): CapturedInput => {
  const json = JSON.stringify({
    message_type: 'conversation',
    event_type: eventType,
    conversation_id: 'c1',
    seq,
    turn_idx: turn,
    inference_id: `i${turn}`,
    properties,
  });
  cursor++;
  return {
    source: '0:doc',
    cursor,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId: 'call-1',
      via: 'hook',
      t: 1000 + seq * 10,
      dir: 'in',
      origin: 'remote',
      json,
      size: json.length,
    },
  };
};

function add(store: PanelStore, inputs: CapturedInput[]): void {
  act(() => {
    store.receive(inputs);
    store.flush();
  });
}

describe('TurnsView', () => {
  it('re-renders only the turn an event touched; selection still reaches the others', () => {
    const store = new PanelStore(undefined);
    add(store, [
      input(1, 1, { role: 'user', speech: 'first question' }),
      input(2, 1, { role: 'replica', speech: 'first answer' }),
      input(3, 2, { role: 'user', speech: 'second question' }),
    ]);
    act(() => render(<TurnsView store={store} />, container));
    const [first, second] = Array.from(container.querySelectorAll('[data-testid=turn]'));
    expect(first!.textContent).toContain('first answer');

    // A block that renders looks up each of its events: count whose events were looked up during the update.
    const looked: number[] = [];
    const get = store.log.get.bind(store.log);
    store.log.get = (id: number) => (looked.push(id), get(id));
    add(store, [input(4, 2, { role: 'replica', speech: 'second answer' })]);
    expect(second!.textContent).toContain('second answer');
    const firstTurnIds = store.turns.value[0]!.eventIds;
    expect(looked.length).toBeGreaterThan(0);
    expect(looked.some((id) => firstTurnIds.includes(id))).toBe(false);

    const firstEventId = [...store.log.events()][0]!.id;
    act(() => store.select(firstEventId));
    expect(first!.querySelector('.wf-event.selected')).not.toBeNull();
  });
});
