/** A small scripted conversation for turn, latency and transcript tests: each message at an explicit time. */
import type { LogInput } from '../../../src/log';
import { app, ev } from './helpers';

export class Script {
  readonly inputs: LogInput[] = [];
  private seq = 0;
  private cursor = 0;
  /** Local time (ms) of the next message. */
  t = 10_000;

  constructor(private readonly callId = 'call-1') {}

  at(t: number): this {
    this.t = t;
    return this;
  }

  /** A replica event with the next seq (role and other properties in `props`). */
  in(type: string, turn: number | undefined, inference: string | undefined, props?: Record<string, unknown>): this {
    const extra: Record<string, unknown> = {};
    if (turn !== undefined) extra.turn_idx = turn;
    if (inference !== undefined) extra.inference_id = inference;
    extra.timestamp = this.t / 1000;
    this.inputs.push(
      app(ev(type, ++this.seq, props, extra), {
        callId: this.callId,
        source: `script-${this.callId}`,
        cursor: ++this.cursor,
        t: this.t,
      }),
    );
    return this;
  }

  /** An interaction the app sent. */
  out(type: string, props?: Record<string, unknown>): this {
    this.inputs.push(
      app(ev(type, undefined, props), {
        callId: this.callId,
        source: `script-${this.callId}`,
        cursor: ++this.cursor,
        t: this.t,
        dir: 'out',
      }),
    );
    return this;
  }

  /** Both speaking families, as Tavus sends them. */
  speaking(
    phase: 'started' | 'stopped',
    role: 'user' | 'replica',
    turn: number,
    inference: string,
    stopped?: { duration: number; interrupted: boolean },
  ): this {
    const legacyProps = phase === 'stopped' && role === 'replica' ? stopped : undefined;
    this.in(`conversation.${role}.${phase}_speaking`, turn, inference, legacyProps);
    return this.in(`conversation.${phase}_speaking`, turn, inference, { role, ...(stopped ?? {}) });
  }

  /** Streaming chunks of one speech (accumulated text), the last one final. */
  stream(role: 'user' | 'replica', turn: number, inference: string, parts: string[], interrupted = false): this {
    let text = '';
    parts.forEach((part, index) => {
      text = text ? `${text} ${part}` : part;
      const final = index === parts.length - 1;
      this.in('conversation.utterance.streaming', turn, inference, {
        role,
        speech: text,
        content_index: index,
        final,
        ...(final && interrupted ? { is_interrupted: true } : {}),
      });
      this.t += 100;
    });
    return this;
  }

  utterance(role: 'user' | 'replica', turn: number, inference: string, speech: string): this {
    return this.in('conversation.utterance', turn, inference, { role, speech });
  }
}
