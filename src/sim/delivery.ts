import type { SeededRandom } from './prng';
import type { ReplicaEvent } from './wire';

/** One event arriving at the app at time `at` (epoch ms). */
export interface Delivery {
  at: number;
  event: ReplicaEvent;
  /** true for the extra copy made by the `dup` knob. */
  duplicate: boolean;
}

export interface DeliveryStats {
  /** seq numbers handed to the channel (PAL twins share one). */
  seqsSent: number;
  /** seq numbers consumed but never delivered (`drop` knob). */
  droppedSeqs: number[];
  /** extra copies scheduled (`dup` knob). */
  duplicates: number;
  /** deliveries scheduled, duplicates included. */
  deliveriesScheduled: number;
}

export interface NetworkFaults {
  jitterMs: number;
  dropRate: number;
  dupRate: number;
}

interface QueuedDelivery extends Delivery {
  order: number;
}

/** Base one-way latency from the replica to the app, before jitter. */
export const BASE_LATENCY_MS = 20;

/**
 * The unreliable path between the replica and the app. Random delay (jitter) reorders events that
 * were emitted close together; drops consume a seq without delivering it; dups deliver a copy later.
 */
export class DeliveryChannel {
  private readonly queue: QueuedDelivery[] = [];
  private nextOrder = 0;
  readonly stats: DeliveryStats = { seqsSent: 0, droppedSeqs: [], duplicates: 0, deliveriesScheduled: 0 };

  constructor(
    private readonly random: SeededRandom,
    private readonly faults: NetworkFaults,
  ) {}

  /** Sends the messages that share one seq: a single event, or a PAL/replica twin pair. */
  send(messages: readonly ReplicaEvent[], emittedAt: number): void {
    const first = messages[0];
    if (first === undefined) return;
    this.stats.seqsSent++;
    if (this.random.chance(this.faults.dropRate)) {
      this.stats.droppedSeqs.push(first.seq);
      return;
    }
    for (const event of messages) {
      const at = emittedAt + BASE_LATENCY_MS + this.random.int(0, Math.round(this.faults.jitterMs));
      this.enqueue({ at, event, duplicate: false });
      if (this.random.chance(this.faults.dupRate)) {
        this.stats.duplicates++;
        const copyAt = at + this.random.int(1, 30 + Math.round(this.faults.jitterMs));
        this.enqueue({ at: copyAt, event: structuredClone(event), duplicate: true });
      }
    }
  }

  /** Removes and returns, in arrival order, every delivery due at or before `now`. */
  takeDue(now: number): Delivery[] {
    let count = 0;
    while (count < this.queue.length && (this.queue[count] as QueuedDelivery).at <= now) count++;
    return this.queue.splice(0, count).map(stripOrder);
  }

  /** Everything still in flight, in arrival order (used when the call ends). */
  drain(): Delivery[] {
    return this.queue.splice(0, this.queue.length).map(stripOrder);
  }

  nextArrivalAt(): number | undefined {
    return this.queue[0]?.at;
  }

  private enqueue(delivery: Delivery): void {
    const queued: QueuedDelivery = { ...delivery, order: this.nextOrder++ };
    this.stats.deliveriesScheduled++;
    // Insert after every delivery at the same time or earlier, so ties keep send order.
    let index = this.queue.length;
    while (index > 0 && (this.queue[index - 1] as QueuedDelivery).at > queued.at) index--;
    this.queue.splice(index, 0, queued);
  }
}

function stripOrder({ at, event, duplicate }: QueuedDelivery): Delivery {
  return { at, event, duplicate };
}
