/**
 * Knobs of the simulated replica (the demo's and the panel's mock replica's). The demo reads them from its query string
 * (`?seed=7&jitter=40&drop=0.02&dup=0.02&pal=1&speed=2&heartbeat=5000&objectives=1&guardrails=1&botecho=1&oversize=1`) or its settings
 * block.
 */
export interface SimulatorKnobs {
  /** Seed for every random choice (ids, reply texts, timing, network faults). */
  seed: number;
  /** Speaking/thinking speed multiplier: 2 = everything happens twice as fast. */
  speed: number;
  /** Extra random delivery delay per event, 0..jitterMs ms; reorders events emitted close together. */
  jitterMs: number;
  /** Probability that an event's seq is consumed but the event is never delivered. */
  dropRate: number;
  /** Probability that a delivered event arrives twice. */
  dupRate: number;
  /** PAL era: replica-role messages use role "pal" and are each followed by a role "replica" twin. */
  pal: boolean;
  /** Probability that a user turn also triggers a perception tool call. */
  perceptionRate: number;
  /** `system.replica_present` heartbeat every this many ms once the replica is present (0: none). Not sped up. */
  heartbeatMs: number;
  /** Objectives (protocol §8): greet (auto), then confirm_consent (manual: waits for conversation.objective.confirm). */
  objectives: boolean;
  /** A guardrail event when the user mentions a password, a diagnosis or a credit card. */
  guardrails: boolean;
  /** A server bot in the room (as Pipecat's Tavus transport) sends one audio echo stream soon after the replica joins. */
  botEcho: boolean;
  /** The replica sends one event larger than Daily's 4096 send limit (a long utterance) after it joins. */
  oversize: boolean;
}

export const DEFAULT_KNOBS: Readonly<SimulatorKnobs> = Object.freeze({
  seed: 1,
  speed: 1,
  jitterMs: 0,
  dropRate: 0,
  dupRate: 0,
  pal: false,
  perceptionRate: 0.25,
  heartbeatMs: 0,
  objectives: false,
  guardrails: false,
  botEcho: false,
  oversize: false,
});

/** Query-string name of each knob. */
export const KNOB_QUERY_NAMES: Readonly<Record<keyof SimulatorKnobs, string>> = Object.freeze({
  seed: 'seed',
  speed: 'speed',
  jitterMs: 'jitter',
  dropRate: 'drop',
  dupRate: 'dup',
  pal: 'pal',
  perceptionRate: 'perception',
  heartbeatMs: 'heartbeat',
  objectives: 'objectives',
  guardrails: 'guardrails',
  botEcho: 'botecho',
  oversize: 'oversize',
});

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function readNumber(raw: string | null | undefined, fallback: number, min: number, max: number): number {
  if (raw === null || raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) ? clamp(value, min, max) : fallback;
}

function readBoolean(raw: string | null | undefined, fallback: boolean): boolean {
  if (raw === null || raw === undefined) return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw.trim().toLowerCase());
}

/** Reads knobs from a query string; missing or invalid values fall back to the defaults, out-of-range ones are clamped. */
export function parseKnobs(query: string | URLSearchParams): SimulatorKnobs {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const get = (knob: keyof SimulatorKnobs) => params.get(KNOB_QUERY_NAMES[knob]);
  return {
    seed: Math.trunc(readNumber(get('seed'), DEFAULT_KNOBS.seed, 0, 0xffffffff)),
    speed: readNumber(get('speed'), DEFAULT_KNOBS.speed, 0.1, 50),
    jitterMs: readNumber(get('jitterMs'), DEFAULT_KNOBS.jitterMs, 0, 5000),
    dropRate: readNumber(get('dropRate'), DEFAULT_KNOBS.dropRate, 0, 1),
    dupRate: readNumber(get('dupRate'), DEFAULT_KNOBS.dupRate, 0, 1),
    pal: readBoolean(get('pal'), DEFAULT_KNOBS.pal),
    perceptionRate: readNumber(get('perceptionRate'), DEFAULT_KNOBS.perceptionRate, 0, 1),
    heartbeatMs: Math.trunc(readNumber(get('heartbeatMs'), DEFAULT_KNOBS.heartbeatMs, 0, 60_000)),
    objectives: readBoolean(get('objectives'), DEFAULT_KNOBS.objectives),
    guardrails: readBoolean(get('guardrails'), DEFAULT_KNOBS.guardrails),
    botEcho: readBoolean(get('botEcho'), DEFAULT_KNOBS.botEcho),
    oversize: readBoolean(get('oversize'), DEFAULT_KNOBS.oversize),
  };
}

/** Applies a partial, untrusted override (e.g. `window.__cviDemoConfig`) on top of knobs. */
export function mergeKnobs(base: SimulatorKnobs, override: unknown): SimulatorKnobs {
  if (typeof override !== 'object' || override === null) return base;
  const asQuery = new URLSearchParams();
  for (const knob of Object.keys(KNOB_QUERY_NAMES) as (keyof SimulatorKnobs)[]) {
    const value =
      (override as Record<string, unknown>)[knob] ?? (override as Record<string, unknown>)[KNOB_QUERY_NAMES[knob]];
    if (value !== undefined && value !== null) asQuery.set(KNOB_QUERY_NAMES[knob], String(value));
  }
  const parsed = parseKnobs(asQuery);
  const merged = { ...base };
  for (const knob of Object.keys(KNOB_QUERY_NAMES) as (keyof SimulatorKnobs)[]) {
    if (asQuery.has(KNOB_QUERY_NAMES[knob])) (merged as Record<string, unknown>)[knob] = parsed[knob];
  }
  return merged;
}

/** Writes the knobs that differ from the defaults into `params` (and removes the others). */
export function writeKnobs(knobs: SimulatorKnobs, params: URLSearchParams): URLSearchParams {
  for (const knob of Object.keys(KNOB_QUERY_NAMES) as (keyof SimulatorKnobs)[]) {
    const name = KNOB_QUERY_NAMES[knob];
    const value = knobs[knob];
    if (value === DEFAULT_KNOBS[knob]) params.delete(name);
    else params.set(name, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return params;
}
