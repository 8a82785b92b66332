/**
 * Runs the lint rules over a log incrementally: each event is seen once, in arrival order, so a live session of 100k
 * events costs one pass, not one per frame. Clock-dependent findings (a tool call still unanswered) are evaluated
 * against a `now` the caller passes in, which lets the panel run them as a live timer. Rules that are switched off
 * still run (they are cheap) and their findings are filtered out, so switching one back on needs no replay.
 */
import { forEachNewEvent, type NewEventSource } from '../new-events';
import type { LogEvent } from '../types';
import { LINT_RULES } from './rules';
import type { LintFinding, LintOptions, LintRuleId, LintRuleInstance, LintSink } from './types';

export const DEFAULT_LINT_OPTIONS: LintOptions = {
  duplicateToolCallWindowMs: 10_000,
  toolCallAnswerMs: 10_000,
  echoIdleMs: 3_000,
  limitFor: () => undefined,
};

/** Findings kept at most; more are counted, not stored (memory stays bounded). */
export const MAX_LINT_FINDINGS = 20_000;

export type LintLogSource = NewEventSource;

export class LintEngine {
  private readonly options: LintOptions;
  private instances: Array<{ id: LintRuleId; instance: LintRuleInstance }> = [];
  private stable: LintFinding[] = [];
  private nextId = 0;
  private droppedCount = 0;
  private missedCount = 0;
  private readonly sink: LintSink;

  constructor(options: Partial<LintOptions> = {}) {
    this.options = { ...DEFAULT_LINT_OPTIONS, ...options };
    this.sink = {
      report: (finding) => {
        if (this.stable.length < MAX_LINT_FINDINGS) this.stable.push(finding);
        else this.droppedCount++;
      },
    };
    this.reset();
  }

  /** Findings not stored because MAX_LINT_FINDINGS was reached. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Events evicted from the log before the engine saw them (not linted). */
  get missed(): number {
    return this.missedCount;
  }

  /** Forgets everything seen (the log was cleared); later events continue from the same ids. */
  reset(): void {
    this.instances = LINT_RULES.map((rule) => ({ id: rule.info.id, instance: rule.create(this.options) }));
    this.stable = [];
    this.droppedCount = 0;
    this.missedCount = 0;
  }

  observe(event: LogEvent): void {
    for (const { instance } of this.instances) instance.observe(event, this.sink);
    if (event.id >= this.nextId) this.nextId = event.id + 1;
  }

  /** Feeds the events added to `log` since the last call. Returns how many were new. */
  sync(log: LintLogSource): number {
    const walked = forEachNewEvent(log, this.nextId, (event) => this.observe(event));
    this.nextId = walked.nextId;
    this.missedCount += walked.missed;
    return walked.visited;
  }

  /** Every finding of the enabled rules as of `now` (ms since the epoch), oldest first. */
  findings(now: number, disabled: ReadonlySet<LintRuleId> = new Set()): LintFinding[] {
    const out = disabled.size === 0 ? [...this.stable] : this.stable.filter((f) => !disabled.has(f.ruleId));
    for (const { id, instance } of this.instances) {
      if (disabled.has(id) || !instance.due) continue;
      for (const finding of instance.due(now)) out.push(finding);
    }
    return out.sort((a, b) => a.at - b.at || a.eventIds[0]! - b.eventIds[0]!);
  }
}

/** Findings by the event they are about (their first event id), for row markers. */
export function findingsByEvent(findings: readonly LintFinding[]): Map<number, LintFinding[]> {
  const map = new Map<number, LintFinding[]>();
  for (const finding of findings) {
    const id = finding.eventIds[0]!;
    const list = map.get(id);
    if (list) list.push(finding);
    else map.set(id, [finding]);
  }
  return map;
}

/** Counts per rule, for the Problems view's switches. */
export function countByRule(findings: readonly LintFinding[]): Map<LintRuleId, number> {
  const counts = new Map<LintRuleId, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
}
