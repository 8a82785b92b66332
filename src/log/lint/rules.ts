/** Every lint rule, in the order the Problems view lists them. */
import { contextOverLimit } from './rules/context-over-limit';
import { conversationId } from './rules/conversation-id';
import { duplicateToolCall } from './rules/duplicate-tool-call';
import { echoStreamUnfinished } from './rules/echo-stream-unfinished';
import { inboundOverLimit } from './rules/inbound-over-limit';
import { sendBeforeReady } from './rules/send-before-ready';
import { sendWhileSpeaking } from './rules/send-while-speaking';
import { sensitivityBothKeys } from './rules/sensitivity-both-keys';
import { toolCallUnanswered } from './rules/tool-call-unanswered';
import { toolResultUnknownId } from './rules/tool-result-unknown-id';
import type { LintRule, LintRuleId, LintRuleInfo } from './types';

export const LINT_RULES: readonly LintRule[] = [
  sendWhileSpeaking,
  sendBeforeReady,
  duplicateToolCall,
  toolCallUnanswered,
  toolResultUnknownId,
  contextOverLimit,
  echoStreamUnfinished,
  sensitivityBothKeys,
  conversationId,
  inboundOverLimit,
];

export const LINT_RULE_INFO: ReadonlyMap<LintRuleId, LintRuleInfo> = new Map(
  LINT_RULES.map((rule) => [rule.info.id, rule.info]),
);
