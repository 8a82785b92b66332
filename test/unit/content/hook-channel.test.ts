// The relay's end of the hook channel over a private EventTarget (src/content/hook-channel.ts).
import { describe, expect, it } from 'vitest';
import { createHookChannel } from '../../../src/content/hook-channel';
import { FROM_HOOK_EVENT, TO_HOOK_EVENT } from '../../../src/bridge/channel';

function setup() {
  const timers: (() => void)[] = [];
  const { mine, theirs } = createHookChannel({
    newTarget: () => new EventTarget(),
    newMessage: (type, text) => new CustomEvent(type, { detail: text }),
    detailOf: (ev) => (ev as CustomEvent).detail,
    setTimeout: (fn) => timers.push(fn),
  });
  const heard: unknown[] = [];
  mine.onMessage((message) => heard.push(message));
  mine.open();
  const hookSays = (detail: unknown) => theirs.dispatchEvent(new CustomEvent(FROM_HOOK_EVENT, { detail }));
  const runTimers = () => {
    for (const fn of timers.splice(0)) fn();
  };
  return { mine, theirs, heard, hookSays, runTimers, timers };
}

describe('the hook channel, relay end', () => {
  it("hands the hook's texts to the relay in a task of its own, in order, one task per burst", () => {
    const s = setup();
    s.hookSays('k\nR1');
    s.hookSays('k\nR2');
    expect(s.heard).toEqual([]); // nothing of the relay runs inside the hook's dispatch
    expect(s.timers).toHaveLength(1);
    s.runTimers();
    expect(s.heard).toEqual(['k\nR1', 'k\nR2']);
    s.hookSays('k\nR3');
    s.runTimers();
    expect(s.heard).toEqual(['k\nR1', 'k\nR2', 'k\nR3']);
  });

  it('ignores what is not a string, and does not hear itself', () => {
    const s = setup();
    s.hookSays({ not: 'text' });
    s.hookSays(null);
    s.mine.send('{"v":1,"type":"ack","bytes":1}');
    s.runTimers();
    expect(s.heard).toEqual([]);
  });

  it('speaks to the hook as a CustomEvent on the target, synchronously', () => {
    const s = setup();
    const got: unknown[] = [];
    s.theirs.addEventListener(TO_HOOK_EVENT, (ev) => got.push((ev as CustomEvent).detail));
    s.mine.send('hello');
    expect(got).toEqual(['hello']);
  });

  it('once closed, hears nothing more and drops what was queued', () => {
    const s = setup();
    s.hookSays('k\nR1');
    s.mine.close();
    s.hookSays('k\nR2');
    s.runTimers();
    expect(s.heard).toEqual([]);
    const got: unknown[] = [];
    s.theirs.addEventListener(TO_HOOK_EVENT, (ev) => got.push((ev as CustomEvent).detail));
    s.mine.send('late');
    expect(got).toEqual([]);
  });
});
