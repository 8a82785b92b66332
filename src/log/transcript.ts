/**
 * The conversation as a chat, from the log's events: what the user said, what the replica generated and what it
 * actually spoke (protocol §4: `conversation.utterance` carries the replica's full LLM text as soon as it starts
 * speaking; the final `conversation.utterance.streaming` chunk carries what was spoken, shorter when interrupted),
 * tool calls with their reply, and the app's own sends. Pure: the Transcript tab renders it, and it copies as plain
 * text or Markdown. Page text stays text: the Markdown escapes it.
 *
 * Lines are ordered by their first event's local time (receive or send): both directions share that clock, while
 * Tavus timestamps exist only on incoming events.
 */
import type { LogEvent } from './types';

interface LineBase {
  readonly key: string;
  readonly callId: string;
  /** Local time of the line's first event (ms since the epoch). */
  readonly at: number;
  readonly turn: number | undefined;
  readonly eventIds: readonly number[];
}

export interface SpeechLine extends LineBase {
  readonly type: 'user' | 'replica';
  /** What was spoken: the final streaming chunk, else the newest chunk so far, else the utterance. */
  readonly spoken: string | undefined;
  /** The full text the LLM generated (replica) or the transcribed utterance (user). */
  readonly generated: string | undefined;
  /** Generated text that was never spoken (the end cut off by an interruption), when spoken is its start. */
  readonly unspoken: string | undefined;
  readonly interrupted: boolean;
  /** Still speaking: chunks arrived but no final one and no stop yet. */
  readonly inProgress: boolean;
  /** Seconds from stopped_speaking `duration`. */
  readonly durationS: number | undefined;
  /** The user line is the text the app sent with conversation.respond (same text, same turn). */
  readonly viaRespond: boolean;
}

export interface ToolLine extends LineBase {
  readonly type: 'tool';
  readonly name: string | undefined;
  readonly toolCallId: string | undefined;
  readonly perception: boolean;
  /** False for perception tools (fire-and-forget by default) and Magic Canvas control tools. */
  readonly expectsReply: boolean;
  readonly args: unknown;
  readonly reply: ToolReply | undefined;
}

export interface ToolReply {
  readonly eventId: number;
  readonly at: number;
  /** The interaction that answered: tool_result, or the pre-registry echo / append_llm_context. */
  readonly eventType: string;
  readonly status: string | undefined;
  /** The output as text (objects as JSON). */
  readonly text: string;
}

export interface AppLine extends LineBase {
  readonly type: 'app';
  readonly eventType: string;
  /** What the send says, as text: the respond or echo text, "audio 2.1 s", the context's length… */
  readonly text: string;
}

export type TranscriptLine = SpeechLine | ToolLine | AppLine;

interface SpeechBuilder {
  type: 'user' | 'replica';
  key: string;
  callId: string;
  at: number;
  firstId: number;
  turn: number | undefined;
  ids: number[];
  utterance: string | undefined;
  chunk: { index: number; final: boolean; speech: string } | undefined;
  interrupted: boolean;
  stopped: boolean;
  durationS: number | undefined;
}

function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  try {
    return JSON.stringify(output);
  } catch {
    return String(output);
  }
}

function appText(event: LogEvent): string {
  const c = event.classified;
  switch (event.kind) {
    case 'respond':
      return c?.speech ?? '';
    case 'echo': {
      const echo = c?.echo;
      if (echo?.audioBase64Chars !== undefined) return `audio${echo.done ? ' (done)' : ''}`;
      return echo?.text ?? c?.speech ?? '';
    }
    case 'context':
      return `${c?.context?.op === 'append' ? 'appended' : 'overwrote'} the LLM context (${c?.context?.length ?? 0} characters)`;
    default:
      return event.summary;
  }
}

/**
 * Builds the transcript of the events given (any order; one call or several). Duplicates are skipped; twins and
 * stream chunks merge into their line.
 */
export function buildTranscript(events: Iterable<LogEvent>): TranscriptLine[] {
  const speech = new Map<string, SpeechBuilder>();
  const tools: Array<ToolLine & { replyRef: { reply: ToolReply | undefined } }> = [];
  const apps = new Map<string, { line: AppLine; ids: number[]; audioMs: number; chunks: number }>();
  const replies: LogEvent[] = [];
  const responds: LogEvent[] = [];
  const sorted = [...events].filter((e) => !e.duplicate && e.recordKind === 'app-message' && e.kind !== 'malformed');
  sorted.sort((a, b) => a.receivedAt - b.receivedAt || a.id - b.id);

  for (const event of sorted) {
    const c = event.classified;
    if (event.dir === 'in') {
      const role = event.role;
      const isSpeech =
        (event.kind === 'utterance' || event.kind === 'streaming' || event.kind === 'speaking') &&
        (role === 'user' || role === 'replica');
      if (isSpeech || (event.kind === 'replica_interrupted' && event.inferenceId !== undefined)) {
        const type = event.kind === 'replica_interrupted' ? 'replica' : role!;
        const key = `${type}\u0000${event.callId}\u0000${event.inferenceId ?? `#${event.id}`}`;
        let line = speech.get(key);
        if (!line) {
          line = {
            type,
            key,
            callId: event.callId,
            at: event.receivedAt,
            firstId: event.id,
            turn: event.turn,
            ids: [],
            utterance: undefined,
            chunk: undefined,
            interrupted: false,
            stopped: false,
            durationS: undefined,
          };
          speech.set(key, line);
        }
        line.ids.push(event.id);
        if (line.turn === undefined) line.turn = event.turn;
        if (event.kind === 'utterance') {
          line.utterance = c?.speech;
          if (c?.interrupted) line.interrupted = true;
        } else if (event.kind === 'streaming' && c?.streaming) {
          // Chunks may arrive out of order: keep the furthest (highest content_index; final wins a tie).
          const index = c.streaming.contentIndex ?? -1;
          const final = c.streaming.final === true;
          const cur = line.chunk;
          if (!cur || index > cur.index || (index === cur.index && final && !cur.final))
            line.chunk = { index, final, speech: c.speech ?? '' };
          if (c.streaming.isInterrupted) line.interrupted = true;
        } else if (event.kind === 'speaking' && c?.speaking?.phase === 'stopped') {
          line.stopped = true;
          if (c.speaking.interrupted) line.interrupted = true;
          if (typeof c.speaking.durationS === 'number') line.durationS = c.speaking.durationS;
        } else if (event.kind === 'replica_interrupted') line.interrupted = true;
        continue;
      }
      if (event.kind === 'tool_call' || event.kind === 'perception_tool_call') {
        // Twins (PAL/legacy copies) describe one call.
        if (event.twinSecondary) continue;
        const replyRef: { reply: ToolReply | undefined } = { reply: undefined };
        tools.push({
          type: 'tool',
          key: `tool\u0000${event.id}`,
          callId: event.callId,
          at: event.receivedAt,
          turn: event.turn,
          eventIds: [event.id],
          name: c?.toolName,
          toolCallId: c?.toolCallId,
          perception: event.kind === 'perception_tool_call',
          expectsReply: event.kind === 'tool_call' && c?.expectsToolResult !== false,
          args: c?.toolArguments,
          reply: undefined,
          replyRef,
        });
      }
      continue;
    }
    if (event.dir !== 'out') continue;
    if (event.kind === 'tool_result' || event.kind === 'echo' || event.kind === 'context') replies.push(event);
    if (event.kind === 'respond') responds.push(event);
    // An audio echo is many chunks: one line per stream.
    const key = event.streamKey !== undefined ? `app\u0000${event.streamKey}` : `app\u0000${event.id}`;
    const existing = apps.get(key);
    const audioMs = event.classified?.echo?.durationMs ?? 0;
    if (existing) {
      existing.ids.push(event.id);
      existing.audioMs += audioMs;
      existing.chunks++;
      continue;
    }
    apps.set(key, {
      line: {
        type: 'app',
        key,
        callId: event.callId,
        at: event.receivedAt,
        turn: event.turn,
        eventIds: [],
        eventType: event.eventType,
        text: appText(event),
      },
      ids: [event.id],
      audioMs,
      chunks: 1,
    });
  }

  // Replies: tool_result by tool_call_id; an echo / append_llm_context answers the oldest open call without an id.
  const used = new Set<number>();
  for (const reply of replies) {
    const c = reply.classified;
    let tool: (typeof tools)[number] | undefined;
    if (reply.kind === 'tool_result') {
      const id = c?.toolCallId;
      tool = tools.find(
        (t) => !t.replyRef.reply && t.toolCallId !== undefined && t.toolCallId === id && t.at <= reply.receivedAt,
      );
    } else if (reply.kind === 'echo' || (reply.kind === 'context' && c?.context?.op === 'append')) {
      tool = tools.find(
        (t) => !t.replyRef.reply && t.toolCallId === undefined && !t.perception && t.at <= reply.receivedAt,
      );
    }
    if (!tool) continue;
    const output = reply.kind === 'tool_result' ? outputText(c?.toolResult?.output) : appText(reply);
    tool.replyRef.reply = {
      eventId: reply.id,
      at: reply.receivedAt,
      eventType: reply.eventType,
      status: c?.toolResult?.status,
      text: output,
    };
    used.add(reply.id);
  }

  const lines: Array<TranscriptLine & { order: number }> = [];
  const respondTexts = new Map<string, LogEvent>();
  for (const r of responds) {
    const text = r.classified?.speech;
    if (text !== undefined) respondTexts.set(`${r.callId}\u0000${r.turn ?? ''}\u0000${normalised(text)}`, r);
  }
  const foldedResponds = new Set<number>();
  for (const line of speech.values()) {
    const generated = line.utterance;
    // Without streaming chunks what the replica spoke is unknown; a user's utterance is what they said.
    const spoken = line.chunk?.speech ?? (line.type === 'user' ? line.utterance : undefined);
    let unspoken: string | undefined;
    if (line.type === 'replica' && generated !== undefined && spoken !== undefined) {
      const g = normalised(generated);
      const s = normalised(spoken);
      if (g.length > s.length && g.startsWith(s)) unspoken = g.slice(s.length).trim();
    }
    const inProgress = line.chunk !== undefined && !line.chunk.final && !line.stopped;
    let viaRespond = false;
    const userText = line.utterance ?? line.chunk?.speech;
    if (line.type === 'user' && userText !== undefined) {
      const respond = respondTexts.get(`${line.callId}\u0000${line.turn ?? ''}\u0000${normalised(userText)}`);
      if (respond && !foldedResponds.has(respond.id)) {
        viaRespond = true;
        foldedResponds.add(respond.id);
      }
    }
    lines.push({
      type: line.type,
      key: line.key,
      callId: line.callId,
      at: line.at,
      turn: line.turn,
      eventIds: line.ids,
      spoken,
      generated,
      unspoken,
      interrupted: line.interrupted,
      inProgress,
      durationS: line.durationS,
      viaRespond,
      order: line.firstId,
    });
  }
  for (const { replyRef, ...tool } of tools) lines.push({ ...tool, reply: replyRef.reply, order: tool.eventIds[0]! });
  for (const { line, ids, audioMs, chunks } of apps.values()) {
    // Replies live on their tool line; a respond the user line shows as "typed" needs no line of its own.
    if (ids.length === 1 && (used.has(ids[0]!) || foldedResponds.has(ids[0]!))) continue;
    const text =
      chunks > 1 || audioMs > 0
        ? `audio ${(audioMs / 1000).toFixed(1)} s in ${chunks} chunk${chunks === 1 ? '' : 's'}`
        : line.text;
    lines.push({ ...line, eventIds: ids, text, order: ids[0]! });
  }
  lines.sort((a, b) => a.at - b.at || a.order - b.order);
  return lines.map(({ order: _order, ...line }) => line as TranscriptLine);
}

// ---------------------------------------------------------------------------------------------------------------
// Copy as text / Markdown

export interface TranscriptFormat {
  /** Clock time of a line, e.g. "12:00:01.234". */
  time: (epochMs: number) => string;
  /** A duration, e.g. "1.2 s". */
  duration: (ms: number) => string;
}

function speaker(line: TranscriptLine): string {
  if (line.type === 'tool') return line.perception ? 'Perception tool call' : 'Tool call';
  if (line.type === 'app') return `App ${line.eventType || 'send'}`;
  if (line.type === 'user') return line.viaRespond ? 'User (typed, conversation.respond)' : 'User';
  return 'Replica';
}

function argsText(args: unknown): string {
  if (args === undefined) return '';
  return typeof args === 'string' ? args : outputText(args);
}

/** Plain text, one line per entry (continuations indented). */
export function transcriptText(lines: readonly TranscriptLine[], format: TranscriptFormat): string {
  const out: string[] = [];
  for (const line of lines) {
    const head = `[${format.time(line.at)}] ${speaker(line)}`;
    if (line.type === 'user' || line.type === 'replica') {
      const marks = [line.interrupted ? 'interrupted' : '', line.inProgress ? 'speaking…' : ''].filter(Boolean);
      const text = line.spoken ?? line.generated ?? '';
      out.push(`${head}: ${text}${marks.length ? ` [${marks.join(', ')}]` : ''}`);
      if (line.unspoken) out.push(`    (generated, not spoken: ${line.unspoken})`);
      else if (
        line.type === 'replica' &&
        line.generated !== undefined &&
        line.spoken !== undefined &&
        normalised(line.generated) !== normalised(line.spoken)
      )
        out.push(`    (generated: ${line.generated})`);
    } else if (line.type === 'tool') {
      out.push(`${head}: ${line.name ?? '?'}(${argsText(line.args)})`);
      out.push(
        line.reply
          ? `    → ${line.reply.eventType}${line.reply.status ? ` ${line.reply.status}` : ''} after ${format.duration(line.reply.at - line.at)}: ${line.reply.text}`
          : line.expectsReply
            ? '    → no reply yet'
            : '    (no reply expected)',
      );
    } else if (line.type === 'app') out.push(`${head}: ${line.text}`);
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

/** Escapes Markdown so page text shows as written (CommonMark lets any ASCII punctuation be backslash-escaped). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>#|~!]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([-+=])/gm, (_m, space: string, mark: string) => `${space}\\${mark}`)
    .replace(/^(\s*\d+)([.)])/gm, (_m, number: string, mark: string) => `${number}\\${mark}`)
    .replace(/\r?\n/g, '  \n');
}

/** A fenced code block whose fence is longer than any backtick run inside. */
function fenced(text: string, lang = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

function prettyJson(value: unknown): { text: string; lang: string } {
  if (typeof value === 'string') {
    try {
      return { text: JSON.stringify(JSON.parse(value), null, 2), lang: 'json' };
    } catch {
      return { text: value, lang: '' };
    }
  }
  try {
    return { text: JSON.stringify(value, null, 2) ?? '', lang: 'json' };
  } catch {
    return { text: String(value), lang: '' };
  }
}

export function transcriptMarkdown(lines: readonly TranscriptLine[], format: TranscriptFormat): string {
  const out: string[] = [];
  for (const line of lines) {
    const time = format.time(line.at);
    if (line.type === 'user' || line.type === 'replica') {
      const marks = [line.interrupted ? '*interrupted*' : '', line.inProgress ? '*speaking…*' : ''].filter(Boolean);
      out.push(`**${escapeMarkdown(speaker(line))}** · ${time}${marks.length ? ` · ${marks.join(' · ')}` : ''}  `);
      out.push(escapeMarkdown(line.spoken ?? line.generated ?? ''));
      if (line.unspoken) out.push(`  \n~~${escapeMarkdown(line.unspoken)}~~ (generated, not spoken)`);
      else if (
        line.type === 'replica' &&
        line.generated !== undefined &&
        line.spoken !== undefined &&
        normalised(line.generated) !== normalised(line.spoken)
      )
        out.push(`  \nGenerated: ${escapeMarkdown(line.generated)}`);
    } else if (line.type === 'tool') {
      out.push(`**${speaker(line)}** \`${(line.name ?? '?').replace(/`/g, "'")}\` · ${time}`);
      if (line.args !== undefined) {
        const args = prettyJson(line.args);
        out.push('', fenced(args.text, args.lang));
      }
      if (line.reply) {
        const reply = prettyJson(line.reply.text);
        out.push(
          '',
          `Reply (\`${line.reply.eventType.replace(/`/g, "'")}\`${line.reply.status ? `, ${escapeMarkdown(line.reply.status)}` : ''}) after ${format.duration(line.reply.at - line.at)}:`,
          '',
          fenced(reply.text, reply.lang),
        );
      } else if (line.expectsReply) out.push('', '*No reply yet.*');
    } else if (line.type === 'app')
      out.push(`**${escapeMarkdown(speaker(line))}** · ${time}  \n${escapeMarkdown(line.text)}`);
    out.push('');
  }
  return out.join('\n');
}
