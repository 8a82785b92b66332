import { describe, expect, it } from 'vitest';
import { classifyMessage } from '../../../src/protocol/classify';
import { KNOWN_EVENT_TYPES } from '../../../src/protocol/events';

// Tavus's documented examples (summarised in docs/protocol.md; illustrative values there, verbatim here).
const CID = 'c9e1a2b3c4d5';

describe('classifyMessage: events (replica → app)', () => {
  it('user utterance with Raven analysis', () => {
    const c = classifyMessage({
      message_type: 'conversation',
      event_type: 'conversation.utterance',
      conversation_id: CID,
      inference_id: '5b0c2f7e-1d3a-4e8b-9f61-2a7c4d9e0b13',
      seq: 118,
      turn_idx: 6,
      timestamp: 1767802214.57,
      properties: {
        role: 'user',
        speech: 'I think the second option works better for me.',
        user_audio_analysis: 'The user sounds relaxed and decisive.',
      },
    });
    expect(c).toMatchObject({
      kind: 'utterance',
      eventType: 'conversation.utterance',
      messageType: 'conversation',
      conversationId: CID,
      seq: 118,
      turnIdx: 6,
      timestamp: 1767802214.57,
      inferenceId: '5b0c2f7e-1d3a-4e8b-9f61-2a7c4d9e0b13',
      role: 'user',
      rawRole: 'user',
      speech: 'I think the second option works better for me.',
      problems: [],
      variants: [],
    });
    expect(c.summary).toBe('user: "I think the second option works better for me." · +audio analysis');
  });

  it('replica utterance marked interrupted; SKILL.md properties.content variant', () => {
    const a = classifyMessage({
      event_type: 'conversation.utterance',
      properties: { role: 'replica', speech: 'Hi', interrupted: true },
    });
    expect(a.interrupted).toBe(true);
    expect(a.summary).toContain('interrupted');
    const b = classifyMessage({
      event_type: 'conversation.utterance',
      properties: { role: 'replica', content: 'Hello there' },
    });
    expect(b.speech).toBe('Hello there');
    expect(b.variants.join()).toMatch(/properties\.content/);
    expect(b.problems).toEqual([]);
  });

  it('utterance without speech or role is reported', () => {
    const c = classifyMessage({ event_type: 'conversation.utterance', properties: { speech: 42 } });
    expect(c.kind).toBe('utterance');
    expect(c.problems).toEqual(expect.arrayContaining(['speech is a number, not a string', 'no role']));
  });

  it('streaming chunks, final and interrupted', () => {
    const chunk = classifyMessage({
      message_type: 'conversation',
      event_type: 'conversation.utterance.streaming',
      conversation_id: CID,
      inference_id: 'd41a7c90',
      seq: 131,
      turn_idx: 6,
      timestamp: 1767802217.02,
      properties: {
        role: 'replica',
        speech: 'Great choice. The second option includes',
        content_index: 3,
        final: false,
      },
    });
    expect(chunk).toMatchObject({
      kind: 'streaming',
      role: 'replica',
      streaming: { contentIndex: 3, final: false, isInterrupted: false },
    });
    expect(chunk.summary).toBe('replica #3: "Great choice. The second option includes"');
    const last = classifyMessage({
      event_type: 'conversation.utterance.streaming',
      inference_id: 'd41a7c90',
      properties: { role: 'pal', speech: 'Great choice.', content_index: 5, final: true, is_interrupted: true },
    });
    expect(last).toMatchObject({
      role: 'replica',
      rawRole: 'pal',
      streaming: { contentIndex: 5, final: true, isInterrupted: true },
    });
    expect(last.summary).toMatch(/final · interrupted$/);
  });

  it('streaming with string final and a negative content_index', () => {
    const c = classifyMessage({
      event_type: 'conversation.utterance.streaming',
      properties: { role: 'user', speech: 'x', content_index: -1, final: 'true' },
    });
    expect(c.streaming?.final).toBe(true);
    expect(c.variants.join()).toMatch(/final is the string "true"/);
    expect(c.problems.join()).toMatch(/content_index is not a non-negative integer/);
  });

  it('tool_call: arguments parsed, tool_call_id read', () => {
    const c = classifyMessage({
      message_type: 'conversation',
      event_type: 'conversation.tool_call',
      conversation_id: CID,
      inference_id: '5b0c2f7e',
      seq: 121,
      turn_idx: 6,
      timestamp: 1767802215.1,
      properties: {
        name: 'schedule_callback',
        arguments: '{"day":"friday","time":"15:00"}',
        tool_call_id: 'call_01HZX3K9',
      },
    });
    expect(c).toMatchObject({
      kind: 'tool_call',
      toolName: 'schedule_callback',
      toolCallId: 'call_01HZX3K9',
      toolArguments: { day: 'friday', time: '15:00' },
      problems: [],
    });
    expect(c.summary).toBe('schedule_callback({"day":"friday","time":"15:00"}) · call_01HZX3K9');
  });

  it('tool_call: invalid JSON arguments; SKILL.md tool_name + object arguments + inference_id in properties', () => {
    const bad = classifyMessage({
      event_type: 'conversation.tool_call',
      properties: { name: 'f', arguments: '{day:' },
    });
    expect(bad.problems.join()).toMatch(/^arguments is not valid JSON/);
    const skill = classifyMessage({
      event_type: 'conversation.tool_call',
      properties: { tool_name: 'lookup', arguments: { q: 'x' }, inference_id: 'inf-9' },
    });
    expect(skill).toMatchObject({ toolName: 'lookup', toolArguments: { q: 'x' }, inferenceId: 'inf-9', problems: [] });
    expect(skill.variants.join('|')).toMatch(/tool_name/);
    expect(skill.variants.join('|')).toMatch(/arguments is an object/);
  });

  it('perception_tool_call: vision with frames, audio with string arguments', () => {
    const frame = 'A'.repeat(4000);
    const vision = classifyMessage({
      event_type: 'conversation.perception_tool_call',
      seq: 77,
      turn_idx: 4,
      properties: {
        modality: 'vision',
        name: 'notify_badge_shown',
        arguments: { badge_type: 'visitor' },
        frames: [{ data: frame, mime_type: 'image/jpeg' }],
      },
    });
    expect(vision).toMatchObject({
      kind: 'perception_tool_call',
      toolName: 'notify_badge_shown',
      perception: { modality: 'vision', frameCount: 1, frameBytes: 3000 },
      problems: [],
    });
    expect(vision.summary).toBe('vision notify_badge_shown({"badge_type":"visitor"}) · 1 frame (3.0 kB)');
    const audio = classifyMessage({
      event_type: 'conversation.perception_tool_call',
      properties: { modality: 'audio', name: 'flag_frustration', arguments: '{"reason":"raised voice twice"}' },
    });
    expect(audio.toolArguments).toEqual({ reason: 'raised voice twice' });
    expect(audio.problems).toEqual([]);
    const odd = classifyMessage({
      event_type: 'conversation.perception_tool_call',
      properties: { modality: 'smell', name: 'x', frames: 'no' },
    });
    expect(odd.problems).toEqual(
      expect.arrayContaining(['unknown modality "smell"', 'frames is a string, not an array']),
    );
  });

  it('perception_analysis (in-call and webhook name)', () => {
    const c = classifyMessage({
      event_type: 'conversation.perception_analysis',
      seq: 402,
      timestamp: 1767803011.9,
      properties: {
        analysis:
          '**Attention:** the participant faced the screen about 80% of the call.\n**Others present:** none seen.',
      },
    });
    expect(c.kind).toBe('perception_analysis');
    expect(c.summary).toMatch(/^\d+ chars: "\*\*Attention/);
    expect(c.summary).not.toContain('\n');
    const webhook = classifyMessage({ event_type: 'application.perception_analysis', properties: { analysis: 'x' } });
    expect(webhook.kind).toBe('perception_analysis');
    expect(webhook.variants.join()).toMatch(/webhook/);
  });

  it('speaking: role-agnostic (with pal role) and the legacy families', () => {
    const agnostic = classifyMessage({
      event_type: 'conversation.stopped_speaking',
      inference_id: 'd41a',
      seq: 141,
      turn_idx: 6,
      properties: { role: 'pal', interrupted: true, duration: 2.84 },
    });
    expect(agnostic).toMatchObject({
      kind: 'speaking',
      family: 'role-agnostic',
      role: 'replica',
      rawRole: 'pal',
      speaking: { phase: 'stopped', family: 'role-agnostic', durationS: 2.84, interrupted: true },
    });
    expect(agnostic.summary).toBe('pal stopped speaking · 2.84 s · interrupted (role-agnostic)');
    const legacy = classifyMessage({
      event_type: 'conversation.replica.started_speaking',
      inference_id: 'd41a',
      seq: 129,
    });
    expect(legacy).toMatchObject({
      kind: 'speaking',
      family: 'legacy',
      role: 'replica',
      speaking: { phase: 'started' },
      problems: [],
    });
    const user = classifyMessage({ event_type: 'conversation.user.stopped_speaking', properties: { duration: null } });
    expect(user).toMatchObject({ role: 'user', speaking: { phase: 'stopped', durationS: null } });
    const noRole = classifyMessage({ event_type: 'conversation.started_speaking' });
    expect(noRole.problems).toContain('no properties.role');
    const badDuration = classifyMessage({
      event_type: 'conversation.replica.stopped_speaking',
      properties: { duration: 'long' },
    });
    expect(badDuration.problems.join()).toMatch(/duration is a string/);
  });

  it('legacy replica_interrupted and the SKILL.md spelling', () => {
    for (const type of ['conversation.replica_interrupted', 'conversation.replica.interrupted']) {
      const c = classifyMessage({ event_type: type, conversation_id: CID, inference_id: 'd41a' });
      expect(c).toMatchObject({
        kind: 'replica_interrupted',
        family: 'legacy',
        role: 'replica',
        canonicalType: 'conversation.replica_interrupted',
      });
      expect(c.variants.length).toBe(1);
    }
  });

  it('replica joined: system.replica_joined and system.pal_joined', () => {
    const c = classifyMessage({
      message_type: 'system',
      event_type: 'system.replica_joined',
      conversation_id: CID,
      properties: { replica_id: 'r90bbd427f71' },
    });
    expect(c).toMatchObject({ kind: 'replica_joined', summary: 'replica joined · r90bbd427f71', problems: [] });
    expect(classifyMessage({ message_type: 'system', event_type: 'system.pal_joined' }).summary).toBe('PAL joined');
  });

  it('presence, objective, rag, guardrail, system.shutdown, application.*', () => {
    expect(classifyMessage({ event_type: 'conversation.joined', properties: { role: 'pal' } })).toMatchObject({
      kind: 'presence',
      summary: 'pal joined',
    });
    expect(classifyMessage({ event_type: 'conversation.left', properties: { role: 'user' } }).summary).toBe(
      'user left',
    );
    expect(
      classifyMessage({ event_type: 'conversation.objective.pending', properties: { objective_name: 'kyc' } }),
    ).toMatchObject({
      kind: 'objective',
      summary: 'objective kyc pending',
    });
    expect(classifyMessage({ event_type: 'conversation.objective.confirm' }).kind).toBe('objective');
    expect(
      classifyMessage({ event_type: 'conversation.rag.observability', properties: { documents: ['a'] } }).kind,
    ).toBe('rag');
    const byProps = classifyMessage({
      event_type: 'conversation.something_new',
      properties: { guardrail: 'no_medical', guardrail_uuid: 'g1', reason: 'asked for a diagnosis' },
    });
    expect(byProps).toMatchObject({ kind: 'guardrail', summary: 'guardrail "no_medical": "asked for a diagnosis"' });
    expect(classifyMessage({ event_type: 'conversation.guardrail_violation' }).kind).toBe('guardrail');
    expect(
      classifyMessage({
        message_type: 'system',
        event_type: 'system.shutdown',
        properties: { shutdown_reason: 'max_call_duration reached' },
      }),
    ).toMatchObject({
      kind: 'system',
      summary: 'shutdown: max_call_duration reached',
    });
    expect(
      classifyMessage({ message_type: 'application', event_type: 'application.recording_ready', properties: {} }).kind,
    ).toBe('application');
  });
});

describe('classifyMessage: interactions (app → replica)', () => {
  it('text echo', () => {
    const c = classifyMessage({
      message_type: 'conversation',
      event_type: 'conversation.echo',
      conversation_id: CID,
      properties: { modality: 'text', text: 'Welcome back, Priya. Shall we pick up where we left off?', done: true },
    });
    expect(c).toMatchObject({ kind: 'echo', echo: { modality: 'text', done: true }, problems: [], variants: [] });
    expect(c.summary).toBe('text "Welcome back, Priya. Shall we pick up where we left off?" · done');
  });

  it('audio echo: size, duration, inference_id in properties', () => {
    const audio = 'AAAA'.repeat(800); // 3200 chars → 2400 bytes → 50 ms at 24 kHz
    const c = classifyMessage({
      event_type: 'conversation.echo',
      properties: { modality: 'audio', audio, sample_rate: 24000, inference_id: 'echo-7f3c2a10-0001', done: false },
    });
    expect(c).toMatchObject({
      kind: 'echo',
      inferenceId: 'echo-7f3c2a10-0001',
      echo: {
        audioBase64Chars: 3200,
        audioBytes: 2400,
        sampleRate: 24000,
        effectiveSampleRate: 24000,
        durationMs: 50,
        done: false,
      },
      problems: [],
    });
    expect(c.summary).toBe('audio 2.4 kB ≈ 50 ms @ 24 kHz');
  });

  it('audio echo variants: "type":"audio", no sample_rate, done:"true", modality speech, bad base64', () => {
    const old = classifyMessage({
      event_type: 'conversation.echo',
      properties: { type: 'audio', audio: 'AAAA', done: 'true' },
    });
    expect(old.echo).toMatchObject({ modality: 'audio', effectiveSampleRate: 16000, audioBytes: 3, done: true });
    expect(old.variants.join('|')).toMatch(/"type" instead of "modality"/);
    expect(old.variants.join('|')).toMatch(/no sample_rate/);
    expect(old.variants.join('|')).toMatch(/done is the string "true"/);
    expect(old.problems).toContain('audio has an odd byte count (16-bit PCM needs whole samples)');
    const speech = classifyMessage({
      event_type: 'conversation.echo',
      properties: { modality: 'speech', audio: 'AAA=' },
    });
    expect(speech.echo?.audioBytes).toBe(2);
    expect(speech.variants.join()).toMatch(/modality "speech"/);
    const bad = classifyMessage({
      event_type: 'conversation.echo',
      properties: { modality: 'audio', audio: 'not base64!' },
    });
    expect(bad.problems).toContain('audio is not valid base64');
    const missing = classifyMessage({ event_type: 'conversation.echo', properties: { modality: 'audio' } });
    expect(missing.problems).toContain('audio echo without audio');
  });

  it('respond, interrupt', () => {
    expect(
      classifyMessage({
        event_type: 'conversation.respond',
        conversation_id: CID,
        properties: { text: 'Can you explain the refund policy again?' },
      }),
    ).toMatchObject({
      kind: 'respond',
      speech: 'Can you explain the refund policy again?',
      summary: '"Can you explain the refund policy again?"',
      problems: [],
    });
    expect(classifyMessage({ event_type: 'conversation.respond' }).problems).toContain('no text');
    expect(
      classifyMessage({ message_type: 'conversation', event_type: 'conversation.interrupt', conversation_id: CID }),
    ).toMatchObject({
      kind: 'interrupt',
      summary: 'interrupt',
      problems: [],
    });
  });

  it('context: documented, SKILL.md names, early playground text, job_status', () => {
    const overwrite = classifyMessage({
      event_type: 'conversation.overwrite_llm_context',
      properties: { context: 'The user is now on step 3 (billing).' },
    });
    expect(overwrite).toMatchObject({ kind: 'context', context: { op: 'overwrite', length: 36 }, variants: [] });
    expect(overwrite.summary).toBe('overwrite 36 chars: "The user is now on step 3 (billing)."');
    const append = classifyMessage({
      event_type: 'conversation.append_llm_context',
      properties: { context: 'x', job_status: 'completed' },
    });
    expect(append.context).toEqual({ op: 'append', length: 1, jobStatus: 'completed' });
    const skill = classifyMessage({ event_type: 'conversation.append_context', properties: { context: 'y' } });
    expect(skill).toMatchObject({
      kind: 'context',
      canonicalType: 'conversation.append_llm_context',
      context: { op: 'append' },
    });
    expect(skill.variants.join()).toMatch(/SKILL\.md/);
    const skillOverwrite = classifyMessage({ event_type: 'conversation.overwrite_context', properties: { text: 'z' } });
    expect(skillOverwrite.context).toEqual({ op: 'overwrite', length: 1 });
    expect(skillOverwrite.variants.join('|')).toMatch(/properties\.text instead of context/);
  });

  it('sensitivity: documented, extra and unknown values', () => {
    const c = classifyMessage({
      event_type: 'conversation.sensitivity',
      properties: { participant_pause_sensitivity: 'high', participant_interrupt_sensitivity: 'low' },
    });
    expect(c).toMatchObject({
      kind: 'sensitivity',
      sensitivity: { pause: 'high', interrupt: 'low' },
      summary: 'pause=high · interrupt=low',
      problems: [],
    });
    const extra = classifyMessage({
      event_type: 'conversation.sensitivity',
      properties: { participant_pause_sensitivity: 'verylow' },
    });
    expect(extra.problems).toEqual([]);
    expect(extra.variants.join()).toMatch(/verylow/);
    const bad = classifyMessage({
      event_type: 'conversation.sensitivity',
      properties: { participant_interrupt_sensitivity: 'max' },
    });
    expect(bad.problems).toContain('unknown participant_interrupt_sensitivity "max"');
    expect(classifyMessage({ event_type: 'conversation.sensitivity', properties: {} }).problems).toContain(
      'no sensitivity values',
    );
  });

  it('tool_result', () => {
    const c = classifyMessage({
      event_type: 'conversation.tool_result',
      properties: { tool_call_id: 'call_01HZX3K9', output: { temp_f: 64, sky: 'fog' }, status: 'success' },
    });
    expect(c).toMatchObject({
      kind: 'tool_result',
      toolCallId: 'call_01HZX3K9',
      toolResult: { status: 'success' },
      problems: [],
    });
    expect(c.summary).toBe('call_01HZX3K9 success: {"temp_f":64,"sky":"fog"}');
    const bad = classifyMessage({ event_type: 'conversation.tool_result', properties: { output: 5, status: 'meh' } });
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        'no tool_call_id',
        'unknown status "meh"',
        'output is a number (docs: string or object)',
      ]),
    );
  });

  it('realtime_api (legacy)', () => {
    const c = classifyMessage({
      event_type: 'conversation.realtime_api',
      properties: { type: 'session.update', session: {} },
    });
    expect(c).toMatchObject({ kind: 'realtime_api', summary: 'realtime session.update' });
  });
});

describe('classifyMessage: envelope and malformed input', () => {
  it('every known event_type maps to its kind', () => {
    for (const [type, info] of KNOWN_EVENT_TYPES) expect(classifyMessage({ event_type: type }).kind).toBe(info.kind);
  });

  it('non-objects are malformed with a reason', () => {
    expect(classifyMessage(null)).toMatchObject({ kind: 'malformed', problems: ['data is null, not an object'] });
    expect(classifyMessage([1, 2])).toMatchObject({ kind: 'malformed', problems: ['data is an array, not an object'] });
    expect(classifyMessage('hello').problems).toEqual(['data is a string, not an object']);
    expect(classifyMessage(3).summary).toBe('a number: 3');
    expect(classifyMessage(undefined).kind).toBe('malformed');
  });

  it('event_type missing → unknown; wrong type → malformed; unrecognised → unknown', () => {
    expect(classifyMessage({ hello: 'world' })).toMatchObject({
      kind: 'unknown',
      problems: ['no event_type (not a Tavus message?)'],
    });
    expect(classifyMessage({ event_type: 5 })).toMatchObject({
      kind: 'malformed',
      problems: ['event_type is a number, not a string'],
    });
    expect(classifyMessage({ event_type: 'conversation.dance', properties: { x: 1 } })).toMatchObject({
      kind: 'unknown',
      problems: ['unrecognised event_type "conversation.dance"'],
      summary: '{"x":1}',
    });
  });

  it('odd capitalisation is recognised with a note', () => {
    const c = classifyMessage({ event_type: 'Conversation.Respond', properties: { text: 'x' } });
    expect(c.kind).toBe('respond');
    expect(c.variants.join()).toMatch(/spelled/);
  });

  it('seq/turn_idx as strings are used but reported; other types rejected', () => {
    const c = classifyMessage({
      event_type: 'conversation.utterance',
      seq: '12',
      turn_idx: 'x',
      properties: { role: 'user', speech: 'a' },
    });
    expect(c.seq).toBe(12);
    expect(c.turnIdx).toBeUndefined();
    expect(c.problems).toEqual(expect.arrayContaining(['seq is a string', 'turn_idx is a string']));
    expect(classifyMessage({ event_type: 'conversation.interrupt', seq: 1.5 }).problems).toContain(
      'seq is not a non-negative integer (1.5)',
    );
    expect(classifyMessage({ event_type: 'conversation.interrupt', seq: null }).problems).toContain('seq is null');
  });

  it('timestamps: seconds, ISO strings, milliseconds, garbage', () => {
    expect(classifyMessage({ event_type: 'conversation.interrupt', timestamp: 1746000000.123 }).timestamp).toBe(
      1746000000.123,
    );
    const iso = classifyMessage({ event_type: 'conversation.interrupt', timestamp: '2026-01-07T12:00:00.500Z' });
    expect(iso.timestamp).toBe(Date.parse('2026-01-07T12:00:00.500Z') / 1000);
    expect(iso.variants.join()).toMatch(/ISO/);
    const ms = classifyMessage({ event_type: 'conversation.interrupt', timestamp: 1746000000123 });
    expect(ms.timestamp).toBeCloseTo(1746000000.123, 3);
    expect(ms.problems.join()).toMatch(/milliseconds/);
    expect(classifyMessage({ event_type: 'conversation.interrupt', timestamp: 'soon' }).problems.join()).toMatch(
      /not a number or ISO date/,
    );
  });

  it('inference_id conflicts, bad role, bad properties, bad message_type', () => {
    const c = classifyMessage({
      message_type: 'chat',
      event_type: 'conversation.utterance',
      inference_id: 'a',
      properties: { role: 'robot', speech: 'x', inference_id: 'b' },
    });
    expect(c.inferenceId).toBe('a');
    expect(c.problems).toEqual(
      expect.arrayContaining([
        'unexpected message_type "chat"',
        'inference_id differs between top level and properties',
        'unknown role "robot"',
      ]),
    );
    expect(classifyMessage({ event_type: 'conversation.respond', properties: 'text' }).problems).toContain(
      'properties is a string, not an object',
    );
  });

  it('hostile keys: __proto__, constructor and inherited names are not read through the prototype', () => {
    const data = JSON.parse(
      '{"__proto__":{"event_type":"conversation.respond","properties":{"text":"pwned"}},"constructor":{"seq":5}}',
    );
    const c = classifyMessage(data);
    expect(c.kind).toBe('unknown');
    expect(c.seq).toBeUndefined();
    const inherited = Object.create({ event_type: 'conversation.respond', seq: 3 });
    expect(classifyMessage(inherited)).toMatchObject({
      kind: 'unknown',
      problems: ['no event_type (not a Tavus message?)'],
    });
    const protoProps = JSON.parse(
      '{"event_type":"conversation.utterance","properties":{"__proto__":{"role":"user","speech":"x"}}}',
    );
    const p = classifyMessage(protoProps);
    expect(p.role).toBeUndefined();
    expect(p.speech).toBeUndefined();
    expect(({} as Record<string, unknown>).event_type).toBeUndefined(); // nothing was polluted
  });

  it('summaries stay one line and ~200 chars, even for megabyte strings', () => {
    const huge = 'word '.repeat(400_000);
    const c = classifyMessage({ event_type: 'conversation.respond', properties: { text: huge } });
    expect(c.summary.length).toBeLessThanOrEqual(200);
    const u = classifyMessage({
      event_type: 'x.y',
      properties: { a: huge, b: { c: { d: { e: { f: { g: { h: 1 } } } } } } },
    });
    expect(u.summary.length).toBeLessThanOrEqual(200);
    const lines = classifyMessage({ event_type: 'conversation.respond', properties: { text: 'a\nb\r\nc' } });
    expect(lines.summary).toBe('"a b c"');
  });

  it('throwing getters and proxies yield malformed, not a throw', () => {
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('boom');
        },
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
      },
    );
    expect(classifyMessage(trap).kind).toBe('malformed');
    const getter = {
      get event_type(): string {
        throw new Error('nope');
      },
    };
    expect(classifyMessage(getter)).toMatchObject({ kind: 'malformed', problems: ['could not be read: nope'] });
  });
});
