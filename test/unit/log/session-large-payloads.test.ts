// Large and odd payloads keep their text: a record whose long strings the capture cut (valid JSON, flagged
// `truncated`) reads as a truncated utterance with the start of its speech, and a non-string speech shows its value.
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/log';
import { cutMarker } from '../../../src/record/record';
import { app, ev } from './helpers';

function only(inputs: Parameters<EventLog['add']>[0]) {
  const log = new EventLog();
  log.add(inputs);
  return log.get(0)!;
}

describe('a cut payload that is still JSON', () => {
  const start = 'Welcome back! Here is the full itinerary you asked for: day one, ';
  const speech = start + cutMarker(1_999_000);
  const data = ev('conversation.utterance', 4, { role: 'replica', speech }, { turn_idx: 2, inference_id: 'R9' });
  const json = JSON.stringify(data);
  const event = only([app(null, { json, extra: { truncated: true, size: json.length + 1_999_000 } })]);

  it('is an utterance flagged truncated, never malformed, with the start of its speech', () => {
    expect(event.kind).toBe('utterance');
    expect(event.summary).toContain('replica: "Welcome back! Here is the full itinerary');
    expect(event.summary).toContain('truncated (+1999000 chars)');
    expect(event.problems.join(' ')).toMatch(/^truncated: long strings were cut/);
    expect(event.problems.join(' ')).not.toContain('malformed');
    expect(event.seq).toBe(4);
    expect(event.turnIdx).toBe(2);
    expect(event.inferenceId).toBe('R9');
    expect(event.classified?.speech?.startsWith(start)).toBe(true);
  });

  it('counts the characters a cut context had, not what is left', () => {
    const context = 'x'.repeat(100) + cutMarker(5000);
    const text = JSON.stringify(ev('conversation.overwrite_llm_context', undefined, { context }));
    const cut = only([app(null, { json: text, dir: 'out', extra: { truncated: true, size: text.length + 5000 } })]);
    expect(cut.kind).toBe('context');
    expect(cut.summary).toMatch(/^overwrite 5100 chars: /);
    expect(cut.classified?.context?.length).toBe(5100);
  });

  it('still reads cut text from an older capture layer (not JSON) as malformed with seq hints', () => {
    const old = only([
      app(null, {
        json: '{"event_type":"conversation.utterance","seq":8,"properties":{"speech":"cut off her',
        extra: { truncated: true, size: 5_000 },
      }),
    ]);
    expect(old.kind).toBe('malformed');
    expect(old.seq).toBe(8);
  });
});

describe('a speech that is not a string', () => {
  it('shows the value compactly instead of "(no speech)"', () => {
    const event = only([
      app(ev('conversation.utterance', 1, { role: 'replica', speech: { text: 'Hi there', lang: 'en' } })),
    ]);
    expect(event.kind).toBe('utterance');
    expect(event.summary).toBe('replica: {"text":"Hi there","lang":"en"}');
    expect(event.classified?.speech).toBe('{"text":"Hi there","lang":"en"}');
    expect(event.problems).toContain('speech is an object, not a string');
  });

  it('does the same for streaming chunks, arrays and numbers', () => {
    const chunk = only([
      app(ev('conversation.utterance.streaming', 1, { role: 'replica', speech: ['Hi', 'there'], content_index: 0 })),
    ]);
    expect(chunk.summary).toBe('replica #0: ["Hi","there"]');
    const number = only([app(ev('conversation.utterance', 1, { role: 'user', speech: 42 }))]);
    expect(number.summary).toBe('user: 42');
  });
});
