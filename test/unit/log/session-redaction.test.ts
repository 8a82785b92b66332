// Redaction by allowlist: secrets placed anywhere a page can put them (kept key names, numbers, object keys,
// recipients, call-state details, cut text) never reach a redacted file, the protocol skeleton does, and an imported
// redacted file summarises counts and sizes exactly like the live log.
import { describe, expect, it } from 'vitest';
import { EventLog, exportSession, importedFrom, parseSessionFile, type LogInput } from '../../../src/log';
import { cutMarker } from '../../../src/record/record';
import { app, callState, ev } from './helpers';

const NAME = 'Jane Q. Doe';
const EMAIL = 'jane.doe@example.com';
const SSN = '078-05-1120';
const PASSWORD = 'hunter2-Sup3rSecret';
const CARD = '4111111111111111';
const SECRETS = [NAME, 'Jane', EMAIL, SSN, '078051120', PASSWORD, 'hunter2', CARD, '4111 1111'];

function leakyInputs(): LogInput[] {
  return [
    callState('captured', { mode: 'call-object', dailyVersion: '0.84.0', found: 'hook' }, { t: 1 }),
    callState('joined', { local: { session_id: EMAIL, user_id: SSN, user_name: NAME, local: true } }, { t: 2 }),
    callState('participant-joined', { session_id: CARD, user_name: PASSWORD, replica: false }, { t: 3 }),
    callState('error', { errorMsg: `bad token for ${EMAIL}`, type: PASSWORD }, { t: 4 }),
    // Strings under key names the old redactor kept.
    app(
      ev(
        'app.custom_event',
        1,
        { name: NAME, action: EMAIL, state: SSN, type: PASSWORD, session_id: CARD, role: NAME },
        { turn_idx: 1, inference_id: 'inf-1', timestamp: 1767802214 },
      ),
      { t: 10, extra: { fromId: EMAIL } },
    ),
    // Numbers, object keys and unknown keys at both levels.
    app(
      {
        ...ev('conversation.tool_call', 2, {
          name: 'verify_identity',
          tool_call_id: 'tc_42',
          arguments: JSON.stringify({ ssn: SSN, card: Number(CARD), [EMAIL]: PASSWORD }),
          [SSN]: 78051120,
          card_number: 4111111111111111,
        }),
        [PASSWORD]: { [EMAIL]: [NAME] },
        pin: 1234,
      },
      { t: 11 },
    ),
    // Recipients and a send error.
    app(ev('conversation.respond', undefined, { text: `My SSN is ${SSN}` }), {
      dir: 'out',
      t: 12,
      extra: { to: [EMAIL, CARD], sendError: `could not reach ${EMAIL}` },
    }),
    app(ev('conversation.echo', undefined, { modality: 'text', text: PASSWORD, done: true }), {
      dir: 'out',
      origin: 'devtools',
      t: 13,
      extra: { to: EMAIL },
    }),
    // A cut record that still parses, and text that is not JSON.
    app(null, {
      json: JSON.stringify(
        ev('conversation.utterance', 3, { role: 'user', speech: `card ${CARD} ${cutMarker(9000)}` }, { turn_idx: 1 }),
      ),
      t: 14,
      extra: { truncated: true, size: 9100 },
    }),
    app(null, { json: `{"event_type":"x.y","seq":4,"properties":{"who":"${NAME}","pw":"${PASSWORD}`, t: 15 }),
    app(null, { json: `${EMAIL} ${SSN}`, t: 16, extra: { unserializable: `cyclic at .${EMAIL}` } }),
  ];
}

describe('redacted export', () => {
  const log = new EventLog();
  log.add(leakyInputs());
  const text = exportSession(log, { exportedAt: new Date(0) });
  const lines = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

  it.each(SECRETS)('contains no trace of %s', (secret) => {
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('keeps the protocol skeleton', () => {
    expect(lines[5].data).toEqual({
      message_type: 'conversation',
      event_type: 'app.custom_event',
      conversation_id: 'c1',
      seq: 1,
      turn_idx: 1,
      inference_id: 'inf-1',
      timestamp: 1767802214,
      properties: {
        name: '[redacted: 11 chars]',
        '[key 1]': '[redacted: 20 chars]',
        '[key 2]': '[redacted: 11 chars]',
        type: '[redacted: 19 chars]',
        session_id: '[redacted: 16 chars]',
        role: '[redacted: 11 chars]',
      },
    });
    expect(lines[6].data).toMatchObject({
      event_type: 'conversation.tool_call',
      seq: 2,
      properties: { tool_call_id: 'tc_42', name: '[redacted: 15 chars]', '[key 2]': '[redacted number]' },
      '[key 1]': '[redacted object: 1 keys]',
      '[key 2]': '[redacted number]',
    });
  });

  it('keeps call facts (mode, daily-js version) and the local/replica flags; ids become pseudonyms', () => {
    expect(lines[1].data).toEqual({ mode: 'call-object', dailyVersion: '0.84.0', found: 'hook' });
    expect(lines[2].data.local).toEqual({
      session_id: 'participant-1',
      user_id: '[redacted: 11 chars]',
      user_name: '[redacted: 11 chars]',
      local: true,
    });
    expect(lines[3].data).toEqual({
      session_id: 'participant-2',
      user_name: '[redacted: 19 chars]',
      replica: false,
    });
    expect(lines[5].fromId).toBe('participant-1');
    expect(lines[7].to).toEqual(['participant-1', 'participant-2']);
    expect(lines[8].to).toBe('participant-1');
  });

  it('keeps a role only when it is the protocol vocabulary', () => {
    const roles = new EventLog();
    roles.add([app(ev('conversation.utterance', 1, { role: 'replica', speech: 'hi' }))]);
    expect(JSON.parse(exportSession(roles).split('\n')[1]!).data.properties.role).toBe('replica');
  });

  it('is stable: exporting an imported redacted file again gives the same lines', () => {
    const parsed = parseSessionFile(text, 'r.ndjson');
    if (!parsed.ok) throw new Error(parsed.error);
    const again = new EventLog();
    again.add(parsed.inputs);
    const body = (file: string) =>
      file
        .split('\n')
        .slice(1)
        .map((line) => line.replace(/^\{"source":"[^"]*",/, ''));
    expect(body(exportSession(again, { exportedAt: new Date(0) }))).toEqual(body(text));
  });
});

describe('derived values survive redaction', () => {
  // 41 characters of context; 2 s of 24 kHz audio as 48 kB chunks (96 kB in all).
  const context = 'Customer prefers the window seat, aisle ok';
  const chunk = 'AAAA'.repeat(16_000); // 64,000 base64 chars = 48,000 bytes = 1 s at 24 kHz
  const inputs = (): LogInput[] => [
    app(ev('conversation.overwrite_llm_context', undefined, { context: context.slice(0, 41) }), { dir: 'out', t: 1 }),
    app(
      ev('conversation.echo', undefined, { modality: 'audio', audio: chunk, sample_rate: 24000, inference_id: 'E1' }),
      {
        dir: 'out',
        origin: 'devtools',
        t: 2,
      },
    ),
    app(
      ev('conversation.echo', undefined, {
        modality: 'audio',
        audio: chunk,
        sample_rate: 24000,
        inference_id: 'E1',
        done: true,
      }),
      { dir: 'out', origin: 'devtools', t: 3 },
    ),
    app(ev('conversation.perception_analysis', 5, { analysis: 'The user looked away twice.' }), { t: 4 }),
    app(
      ev('conversation.perception_tool_call', 6, {
        modality: 'vision',
        name: 'id_check',
        arguments: {},
        frames: [
          { data: '/9j/' + 'A'.repeat(4000), mime_type: 'image/jpeg' },
          { data: 'AAAA', mime_type: 'image/jpeg' },
        ],
      }),
      { t: 5 },
    ),
  ];

  const summaries = (log: EventLog) => {
    const view = log.view({ collapseStreams: true });
    return Array.from({ length: view.length }, (_, i) => {
      const row = view.at(i)!;
      if (row.type !== 'event') return undefined;
      const s = row.stream;
      const c = row.event.classified;
      return {
        kind: row.event.kind,
        context: c?.context?.length,
        echo: c?.echo && { bytes: c.echo.audioBytes, ms: c.echo.durationMs, chars: c.echo.audioBase64Chars },
        frames: c?.perception && [c.perception.frameCount, c.perception.frameBytes],
        // The counted part of the summary (the quoted text after it is redacted, of course).
        summary: row.event.kind === 'context' ? row.event.summary.split(':')[0] : undefined,
        echoSummary: row.event.kind === 'echo' ? row.event.summary : undefined,
        stream: s && { bytes: s.audioBytes, ms: s.durationMs, chunks: s.chunkIds.length, done: s.done },
        analysisChars: row.event.kind === 'perception_analysis' ? row.event.summary.split(':')[0] : undefined,
      };
    });
  };

  it('an overwrite of 41 characters and a 96 kB / 2 s audio echo read the same after import', () => {
    const live = new EventLog();
    live.add(inputs());
    const parsed = parseSessionFile(exportSession(live), 'x.ndjson');
    if (!parsed.ok) throw new Error(parsed.error);
    const imported = new EventLog();
    imported.add(parsed.inputs);
    expect(summaries(imported)).toEqual(summaries(live));
    expect(imported.get(0)!.summary).toMatch(/^overwrite 41 chars: /);
    const echo = imported.view({ collapseStreams: true }).at(1)!;
    expect(echo.type === 'event' && echo.stream).toMatchObject({ audioBytes: 96_000, durationMs: 2000 });
  });

  it('reads the sizes of a version 1 redacted file from its markers', () => {
    const v1 = [
      '{"format":"cvi-devtools-session","version":1,"origin":null,"exportedAt":"2026-01-01T00:00:00Z","calls":["c"],"redacted":true,"count":2}',
      '{"source":"0:d","cursor":1,"frameId":0,"kind":"app-message","callId":"c","via":"hook","t":1,"dir":"out","origin":"app","size":120,"data":{"message_type":"conversation","event_type":"conversation.overwrite_llm_context","properties":{"context":"[redacted: 41 chars]"}}}',
      '{"source":"0:d","cursor":2,"frameId":0,"kind":"app-message","callId":"c","via":"hook","t":2,"dir":"out","origin":"devtools","size":64100,"data":{"message_type":"conversation","event_type":"conversation.echo","properties":{"modality":"audio","audio":"[audio dropped: 64000 base64 chars ≈ 48000 bytes]","sample_rate":24000,"inference_id":"E","done":true}}}',
    ].join('\n');
    const parsed = parseSessionFile(v1, 'old.ndjson');
    if (!parsed.ok) throw new Error(parsed.error);
    const log = new EventLog();
    log.add(parsed.inputs);
    expect(log.get(0)!.summary).toMatch(/^overwrite 41 chars/);
    expect(log.get(1)!.classified?.echo).toMatchObject({ audioBytes: 48_000, durationMs: 1000 });
  });

  it('ignores facts in an unredacted file (the data itself is there)', () => {
    const live = new EventLog();
    live.add(inputs().slice(0, 1));
    const forged = exportSession(live, { redact: false }).replace(
      '"kind":"app-message"',
      '"facts":{"textChars":5},"kind":"app-message"',
    );
    const parsed = parseSessionFile(forged);
    expect(parsed.ok && parsed.inputs[0]!.facts).toBeUndefined();
  });
});

describe('imported rows', () => {
  it('are told apart from live rows by their source', () => {
    const live = new EventLog();
    live.add([app(ev('conversation.respond', undefined, { text: 'hi' }), { source: '0:doc', dir: 'out' })]);
    const parsed = parseSessionFile(exportSession(live), 'mine.ndjson');
    if (!parsed.ok) throw new Error(parsed.error);
    live.add(parsed.inputs);
    expect(importedFrom(live.get(0)!)).toBeUndefined();
    expect(importedFrom(live.get(1)!)).toBe('mine.ndjson');
  });
});
