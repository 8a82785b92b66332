import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as bridge from '../../../src/bridge/messages';
import { MAX_EVENT_JSON } from '../../../src/record/record';

const record = {
  kind: 'app-message',
  callId: 'c',
  via: 'hook',
  t: 1,
  dir: 'in',
  origin: 'remote',
  json: '{}',
  size: 2,
};

describe('bridge guards', () => {
  it('accept well-formed messages of every hop', () => {
    expect(bridge.isPageToRelay({ v: 1, type: 'hook-ready', stale: false })).toBe(true);
    expect(bridge.isPageToRelay({ v: 1, type: 'dropped', records: 2, bytes: 9 })).toBe(true);
    // Records never travel as JSON objects any more (records frames, validated one by one).
    expect(bridge.isPageToRelay({ v: 1, type: 'records', records: [record] })).toBe(false);
    expect(
      bridge.isPageToRelay({
        v: 1,
        type: 'call',
        call: { callId: 'c', via: 'hook', mode: 'call-object', canSend: true, found: 'trap' },
      }),
    ).toBe(true);
    expect(
      bridge.isContentToBackground({
        v: 1,
        type: 'events',
        docId: 'd',
        frame: 'R2:{}2:{}',
        count: 1,
        first: 1,
        firstCursor: 1,
        dropped: 0,
        droppedBytes: 0,
        droppedUpstream: 0,
      }),
    ).toBe(true);
    expect(bridge.isBackgroundToContent({ v: 1, type: 'sync', after: 0, requestId: 1 })).toBe(true);
    expect(bridge.isPanelToBackground({ v: 1, type: 'watch', tabId: 3 })).toBe(true);
    expect(
      bridge.isBackgroundToPanel({
        v: 1,
        type: 'frame',
        frameId: 0,
        docId: 'd',
        url: 'u',
        top: true,
        calls: [],
        head: 0,
        hookPresent: true,
      }),
    ).toBe(true);
  });
  it('reject a wrong version, an unknown type and wrong field types', () => {
    expect(bridge.isPageToRelay({ v: 2, type: 'records', records: [] })).toBe(false);
    expect(bridge.isPageToRelay({ v: 1, type: 'eval', code: '1' })).toBe(false);
    expect(bridge.isPageToRelay({ v: 1, type: 'records', records: [{ ...record, dir: 'sideways' }] })).toBe(false);
    expect(bridge.isPageToRelay({ v: 1, type: 'records', records: [{ ...record, json: { not: 'text' } }] })).toBe(
      false,
    );
    expect(
      bridge.isPageToRelay({
        v: 1,
        type: 'records',
        records: [{ ...record, json: 'x'.repeat(MAX_EVENT_JSON + 100) }],
      }),
    ).toBe(false);
    expect(bridge.isBackgroundToContent({ v: 1, type: 'sync', after: -1, requestId: 1 })).toBe(false);
    expect(
      bridge.isContentToBackground({
        v: 1,
        type: 'events',
        docId: 'd',
        frame: '[{}]',
        count: 1,
        firstCursor: 1,
        dropped: 0,
      }),
    ).toBe(false); // not a frame
    expect(
      bridge.isContentToBackground({
        v: 1,
        type: 'events',
        docId: 'd',
        frame: 'R',
        count: -1,
        firstCursor: 1,
        dropped: 0,
      }),
    ).toBe(false);
    expect(
      bridge.isPanelToBackground({ v: 1, type: 'send', frameId: 0, requestId: 'r', callId: 'c', json: '{}', to: [1] }),
    ).toBe(false);
  });
  it('never throw, whatever arrives', () => {
    const guards = [
      bridge.isPageToRelay,
      bridge.isContentToBackground,
      bridge.isBackgroundToContent,
      bridge.isPanelToBackground,
      bridge.isBackgroundToPanel,
    ];
    fc.assert(
      fc.property(fc.anything(), (x) => {
        for (const g of guards) g(x);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          v: fc.constant(1),
          type: fc.constantFrom('records', 'call', 'send', 'sync', 'events', 'hello', 'frame', 'watch', 'attach'),
          records: fc.anything(),
          events: fc.anything(),
          calls: fc.anything(),
        }),
        (x) => {
          for (const g of guards) g(x);
        },
      ),
    );
  });
});
