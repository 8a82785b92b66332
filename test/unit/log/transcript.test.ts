import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../src/log';
import {
  buildTranscript,
  escapeMarkdown,
  transcriptMarkdown,
  transcriptText,
  type SpeechLine,
  type ToolLine,
  type TranscriptLine,
} from '../../../src/log/transcript';
import { Script } from './conversation-script';
import { demoConversation } from './demo-conversation';

const format = { time: (ms: number) => `t${ms}`, duration: (ms: number) => `${ms} ms` };

function transcriptOf(script: Script): TranscriptLine[] {
  const log = new EventLog();
  log.add(script.inputs);
  return buildTranscript(log.events());
}

describe('transcript model', () => {
  it('orders user, tool, replica and app lines by time, one line per speech (chunks and twins merged)', () => {
    const lines = transcriptOf(demoConversation());
    expect(lines.map((l) => [l.type, l.at])).toEqual([
      ['user', 2_100],
      ['tool', 2_800],
      ['replica', 3_600],
      ['app', 60_000],
      ['app', 61_000],
      ['replica', 61_300],
      ['user', 70_100],
      ['replica', 72_900],
    ]);
  });

  it('folds a respond into the user line with the same text, and an audio echo stream into one line', () => {
    const lines = transcriptOf(demoConversation());
    const user = lines[0] as SpeechLine;
    expect([user.spoken, user.viaRespond]).toEqual(["what's the weather in Paris?", true]);
    expect(lines.some((l) => l.type === 'app' && l.eventType === 'conversation.respond')).toBe(false);
    const echo = lines[4]!;
    expect(echo.type === 'app' && [echo.eventType, echo.text, echo.eventIds.length]).toEqual([
      'conversation.echo',
      'audio 0.0 s in 3 chunks',
      3,
    ]);
    const overwrite = lines[3]!;
    expect(overwrite.type === 'app' && overwrite.text).toBe('overwrote the LLM context (29 characters)');
  });

  it('keeps a respond whose text no user line repeats as an app line', () => {
    const s = new Script();
    s.at(1_000).out('conversation.respond', { text: 'hello there' });
    s.at(1_500).utterance('user', 1, 'u1', 'something else');
    const lines = transcriptOf(s);
    expect(lines.map((l) => l.type)).toEqual(['app', 'user']);
    expect((lines[0] as { text: string }).text).toBe('hello there');
  });

  it('tells what the replica generated from what it spoke, and marks the interruption', () => {
    const lines = transcriptOf(demoConversation());
    const story = lines[7] as SpeechLine;
    expect(story).toMatchObject({
      type: 'replica',
      generated: 'Once upon a time there was a fox who loved maps.',
      spoken: 'Once upon a time',
      unspoken: 'there was a fox who loved maps.',
      interrupted: true,
      inProgress: false,
      durationS: 0.6,
    });
    const answer = lines[2] as SpeechLine;
    expect([answer.spoken, answer.unspoken, answer.interrupted]).toEqual([
      'Here is the weather for Paris: fog.',
      undefined,
      false,
    ]);
  });

  it('keeps the furthest streaming chunk when chunks arrive out of order, and shows speech in progress', () => {
    const s = new Script();
    s.at(1_000).in('conversation.utterance.streaming', 1, 'r', {
      role: 'replica',
      speech: 'one two',
      content_index: 1,
      final: false,
    });
    s.at(1_100).in('conversation.utterance.streaming', 1, 'r', {
      role: 'replica',
      speech: 'one',
      content_index: 0,
      final: false,
    });
    const [line] = transcriptOf(s) as SpeechLine[];
    expect([line!.spoken, line!.inProgress, line!.at]).toEqual(['one two', true, 1_000]);
  });

  it('puts tool calls inline with their reply: by tool_call_id, or the next echo for a call without an id', () => {
    const tool = transcriptOf(demoConversation())[1] as ToolLine;
    expect(tool).toMatchObject({ name: 'get_weather', toolCallId: 'tc1', args: { location: 'Paris' } });
    expect(tool.reply).toMatchObject({
      eventType: 'conversation.tool_result',
      status: 'success',
      text: '{"sky":"fog"}',
      at: 3_300,
    });

    const s = new Script();
    s.at(1_000).in('conversation.tool_call', 1, 'u', { name: 'lookup', arguments: '{"q":1}' });
    s.at(1_200).in('conversation.tool_call', 1, 'u', { name: 'other', arguments: '{}' });
    s.at(1_800).out('conversation.echo', { modality: 'text', text: 'Found it.' });
    const lines = transcriptOf(s);
    expect(lines.map((l) => l.type)).toEqual(['tool', 'tool']);
    expect((lines[0] as ToolLine).reply).toMatchObject({ eventType: 'conversation.echo', text: 'Found it.' });
    expect((lines[1] as ToolLine).reply).toBeUndefined();
  });
  it('expects no reply to a perception tool call (fire-and-forget) and says so', () => {
    const s = new Script();
    s.at(1_000).in('conversation.perception_tool_call', 1, undefined, {
      modality: 'audio',
      name: 'flag_tone_change',
      arguments: '{"tone":"upbeat"}',
    });
    const lines = transcriptOf(s);
    expect(lines[0]).toMatchObject({ type: 'tool', perception: true, expectsReply: false, args: { tone: 'upbeat' } });
    expect(transcriptText(lines, format)).toContain('(no reply expected)');
    expect(transcriptMarkdown(lines, format)).not.toContain('No reply yet');
  });
});

describe('transcript copy', () => {
  it('as text', () => {
    const text = transcriptText(transcriptOf(demoConversation()), format);
    expect(text.split('\n')).toEqual([
      "[t2100] User (typed, conversation.respond): what's the weather in Paris?",
      '[t2800] Tool call: get_weather({"location":"Paris"})',
      '    → conversation.tool_result success after 500 ms: {"sky":"fog"}',
      '[t3600] Replica: Here is the weather for Paris: fog.',
      '[t60000] App conversation.overwrite_llm_context: overwrote the LLM context (29 characters)',
      '[t61000] App conversation.echo: audio 0.0 s in 3 chunks',
      '[t61300] Replica: (audio 0.0 s)',
      '[t70100] User (typed, conversation.respond): tell me a story',
      '[t72900] Replica: Once upon a time [interrupted]',
      '    (generated, not spoken: there was a fox who loved maps.)',
      '',
    ]);
  });

  it('as Markdown, with page text escaped and code fences longer than any backtick run inside', () => {
    const s = new Script();
    s.at(1_000).utterance('user', 1, 'u', '# not a heading <img src=x onerror=alert(1)> *bold* [link](http://x)');
    s.at(2_000).in('conversation.tool_call', 1, 'u', {
      name: 'run`it',
      arguments: JSON.stringify({ code: '```js```' }),
      tool_call_id: 't',
    });
    const md = transcriptMarkdown(transcriptOf(s), format);
    expect(md).toContain('\\# not a heading \\<img src=x onerror=alert(1)\\> \\*bold\\* \\[link\\](http://x)');
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain("`run'it`");
    expect(md).toContain('````json\n{\n  "code": "```js```"\n}\n````');
    expect(md).toContain('*No reply yet.*');
  });

  it('Markdown of the demo conversation', () => {
    const md = transcriptMarkdown(transcriptOf(demoConversation()), format);
    expect(md).toContain(
      '**Replica** · t72900 · *interrupted*  \nOnce upon a time\n  \n~~there was a fox who loved maps.~~ (generated, not spoken)',
    );
    expect(md).toContain('Reply (`conversation.tool_result`, success) after 500 ms:');
  });

  it('escapes list and heading starts on every line', () => {
    expect(escapeMarkdown('- item\n1. first\n+ x')).toBe('\\- item  \n1\\. first  \n\\+ x');
  });
});
