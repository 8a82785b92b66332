import { describe, expect, it } from 'vitest';
import {
  MOCK_CONVERSATION_ID,
  mockConversationResponse,
  mockEndConversationResponse,
} from '../../../src/protocol/tavus-rest-mock';

describe('Tavus REST mock', () => {
  it('answers create-conversation with the fields apps read, a daily.co URL that names the conversation', () => {
    const answer = mockConversationResponse(new Date('2026-12-05T20:00:00Z'));
    expect(answer).toMatchObject({ conversation_id: MOCK_CONVERSATION_ID, status: 'active' });
    const url = new URL(answer.conversation_url);
    expect(url.protocol).toBe('https:');
    expect(url.hostname.endsWith('.daily.co')).toBe(true);
    expect(url.pathname).toBe(`/${answer.conversation_id}`);
    expect(answer.created_at).toBe('2026-12-05T20:00:00.000Z');
    expect(answer.cvi_devtools_mock).toMatch(/mock/);
    // What an app does with it: JSON over the wire.
    expect(JSON.parse(JSON.stringify(answer))).toEqual(answer);
  });

  it('answers end-conversation', () => {
    expect(mockEndConversationResponse()).toMatchObject({ status: 'ended' });
  });
});
