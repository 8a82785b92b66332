import { describe, expect, it } from 'vitest';
import { TurnAssigner } from '../../../src/log/turn-assigner';
import { app, callState, ev } from './helpers';
import { entryOf } from './parts';

describe('TurnAssigner', () => {
  it('uses turn_idx; a respond starts the next turn; other sends join the turn while it runs', () => {
    const turns = new TurnAssigner();
    const said = entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' }, { turn_idx: 4 })));
    const respond = entryOf(app(ev('conversation.respond', undefined, { text: 'hi' }), { dir: 'out' }));
    const echo = entryOf(app(ev('conversation.echo', undefined, { modality: 'text', text: 'x' }), { dir: 'out' }));
    for (const e of [said, respond, echo]) turns.assign(e);
    expect([said.turn, respond.turn, echo.turn]).toEqual([4, 5, 5]);
  });

  it('sends after the replica finished a turn are between turns (no turn) until the next turn starts', () => {
    const turns = new TurnAssigner();
    const user = entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' }, { turn_idx: 2 })));
    const overwriteDuring = entryOf(
      app(ev('conversation.overwrite_llm_context', undefined, { context: 'a' }), { dir: 'out' }),
    );
    const stopped = entryOf(
      app(ev('conversation.replica.stopped_speaking', 2, { duration: 1, interrupted: false }, { turn_idx: 2 })),
    );
    const echoAfter = entryOf(app(ev('conversation.echo', undefined, { modality: 'text', text: 'x' }), { dir: 'out' }));
    const overwriteAfter = entryOf(
      app(ev('conversation.overwrite_llm_context', undefined, { context: 'b' }), { dir: 'out' }),
    );
    const nextUser = entryOf(app(ev('conversation.user.started_speaking', 3, undefined, { turn_idx: 3 })));
    const sensitivity = entryOf(
      app(ev('conversation.sensitivity', undefined, { participant_pause_sensitivity: 'low' }), { dir: 'out' }),
    );
    for (const e of [user, overwriteDuring, stopped, echoAfter, overwriteAfter, nextUser, sensitivity]) turns.assign(e);
    expect([overwriteDuring.turn, echoAfter.turn, overwriteAfter.turn, sensitivity.turn]).toEqual([
      2,
      undefined,
      undefined,
      3,
    ]);
  });

  it("the call's first respond (before any turn_idx) takes the first turn_idx that arrives; later ones the next", () => {
    const turns = new TurnAssigner();
    const joined = entryOf(app(ev('system.replica_joined', undefined, { replica_id: 'r' })));
    const context = entryOf(app(ev('conversation.overwrite_llm_context', undefined, { context: 'a' }), { dir: 'out' }));
    const first = entryOf(app(ev('conversation.respond', undefined, { text: 'one' }), { dir: 'out' }));
    const echo = entryOf(app(ev('conversation.echo', undefined, { modality: 'text', text: 'x' }), { dir: 'out' }));
    const second = entryOf(app(ev('conversation.respond', undefined, { text: 'two' }), { dir: 'out' }));
    for (const e of [joined, context, first, echo, second]) expect(turns.assign(e)).toEqual([]);
    expect([first.turn, echo.turn, second.turn]).toEqual([undefined, undefined, undefined]);
    const started = entryOf(app(ev('conversation.user.started_speaking', 1, undefined, { turn_idx: 1 })));
    const decided = turns.assign(started);
    expect(decided).toEqual([first, echo, second]);
    expect([context.turn, first.turn, echo.turn, second.turn]).toEqual([undefined, 1, 1, 2]);
    const third = entryOf(app(ev('conversation.respond', undefined, { text: 'three' }), { dir: 'out' }));
    turns.assign(third);
    expect(third.turn).toBe(3);
  });

  it('an echo or append_llm_context answering a tool call without an id joins that call; a tool call reopens a turn', () => {
    const turns = new TurnAssigner();
    const stopped = entryOf(
      app(ev('conversation.replica.stopped_speaking', 1, { duration: 1, interrupted: false }, { turn_idx: 3 })),
    );
    const call = entryOf(app(ev('conversation.tool_call', 2, { name: 'f', arguments: '{}' }, { turn_idx: 3 })));
    const reply = entryOf(app(ev('conversation.append_llm_context', undefined, { context: 'result' }), { dir: 'out' }));
    const overwrite = entryOf(
      app(ev('conversation.overwrite_llm_context', undefined, { context: 'x' }), { dir: 'out' }),
    );
    for (const e of [stopped, call, reply, overwrite]) turns.assign(e);
    expect([reply.turn, overwrite.turn]).toEqual([3, 3]);
  });

  it('a tool_result joins the turn of the tool call it answers; incoming events join their inference turn', () => {
    const turns = new TurnAssigner();
    const call = entryOf(
      app(ev('conversation.tool_call', 1, { name: 'f', arguments: '{}', tool_call_id: 'tc1' }, { turn_idx: 2 })),
    );
    const later = entryOf(app(ev('conversation.utterance', 2, { role: 'user', speech: 'x' }, { turn_idx: 3 })));
    const result = entryOf(
      app(ev('conversation.tool_result', undefined, { tool_call_id: 'tc1', output: 'ok' }), { dir: 'out' }),
    );
    const first = entryOf(
      app(ev('conversation.utterance', 3, { role: 'user', speech: 'a' }, { inference_id: 'I', turn_idx: 7 })),
    );
    const noTurn = entryOf(app(ev('conversation.replica.started_speaking', 4, undefined, { inference_id: 'I' })));
    for (const e of [call, later, result, first, noTurn]) turns.assign(e);
    expect(result.turn).toBe(2);
    expect(noTurn.turn).toBe(7);
  });

  it('call-state rows, malformed rows and other calls get no turn from this call', () => {
    const turns = new TurnAssigner();
    turns.assign(entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' }, { turn_idx: 4 }))));
    const state = entryOf(callState('joined'));
    const broken = entryOf(app(undefined, { json: '{not json', dir: 'out' }));
    const otherCall = entryOf(app(ev('conversation.respond', undefined, { text: 'hi' }), { dir: 'out', callId: 'c2' }));
    for (const e of [state, broken, otherCall]) turns.assign(e);
    expect([state.turn, broken.turn, otherCall.turn]).toEqual([undefined, undefined, undefined]);
  });

  it('clear starts every call afresh', () => {
    const turns = new TurnAssigner();
    turns.assign(entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' }, { turn_idx: 4 }))));
    turns.clear();
    const respond = entryOf(app(ev('conversation.respond', undefined, { text: 'hi' }), { dir: 'out' }));
    turns.assign(respond);
    expect(respond.turn).toBeUndefined();
  });
});
