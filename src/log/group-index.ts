/**
 * Groups of held entries: every entry sharing an inference_id (per call), and the chunks of one streaming
 * utterance or one chunked audio echo, which a view collapses into one row (see streamKeyOf and summariseStream).
 */
import { streamKeyOf, type EventEntry, type StreamGroup } from './entry';
import { summariseStream } from './streams';
import { removeFrom } from './twin-linker';
import type { StreamSummary } from './types';

function inferenceKey(callId: string, inferenceId: string): string {
  return `${callId}\u0000${inferenceId}`;
}

export class GroupIndex {
  private inference = new Map<string, EventEntry[]>();
  private streams = new Map<string, StreamGroup>();
  private summaries = new WeakMap<
    StreamGroup,
    { version: number; utterances: number; shape: number; summary: StreamSummary }
  >();
  /** Bumped when a conversation.utterance comes or goes: it may be a stream's generated text. */
  private utterances = 0;
  /**
   * The inference list and stream group the last entry went to, while they are still filed: consecutive events
   * nearly always share both, and a key string built and hashed per event was most of add's time.
   */
  private lastInference: { callId: string; inferenceId: string; list: EventEntry[] } | undefined;
  private lastStream: StreamGroup | undefined;

  /** Files a new entry under its inference id and stream (setting `entry.stream`). */
  add(entry: EventEntry): void {
    if (entry.inferenceId !== undefined) {
      if (entry.kind === 'utterance') this.utterances++;
      const last = this.lastInference;
      if (last && last.inferenceId === entry.inferenceId && last.callId === entry.callId) last.list.push(entry);
      else {
        const key = inferenceKey(entry.callId, entry.inferenceId);
        let list = this.inference.get(key);
        if (list) list.push(entry);
        else this.inference.set(key, (list = [entry]));
        this.lastInference = { callId: entry.callId, inferenceId: entry.inferenceId, list };
      }
    }
    // Streams are filed even without an inference id: heartbeats group per call.
    const stream = streamKeyOf(entry);
    if (!stream) return;
    let group = this.lastStream?.key === stream.key ? this.lastStream : this.streams.get(stream.key);
    if (!group) {
      group = {
        key: stream.key,
        type: stream.type,
        callId: entry.callId,
        inferenceId: entry.inferenceId ?? '',
        role: stream.role,
        members: [],
        viewStamp: 0,
        version: 0,
      };
      this.streams.set(stream.key, group);
    }
    group.members.push(entry);
    group.version++;
    entry.stream = group;
    this.lastStream = group;
  }

  /** Takes an evicted entry out of its groups; empty groups are forgotten. */
  remove(entry: EventEntry): void {
    if (entry.inferenceId !== undefined) {
      if (entry.kind === 'utterance') this.utterances++;
      const key = inferenceKey(entry.callId, entry.inferenceId);
      const list = this.inference.get(key);
      if (list) {
        removeFrom(list, entry);
        if (list.length === 0) {
          this.inference.delete(key);
          if (this.lastInference?.list === list) this.lastInference = undefined;
        }
      }
    }
    const stream = entry.stream;
    if (stream) {
      removeFrom(stream.members, entry);
      stream.version++;
      if (stream.members.length === 0 && this.streams.get(stream.key) === stream) {
        this.streams.delete(stream.key);
        if (this.lastStream === stream) this.lastStream = undefined;
      }
    }
  }

  /** Held entries with this entry's inference_id in its call, in arrival order (just the entry when it has none). */
  inferenceGroup(entry: EventEntry): readonly EventEntry[] {
    if (entry.inferenceId === undefined) return [entry];
    return this.inference.get(inferenceKey(entry.callId, entry.inferenceId)) ?? [entry];
  }

  /**
   * A stream's row content, recomputed only when it may have changed: its members came or went, a
   * conversation.utterance (its generated text) came or went, or `shape` moved (the log's arrivalShape: twin roles
   * of members already held). Recomputing per log revision sorted every visible stream's chunks on every frame of
   * a live stream.
   */
  summary(group: StreamGroup, shape: number): StreamSummary {
    const cached = this.summaries.get(group);
    if (cached && cached.version === group.version && cached.utterances === this.utterances && cached.shape === shape)
      return cached.summary;
    const summary = summariseStream(group, (g) => this.generatedText(g));
    this.summaries.set(group, { version: group.version, utterances: this.utterances, shape, summary });
    return summary;
  }

  clear(): void {
    this.inference = new Map();
    this.streams = new Map();
    this.lastInference = undefined;
    this.lastStream = undefined;
  }

  /** The replica's full LLM text for a streamed utterance: the conversation.utterance of the same inference. */
  private generatedText(group: StreamGroup): string | undefined {
    const list = this.inference.get(inferenceKey(group.callId, group.inferenceId));
    if (!list) return undefined;
    for (const entry of list)
      if (entry.kind === 'utterance' && entry.role === 'replica' && !entry.duplicate) return entry.classified?.speech;
    return undefined;
  }
}
