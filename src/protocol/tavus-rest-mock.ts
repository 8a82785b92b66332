/**
 * What Tavus's REST API answers when an app creates a conversation from the browser
 * (`POST https://tavusapi.com/v2/conversations`, see the protocol notes §8), as the offline join's mock serves it.
 * The page hook answers from text the background made when mock mode went on, so every conversation created while
 * mock mode is on has the same id; the URL is on a daily.co host, as Tavus's are, so an app that
 * checks the host is satisfied, and joining it reaches the simulated call machine.
 */

export const MOCK_CONVERSATION_ID = 'c0ff11ne0000mock';
export const MOCK_CONVERSATION_URL = `https://tavus.daily.co/${MOCK_CONVERSATION_ID}`;

/** The fields of Tavus's create-conversation response that apps read (docs: "Create Conversation"). */
export interface MockConversationResponse {
  conversation_id: string;
  conversation_name: string;
  status: 'active';
  conversation_url: string;
  replica_id: string;
  persona_id: string;
  created_at: string;
  /** Not a Tavus field: says plainly, to anyone reading the network log, where the answer came from. */
  cvi_devtools_mock: string;
}

export function mockConversationResponse(createdAt: Date): MockConversationResponse {
  return {
    conversation_id: MOCK_CONVERSATION_ID,
    conversation_name: 'CVI DevTools mock conversation',
    status: 'active',
    conversation_url: MOCK_CONVERSATION_URL,
    replica_id: 'r0ff11ne0mock',
    persona_id: 'p0ff11ne0mock',
    created_at: createdAt.toISOString(),
    cvi_devtools_mock: 'Answered by CVI DevTools mock mode (offline join); no request reached Tavus.',
  };
}

/** The answer to `POST /v2/conversations/{id}/end` (apps end the conversation when they leave). */
export function mockEndConversationResponse(): { status: 'ended'; cvi_devtools_mock: string } {
  return { status: 'ended', cvi_devtools_mock: 'Answered by CVI DevTools mock mode (offline join).' };
}
