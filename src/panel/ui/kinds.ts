/** How each log kind is labelled and coloured in the panel (badge colours come from theme.css). */
import type { LogKind } from '../../log';

export interface KindStyle {
  label: string;
  badge: 'blue' | 'green' | 'orange' | 'purple' | 'red' | 'yellow' | 'cyan' | 'pink' | 'grey';
}

export const KIND_STYLES: Readonly<Record<LogKind, KindStyle>> = {
  utterance: { label: 'utterance', badge: 'blue' },
  streaming: { label: 'streaming', badge: 'cyan' },
  speaking: { label: 'speaking', badge: 'green' },
  replica_interrupted: { label: 'interrupted', badge: 'orange' },
  tool_call: { label: 'tool call', badge: 'purple' },
  perception_tool_call: { label: 'perception', badge: 'pink' },
  perception_analysis: { label: 'analysis', badge: 'pink' },
  replica_joined: { label: 'joined', badge: 'green' },
  heartbeat: { label: 'heartbeat', badge: 'grey' },
  presence: { label: 'presence', badge: 'grey' },
  objective: { label: 'objective', badge: 'yellow' },
  rag: { label: 'rag', badge: 'yellow' },
  guardrail: { label: 'guardrail', badge: 'red' },
  system: { label: 'system', badge: 'grey' },
  application: { label: 'application', badge: 'grey' },
  respond: { label: 'respond', badge: 'orange' },
  echo: { label: 'echo', badge: 'orange' },
  interrupt: { label: 'interrupt', badge: 'orange' },
  context: { label: 'context', badge: 'yellow' },
  sensitivity: { label: 'sensitivity', badge: 'yellow' },
  tool_result: { label: 'tool result', badge: 'purple' },
  realtime_api: { label: 'realtime', badge: 'grey' },
  unknown: { label: 'unknown', badge: 'grey' },
  malformed: { label: 'malformed', badge: 'red' },
  call_state: { label: 'daily', badge: 'grey' },
};

export function kindStyle(kind: LogKind): KindStyle {
  return KIND_STYLES[kind] ?? { label: kind, badge: 'grey' };
}
