import type { AppMessageRecord } from '../../../../src/record/record';
import type { InjectOutcome, MockClock, MockTarget } from '../../../../src/panel/mock/mock-host';
import type { ReplicaEvent } from '../../../../src/sim/wire';

export const T0 = 1_767_800_000_000;

/** A virtual clock: timers run only when the test advances time. */
export class FakeClock implements MockClock {
  time = T0;
  private timers: Array<{ at: number; run: () => void; id: number }> = [];
  private nextId = 1;
  now = () => this.time;
  set = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  };
  clear = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };
  get pending(): number {
    return this.timers.length;
  }
  /** Runs every timer due within `ms`, in time order, letting injected promises settle between them. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > until) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.run();
      await Promise.resolve();
    }
    this.time = until;
    await Promise.resolve();
  }
}

/** Records what would be played into the page, with the virtual time it was played at. */
export class FakeInject {
  played: Array<{ at: number; target: MockTarget; event: ReplicaEvent }> = [];
  outcome: InjectOutcome = { ok: true };
  constructor(private readonly clock: FakeClock) {}
  inject = async (target: MockTarget, events: readonly ReplicaEvent[]): Promise<InjectOutcome> => {
    if (this.outcome.ok) for (const event of events) this.played.push({ at: this.clock.time, target, event });
    return this.outcome;
  };
  types(from = 0): string[] {
    return this.played.slice(from).map((p) => p.event.event_type);
  }
  of(type: string, role?: string): ReplicaEvent[] {
    return this.played
      .map((p) => p.event)
      .filter((e) => e.event_type === type && (role === undefined || e.properties?.role === role));
  }
}

/** An outgoing app-message record, as the capture pipeline delivers the app's sendAppMessage. */
export function outgoing(
  clock: FakeClock,
  eventType: string,
  properties: Record<string, unknown>,
  options: { callId?: string; frameId?: number; conversationId?: string; dir?: 'in' | 'out' } = {},
): { frameId: number; record: AppMessageRecord } {
  const json = JSON.stringify({
    message_type: 'conversation',
    event_type: eventType,
    conversation_id: options.conversationId ?? 'c-live',
    properties,
  });
  return {
    frameId: options.frameId ?? 0,
    record: {
      kind: 'app-message',
      callId: options.callId ?? 'call-1',
      via: 'hook',
      t: clock.time,
      dir: options.dir ?? 'out',
      origin: 'app',
      json,
      size: json.length,
      to: '*',
    },
  };
}
