/**
 * The panel's view of SessionInsights: synced with the log on every store revision, reset when the log is cleared,
 * and a one-second clock so time-based lint findings (a tool call still unanswered) run as a live timer. One model
 * per store, shared by the Problems, Objectives and Names views and the event table's markers.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { SessionInsights } from '../../log/insights';
import { findingsByEvent, LINT_RULE_INFO, type LintFinding, type LintRuleId } from '../../log/lint';
import type { CallReadiness, ReadinessMark } from '../../log/readiness';
import { readPreference, writePreference } from '../persist';
import type { PanelStore } from '../store';

const DISABLED_KEY = 'lint.disabled';
const CLOCK_MS = 1000;

export class InsightsModel {
  readonly insights: SessionInsights;
  /** The lint clock (ms since the epoch), ticking while the panel is open. */
  readonly now = signal(Date.now());
  readonly disabled = signal<ReadonlySet<LintRuleId>>(
    new Set(
      readPreference<string[]>(DISABLED_KEY, []).filter((id): id is LintRuleId => LINT_RULE_INFO.has(id as LintRuleId)),
    ),
  );
  private seenClears = 0;
  private syncs = 0;

  constructor(private readonly store: PanelStore) {
    this.insights = new SessionInsights({
      limitFor: (callId) => store.calls.peek().find((call) => call.callId === callId)?.maxAppMessageSize,
    });
  }

  /** Bumped after each sync with the log; every derived value below depends on it. */
  readonly synced: ReadonlySignal<number> = computed(() => {
    void this.store.revision.value;
    const clears = this.store.clears.value;
    if (clears !== this.seenClears) {
      this.seenClears = clears;
      this.insights.reset();
    }
    this.insights.sync(this.store.log);
    return ++this.syncs;
  });

  readonly findings: ReadonlySignal<LintFinding[]> = computed(() => {
    void this.synced.value;
    return this.insights.lint.findings(this.now.value, this.disabled.value);
  });

  /** Findings by the event they are about; the same Map while the set of (event, rule) pairs is unchanged. */
  readonly byEvent: ReadonlySignal<Map<number, LintFinding[]>> = (() => {
    let previous = new Map<number, LintFinding[]>();
    let previousKey = '';
    return computed(() => {
      const findings = this.findings.value;
      const key = findings.map((f) => `${f.eventIds[0]}:${f.ruleId}`).join(',');
      if (key !== previousKey) {
        previousKey = key;
        previous = findingsByEvent(findings);
      }
      return previous;
    });
  })();

  readonly objectives = computed(() => {
    void this.synced.value;
    return this.insights.objectives.list();
  });

  readonly readiness = computed<CallReadiness[]>(() => {
    void this.synced.value;
    return this.insights.readiness.all().map((call) => ({ ...call }));
  });

  /** Readiness marks by event id, for the event table: which rows are "replica joined / first heartbeat / …". */
  readonly readinessMarks = computed(() => {
    const marks = new Map<number, string>();
    for (const call of this.readiness.value) {
      const add = (mark: ReadinessMark | undefined, label: string) => {
        if (!mark) return;
        const ready = call.ready?.eventId === mark.eventId ? ' · ready' : '';
        marks.set(mark.eventId, `${label}${ready}`);
      };
      add(call.joined, 'replica joined');
      add(call.firstHeartbeat, 'first heartbeat');
      add(call.firstReplicaSpeech, 'first replica speech');
    }
    return marks;
  });

  readonly names = computed(() => {
    void this.synced.value;
    return this.insights.names.list();
  });

  setRuleEnabled(id: LintRuleId, enabled: boolean): void {
    const next = new Set(this.disabled.value);
    if (enabled) next.delete(id);
    else next.add(id);
    this.disabled.value = next;
    writePreference(DISABLED_KEY, [...next]);
  }

  /** Starts the lint clock; returns the stop function (for an effect's cleanup). */
  startClock(): () => void {
    const timer = setInterval(() => (this.now.value = Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }
}

const models = new WeakMap<PanelStore, InsightsModel>();

export function insightsFor(store: PanelStore): InsightsModel {
  let model = models.get(store);
  if (!model) {
    model = new InsightsModel(store);
    models.set(store, model);
  }
  return model;
}

/** Shows an event in the Events tab with its details open (what every event link in these views does). */
export function revealEvent(store: PanelStore, id: number): void {
  store.select(id, true);
  store.tab.value = 'events';
}
