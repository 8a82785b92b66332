/** The demo knobs for issue 14's last gaps: a bot's audio echo stream in the room, and an incoming message over 4096. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOBS, parseKnobs, writeKnobs } from '../../../src/sim/knobs';
import { BOT_ECHO_DEFAULTS, planBotEcho } from '../../../src/demo/sim/bot-echo';
import { SimDriver } from '../sim/sim-harness';

describe('bot echo and oversize knobs', () => {
  it('parse and write botecho and oversize; both off by default', () => {
    expect(DEFAULT_KNOBS).toMatchObject({ botEcho: false, oversize: false });
    const knobs = parseKnobs('botecho=1&oversize=yes');
    expect(knobs).toMatchObject({ botEcho: true, oversize: true });
    expect(writeKnobs(knobs, new URLSearchParams()).toString()).toBe('botecho=1&oversize=1');
  });

  it("plans the bot's stream as Pipecat sends it: 50 ms chunks ahead of real time, then silence marked done", () => {
    const messages = planBotEcho({ conversationId: 'c1', inferenceId: 'bot-1' });
    const { sampleRate, audioMs, chunkMs, leadMs, silenceMs } = BOT_ECHO_DEFAULTS;
    expect(messages).toHaveLength(audioMs / chunkMs + 1);
    const props = messages.map((m) => m.data.properties);
    expect(props.map((p) => p.done)).toEqual([...Array<boolean>(audioMs / chunkMs).fill(false), true]);
    expect(new Set(props.map((p) => p.inference_id))).toEqual(new Set(['bot-1']));
    expect(props.every((p) => p.sample_rate === sampleRate && p.modality === 'audio')).toBe(true);
    const bytes = props.map((p) => atob(p.audio).length);
    expect(bytes.slice(0, -1).every((b) => b === (sampleRate * chunkMs * 2) / 1000)).toBe(true);
    expect(bytes.at(-1)).toBe((sampleRate * silenceMs * 2) / 1000);
    expect([...atob(props.at(-1)!.audio)].every((c) => c === '\0')).toBe(true);
    expect(atob(props[1]!.audio)).not.toMatch(/^\0+$/); // the tone is not silence
    // The lead: chunk i (audio from i × 50 ms) goes out 200 ms early, never before 0; the silence when the audio ends.
    expect(messages.map((m) => m.atMs)).toEqual(
      [...Array(audioMs / chunkMs).keys()].map((i) => Math.max(0, i * chunkMs - leadMs)).concat(audioMs - leadMs),
    );
    expect(messages.every((m) => JSON.stringify(m.data).length <= 4096)).toBe(true);
  });

  it('oversize: one replica utterance over 4096 chars shortly after the replica joins; none without the knob', () => {
    const big = new SimDriver({ oversize: true }).joinAndWait().runFor(1_000);
    const over = big.events().filter((e) => JSON.stringify(e).length > 4096);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ event_type: 'conversation.utterance', properties: { role: 'replica' } });
    const plain = new SimDriver().joinAndWait().runFor(1_000);
    expect(plain.events().filter((e) => JSON.stringify(e).length > 4096)).toEqual([]);
  });
});
