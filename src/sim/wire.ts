/**
 * The slice of the Tavus wire format the simulated replica speaks (see docs/protocol.md).
 * Kept local to src/sim on purpose: the simulator plays "the other side" (for the demo and the panel's mock replica)
 * and must not lean on the extension's own parser (src/protocol), or a bug there would hide itself.
 */

export type SpeakerRole = 'user' | 'replica' | 'pal';

/** One event broadcast by the (simulated) replica: the `data` of a Daily `app-message`. */
export interface ReplicaEvent {
  message_type: 'conversation' | 'system';
  event_type: string;
  conversation_id: string;
  inference_id?: string;
  seq: number;
  turn_idx?: number;
  /** Unix seconds, float. */
  timestamp: number;
  properties?: Record<string, unknown>;
}

/** An interaction sent by the app, after loose validation. */
export interface Interaction {
  event_type: string;
  properties: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Accepts anything shaped like an interaction. Tavus is lenient about the envelope
 * (`message_type`, `conversation_id`), so the simulator is too; only `event_type` is required.
 */
export function readInteraction(data: unknown): Interaction | null {
  if (!isRecord(data) || typeof data.event_type !== 'string') return null;
  return { event_type: data.event_type, properties: isRecord(data.properties) ? data.properties : {} };
}

export function readString(properties: Record<string, unknown>, key: string): string | undefined {
  const value = properties[key];
  return typeof value === 'string' ? value : undefined;
}
