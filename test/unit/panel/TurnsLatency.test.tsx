// @vitest-environment happy-dom
// The Turns tab on the scripted demo conversation: the latency table (sort, thresholds, jump), between-turns blocks,
// the waterfall's axis, spans and folded chunks, and the remembered scale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { TurnsView } from '../../../src/panel/turns/TurnsView';
import { PanelStore } from '../../../src/panel/store';
import { Script } from '../log/conversation-script';
import { demoConversation } from '../log/demo-conversation';

let container: HTMLElement;

beforeEach(() => {
  localStorage.clear();
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount(script: Script = demoConversation()): PanelStore {
  const store = new PanelStore(undefined);
  act(() => {
    store.receive(script.inputs);
    store.flush();
  });
  act(() => render(<TurnsView store={store} />, container));
  return store;
}

const $ = (selector: string) => container.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
const tableTurns = () => $$('[data-testid=latency-row]').map((r) => r.dataset.turnKey);
const click = (el: HTMLElement | null): void => {
  act(() => el!.click());
};

/** Three turns with user-stop latencies 1000, 3000 and 500 ms (by local time). */
function threeTurns(): Script {
  const s = new Script();
  [
    [1, 1_000],
    [2, 3_000],
    [3, 500],
  ].forEach(([turn, wait], i) => {
    const t = 10_000 * (i + 1);
    s.at(t).speaking('started', 'user', turn!, `u${turn}`);
    s.at(t + 500).speaking('stopped', 'user', turn!, `u${turn}`, { duration: 0.5, interrupted: false });
    s.at(t + 500 + wait!).speaking('started', 'replica', turn!, `r${turn}`);
    s.at(t + 600 + wait!).speaking('stopped', 'replica', turn!, `r${turn}`, { duration: 0.1, interrupted: false });
  });
  return s;
}

describe('Turns latency table', () => {
  it('sorts by any column on a header click, both ways, and remembers the sort', () => {
    mount(threeTurns());
    expect(tableTurns()).toEqual(['call-1:1', 'call-1:2', 'call-1:3']);
    const header = $('[data-column=userStopToReplicaStart]')!;
    click(header);
    expect(tableTurns()).toEqual(['call-1:2', 'call-1:1', 'call-1:3']); // slowest first
    expect(header.closest('th')!.getAttribute('aria-sort')).toBe('descending');
    click(header);
    expect(tableTurns()).toEqual(['call-1:3', 'call-1:1', 'call-1:2']);
    expect(header.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    expect(JSON.parse(localStorage.getItem('cvi-devtools:turns.sort')!)).toEqual({
      column: 'userStopToReplicaStart',
      descending: false,
    });
    act(() => render(null, container));
    act(() => render(<TurnsView store={new PanelStore(undefined)} />, container));
    mount(threeTurns());
    expect(tableTurns()).toEqual(['call-1:3', 'call-1:1', 'call-1:2']);
  });

  it('highlights turns over a threshold; thresholds are settable and remembered', () => {
    mount(threeTurns());
    // Default: user stop → replica start over 1.5 s.
    expect($$('.lt-slow').map((r) => r.dataset.turnKey)).toEqual(['call-1:2']);
    expect($('[data-testid=slow-count]')!.textContent).toBe('1 slow turn');
    expect($$('[data-testid=turn]').filter((t) => t.classList.contains('turn-slow')).length).toBe(1);
    const input = $('[data-testid=threshold-userStopToReplicaStart]') as HTMLInputElement;
    act(() => {
      input.value = '0.8 s';
      input.dispatchEvent(new Event('change'));
    });
    expect($$('.lt-slow').map((r) => r.dataset.turnKey)).toEqual(['call-1:1', 'call-1:2']);
    expect(JSON.parse(localStorage.getItem('cvi-devtools:turns.thresholds')!)).toMatchObject({
      userStopToReplicaStart: 800,
    });
    act(() => {
      input.value = 'soon';
      input.dispatchEvent(new Event('change'));
    });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect($('.lt-invalid')!.textContent).toContain('1.5 s');
    expect($$('.lt-slow').length).toBe(2); // an invalid entry changes nothing
  });

  it('a row click jumps to its turn block', () => {
    mount(threeTurns());
    const row = $$('[data-testid=latency-row]').find((r) => r.dataset.turnKey === 'call-1:2')!;
    click(row);
    const block = $$('[data-testid=turn]').find((b) => b.dataset.blockKey === 'call-1:2')!;
    expect(block.classList.contains('turn-highlighted')).toBe(true);
    expect(document.activeElement).toBe(block);
  });
});

describe('Turns blocks and waterfall', () => {
  it('shows sends made after a finished turn as a between-turns block, in order', () => {
    mount();
    const blocks = $$('[data-block-key]').map((b) => b.dataset.blockKey!);
    expect(blocks).toEqual(['call-1:1', expect.stringMatching(/^between:call-1:\d+$/), 'call-1:2']);
    const between = $('[data-testid=between-turns]')!;
    expect(between.textContent).toContain('after turn 1');
    expect(between.textContent).toContain('conversation.overwrite_llm_context, conversation.echo');
    // The three audio echo chunks are one row.
    const echoRow = [...between.querySelectorAll<HTMLElement>('[data-testid=waterfall-row]')].find((r) =>
      r.textContent!.includes('echo'),
    )!;
    expect(echoRow.textContent).toContain('3 chunks');
    // Turn 1 lasts until the replica stopped (2.5 s), not until the echo a minute later.
    const turn1 = $$('[data-testid=turn]')[0]!;
    expect(turn1.querySelector('.turn-header')!.textContent).toContain('2.5 s');
  });

  it('draws a time axis with ticks, speaking and latency spans, and folds stream chunks', () => {
    mount();
    const turn1 = $$('[data-testid=turn]')[0]!;
    const ticks = [...turn1.querySelectorAll('.wf-tick')].map((t) => t.textContent);
    expect(ticks).toEqual(['0', '500 ms', '1 s', '1.5 s', '2 s', '2.5 s']);
    const spans = [...turn1.querySelectorAll('[data-testid=waterfall-span]')].map((s) => s.textContent);
    expect(spans).toEqual([
      'user speaking500 ms',
      'replica speaking900 ms',
      'user stop → replica start1 s',
      'respond → first replica event800 ms',
      'tool get_weather → reply500 ms',
    ]);
    const rows = [...turn1.querySelectorAll('[data-testid=waterfall-row]')].map((r) => r.textContent!);
    expect(rows.filter((r) => r.includes('3 chunks'))).toHaveLength(2);
    // 19 events (speaking twins, streaming chunks) in 11 rows.
    expect(turn1.querySelector('[data-testid=waterfall-axis]')!.textContent).toContain('11 rows · 19 events');
    expect(rows).toHaveLength(11);
    // The replica's speaking span starts at +1.6 s of a 2.5 s turn.
    const bar = turn1.querySelectorAll<HTMLElement>('[data-testid=waterfall-span] .wf-bar')[1]!;
    expect(bar.style.left).toBe('64.00%');
  });

  it('one scale across turns when chosen, remembered', () => {
    mount();
    const lastTick = (block: Element) => [...block.querySelectorAll('.wf-tick')].at(-1)!.textContent;
    const [turn1, turn2] = $$('[data-testid=turn]');
    expect([lastTick(turn1!), lastTick(turn2!)]).toEqual(['2.5 s', '3 s']);
    click($('[data-testid=scale-shared]'));
    // The longest block (turn 2: 3.5 s) sets the scale for all.
    expect([lastTick(turn1!), lastTick(turn2!)]).toEqual(['3 s', '3 s']);
    expect($('[data-testid=scale-shared]')!.getAttribute('aria-pressed')).toBe('true');
    expect(localStorage.getItem('cvi-devtools:turns.scale')).toBe('"shared"');
  });
});
