// "Reply" on a tool call opens the matching composer form with a fresh state, and a tool call's reply is tracked
// (waiting / answered) by tool_call_id or, without one, by the next reply sent on the same call.
import { describe, expect, it } from 'vitest';
import { EventLog, type LogInput } from '../../../src/log';
import { PanelStore } from '../../../src/panel/store';
import { ComposerState } from '../../../src/panel/composer/state';
import { memoryStorage } from '../../../src/panel/composer/history';
import { toolReplyOptions } from '../../../src/panel/events/tool-reply';
import { formatWaiting, ToolCallTracker } from '../../../src/panel/events/tool-call-status';
import { rowMenuItems } from '../../../src/panel/events/row-menu';
import { joinedFrame } from './composer-fixtures';

let cursor = 0;
function record(data: unknown, t: number, dir: 'in' | 'out', callId = 'call-1'): LogInput {
  const json = JSON.stringify(data);
  cursor++;
  return {
    source: '0:doc',
    cursor,
    frameId: 0,
    record:
      dir === 'in'
        ? { kind: 'app-message', callId, via: 'hook', t, dir, origin: 'remote', json, size: json.length }
        : { kind: 'app-message', callId, via: 'hook', t, dir, origin: 'app', json, size: json.length },
  };
}
const toolCall = (name: string, toolCallId?: string) => ({
  message_type: 'conversation',
  event_type: 'conversation.tool_call',
  conversation_id: 'c1',
  properties: { name, arguments: '{"city":"Paris"}', ...(toolCallId ? { tool_call_id: toolCallId } : {}) },
});
const toolResult = (toolCallId: string) => ({
  message_type: 'conversation',
  event_type: 'conversation.tool_result',
  conversation_id: 'c1',
  properties: { tool_call_id: toolCallId, output: { result: 'ok' }, status: 'success' },
});
const echo = {
  message_type: 'conversation',
  event_type: 'conversation.echo',
  conversation_id: 'c1',
  properties: { text: 'x' },
};

function logWith(inputs: LogInput[]): EventLog {
  const log = new EventLog({ cap: 1000 });
  log.add(inputs);
  return log;
}
const byType = (log: EventLog, kind: string) => [...log.events()].filter((e) => e.kind === kind);

describe('Reply on a tool call', () => {
  it('offers the tool_result form first, prefilled, and never a "<result>" placeholder', () => {
    const log = logWith([record(toolCall('get_weather', 'call_42'), 1000, 'in')]);
    const [call] = byType(log, 'tool_call');
    const options = toolReplyOptions(call!);
    expect(options.map((o) => o.label)).toEqual(['Reply: tool_result', 'Reply: echo', 'Reply: append context']);
    expect(options[0]!.draft).toEqual({
      form: 'tool_result',
      values: {
        toolCallId: 'call_42',
        toolOutputKind: 'json',
        toolOutput: '{\n  "result": ""\n}',
        toolStatus: 'success',
      },
      callId: 'call-1',
      replyTo: { toolName: 'get_weather', toolCallId: 'call_42' },
    });
    expect(JSON.stringify(options)).not.toContain('<result>');
    // Without an id the older append-context pattern comes first, naming the call.
    const old = logWith([record(toolCall('lookup'), 1000, 'in')]);
    const first = toolReplyOptions(byType(old, 'tool_call')[0]!)[0]!;
    expect(first.label).toBe('Reply: append context');
    expect(first.draft).toMatchObject({ form: 'append_context' });
    expect(JSON.stringify(first.draft)).toContain('Result of the tool call lookup({\\"city\\":\\"Paris\\"}): ');
  });

  it('opens the composer form with fresh state: no stale "Sent" banner, the tool named', async () => {
    const store = new PanelStore({ send: async () => ({ ok: true }), attach: async () => ({ ok: true }) });
    store.setFrames([joinedFrame([{}])]);
    const state = new ComposerState(store, { storage: memoryStorage() });
    state.setValues({ respondText: 'hello' });
    await state.send(); // a respond was sent: the banner says so
    expect(state.lastSend.value?.ok).toBe(true);
    store.receive([record(toolCall('get_weather', 'call_42'), 1000, 'in')]);
    store.flush();
    const call = byType(store.log, 'tool_call')[0]!;
    store.composerDraft.value = toolReplyOptions(call)[0]!.draft;
    state.consumeDraft();
    expect(state.mode.value).toBe('tool_result');
    expect(state.lastSend.value).toBeUndefined();
    expect(state.values.value.toolCallId).toBe('call_42');
    expect(state.values.value.respondText).toBe('hello'); // other forms keep what was typed
    expect(state.replyTo.value).toEqual({ toolName: 'get_weather', toolCallId: 'call_42' });
    const built = state.built.value;
    expect(built.ok && JSON.stringify(built.data)).toContain('"tool_call_id":"call_42"');
    expect(JSON.stringify(built)).not.toContain('<result>');
    expect(store.composerDraft.value).toBeUndefined();
    // A raw draft (Edit & resend) forgets the reply.
    store.composerDraft.value = { json: '{}' };
    state.consumeDraft();
    expect(state.replyTo.value).toBeUndefined();
  });

  it('the row menu offers Reply only where the panel can compose', () => {
    const log = logWith([record(toolCall('get_weather', 'call_42'), 1000, 'in')]);
    const event = byType(log, 'tool_call')[0]!;
    const labels = (compose: boolean) =>
      rowMenuItems({ event }, { filterText: '' }, { compose }).flatMap((i) => (i.kind === 'command' ? [i.label] : []));
    expect(labels(true)).toContain('Reply to this tool call (tool_result)');
    expect(labels(false).some((l) => l.startsWith('Reply'))).toBe(false);
  });
});

describe('ToolCallTracker', () => {
  it('matches a reply by tool_call_id and says how long it took', () => {
    const log = logWith([
      record(toolCall('a', 'id-a'), 1000, 'in'),
      record(toolCall('b', 'id-b'), 1100, 'in'),
      record(toolResult('id-b'), 3600, 'out'),
    ]);
    const tracker = new ToolCallTracker();
    tracker.sync(log);
    const [a, b] = byType(log, 'tool_call');
    const result = byType(log, 'tool_result')[0]!;
    expect(tracker.statusOf(a!, 13_000)).toEqual({ state: 'waiting', sinceMs: 12_000 });
    expect(tracker.statusOf(b!, 13_000)).toEqual({ state: 'answered', afterMs: 2500, replyId: result.id });
    expect(tracker.callAnsweredBy(result.id)).toBe(b!.id);
    expect(tracker.hasWaiting).toBe(true);
  });

  it('without an id, the next echo / context / tool_result on the same call answers the oldest open call', () => {
    const log = logWith([
      record(toolCall('x'), 1000, 'in'),
      record(echo, 1500, 'out', 'call-2'), // another call: not a reply
      record(echo, 2000, 'out'),
    ]);
    const tracker = new ToolCallTracker();
    tracker.sync(log);
    const call = byType(log, 'tool_call')[0]!;
    expect(tracker.statusOf(call, 5000)).toMatchObject({ state: 'answered', afterMs: 1000 });
    expect(tracker.hasWaiting).toBe(false);
  });

  it('catches up incrementally and starts over when the log is cleared', () => {
    const log = logWith([record(toolCall('a', 'id-a'), 1000, 'in')]);
    const tracker = new ToolCallTracker();
    tracker.sync(log);
    const call = byType(log, 'tool_call')[0]!;
    expect(tracker.statusOf(call, 2000)?.state).toBe('waiting');
    log.add([record(toolResult('id-a'), 1800, 'out')]);
    tracker.sync(log);
    expect(tracker.statusOf(call, 2000)?.state).toBe('answered');
    log.clear();
    tracker.sync(log);
    expect(tracker.hasWaiting).toBe(false);
  });

  it('formats the wait in whole seconds', () => {
    expect(formatWaiting(999)).toBe('waiting 0 s');
    expect(formatWaiting(12_400)).toBe('waiting 12 s');
    expect(formatWaiting(125_000)).toBe('waiting 2 min 5 s');
  });
});
