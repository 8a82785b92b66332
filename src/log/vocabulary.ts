/** What the filter's suggestions offer: every event type, kind, role, turn and call seen, and recent inference ids. */
import type { EventEntry } from './entry';
import type { LogKind, LogVocabulary } from './types';

/** Inference ids offered as suggestions: the most recent ones only. */
export const RECENT_INFERENCE_IDS = 200;

export class Vocabulary {
  private eventTypes = new Set<string>();
  private kinds = new Set<LogKind>();
  private roles = new Set<string>();
  private turns = new Set<number>();
  private calls = new Set<string>();
  /** Insertion order is recency: an id seen again moves to the young end. */
  private inferenceIds = new Map<string, true>();
  /** Most recent inference id remembered (consecutive events usually share one). */
  private lastInferenceId: string | undefined;

  /** Notes what a new entry adds (after its turn is assigned). Entries are not forgotten on eviction. */
  remember(entry: EventEntry): void {
    if (entry.eventType !== '') this.eventTypes.add(entry.eventType);
    this.kinds.add(entry.kind);
    if (entry.rawRole !== undefined) this.roles.add(entry.rawRole);
    if (entry.turn !== undefined) this.turns.add(entry.turn);
    this.calls.add(entry.callId);
    const id = entry.inferenceId;
    if (id !== undefined && id !== this.lastInferenceId) {
      this.lastInferenceId = id;
      this.inferenceIds.delete(id);
      this.inferenceIds.set(id, true);
      if (this.inferenceIds.size > RECENT_INFERENCE_IDS)
        this.inferenceIds.delete(this.inferenceIds.keys().next().value!);
    }
  }

  /** Call ids in order of first appearance. */
  callIds(): string[] {
    return [...this.calls];
  }

  /** Sorted lists; inference ids most recent first. */
  snapshot(): LogVocabulary {
    return {
      eventTypes: [...this.eventTypes].sort(),
      kinds: [...this.kinds].sort(),
      roles: [...this.roles].sort(),
      turns: [...this.turns].sort((a, b) => a - b),
      calls: [...this.calls],
      inferenceIds: [...this.inferenceIds.keys()].reverse(),
    };
  }

  clear(): void {
    this.eventTypes = new Set();
    this.kinds = new Set();
    this.roles = new Set();
    this.turns = new Set();
    this.calls = new Set();
    this.inferenceIds = new Map();
    this.lastInferenceId = undefined;
  }
}
