import { describe, expect, it } from 'vitest';
import { offeredToolCallReplies } from '../../../src/protocol/interactions';

describe('offeredToolCallReplies', () => {
  it('offers the three replies for an ordinary or perception tool call, tool_result first when it has an id', () => {
    const replies = offeredToolCallReplies({ name: 'get_weather', arguments: '{}', tool_call_id: 'call_1' });
    expect(replies.map((r) => r.kind)).toEqual(['tool_result', 'echo_text', 'append_llm_context']);
    expect(replies[0]?.recommended).toBe(true);
    const perception = offeredToolCallReplies({ name: 'notify_badge_shown', arguments: { badge: 'visitor' } });
    expect(perception).toHaveLength(3);
  });

  it.each(['canvas_clear', 'update_component'])('offers no reply to the canvas control tool %s', (name) => {
    expect(offeredToolCallReplies({ name, arguments: '{}', tool_call_id: 'call_2' })).toEqual([]);
  });
});
