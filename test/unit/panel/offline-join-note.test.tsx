// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { OfflineJoinNote } from '../../../src/panel/offline/OfflineJoinNote';

function rendered(active?: boolean): HTMLElement {
  const container = document.createElement('div');
  render(<OfflineJoinNote active={active} />, container);
  return container;
}

describe('OfflineJoinNote', () => {
  it('names what offline join supports and what it does not, with why, as text', () => {
    const text = rendered().textContent ?? '';
    expect(text).toMatch(/createCallObject\(\)/);
    expect(text).toMatch(/DailyProvider/);
    expect(text).toMatch(/REST API/);
    expect(text).toMatch(/Not supported: Prebuilt \(Daily\.createFrame\) and a plain <iframe>/);
    expect(text).toMatch(/no network there is no app to run/);
    expect(text).toMatch(/in this tab only/);
    // The <iframe> in the text stays text.
    expect(rendered().querySelector('iframe')).toBeNull();
  });

  it('says when it takes effect once mock mode is on', () => {
    expect(rendered(false).querySelector('.offline-join-active')).toBeNull();
    expect(rendered(true).querySelector('.offline-join-active')?.textContent).toMatch(/next join/);
  });
});
