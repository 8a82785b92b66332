/**
 * A server bot's audio echo stream, the way Pipecat's Tavus transport sends one: 24 kHz 16-bit mono PCM in chunks that
 * share one inference_id, sent ahead of real time by a lead, closed by a short silence marked `done`. Written here
 * from scratch on purpose (not with the extension's planner): the demo is someone else's traffic, and the echo
 * inspector must measure it, not recognise its own output.
 */

export interface BotEchoMessage {
  /** When to send it, in ms after the stream starts. */
  atMs: number;
  data: {
    message_type: 'conversation';
    event_type: 'conversation.echo';
    conversation_id: string;
    properties: { modality: 'audio'; audio: string; sample_rate: number; inference_id: string; done: boolean };
  };
}

export interface BotEchoOptions {
  conversationId: string;
  inferenceId: string;
  sampleRate?: number;
  /** Audio (a tone) before the trailing silence. */
  audioMs?: number;
  /** Audio per chunk: 50 ms at 24 kHz keeps each message under Daily's 4096. */
  chunkMs?: number;
  /** How far ahead of real time chunks go out. */
  leadMs?: number;
  silenceMs?: number;
}

/** The figures the default stream has, for tests that check what the inspector shows. */
export const BOT_ECHO_DEFAULTS = Object.freeze({
  sampleRate: 24_000,
  audioMs: 1000,
  chunkMs: 50,
  leadMs: 200,
  silenceMs: 40,
});

export function planBotEcho(options: BotEchoOptions): BotEchoMessage[] {
  const { sampleRate, audioMs, chunkMs, leadMs, silenceMs } = { ...BOT_ECHO_DEFAULTS, ...options };
  const samplesPerChunk = Math.round((sampleRate * chunkMs) / 1000);
  const totalSamples = Math.round((sampleRate * audioMs) / 1000);
  const messages: BotEchoMessage[] = [];
  const message = (atMs: number, pcm: Uint8Array, done: boolean): BotEchoMessage => ({
    atMs: Math.max(0, atMs - leadMs),
    data: {
      message_type: 'conversation',
      event_type: 'conversation.echo',
      conversation_id: options.conversationId,
      properties: {
        modality: 'audio',
        audio: base64(pcm),
        sample_rate: sampleRate,
        inference_id: options.inferenceId,
        done,
      },
    },
  });
  for (let start = 0; start < totalSamples; start += samplesPerChunk) {
    const count = Math.min(samplesPerChunk, totalSamples - start);
    const pcm = new Uint8Array(count * 2);
    const view = new DataView(pcm.buffer);
    for (let i = 0; i < count; i++) {
      const sample = Math.round(8000 * Math.sin((2 * Math.PI * 330 * (start + i)) / sampleRate));
      view.setInt16(i * 2, sample, true);
    }
    messages.push(message((start / sampleRate) * 1000, pcm, false));
  }
  messages.push(message(audioMs, new Uint8Array(Math.round((sampleRate * silenceMs) / 1000) * 2), true));
  return messages;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(binary);
}
