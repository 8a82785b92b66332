import { describe, expect, it } from 'vitest';
import { TurnAssigner } from '../../../src/log/turn-assigner';
import { app, callState, ev } from './helpers';
import { entryOf } from './parts';

describe('TurnAssigner', () => {
  it('uses turn_idx; a respond triggers the next turn; other outgoing messages join the current one', () => {
    const turns = new TurnAssigner();
    const said = entryOf(app(ev('conversation.utterance', 1, { role: 'user', speech: 'x' }, { turn_idx: 4 })));
    const respond = entryOf(app(ev('conversation.respond', undefined, { text: 'hi' }), { dir: 'out' }));
    const echo = entryOf(app(ev('conversation.echo', undefined, { modality: 'text', text: 'x' }), { dir: 'out' }));
    for (const e of [said, respond, echo]) turns.assign(e);
    expect([said.turn, respond.turn, echo.turn]).toEqual([4, 5, 4]);
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
