/** An event's payload as text for copying and for the composer. */
import type { LogEvent } from '../../log';

export interface PayloadText {
  json: string;
  /** Said beside "copied" when the text is not the pretty-printed form. */
  note?: string;
}

/**
 * The payload as JSON text: pretty-printed when JSON.stringify can (it recurses, so a payload thousands of levels
 * deep overflows the stack), otherwise the captured text itself, which is the same JSON, compact.
 */
export function payloadJson(event: Pick<LogEvent, 'parsed' | 'data' | 'payloadText'>): PayloadText {
  if (!event.parsed) return { json: event.payloadText };
  try {
    return { json: JSON.stringify(event.data, null, 2) };
  } catch {
    return { json: event.payloadText, note: 'as captured: too deep to pretty-print' };
  }
}
