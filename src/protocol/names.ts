/**
 * Where an event_type stands against what Tavus documents, for the "Names seen" summary: so a developer stops
 * guessing names (`replica.start_speaking`) and sees at once which spellings are current.
 */
import { KNOWN_EVENT_TYPES } from './events';

/**
 * documented: in the current Tavus docs. legacy: removed or superseded but still sent or accepted. variant: another
 * spelling of a documented name (SKILL.md, playgrounds, webhooks, odd case). undocumented: Tavus sends it (seen in its
 * own apps) but the docs do not list it. unknown: not recognised at all.
 */
export type NameStanding = 'documented' | 'legacy' | 'variant' | 'undocumented' | 'unknown';

export interface NameInfo {
  standing: NameStanding;
  /** The documented name it stands for, when it is a variant. */
  canonical?: string;
  note?: string;
}

/** Seen in Tavus's own apps or third-party code, never in the docs (protocol §4 L rows, §8). */
const UNDOCUMENTED = new Set([
  'system.replica_present',
  'conversation.objective.activated',
  'conversation.objective.completed',
  'conversation.objective.pending',
  'conversation.objective.confirm',
  'conversation.rag.observability',
  'conversation.joined',
  'conversation.left',
  'system.shutdown',
]);

export function nameInfo(eventType: string): NameInfo {
  const info = KNOWN_EVENT_TYPES.get(eventType);
  if (!info) {
    const lower = eventType.trim().toLowerCase();
    const loose = KNOWN_EVENT_TYPES.get(lower);
    if (loose) return { standing: 'variant', canonical: loose.canonical, note: `spelling of ${loose.canonical}` };
    if (lower.includes('guardrail')) return { standing: 'undocumented', note: 'guardrail event (name not documented)' };
    return { standing: 'unknown' };
  }
  if (UNDOCUMENTED.has(eventType)) return { standing: 'undocumented', ...(info.variant ? { note: info.variant } : {}) };
  if (info.family === 'legacy' || info.variant?.includes('legacy') || info.variant?.startsWith('removed'))
    return {
      standing: 'legacy',
      ...(info.canonical !== eventType ? { canonical: info.canonical } : {}),
      note: info.variant ?? 'legacy role-specific name, still sent beside the role-agnostic one',
    };
  if (info.variant) return { standing: 'variant', canonical: info.canonical, note: info.variant };
  return { standing: 'documented' };
}
