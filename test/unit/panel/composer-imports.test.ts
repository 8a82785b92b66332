// The composer takes conversation_id, recipients and tool calls from live traffic only: importing a session file
// (someone else's conversation) must not retarget it.
import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../src/panel/store';
import { ComposerState } from '../../../src/panel/composer/state';
import { memoryStorage } from '../../../src/panel/composer/history';
import { EventLog, exportSession } from '../../../src/log';
import { incoming } from './composer-fixtures';

let lastSeq = 0;
const toolCall = (conversationId: string, id: string) => ({
  message_type: 'conversation',
  event_type: 'conversation.tool_call',
  conversation_id: conversationId,
  seq: ++lastSeq,
  properties: { name: 'lookup', arguments: '{}', tool_call_id: id },
});

describe('composer targets after an import', () => {
  for (const redact of [true, false]) {
    it(`keeps the live conversation_id, recipient and tool calls (${redact ? 'redacted' : 'unredacted'} file)`, () => {
      const store = new PanelStore({ send: async () => ({ ok: true }), attach: async () => ({ ok: true }) });
      const state = new ComposerState(store, { storage: memoryStorage() });
      store.receive([incoming(toolCall('c-live', 'tc-live'), 'replica-live')]);
      store.flush();
      expect(state.conversationId.value).toBe('c-live');

      const other = new EventLog();
      other.add([incoming(toolCall('c-other', 'tc-other'), 'replica-other')]);
      expect(store.importText(exportSession(other, { redact }), 'other.ndjson')).toBe(true);

      expect(store.log.size).toBe(2);
      expect(state.conversationId.value).toBe('c-live');
      expect(state.traffic.value.conversationIds).toEqual(['c-live']);
      expect(state.traffic.value.sessionIds).toEqual(['replica-live']);
      expect(state.traffic.value.toolCalls.map((t) => t.toolCallId)).toEqual(['tc-live']);
    });
  }
});
