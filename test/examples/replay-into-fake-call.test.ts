// An example to copy into your app's tests: play a recorded CVI conversation (a session file exported from the CVI
// DevTools panel) into a component-free fake call and assert on what your app-message handler did.
//
// It imports the library's source entry (src/replay/lib.ts) so it runs in `npm test` before anything is built; in
// your app you import the built package instead, `import { replayInto, createFakeCall } from
// 'cvi-devtools/replay'` (dist-lib/replay/, ESM or CJS). test/e2e/replay-lib.e2e.test.ts checks that the built files
// behave the same.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeCall, loadSession, replayInto, type FakeCall } from '../../src/replay/lib';

const session = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/replay/demo-session.ndjson'), 'utf8');

/** The app code under test: what a Tavus app does with the replica's events (no UI framework needed). */
function attachTranscript(call: FakeCall) {
  const lines: string[] = [];
  call.on('app-message', ({ data }) => {
    const event = data as { event_type?: string; conversation_id?: string; properties?: Record<string, unknown> };
    const props = event.properties ?? {};
    if (event.event_type === 'conversation.utterance') lines.push(`${String(props.role)}: ${String(props.speech)}`);
    if (event.event_type === 'conversation.tool_call')
      call.sendAppMessage({
        message_type: 'conversation',
        event_type: 'conversation.tool_result',
        conversation_id: event.conversation_id,
        properties: { tool_call_id: props.tool_call_id, output: 'sunny, 21 °C' },
      });
  });
  return lines;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('replaying the demo conversation into a fake call', () => {
  it('the handler builds the transcript in order and answers the tool call', async () => {
    const call = createFakeCall();
    const lines = attachTranscript(call);
    const state = await replayInto(call, session).finished(); // no delay between events by default
    expect(state).toMatchObject({ status: 'ended', delivered: 66 });
    expect(lines).toEqual([
      'user: tell me a story',
      expect.stringMatching(/^replica: Here is a longer one/),
      "user: what's the weather in Paris?",
      expect.stringMatching(/^replica: Here is the weather for Paris/),
    ]);
    expect(call.sent).toEqual([
      {
        to: '*',
        data: expect.objectContaining({
          event_type: 'conversation.tool_result',
          properties: expect.objectContaining({ tool_call_id: expect.any(String) }),
        }),
      },
    ]);
  });

  it('stops before the tool call at a breakpoint, then steps over it', async () => {
    const call = createFakeCall();
    attachTranscript(call);
    const replay = replayInto(call, session, { breakpoint: 'type:tool_call' });
    const paused = await replay.paused();
    expect(paused.atBreakpoint).toBe(true);
    expect(replay.items[paused.position]!.event.eventType).toBe('conversation.tool_call');
    expect(call.sent).toEqual([]); // not answered yet: the tool call has not been delivered
    await replay.step();
    expect(call.sent).toHaveLength(1);
    replay.play();
    await expect(replay.finished()).resolves.toMatchObject({ status: 'ended' });
  });

  it('plays at the recorded pace under fake timers (2× here)', async () => {
    vi.useFakeTimers();
    const call = createFakeCall();
    const lines = attachTranscript(call);
    const items = loadSession(session);
    const span = items.at(-1)!.t - items[0]!.t;
    const replay = replayInto(call, items, { speed: 2 });
    await vi.advanceTimersByTimeAsync(span / 2 / 2); // half way through at 2×
    expect(replay.state().status).toBe('playing');
    expect(lines.length).toBeLessThan(4);
    await vi.advanceTimersByTimeAsync(span / 2);
    expect(replay.state().status).toBe('ended');
    expect(lines).toHaveLength(4);
  });

  it('rewrites conversation_id for your own test conversation, and the sender', async () => {
    const call = createFakeCall();
    const seen: { conversation: unknown; from: string }[] = [];
    call.on('app-message', (ev) =>
      seen.push({ conversation: (ev.data as { conversation_id?: unknown }).conversation_id, from: ev.fromId }),
    );
    await replayInto(call, session, { rewrite: { conversationId: 'c-test' }, fromId: 'replica-session' }).finished();
    expect(new Set(seen.map((s) => `${String(s.conversation)} ${s.from}`))).toEqual(
      new Set(['c-test replica-session']),
    );
  });
});
