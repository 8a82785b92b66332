/**
 * The mock replica's engine: the shared simulator (src/sim) driven by the app's captured outgoing app-messages, its
 * events played into the page's call object through an injection function, each when the simulator says it arrives.
 * Pure of browser APIs: the clock and the injection are handed in, so tests drive it with a fake clock and a fake
 * inject.
 */
import type { CapturedRecord } from '../../record/record';
import { ReplicaSimulator, type ReceiveOutcome } from '../../sim/replica-simulator';
import type { SimulatorKnobs } from '../../sim/knobs';
import type { ScriptRule } from '../../sim/script';
import type { ReplicaEvent } from '../../sim/wire';

/** The call the mock answers: a call object of one frame. */
export interface MockTarget {
  frameId: number;
  callId: string;
}

export interface InjectOutcome {
  ok: boolean;
  error?: string;
}

/** Plays events into the target call as if the replica had sent them, marked as the mock's (origin `mock`). */
export type MockInject = (target: MockTarget, events: readonly ReplicaEvent[]) => Promise<InjectOutcome>;

export interface MockClock {
  now(): number;
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface MockHostEnv {
  inject: MockInject;
  clock: MockClock;
  /** Something shown changed (counts, waiting tool call, errors). */
  onChange?(): void;
}

export interface MockHostOptions {
  knobs: Partial<SimulatorKnobs>;
  script: readonly ScriptRule[];
}

export interface MockStats {
  /** App interactions the simulator accepted. */
  answered: number;
  /** App messages it did not act on (unknown type, invalid, before the replica was present). */
  ignored: number;
  /** Events played into the page. */
  injected: number;
  /** Injections the page side refused or that failed (with the last reason). */
  injectFailures: number;
  lastError: string | undefined;
  /** The tool call the replica waits on for the app's result. */
  awaitingToolCall: string | undefined;
  /** seqs the drop knob consumed without delivering, duplicates the dup knob made. */
  droppedSeqs: number;
  duplicates: number;
}

const EMPTY_STATS: MockStats = {
  answered: 0,
  ignored: 0,
  injected: 0,
  injectFailures: 0,
  lastError: undefined,
  awaitingToolCall: undefined,
  droppedSeqs: 0,
  duplicates: 0,
};

/** Records sent this long before the mock started are history (a resync), never answered. */
const HISTORY_SLACK_MS = 1000;

export class MockReplicaHost {
  private simulator: ReplicaSimulator | undefined;
  private targetCall: MockTarget | undefined;
  private startedAt = 0;
  private timer: unknown;
  private timerAt: number | undefined;
  private counts: MockStats = { ...EMPTY_STATS };

  constructor(private readonly env: MockHostEnv) {}

  get running(): boolean {
    return this.simulator !== undefined;
  }

  get target(): MockTarget | undefined {
    return this.targetCall;
  }

  get stats(): Readonly<MockStats> {
    return this.counts;
  }

  /** The replica joins the target call (it announces itself a moment later, as Tavus's does). */
  start(target: MockTarget, options: MockHostOptions): void {
    this.stop();
    this.targetCall = target;
    this.counts = { ...EMPTY_STATS };
    this.startedAt = this.env.clock.now();
    // Random perception calls would surprise a developer testing their own app: only scripted ones by default.
    this.simulator = new ReplicaSimulator({
      knobs: { perceptionRate: 0, ...options.knobs },
      script: options.script,
    });
    this.simulator.join(this.startedAt);
    this.wake();
    this.changed();
  }

  /** Stops at once: nothing planned or in flight is played any more. */
  stop(): void {
    if (this.timer !== undefined) this.env.clock.clear(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
    if (!this.simulator) return;
    this.simulator = undefined;
    this.targetCall = undefined;
    this.changed();
  }

  setScript(script: readonly ScriptRule[]): void {
    this.simulator?.setScript(script);
  }

  /** Captured records: the target call's own outgoing app-messages are what the replica hears. */
  observe(records: Iterable<{ frameId: number; record: CapturedRecord }>): void {
    const simulator = this.simulator;
    const target = this.targetCall;
    if (!simulator || !target) return;
    let heard = false;
    for (const { frameId, record } of records) {
      if (record.kind !== 'app-message' || record.dir !== 'out' || record.sendError !== undefined) continue;
      if (frameId !== target.frameId || record.callId !== target.callId) continue;
      if (record.t < this.startedAt - HISTORY_SLACK_MS || record.truncated) continue;
      let data: unknown;
      try {
        data = JSON.parse(record.json);
      } catch {
        this.counts.ignored++;
        continue;
      }
      const conversationId = (data as { conversation_id?: unknown } | null)?.conversation_id;
      if (typeof conversationId === 'string' && conversationId !== '') simulator.useConversationId(conversationId);
      const outcome: ReceiveOutcome = simulator.receive(data, this.env.clock.now());
      if (outcome === 'accepted') this.counts.answered++;
      else this.counts.ignored++;
      heard = true;
    }
    if (!heard) return;
    this.wake();
    this.changed();
  }

  /** Plays what is due now and sets the timer for what comes next. */
  private tick(): void {
    this.timer = undefined;
    this.timerAt = undefined;
    const simulator = this.simulator;
    const target = this.targetCall;
    if (!simulator || !target) return;
    const due = simulator.poll(this.env.clock.now());
    if (due.length > 0) {
      const events = due.map((delivery) => delivery.event);
      this.env.inject(target, events).then(
        (outcome) => {
          if (this.simulator !== simulator) return;
          if (outcome.ok) this.counts.injected += events.length;
          else this.failed(outcome.error ?? 'The page did not take the events.');
          this.changed();
        },
        (error: unknown) => {
          if (this.simulator !== simulator) return;
          this.failed(error instanceof Error ? error.message : String(error));
          this.changed();
        },
      );
    }
    this.wake();
    this.changed();
  }

  private failed(reason: string): void {
    this.counts.injectFailures++;
    this.counts.lastError = reason;
  }

  private wake(): void {
    const simulator = this.simulator;
    if (!simulator) return;
    const at = simulator.nextWakeAt();
    if (at === undefined) return;
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) this.env.clock.clear(this.timer);
    this.timerAt = at;
    this.timer = this.env.clock.set(() => this.tick(), Math.max(0, at - this.env.clock.now()));
  }

  private changed(): void {
    const simulator = this.simulator;
    if (simulator) {
      this.counts.awaitingToolCall = simulator.awaitedToolCall?.toolCallId;
      this.counts.droppedSeqs = simulator.deliveryStats.droppedSeqs.length;
      this.counts.duplicates = simulator.deliveryStats.duplicates;
    }
    this.env.onChange?.();
  }
}
