import { describe, expect, it } from 'vitest';
import { EventLog, type LogInput } from '../../../src/log';
import { TrafficScanner } from '../../../src/panel/composer/traffic';

let cursor = 0;
function message(data: unknown, patch: { dir?: 'in' | 'out'; fromId?: string; callId?: string } = {}): LogInput {
  const json = JSON.stringify(data);
  cursor++;
  return {
    source: '0:doc',
    cursor,
    frameId: 0,
    record: {
      kind: 'app-message',
      callId: patch.callId ?? 'call-1',
      via: 'hook',
      t: 1000 + cursor,
      dir: patch.dir ?? 'in',
      origin: patch.dir === 'out' ? 'app' : 'remote',
      json,
      size: json.length,
      ...(patch.fromId ? { fromId: patch.fromId } : {}),
    },
  };
}
const utterance = (conversationId: string, seq: number) => ({
  message_type: 'conversation',
  event_type: 'conversation.utterance',
  conversation_id: conversationId,
  seq,
  properties: { role: 'replica', speech: 'hi' },
});
const toolCall = (id: string, name: string, seq: number) => ({
  message_type: 'conversation',
  event_type: 'conversation.tool_call',
  conversation_id: 'c-1',
  seq,
  properties: { name, arguments: '{}', tool_call_id: id },
});

describe('TrafficScanner', () => {
  it('lists conversation ids and sender session ids, most recent first', () => {
    const log = new EventLog();
    const scanner = new TrafficScanner();
    expect(scanner.scan(log)).toEqual({ conversationIds: [], sessionIds: [], toolCalls: [] });
    log.add([
      message(utterance('c-old', 1), { fromId: 'replica-A' }),
      message(utterance('c-new', 2), { fromId: 'replica-B' }),
    ]);
    expect(scanner.scan(log)).toMatchObject({
      conversationIds: ['c-new', 'c-old'],
      sessionIds: ['replica-B', 'replica-A'],
    });
    // c-old is seen again (in an outgoing message): it becomes the most recent; outgoing messages carry no sender.
    log.add([
      message(
        {
          message_type: 'conversation',
          event_type: 'conversation.respond',
          conversation_id: 'c-old',
          properties: { text: 'x' },
        },
        { dir: 'out' },
      ),
    ]);
    expect(scanner.scan(log)).toMatchObject({
      conversationIds: ['c-old', 'c-new'],
      sessionIds: ['replica-B', 'replica-A'],
    });
  });

  it('collects incoming tool calls that carry an id', () => {
    const log = new EventLog();
    const scanner = new TrafficScanner();
    log.add([message(toolCall('call_a', 'get_weather', 1)), message(toolCall('call_b', 'lookup', 2))]);
    expect(scanner.scan(log).toolCalls).toEqual([
      { toolCallId: 'call_b', name: 'lookup', callId: 'call-1' },
      { toolCallId: 'call_a', name: 'get_weather', callId: 'call-1' },
    ]);
  });

  it('scans only new events, and starts over after the log is cleared', () => {
    const log = new EventLog();
    const scanner = new TrafficScanner();
    log.add([message(utterance('c-1', 1))]);
    scanner.scan(log);
    log.clear();
    expect(scanner.scan(log).conversationIds).toEqual([]);
    log.add([message(utterance('c-2', 2))]);
    expect(scanner.scan(log).conversationIds).toEqual(['c-2']);
  });

  it('keeps up when the log evicts past what it has scanned', () => {
    const log = new EventLog({ cap: 2 });
    const scanner = new TrafficScanner();
    log.add([message(utterance('c-1', 1))]);
    scanner.scan(log);
    log.add([message(utterance('c-2', 2)), message(utterance('c-3', 3)), message(utterance('c-4', 4))]);
    expect(scanner.scan(log).conversationIds).toEqual(['c-4', 'c-3', 'c-1']);
  });
});
