/** Shapes of the protocol linter: rules, their findings, and what a rule gets to see. */
import type { LogEvent } from '../types';

export type LintRuleId =
  | 'send-while-speaking'
  | 'send-before-ready'
  | 'duplicate-tool-call'
  | 'tool-call-unanswered'
  | 'tool-result-unknown-id'
  | 'context-over-limit'
  | 'echo-stream-unfinished'
  | 'sensitivity-both-keys'
  | 'conversation-id'
  | 'inbound-over-limit';

/** `info` is never an error: something worth knowing that may well be fine (e.g. Tavus sending over 4096). */
export type LintSeverity = 'warning' | 'info';

export interface LintRuleInfo {
  readonly id: LintRuleId;
  readonly title: string;
  /** One line: what the mistake is and why it matters. */
  readonly explanation: string;
  /** The event types the rule looks at. */
  readonly events: readonly string[];
  readonly severity: LintSeverity;
}

export interface LintFinding {
  readonly ruleId: LintRuleId;
  readonly severity: LintSeverity;
  readonly callId: string;
  readonly message: string;
  /** The event the finding is about first, then the others involved (all clickable). */
  readonly eventIds: readonly number[];
  /** Local time of the event the finding is about (ms since the epoch), for sorting. */
  readonly at: number;
}

export interface LintOptions {
  /** Same tool name and arguments again within this many ms is a duplicate. Default 10 s. */
  readonly duplicateToolCallWindowMs: number;
  /** A tool call without a reply after this many ms is unanswered. Default 10 s. */
  readonly toolCallAnswerMs: number;
  /** An audio echo stream with no chunk for this many ms and no `done` is unfinished. Default 3 s. */
  readonly echoIdleMs: number;
  /** The call's app-message limit (daily-js `_maxAppMessageSize`), when the panel knows it; else 4096. */
  readonly limitFor: (callId: string) => number | undefined;
}

/** What a rule instance may report into; findings are kept by the engine. */
export interface LintSink {
  report(finding: LintFinding): void;
}

/** One rule's running state, fed every event once, in arrival order. */
export interface LintRuleInstance {
  observe(event: LogEvent, sink: LintSink): void;
  /** Findings that depend on the clock (a timer that ran out), evaluated against `now`. */
  due?(now: number): LintFinding[];
}

export interface LintRule {
  readonly info: LintRuleInfo;
  create(options: LintOptions): LintRuleInstance;
}
