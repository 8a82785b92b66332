import type { Delivery } from '../../../src/sim/delivery';
import type { SimulatorKnobs } from '../../../src/sim/knobs';
import { ReplicaSimulator } from '../../../src/sim/replica-simulator';
import type { ReplicaEvent } from '../../../src/sim/wire';

/** A fixed epoch start so timestamps are reproducible. */
export const T0 = 1_767_800_000_000;

/** Drives a simulator with a virtual clock, the way the call machine drives it with real time. */
export class SimDriver {
  readonly sim: ReplicaSimulator;
  readonly emitted: ReplicaEvent[] = [];
  readonly delivered: Delivery[] = [];
  now = T0;

  constructor(knobs: Partial<SimulatorKnobs> = {}) {
    this.sim = new ReplicaSimulator({
      knobs: { perceptionRate: 0, ...knobs },
      onEmit: (event) => this.emitted.push(event),
    });
  }

  /** Joins and waits until the replica has announced itself. */
  joinAndWait(): this {
    this.sim.join(this.now);
    this.runFor(2_000);
    return this;
  }

  /** Advances virtual time by `ms`, collecting every delivery on the way. */
  runFor(ms: number): this {
    const until = this.now + ms;
    for (;;) {
      const wakeAt = this.sim.nextWakeAt();
      if (wakeAt === undefined || wakeAt > until) break;
      this.now = Math.max(this.now, wakeAt);
      this.delivered.push(...this.sim.poll(this.now));
    }
    this.now = until;
    this.delivered.push(...this.sim.poll(this.now));
    return this;
  }

  /** Runs until nothing is planned or in flight (bounded, so a bug cannot hang the test). */
  runUntilIdle(limitMs = 600_000): this {
    const limit = this.now + limitMs;
    for (;;) {
      const wakeAt = this.sim.nextWakeAt();
      if (wakeAt === undefined) return this;
      if (wakeAt > limit) throw new Error('simulator did not go idle');
      this.now = Math.max(this.now, wakeAt);
      this.delivered.push(...this.sim.poll(this.now));
    }
  }

  send(eventType: string, properties?: Record<string, unknown>): ReturnType<ReplicaSimulator['receive']> {
    return this.sim.receive(
      { message_type: 'conversation', event_type: eventType, conversation_id: this.sim.conversationId, properties },
      this.now,
    );
  }

  respond(text: string): this {
    this.send('conversation.respond', { text });
    return this;
  }

  leave(): this {
    this.sim.leave(this.now);
    this.delivered.push(...this.sim.drain());
    return this;
  }

  /** Emitted events (before the network) since index `from`, optionally of some types. */
  events(types?: readonly string[], from = 0): ReplicaEvent[] {
    return this.emitted.slice(from).filter((event) => types === undefined || types.includes(event.event_type));
  }
}

export function prop<T = unknown>(event: ReplicaEvent | undefined, key: string): T {
  return event?.properties?.[key] as T;
}
