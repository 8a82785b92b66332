import { describe, expect, it } from 'vitest';
import {
  EventLog,
  exportSession,
  parseFilter,
  parseSessionFile,
  redactMessage,
  redactRawText,
  type LogInput,
  type LogView,
} from '../../../src/log';
import { app, callState, ev } from './helpers';

const AUDIO = 'AAAA'.repeat(800);
const FRAME = '/9j/' + 'A'.repeat(2000);

function sampleInputs(): LogInput[] {
  return [
    callState('joined', { session_id: 's1', user_name: 'Priya Patel' }, { t: 100 }),
    app(
      ev(
        'conversation.utterance',
        1,
        { role: 'user', speech: 'My card number is 4111 1111' },
        { turn_idx: 1, inference_id: 'U1' },
      ),
      { t: 110, extra: { fromId: 'remote-1' } },
    ),
    app(
      ev(
        'conversation.tool_call',
        3,
        { name: 'lookup', arguments: '{"name":"Priya","order":4471}', tool_call_id: 'tc1' },
        { turn_idx: 1, inference_id: 'U1' },
      ),
      { t: 120 },
    ),
    app(
      ev('conversation.tool_result', undefined, { tool_call_id: 'tc1', output: { status: 'shipped', to: 'Priya' } }),
      { dir: 'out', t: 130, extra: { to: '*' } },
    ),
    app(
      ev(
        'conversation.utterance',
        2,
        { role: 'pal', speech: 'Let me look that up.' },
        { turn_idx: 1, inference_id: 'R1' },
      ),
      { t: 140 },
    ),
    app(
      ev(
        'conversation.utterance',
        2,
        { role: 'replica', speech: 'Let me look that up.' },
        { turn_idx: 1, inference_id: 'R1' },
      ),
      { t: 141 },
    ),
    app(
      ev(
        'conversation.utterance.streaming',
        5,
        { role: 'replica', speech: 'Let me', content_index: 0 },
        { turn_idx: 1, inference_id: 'R1' },
      ),
      { t: 150 },
    ),
    app(
      ev(
        'conversation.utterance.streaming',
        6,
        { role: 'replica', speech: 'Let me look', content_index: 1, final: true },
        { turn_idx: 1, inference_id: 'R1' },
      ),
      { t: 160 },
    ),
    app(
      ev('conversation.echo', undefined, {
        modality: 'audio',
        audio: AUDIO,
        sample_rate: 24000,
        inference_id: 'E',
        done: true,
      }),
      { dir: 'out', origin: 'devtools', t: 170 },
    ),
    app(
      ev('conversation.perception_tool_call', 7, {
        modality: 'vision',
        name: 'badge',
        arguments: { badge_type: 'visitor', name: 'Priya' },
        frames: [{ data: FRAME, mime_type: 'image/jpeg' }],
      }),
      { t: 180 },
    ),
    app(ev('conversation.append_llm_context', undefined, { context: 'Order 4471 shipped yesterday.' }), {
      dir: 'out',
      t: 190,
      extra: { sendError: 'not joined' },
    }),
    app(null, {
      json: '{"event_type":"conversation.utterance","seq":8,"properties":{"speech":"cut off her',
      extra: { truncated: true, size: 5_000 },
      t: 200,
    }),
    app(null, { json: '{not json', t: 210 }),
    app(ev('conversation.perception_analysis', 9, { analysis: '**Attention:** high' }), { t: 220 }),
  ];
}

/** Everything a panel would show, per row, to compare two logs. */
function snapshot(view: LogView) {
  return Array.from({ length: view.length }, (_, i) => {
    const row = view.at(i)!;
    if (row.type === 'gap') return { gap: row.gap };
    const e = row.event;
    return {
      kind: e.kind,
      eventType: e.eventType,
      summary: e.summary,
      seq: e.seq,
      turn: e.turn,
      dir: e.dir,
      origin: e.origin,
      t: e.receivedAt,
      callId: e.callId,
      flags: [e.outOfOrder, e.duplicate, e.late, e.twinSecondary, e.twinGroup !== undefined],
      problems: e.problems,
      stream: row.stream && { speech: row.stream.speech, chunks: row.stream.chunkIds.length, final: row.stream.final },
    };
  });
}

function importInto(text: string, name?: string): EventLog {
  const parsed = parseSessionFile(text, name);
  if (!parsed.ok) throw new Error(parsed.error);
  const log = new EventLog();
  log.add(parsed.inputs);
  return log;
}

describe('session export', () => {
  it('writes a header and one line per event in arrival order', () => {
    const log = new EventLog();
    log.add(sampleInputs());
    const text = exportSession(log, { origin: 'https://app.example', exportedAt: new Date('2026-05-01T10:00:00Z') });
    const lines = text.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({
      format: 'cvi-devtools-session',
      version: 2,
      origin: 'https://app.example',
      exportedAt: '2026-05-01T10:00:00.000Z',
      calls: ['call-1'],
      redacted: true,
      count: 14,
    });
    expect(lines.length).toBe(15);
    const first = JSON.parse(lines[2]!);
    expect(first).toMatchObject({
      kind: 'app-message',
      callId: 'call-1',
      via: 'hook',
      t: 110,
      dir: 'in',
      origin: 'remote',
      fromId: 'participant-2',
      frameId: 0,
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ kind: 'call-state', state: 'joined', t: 100 });
    expect(JSON.parse(lines[13]!)).toMatchObject({ raw: true, data: '{"…":"[redacted: 9 chars of text]"' });
  });

  it('round-trips: re-import of an unredacted export produces equal views', () => {
    const log = new EventLog();
    log.add(sampleInputs());
    const again = importInto(exportSession(log, { redact: false }), 'a.ndjson');
    for (const options of [{}, { order: 'arrival' as const }, { hideTwins: true, collapseStreams: false }]) {
      expect(snapshot(again.view(options))).toEqual(snapshot(log.view(options)));
    }
    expect(again.stats().anomalies).toEqual(log.stats().anomalies);
    expect(again.turns().map((t) => ({ ...t, eventIds: t.eventIds.length }))).toEqual(
      log.turns().map((t) => ({ ...t, eventIds: t.eventIds.length })),
    );
    expect(again.get(0)!.source).toBe('import:a.ndjson');
    // Importing the same file again is re-delivery.
    const parsed = parseSessionFile(exportSession(log, { redact: false }), 'a.ndjson');
    expect(parsed.ok && again.add(parsed.inputs).redelivered).toBe(14);
  });

  it('round-trips a redacted export too (order, anomalies and turns survive redaction)', () => {
    const log = new EventLog();
    log.add(sampleInputs());
    const redacted = exportSession(log);
    const again = importInto(redacted);
    const strip = (rows: ReturnType<typeof snapshot>) =>
      rows.map((r) => ('gap' in r ? r : { ...r, summary: undefined, problems: undefined, stream: undefined }));
    expect(strip(snapshot(again.view()))).toEqual(strip(snapshot(log.view())));
    expect(again.stats().anomalies).toEqual(log.stats().anomalies);
    // Redaction is idempotent: re-exporting the redacted import changes nothing but the header time.
    const twice = exportSession(again, { exportedAt: new Date(0) });
    const onceAtZero = exportSession(importInto(redacted), { exportedAt: new Date(0) });
    expect(twice).toBe(onceAtZero);
    expect(
      twice
        .split('\n')
        .slice(1)
        .map((l) => (l ? JSON.parse(l).data : undefined)),
    ).toEqual(
      redacted
        .split('\n')
        .slice(1)
        .map((l) => (l ? JSON.parse(l).data : undefined)),
    );
  });

  it('exports a filtered part of the log', () => {
    const log = new EventLog();
    log.add(sampleInputs());
    const filter = parseFilter('type:utterance');
    if (!filter.ok) throw new Error(filter.error);
    const view = log.view({ filter: filter.filter });
    const text = exportSession(log, { ids: view.eventIds({ expandStreams: true }), redact: false });
    const parsed = parseSessionFile(text);
    expect(parsed.ok && parsed.header.count).toBe(3);
  });

  it('carries 10,000-deep payloads without re-serialising them', () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const log = new EventLog();
    log.add([app(null, { json: `{"event_type":"x.y","seq":1,"properties":${deep}}` })]);
    const plain = importInto(exportSession(log, { redact: false }));
    expect(plain.get(0)!.payloadText).toBe(log.get(0)!.payloadText);
    const redacted = exportSession(log);
    // Redaction replaces the unknown subtree without walking it: the line stays small.
    expect(redacted.length).toBeLessThan(1000);
    expect(JSON.parse(redacted.split('\n')[1]!).data.properties).toEqual({ '[key 1]': '[redacted object: 1 keys]' });
    expect(importInto(redacted).get(0)!.kind).toBe('unknown');
  });
});

describe('redaction', () => {
  const log = new EventLog();
  log.add(sampleInputs());
  const lines = exportSession(log)
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

  it('replaces speech, text, context, analysis and user fields with markers, keeping the protocol skeleton', () => {
    expect(lines[2].data.properties).toEqual({ role: 'user', speech: '[redacted: 27 chars]' });
    expect(lines[2].data).toMatchObject({
      event_type: 'conversation.utterance',
      inference_id: 'U1',
      conversation_id: 'c1',
      seq: 1,
      turn_idx: 1,
    });
    expect(lines[11].data.properties.context).toBe('[redacted: 29 chars]');
    expect(lines[14].data.properties.analysis).toBe('[redacted: 19 chars]');
    expect(lines[1].data).toEqual({ session_id: 'participant-1', user_name: '[redacted: 11 chars]' });
  });

  it('replaces tool names, arguments and outputs whole, keeping the tool call id', () => {
    expect(lines[3].data.properties).toEqual({
      name: '[redacted: 6 chars]',
      arguments: '[redacted: 29 chars]',
      tool_call_id: 'tc1',
    });
    expect(lines[4].data.properties).toEqual({ tool_call_id: 'tc1', output: '[redacted object: 2 keys]' });
    expect(lines[10].data.properties.arguments).toBe('[redacted object: 2 keys]');
  });

  it('drops base64 audio and perception frames with a size marker, and writes their sizes as facts', () => {
    expect(lines[9].data.properties).toEqual({
      modality: 'audio',
      audio: '[audio dropped: 3200 base64 chars ≈ 2400 bytes]',
      sample_rate: 24000,
      inference_id: 'E',
      done: true,
    });
    expect(lines[9].facts).toEqual({ audioBytes: 2400, audioBase64Chars: 3200, durationMs: 50 });
    expect(lines[10].data.properties.frames).toEqual([
      { data: '[frame dropped: 2004 base64 chars ≈ 1503 bytes]', mime_type: 'image/jpeg' },
    ]);
    expect(lines[10].facts).toEqual({ frameCount: 1, frameBytes: 1503 });
    expect(redactMessage({ blob: 'QUJD'.repeat(100) })).toEqual({ '[key 1]': '[redacted: 400 chars]' });
  });

  it('keeps only the readable envelope of cut or invalid JSON text', () => {
    expect(lines[12]).toMatchObject({ raw: true, truncated: true, size: 5000 });
    expect(lines[12].data).toBe('{"event_type":"conversation.utterance","seq":8,"…":"[redacted: 82 chars of text]"');
    expect(redactRawText('{not json "abc" ')).toBe('{"…":"[redacted: 16 chars of text]"');
    expect(redactRawText(redactRawText('{"seq":3, "x":"secret'))).toBe('{"seq":3,"…":"[redacted: 21 chars of text]"');
  });

  it('redacts send errors and pseudonymises recipients', () => {
    expect(lines[11]).toMatchObject({ dir: 'out', sendError: '[redacted: 10 chars]' });
    expect(lines[4]).toMatchObject({ to: '*' });
  });
});

describe('parseSessionFile errors', () => {
  const header = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      format: 'cvi-devtools-session',
      version: 1,
      origin: null,
      exportedAt: '2026-01-01T00:00:00Z',
      calls: [],
      redacted: false,
      count: 1,
      ...over,
    });
  const line = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      kind: 'app-message',
      callId: 'c',
      via: 'hook',
      t: 1,
      frameId: 0,
      dir: 'in',
      origin: 'remote',
      data: { event_type: 'x.y' },
      ...over,
    });
  const error = (text: string) => {
    const result = parseSessionFile(text);
    return result.ok ? 'ok' : result.error;
  };

  it('accepts a minimal file, CRLF, a BOM and blank lines', () => {
    expect(error(`${header()}\n${line()}\n`)).toBe('ok');
    expect(error(`\uFEFF${header()}\r\n\r\n${line()}\r\n`)).toBe('ok');
  });

  it('rejects foreign and malformed files with a line number and a reason', () => {
    expect(error('')).toBe('empty file: not a CVI DevTools session file');
    expect(error('hello world')).toBe('line 1: not a CVI DevTools session file (the first line is not JSON)');
    expect(error('{"hello":1}')).toBe(
      'line 1: not a CVI DevTools session file (no "format":"cvi-devtools-session" header)',
    );
    expect(error(header({ version: 3 }))).toBe(
      'line 1: unsupported session version 3 (this build reads versions 1 and 2)',
    );
    expect(error(header({ count: -1 }))).toBe('line 1: "count" must be a non-negative integer (got a number)');
    expect(error(`${header()}\n\n{oops`)).toMatch(/^line 3: not valid JSON \(/);
    expect(error(`${header()}\n[1]`)).toBe('line 2: an event line must be an object (got an array)');
    expect(error(`${header()}\n${line({ kind: 'video' })}`)).toBe(
      'line 2: "kind" must be "app-message" or "call-state" (got "video")',
    );
    expect(error(`${header()}\n${line({ t: 'soon' })}`)).toBe('line 2: "t" must be a finite number (got a string)');
    expect(error(`${header()}\n${line({ dir: 'up' })}`)).toBe('line 2: "dir" must be "in" or "out" (got a string)');
    expect(error(`${header()}\n${line({ data: undefined })}`)).toBe('line 2: no "data"');
    expect(error(`${header()}\n${line({ raw: true, data: 5 })}`)).toBe(
      'line 2: "data" must be a string when "raw" is true (got a number)',
    );
    expect(error(`${header({ count: 2 })}\n${line()}`)).toBe(
      'the header says 2 events but the file has 1 (cut short?)',
    );
    expect(error(`${header({ count: 0 })}\n${line()}`)).toBe('the header says 0 events but the file has 1');
  });

  it('reads data text from foreign key orders and pretty-printed lines', () => {
    const reordered = `{"data":{"event_type":"conversation.respond","properties":{"text":"hi"}},"kind":"app-message","callId":"c","via":"hook","t":1,"frameId":0,"dir":"out","origin":"app"}`;
    const result = parseSessionFile(`${header()}\n${reordered}`);
    expect(result.ok && result.inputs[0]!.record).toMatchObject({
      json: '{"event_type":"conversation.respond","properties":{"text":"hi"}}',
      size: 64,
    });
  });
});
