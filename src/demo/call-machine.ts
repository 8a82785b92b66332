/**
 * Offline stand-in for Daily's call machine ("call-machine-object-bundle.js") for the demo: the Daily side is the
 * extension's shared machine (src/page/offline/call-machine-core.ts, also used by offline join); this file is the
 * demo's brain, a simulated Tavus replica whose events come from `ReplicaSimulator`, plus the knob `botecho`.
 *
 * daily-js fetches this file (via `dailyConfig.bundlePathOverride` / `callObjectBundleUrlOverride`) and runs it in
 * the page. Works with daily-js 0.60, 0.80 and 0.92.
 */
import { DEFAULT_KNOBS, mergeKnobs, parseKnobs, type SimulatorKnobs } from '../sim/knobs';
import { ReplicaSimulator } from '../sim/replica-simulator';
import { planBotEcho } from './sim/bot-echo';
import {
  installPendingMachines,
  windowMachineEnv,
  type DailyRegistry,
  type JoinedRoom,
  type MachineBrain,
} from '../page/offline/call-machine-core';

const LOG_PREFIX = '[cvi-demo call machine]';

interface DemoWindow {
  _daily?: DailyRegistry;
  /** Optional knob overrides set by a page before join; wins over the page URL's query string. */
  __cviDemoConfig?: unknown;
  store?: unknown;
}

const demoWindow = window as unknown as Window & DemoWindow;

function readKnobs(): SimulatorKnobs {
  try {
    return mergeKnobs(parseKnobs(location.search), demoWindow.__cviDemoConfig);
  } catch {
    return { ...DEFAULT_KNOBS };
  }
}

function randomId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

/** The bot starts its echo this long after join: the replica is present by then (it joins within 600 ms). */
const BOT_ECHO_START_MS = 1500;

/** The demo's replica: a ReplicaSimulator paced by one timer, and optionally a Pipecat bot's echo. */
class SimulatedReplica implements MachineBrain {
  private simulator: ReplicaSimulator | undefined;
  private knobs: SimulatorKnobs = { ...DEFAULT_KNOBS };
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private room: JoinedRoom | undefined;
  private readonly botSessionId = randomId();
  /** The bot's echo chunks still to send (knob `botecho`). */
  private botTimers: ReturnType<typeof setTimeout>[] = [];

  replicaIdentity() {
    // A fresh simulator per join: its replica id names the participant.
    this.knobs = readKnobs();
    this.simulator = new ReplicaSimulator({ knobs: this.knobs });
    return { userId: `tavus-replica-${this.simulator.replicaId}`, userName: 'Replica' };
  }

  joined(room: JoinedRoom): void {
    const simulator = this.simulator;
    if (simulator === undefined) return;
    this.room = room;
    if (this.knobs.botEcho) this.startBotEcho(room, simulator.conversationId);
    simulator.join(Date.now());
    console.info(LOG_PREFIX, 'joined; simulated replica knobs', this.knobs, 'conversation', simulator.conversationId);
    this.pump();
  }

  /**
   * A server bot (a Pipecat pipeline) joins and, once the replica is surely present, sends one audio echo stream to
   * everyone: a third-party stream for the echo inspector, from its own participant.
   */
  private startBotEcho(room: JoinedRoom, conversationId: string): void {
    room.addParticipant({ sessionId: this.botSessionId, userId: 'pipecat-bot', userName: 'Pipecat bot' });
    const inferenceId = `bot-echo-${randomId().slice(0, 8)}`;
    for (const message of planBotEcho({ conversationId, inferenceId })) {
      this.botTimers.push(
        setTimeout(() => {
          if (this.simulator === undefined || !room.isAlive()) return;
          room.postAppMessage(message.data, this.botSessionId);
        }, BOT_ECHO_START_MS + message.atMs),
      );
    }
  }

  receive(data: unknown): void {
    const simulator = this.simulator;
    if (simulator === undefined) return;
    const outcome = simulator.receive(data, Date.now());
    if (outcome !== 'accepted') console.info(LOG_PREFIX, `interaction ${outcome}`, data);
    this.pump();
  }

  leave(room: JoinedRoom): void {
    const simulator = this.simulator;
    this.stopTimers();
    if (simulator === undefined) return;
    const now = Date.now();
    const due = simulator.poll(now);
    simulator.leave(now);
    // Flush what is still in flight (and the perception analysis) before the call ends.
    for (const delivery of [...due, ...simulator.drain()]) room.postAppMessage(delivery.event, room.replicaSessionId);
  }

  reset(): void {
    this.stopTimers();
    this.simulator = undefined;
    this.room = undefined;
  }

  private readonly pump = (): void => {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const simulator = this.simulator;
    const room = this.room;
    if (simulator === undefined || room === undefined) return;
    if (!room.isAlive()) {
      this.reset();
      return;
    }
    for (const delivery of simulator.poll(Date.now())) room.postAppMessage(delivery.event, room.replicaSessionId);
    const wakeAt = simulator.nextWakeAt();
    if (wakeAt !== undefined) this.wakeTimer = setTimeout(this.pump, Math.max(0, wakeAt - Date.now()));
  };

  private stopTimers(): void {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    for (const timer of this.botTimers) clearTimeout(timer);
    this.botTimers = [];
  }
}

installPendingMachines(windowMachineEnv(demoWindow, LOG_PREFIX), () => new SimulatedReplica());
