import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sniffAppMessage } from '../../../src/bridge/sniffer';

describe('sniffAppMessage', () => {
  it('reads incoming app-messages (0.67+ callClientId)', () => {
    expect(
      sniffAppMessage({
        what: 'iframe-call-message',
        from: 'embedded',
        action: 'app-message',
        callClientId: 'c1',
        data: { a: 1 },
        fromId: 'r',
      }),
    ).toEqual({ callId: 'c1', dir: 'in', data: { a: 1 }, fromId: 'r' });
  });
  it('reads outgoing app-msg commands (0.60 callFrameId)', () => {
    expect(
      sniffAppMessage({
        what: 'iframe-call-message',
        from: 'module',
        action: 'app-msg',
        callFrameId: 'f1',
        data: 'x',
        to: '*',
      }),
    ).toEqual({ callId: 'f1', dir: 'out', data: 'x', to: '*' });
  });
  it('ignores everything else', () => {
    expect(
      sniffAppMessage({ what: 'iframe-call-message', from: 'module', action: 'join-meeting', callClientId: 'c' }),
    ).toBeNull();
    expect(
      sniffAppMessage({ what: 'iframe-call-message', from: 'module', action: 'app-message', callClientId: 'c' }),
    ).toBeNull();
    expect(sniffAppMessage({ what: 'other', action: 'app-message', callClientId: 'c' })).toBeNull();
    expect(sniffAppMessage({ what: 'iframe-call-message', action: 'app-message', from: 'embedded' })).toBeNull();
    expect(sniffAppMessage('iframe-call-message')).toBeNull();
    expect(sniffAppMessage(null)).toBeNull();
  });
  it('never throws on anything', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        sniffAppMessage(x);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          what: fc.constant('iframe-call-message'),
          action: fc.constantFrom('app-message', 'app-msg'),
          from: fc.anything(),
          callClientId: fc.anything(),
          to: fc.anything(),
          data: fc.anything(),
        }),
        (x) => {
          sniffAppMessage(x);
        },
      ),
    );
  });
});
