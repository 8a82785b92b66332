import { describe, expect, it } from 'vitest';
import { offlineJoinNotice } from '../../../src/background/offline-join';
import { isOfflineJoinNotice } from '../../../src/bridge/messages';
import { MOCK_CONVERSATION_URL } from '../../../src/protocol/tavus-rest-mock';

describe('offlineJoinNotice', () => {
  it('on: carries the REST mock answers, dated now, and passes the relay guard', () => {
    const notice = offlineJoinNotice(true, new Date('2026-12-05T10:00:00Z'));
    expect(isOfflineJoinNotice(notice)).toBe(true);
    if (!notice.on) throw new Error('expected on');
    const created = JSON.parse(notice.conversation) as { conversation_url: string; created_at: string };
    expect(created.conversation_url).toBe(MOCK_CONVERSATION_URL);
    expect(created.created_at).toContain('2026-12-05');
    expect(JSON.parse(notice.conversationEnded)).toMatchObject({ status: 'ended' });
  });

  it('off: nothing else', () => {
    expect(offlineJoinNotice(false, new Date())).toEqual({ v: 1, type: 'offline-join', on: false });
  });

  it('the relay guard refuses an on without answers, and other shapes', () => {
    expect(isOfflineJoinNotice({ v: 1, type: 'offline-join', on: true })).toBe(false);
    expect(isOfflineJoinNotice({ v: 1, type: 'offline-join', on: 'yes' })).toBe(false);
    expect(isOfflineJoinNotice({ v: 2, type: 'offline-join', on: false })).toBe(false);
  });
});
