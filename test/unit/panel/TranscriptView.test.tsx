// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { TranscriptView } from '../../../src/panel/transcript/TranscriptView';
import { PanelStore } from '../../../src/panel/store';
import { Script } from '../log/conversation-script';
import { demoConversation } from '../log/demo-conversation';

let container: HTMLElement;
let written: string[];

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  written = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: vi.fn(async (text: string) => void written.push(text)) },
  });
});

afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

function mount(script: Script): PanelStore {
  const store = new PanelStore(undefined);
  act(() => {
    store.receive(script.inputs);
    store.flush();
  });
  act(() => render(<TranscriptView store={store} />, container));
  return store;
}

const lines = () => [...container.querySelectorAll<HTMLElement>('[data-testid=transcript-line]')];

describe('TranscriptView', () => {
  it('renders the chat in order with interruption, unspoken text and the tool call with its reply', () => {
    mount(demoConversation());
    expect(lines().map((l) => l.dataset.type)).toEqual([
      'user',
      'tool',
      'replica',
      'app',
      'app',
      'replica',
      'user',
      'replica',
    ]);
    const story = lines()[7]!;
    expect(story.querySelector('[data-testid=interrupted]')).not.toBeNull();
    expect(story.querySelector('.tr-spoken')!.textContent).toBe('Once upon a time');
    expect(story.querySelector('[data-testid=unspoken]')!.textContent).toBe('there was a fox who loved maps.');
    const tool = lines()[1]!;
    expect(tool.textContent).toContain('get_weather');
    expect(tool.textContent).toContain('reply after 500 ms · success');
    expect(tool.querySelector('.tr-reply')!.textContent).toContain('{"sky":"fog"}');
    expect(lines()[0]!.textContent).toContain('typed');
  });

  it('copies the whole transcript as text or Markdown', async () => {
    mount(demoConversation());
    const status = () => container.querySelector('[data-testid=copy-status]')!.textContent;
    await act(async () => container.querySelector<HTMLElement>('[data-testid=copy-text]')!.click());
    await vi.waitFor(() => expect(status()).toBe('Copied 8 lines as text'));
    await act(async () => container.querySelector<HTMLElement>('[data-testid=copy-markdown]')!.click());
    await vi.waitFor(() => expect(status()).toBe('Copied 8 lines as Markdown'));
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] User \(typed, conversation\.respond\): what's the weather in Paris\?\n/,
    );
    expect(written[0]).toContain('Replica: Once upon a time [interrupted]');
    expect(written[1]).toContain('~~there was a fox who loved maps.~~ (generated, not spoken)');
  });

  it('marks an interrupted speech of which nothing was spoken', () => {
    const s = new Script();
    s.at(1_000).utterance('replica', 1, 'r', 'A long answer.');
    s.at(1_100).in('conversation.utterance.streaming', 1, 'r', {
      role: 'replica',
      speech: '',
      content_index: 0,
      final: true,
      is_interrupted: true,
    });
    mount(s);
    const line = lines()[0]!;
    expect(line.querySelector('.tr-nothing')!.textContent).toBe('(nothing spoken)');
    expect(line.querySelector('[data-testid=unspoken]')!.textContent).toBe('A long answer.');
  });

  it('renders page text as text, never as HTML', () => {
    const s = new Script();
    s.at(1_000).utterance('user', 1, 'u', '<img src=x onerror="globalThis.pwned=1"><b>bold</b>');
    mount(s);
    const line = lines()[0]!;
    expect(line.querySelector('img, b.bold, .tr-text b')).toBeNull();
    expect(line.querySelector('.tr-spoken')!.textContent).toBe('<img src=x onerror="globalThis.pwned=1"><b>bold</b>');
  });

  it('updates as events arrive and can hide the app sends', () => {
    const s = new Script();
    s.at(1_000).out('conversation.overwrite_llm_context', { context: 'abc' });
    const store = mount(s);
    expect(lines().map((l) => l.dataset.type)).toEqual(['app']);
    const more = new Script();
    more.at(2_000).utterance('replica', 1, 'r', 'Hello!');
    act(() => {
      store.receive(more.inputs.map((input) => ({ ...input, source: 'more' })));
      store.flush();
    });
    expect(lines().map((l) => l.dataset.type)).toEqual(['app', 'replica']);
    act(() => {
      const box = container.querySelector<HTMLInputElement>('.tr-check input')!;
      box.checked = false;
      box.dispatchEvent(new Event('change'));
    });
    expect(lines().map((l) => l.dataset.type)).toEqual(['replica']);
  });
});
