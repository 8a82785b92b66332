// @vitest-environment happy-dom
/** The Mock tab and the banner: switching goes through the background's flag, the banner shows while it is on. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { PanelStore } from '../../../../src/panel/store';
import { MockReplicaModel, mockTargetFor } from '../../../../src/panel/mock/mock-model';
import { MockBanner, MockView } from '../../../../src/panel/mock/MockView';
import type { FrameState } from '../../../../src/panel/connection';
import type { CallInfo } from '../../../../src/bridge/messages';
import { FakeClock, FakeInject, outgoing } from './mock-fakes';
import { joinedFrame } from '../composer-fixtures';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  localStorage.clear();
});
afterEach(() => {
  act(() => render(null, container));
  container.remove();
});

const call = (extra: Partial<CallInfo> = {}): CallInfo => ({
  callId: 'call-1',
  via: 'hook',
  mode: 'call-object',
  canSend: true,
  found: 'trap',
  meetingState: 'joined-meeting',
  ...extra,
});
const frame = (calls: CallInfo[]): FrameState => joinedFrame(calls, { docId: 'doc' });

function setup() {
  const store = new PanelStore({
    send: async () => ({ ok: true }),
    attach: async () => ({ ok: true }),
  });
  const clock = new FakeClock();
  const fake = new FakeInject(clock);
  const flags: boolean[] = [];
  const mock = new MockReplicaModel(store, {
    inject: fake.inject,
    clock,
    setFlag: (on) => {
      flags.push(on);
      return true;
    },
  });
  act(() =>
    render(
      <div>
        <MockBanner mock={mock} />
        <MockView mock={mock} store={store} />
      </div>,
      container,
    ),
  );
  const $ = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { store, mock, clock, fake, flags, $ };
}

describe('Mock tab and banner', () => {
  it('is off by default: no banner; the switch asks the background, and only its answer turns the banner on', () => {
    const { mock, flags, $ } = setup();
    expect($('mock-banner')).toBeNull();
    act(() => $('mock-switch')!.click());
    expect(flags).toEqual([true]);
    // Not on until the background says so (another panel of the tab, or a refusal, must not be guessed).
    expect($('mock-banner')).toBeNull();
    expect(($('mock-switch') as HTMLButtonElement).disabled).toBe(true);
    act(() => mock.flagChanged(true));
    expect($('mock-banner')!.textContent).toMatch(/Mock replica is on in this tab/);
    expect($('mock-banner')!.textContent).toMatch(/Waiting for a joined call/);
    expect($('mock-switch')!.textContent).toMatch(/off/);
  });

  it('answers the joined call once there is one, names it in the banner, and shows what it did', async () => {
    const { store, mock, clock, fake, $ } = setup();
    act(() => mock.flagChanged(true));
    act(() => store.setFrames([frame([call({ meetingState: 'joining-meeting' })])]));
    expect(mock.target.value).toBeUndefined();
    act(() => store.setFrames([frame([call()])]));
    expect(mock.target.value).toEqual({ frameId: 0, callId: 'call-1' });
    expect($('mock-banner')!.textContent).toMatch(/answers call call-1/);
    await act(async () => {
      await clock.advance(2000);
      mock.observe([{ source: '0:doc', cursor: 1, ...outgoing(clock, 'conversation.respond', { text: 'hi' }) }]);
      await clock.advance(20_000);
    });
    expect(fake.of('conversation.utterance', 'replica')).toHaveLength(1);
    expect($('mock-stats')!.textContent).toMatch(/answered 1/);
  });

  it('turns off from the banner, and stops answering when the background says it is off', async () => {
    const { store, mock, clock, fake, flags, $ } = setup();
    act(() => store.setFrames([frame([call()])]));
    act(() => mock.flagChanged(true));
    act(() => $('mock-banner-off')!.click());
    expect(flags).toEqual([false]);
    act(() => mock.flagChanged(false));
    expect($('mock-banner')).toBeNull();
    await act(() => clock.advance(5000));
    expect(fake.played).toEqual([]);
  });

  it('shows script errors by line, and locks the knobs while on', () => {
    const { mock, $ } = setup();
    const textarea = $('mock-script') as HTMLTextAreaElement;
    act(() => {
      textarea.value = '/ok/ -> tool fine\nnot a rule';
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect($('mock-script-errors')!.textContent).toMatch(/Line 2: A rule starts with a \/pattern\//);
    expect(mock.script.value.rules).toHaveLength(1);
    expect(($('mock-knob-jitterMs') as HTMLInputElement).disabled).toBe(false);
    const drop = $('mock-knob-dropRate') as HTMLInputElement;
    act(() => {
      drop.value = '5';
      drop.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(mock.knobs.value.dropRate).toBeCloseTo(0.05);
    act(() => mock.flagChanged(true));
    expect(($('mock-knob-jitterMs') as HTMLInputElement).disabled).toBe(true);
  });

  it('says when the switch cannot reach the background', () => {
    const store = new PanelStore({ send: async () => ({ ok: true }), attach: async () => ({ ok: true }) });
    const mock = new MockReplicaModel(store, { inject: async () => ({ ok: true }), setFlag: () => false });
    mock.switchOn();
    expect(mock.error.value).toMatch(/Not connected/);
    expect(mock.switching.value).toBe(false);
    mock.dispose();
  });
});

describe('mockTargetFor', () => {
  const known = (extra: Partial<CallInfo>, frameId = 0) => ({
    ...call(extra),
    frameId,
    frameUrl: 'https://a/',
    top: true,
    docId: 'd',
  });
  it('takes only joined call objects the hook holds, preferring the one the panel filters on', () => {
    expect(mockTargetFor([known({ found: 'sniffed' })], undefined)).toBeUndefined();
    expect(mockTargetFor([known({ canSend: false })], undefined)).toBeUndefined();
    expect(mockTargetFor([known({ destroyed: true })], undefined)).toBeUndefined();
    expect(mockTargetFor([known({ meetingState: 'left-meeting' })], undefined)).toBeUndefined();
    const a = known({ callId: 'a' });
    const b = known({ callId: 'b' }, 2);
    expect(mockTargetFor([a, b], undefined)).toBe(a);
    expect(mockTargetFor([a, b], 'b')).toBe(b);
    expect(mockTargetFor([a, b], 'gone')).toBe(a);
  });
});
