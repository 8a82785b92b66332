import { describe, expect, it } from 'vitest';
import {
  callBlockReason,
  callLabel,
  maxSizeOf,
  normalizeRecipient,
  resolveTargetCall,
} from '../../../src/panel/composer/target';
import type { KnownCall } from '../../../src/panel/store';

const call = (patch: Partial<KnownCall>): KnownCall => ({
  callId: 'call-1',
  via: 'hook',
  mode: 'call-object',
  canSend: true,
  found: 'trap',
  meetingState: 'joined-meeting',
  frameId: 0,
  frameUrl: 'https://app.example/',
  top: true,
  docId: 'doc',
  ...patch,
});

describe('resolveTargetCall', () => {
  it('keeps the wanted call while it exists, else prefers a joined call that can send', () => {
    const sniffed = call({ callId: 'sniffed', canSend: false, found: 'sniffed', via: 'sniffer' });
    const waiting = call({ callId: 'waiting', meetingState: 'new' });
    const joined = call({ callId: 'joined' });
    expect(resolveTargetCall([sniffed, waiting, joined], undefined)?.callId).toBe('joined');
    expect(resolveTargetCall([sniffed, waiting, joined], 'waiting')?.callId).toBe('waiting');
    expect(resolveTargetCall([sniffed, waiting, joined], 'gone')?.callId).toBe('joined');
    expect(resolveTargetCall([sniffed, waiting], undefined)?.callId).toBe('waiting');
    expect(resolveTargetCall([sniffed], undefined)?.callId).toBe('sniffed');
    expect(resolveTargetCall([], undefined)).toBeUndefined();
  });
});

describe('callBlockReason', () => {
  it('says why nothing can be sent, in order of what to fix first', () => {
    expect(callBlockReason(call({}), false)).toContain('not attached to a tab');
    expect(callBlockReason(undefined, true)).toContain('No Daily call found');
    expect(callBlockReason(call({ canSend: false, found: 'sniffed' }), true)).toContain('read-only');
    expect(callBlockReason(call({ destroyed: true }), true)).toContain('destroyed');
    expect(callBlockReason(call({ meetingState: 'new' }), true)).toBe(
      'The call is not joined (meetingState: new); Daily only sends after join.',
    );
    expect(callBlockReason(call({ meetingState: undefined }), true)).toContain('meetingState: unknown');
    expect(callBlockReason(call({}), true)).toBeUndefined();
  });
});

describe('maxSizeOf / normalizeRecipient / callLabel', () => {
  it("uses the call's reported limit, else Daily's 4096", () => {
    expect(maxSizeOf(undefined)).toBe(4096);
    expect(maxSizeOf(call({}))).toBe(4096);
    expect(maxSizeOf(call({ maxAppMessageSize: 8192 }))).toBe(8192);
    expect(maxSizeOf(call({ maxAppMessageSize: -1 }))).toBe(4096);
  });

  it("accepts '*' or one session id", () => {
    expect(normalizeRecipient(' * ')).toEqual({ ok: true, to: '*' });
    expect(normalizeRecipient('a1b2-c3')).toEqual({ ok: true, to: 'a1b2-c3' });
    expect(normalizeRecipient('')).toMatchObject({ ok: false });
    expect(normalizeRecipient('a, b')).toMatchObject({ ok: false });
  });

  it('labels calls with mode, frame and state', () => {
    expect(callLabel(call({ callId: '1234567890' }))).toBe('12345678 · call-object · top frame · joined-meeting');
    expect(callLabel(call({ top: false, frameId: 3, canSend: false, found: 'sniffed' }))).toContain(
      'frame 3 · sniffed, read-only',
    );
  });
});
