/**
 * Problems: the protocol lint's findings, newest last, each with its rule, a one-line message and the events involved
 * (click one to select it in Events). Every rule has a switch and a count; rules switched off still run, so switching
 * one back on shows its findings at once.
 */
import { LINT_RULES, countByRule, type LintFinding, type LintSeverity } from '../../log/lint';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';
import { insightsFor, revealEvent } from './insights-model';
import './problems.css';

/** Findings rendered at most (the newest); the rest are counted. */
const SHOWN_FINDINGS = 500;

export function ProblemsView({ store }: { store: PanelStore }) {
  const model = insightsFor(store);
  const findings = model.findings.value;
  const disabled = model.disabled.value;
  // Counts include switched-off rules, so a switch says what it hides.
  const counts = countByRule(model.insights.lint.findings(model.now.value));
  const shown = findings.slice(Math.max(0, findings.length - SHOWN_FINDINGS));
  const dropped = model.insights.lint.dropped;
  return (
    <div class="problems" data-testid="problems">
      <ul class="problems-rules" aria-label="Lint rules">
        {LINT_RULES.map(({ info }) => (
          <li key={info.id} class="problems-rule" title={`${info.explanation}\nEvents: ${info.events.join(', ')}`}>
            <label>
              <input
                type="checkbox"
                checked={!disabled.has(info.id)}
                onChange={(event) => model.setRuleEnabled(info.id, event.currentTarget.checked)}
                data-testid={`lint-rule-${info.id}`}
              />
              <SeverityIcon severity={info.severity} />
              <span class="problems-rule-title">{info.title}</span>
              <span class="problems-rule-id mono text-secondary">{info.id}</span>
              <span class="badge badge-grey" data-testid={`lint-count-${info.id}`}>
                {counts.get(info.id) ?? 0}
              </span>
            </label>
            <div class="problems-rule-explanation text-secondary">{info.explanation}</div>
          </li>
        ))}
      </ul>
      <div class="problems-findings">
        {(findings.length > shown.length || dropped > 0) && (
          <div class="text-secondary problems-note">
            {findings.length > shown.length && `Showing the newest ${shown.length} of ${findings.length}. `}
            {dropped > 0 && `${dropped} more findings were not kept (limit reached).`}
          </div>
        )}
        {findings.length === 0 ? (
          <div class="empty-state text-secondary" data-testid="problems-empty">
            No problems found. The linter watches sends colliding with speech or before the replica is ready, duplicate
            and unanswered tool calls, echo streams without done, and more: see the rules on the left.
          </div>
        ) : (
          <ul class="problems-list" aria-label="Findings">
            {shown.map((finding, i) => (
              <FindingRow
                key={`${finding.ruleId}:${finding.eventIds.join(',')}:${i}`}
                store={store}
                finding={finding}
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function FindingRow({ store, finding }: { store: PanelStore; finding: LintFinding }) {
  const info = LINT_RULES.find((rule) => rule.info.id === finding.ruleId)?.info;
  return (
    <li class={`problems-finding severity-${finding.severity}`} data-testid="lint-finding" data-rule={finding.ruleId}>
      <SeverityIcon severity={finding.severity} />
      <span class="problems-finding-rule" title={info?.explanation}>
        {info?.title ?? finding.ruleId}
      </span>
      <span class="problems-finding-message">{finding.message}</span>
      <span class="problems-finding-events">
        {finding.eventIds.map((id) => {
          const event = store.log.get(id);
          return event ? (
            <button
              type="button"
              key={id}
              class="toolbar-button has-label problems-event-link"
              title={`Show event #${id} in Events`}
              onClick={() => revealEvent(store, id)}
              data-testid="lint-event-link"
              data-event-id={id}
            >
              <span class={`badge badge-${kindStyle(event.kind).badge}`}>{kindStyle(event.kind).label}</span>#{id}
            </button>
          ) : (
            <span key={id} class="text-secondary" title="No longer held (evicted by the log's bound or cleared)">
              #{id} (gone)
            </span>
          );
        })}
      </span>
    </li>
  );
}

/** ⚠ for warnings; a drawn "i" badge for information (the circled-i character is missing from common UI fonts). */
function SeverityIcon({ severity }: { severity: LintSeverity }) {
  return severity === 'info' ? (
    <span class="problems-severity severity-info info-badge" aria-label="information">
      i
    </span>
  ) : (
    <span class={`problems-severity severity-${severity}`} aria-label={severity}>
      ⚠
    </span>
  );
}
