// The function the background runs in each frame's relay world (serialised by the browser, so self-contained).
import { describe, expect, it } from 'vitest';
import { RELAY_REGISTRY_NAME, wakeRelay } from '../../../src/bridge/relay-registry';

describe('wakeRelay', () => {
  it('finds the entry under the registry name, wakes it, and reports what it said', () => {
    let woken = 0;
    const world = { [Symbol.for(RELAY_REGISTRY_NAME)]: { wake: () => (++woken, true) } };
    expect(wakeRelay(world)).toBe(true);
    expect(woken).toBe(1);
    expect(wakeRelay({ [Symbol.for(RELAY_REGISTRY_NAME)]: { wake: () => false } })).toBe(false);
  });

  it('is false in a frame without a relay, with an entry of an older version, or one that throws', () => {
    expect(wakeRelay({})).toBe(false);
    expect(wakeRelay({ [Symbol.for(RELAY_REGISTRY_NAME)]: { alive: () => true } })).toBe(false);
    expect(
      wakeRelay({
        [Symbol.for(RELAY_REGISTRY_NAME)]: {
          wake: () => {
            throw new Error('cut off');
          },
        },
      }),
    ).toBe(false);
    expect(wakeRelay({ [Symbol.for(RELAY_REGISTRY_NAME)]: { wake: () => 'yes' } })).toBe(false);
  });

  it('needs nothing outside itself (the browser serialises it into the frame)', () => {
    const rebuilt = new Function(`return (${wakeRelay.toString()})`)() as typeof wakeRelay;
    let woken = false;
    expect(rebuilt({ [Symbol.for(RELAY_REGISTRY_NAME)]: { wake: () => (woken = true) } })).toBe(true);
    expect(woken).toBe(true);
  });
});
