/** The protocol linter: one rule per mistake integrations make, run incrementally over the event log. */
export { LintEngine, DEFAULT_LINT_OPTIONS, MAX_LINT_FINDINGS, findingsByEvent, countByRule } from './engine';
export type { LintLogSource } from './engine';
export { LINT_RULES, LINT_RULE_INFO } from './rules';
export type { LintFinding, LintOptions, LintRule, LintRuleId, LintRuleInfo, LintSeverity } from './types';
