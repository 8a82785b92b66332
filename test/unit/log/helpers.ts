/** Builders for log inputs in tests. */
import type { AppMessageRecord, CallStateKind } from '../../../src/record/record';
import type { LogInput } from '../../../src/log';

let cursor = 0;

export interface AppOptions {
  source?: string;
  cursor?: number;
  callId?: string;
  t?: number;
  dir?: 'in' | 'out';
  origin?: 'remote' | 'app' | 'devtools';
  frameId?: number;
  json?: string;
  extra?: Partial<AppMessageRecord>;
}

export function app(data: unknown, options: AppOptions = {}): LogInput {
  const json = options.json ?? JSON.stringify(data);
  const dir = options.dir ?? 'in';
  return {
    source: options.source ?? 'test',
    cursor: options.cursor ?? ++cursor,
    frameId: options.frameId ?? 0,
    record: {
      kind: 'app-message',
      callId: options.callId ?? 'call-1',
      via: 'hook',
      t: options.t ?? 1_000 + cursor,
      dir,
      origin: options.origin ?? (dir === 'in' ? 'remote' : 'app'),
      json,
      size: json.length,
      ...options.extra,
    },
  };
}

export function callState(state: CallStateKind, detail: unknown = {}, options: AppOptions = {}): LogInput {
  return {
    source: options.source ?? 'test',
    cursor: options.cursor ?? ++cursor,
    frameId: options.frameId ?? 0,
    record: {
      kind: 'call-state',
      callId: options.callId ?? 'call-1',
      via: 'hook',
      t: options.t ?? 1_000 + cursor,
      state,
      json: JSON.stringify(detail),
    },
  };
}

/** A Tavus event envelope. */
export function ev(
  eventType: string,
  seq: number | undefined,
  properties?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    message_type: 'conversation',
    event_type: eventType,
    conversation_id: 'c1',
    ...(seq !== undefined ? { seq } : {}),
    ...(properties ? { properties } : {}),
    ...extra,
  };
}
