/**
 * Everything the panel derives from the protocol as it happens, fed in one incremental pass over new events: lint
 * findings, readiness per call, objectives over time and the names seen.
 */
import { LintEngine, type LintOptions } from './lint';
import { forEachNewEvent, type NewEventSource } from './new-events';
import { NamesSeen } from './names-seen';
import { ObjectiveTracker } from './objectives';
import { ReadinessTracker } from './readiness';

export class SessionInsights {
  lint: LintEngine;
  readiness = new ReadinessTracker();
  objectives = new ObjectiveTracker();
  names = new NamesSeen();
  private nextId = 0;
  private missedCount = 0;

  constructor(private readonly lintOptions: Partial<LintOptions> = {}) {
    this.lint = new LintEngine(lintOptions);
  }

  /** Events the log evicted before they were seen here. */
  get missed(): number {
    return this.missedCount;
  }

  /** Feeds what was added to `log` since the last call; returns how many events were new. */
  sync(log: NewEventSource): number {
    const walked = forEachNewEvent(log, this.nextId, (event) => {
      this.lint.observe(event);
      this.readiness.observe(event);
      this.objectives.observe(event);
      this.names.observe(event);
    });
    this.nextId = walked.nextId;
    this.missedCount += walked.missed;
    return walked.visited;
  }

  /** The log was cleared: forget everything; ids continue where they were. */
  reset(): void {
    this.lint = new LintEngine(this.lintOptions);
    this.readiness = new ReadinessTracker();
    this.objectives = new ObjectiveTracker();
    this.names = new NamesSeen();
    this.missedCount = 0;
  }
}
