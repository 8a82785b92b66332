/**
 * Offline stand-in for Daily's call machine ("call-machine-object-bundle.js").
 *
 * daily-js fetches this file (via `dailyConfig.bundlePathOverride` / `callObjectBundleUrlOverride`) and
 * runs it with `Function('"use strict";' + code)()` in the page. It then talks to us over
 * `window.postMessage` with `{what:'iframe-call-message', from:'module', callClientId|callFrameId, action}`,
 * and we answer with `from:'embedded'`. No network, no media: the room holds the local user and one
 * simulated Tavus replica whose events come from `ReplicaSimulator`.
 *
 * Works with daily-js 0.60 (`callFrameId`, `resetCallMachine`, global `store`) and 0.67+ (`callClientId`,
 * `callMachine = {reset, store}`); checked against 0.60.0, 0.80.0 and 0.92.2.
 */
import { DEFAULT_KNOBS, mergeKnobs, parseKnobs, type SimulatorKnobs } from '../sim/knobs';
import { ReplicaSimulator } from '../sim/replica-simulator';
import { planBotEcho } from './sim/bot-echo';
import type { ReplicaEvent } from '../sim/wire';

const MESSAGE_MARKER = 'iframe-call-message';
const LOG_PREFIX = '[cvi-demo call machine]';

interface DailyRegistry {
  pendings?: string[];
  instances?: Record<string, Record<string, unknown> | undefined>;
}

interface DemoWindow {
  _daily?: DailyRegistry;
  /** Optional knob overrides set by a page before join; wins over the page URL's query string. */
  __cviDemoConfig?: unknown;
  /** daily-js 0.60 reads the call machine's store from this global. */
  store?: unknown;
}

type IdKey = 'callClientId' | 'callFrameId';

interface FromDailyJs {
  what: typeof MESSAGE_MARKER;
  action: string;
  from?: string;
  callClientId?: string;
  callFrameId?: string;
  callbackStamp?: string;
  data?: unknown;
  to?: unknown;
  properties?: Record<string, unknown>;
}

/**
 * The minimal Redux-like store daily-js reads while processing participants (track lookups).
 * Empty streams mean "no media", which is the truth here.
 */
const EMPTY_MEDIA_STORE = Object.freeze({
  getState: () => ({
    local: { streams: {}, public: { customTracks: {} } },
    participants: {},
    streams: {},
  }),
  subscribe: () => () => {},
  dispatch: () => {},
});

const demoWindow = window as unknown as DemoWindow;

function readKnobs(): SimulatorKnobs {
  try {
    return mergeKnobs(parseKnobs(location.search), demoWindow.__cviDemoConfig);
  } catch {
    return { ...DEFAULT_KNOBS };
  }
}

function offTrack() {
  return { subscribed: true, state: 'off', off: { byUser: true } };
}

/** A participant object shaped like the ones daily-js receives from the real call machine (no media). */
function participant(fields: { sessionId: string; userId: string; userName: string; local: boolean }) {
  return {
    session_id: fields.sessionId,
    user_id: fields.userId,
    user_name: fields.userName,
    local: fields.local,
    owner: false,
    joined_at: new Date(),
    will_eject_at: new Date(0),
    networkThreshold: 'good',
    permissions: { hasPresence: true, canSend: true, canReceive: { base: true }, canAdmin: false },
    participantType: 'remote',
    audio: false,
    video: false,
    screen: false,
    record: false,
    cam_info: {},
    screen_info: {},
    tracks: { audio: offTrack(), video: offTrack(), screenAudio: offTrack(), screenVideo: offTrack() },
  };
}

function randomId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}

/** The bot starts its echo this long after join: the replica is present by then (it joins within 600 ms). */
const BOT_ECHO_START_MS = 1500;

/** One daily-js call instance's machine. */
class DemoCallMachine {
  private idKey: IdKey = 'callClientId';
  private simulator: ReplicaSimulator | undefined;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly localSessionId = randomId();
  private readonly replicaSessionId = randomId();
  private readonly botSessionId = randomId();
  /** The bot's echo chunks still to send (knob `botecho`). */
  private botTimers: ReturnType<typeof setTimeout>[] = [];

  constructor(private readonly instanceId: string) {}

  install(): void {
    const registry = demoWindow._daily?.instances?.[this.instanceId];
    if (registry === undefined) return;
    registry.callMachine = { reset: () => this.reset(), store: EMPTY_MEDIA_STORE };
    registry.resetCallMachine = () => this.reset();
    window.addEventListener('message', this.onMessage);
  }

  private readonly onMessage = (event: MessageEvent): void => {
    const message = event.data as FromDailyJs | null;
    if (message === null || typeof message !== 'object' || message.what !== MESSAGE_MARKER) return;
    if (typeof message.action !== 'string' || (message.from !== undefined && message.from !== 'module')) return;
    const id = message.callClientId ?? message.callFrameId;
    if (id !== this.instanceId) return;
    if (!this.isInstanceAlive()) {
      this.dispose();
      return;
    }
    this.idKey = message.callFrameId !== undefined ? 'callFrameId' : 'callClientId';
    this.handle(message);
  };

  private handle(message: FromDailyJs): void {
    switch (message.action) {
      case 'join-meeting':
        this.join(message);
        break;
      case 'leave-meeting':
        this.leave();
        break;
      case 'app-msg':
        this.appMessageFromApp(message.data, message.to);
        break;
      default:
        // Requests that await an answer carry a callbackStamp; an empty ack keeps their promises from hanging.
        if (message.callbackStamp !== undefined)
          this.post({ action: 'cvi-demo-ack', callbackStamp: message.callbackStamp });
    }
  }

  private join(message: FromDailyJs): void {
    if (this.idKey === 'callFrameId' && demoWindow.store === undefined) {
      // daily-js 0.60 looks the store up as a page global, as the real 0.60-era machine provided it.
      demoWindow.store = EMPTY_MEDIA_STORE;
    }
    const knobs = readKnobs();
    this.stopTimer();
    this.stopBotEcho();
    this.simulator = new ReplicaSimulator({ knobs });
    const userName = typeof message.properties?.userName === 'string' ? message.properties.userName : 'You';
    const local = participant({ sessionId: this.localSessionId, userId: this.localSessionId, userName, local: true });
    this.post({
      action: 'joined-meeting',
      participants: { local },
      ...(message.callbackStamp ? { callbackStamp: message.callbackStamp } : {}),
    });
    const replica = participant({
      sessionId: this.replicaSessionId,
      userId: `tavus-replica-${this.simulator.replicaId}`,
      userName: 'Replica',
      local: false,
    });
    this.post({ action: 'participant-joined', participant: replica });
    if (knobs.botEcho) this.startBotEcho(this.simulator.conversationId);
    this.post({
      action: 'participant-counts-updated',
      participantCounts: { present: knobs.botEcho ? 3 : 2, hidden: 0 },
    });
    this.simulator.join(Date.now());
    console.info(LOG_PREFIX, 'joined; simulated replica knobs', knobs, 'conversation', this.simulator.conversationId);
    this.pump();
  }

  /**
   * A server bot (a Pipecat pipeline) joins and, once the replica is surely present, sends one audio echo stream to
   * everyone: a third-party stream for the echo inspector, from its own participant.
   */
  private startBotEcho(conversationId: string): void {
    const bot = participant({
      sessionId: this.botSessionId,
      userId: 'pipecat-bot',
      userName: 'Pipecat bot',
      local: false,
    });
    this.post({ action: 'participant-joined', participant: bot });
    const inferenceId = `bot-echo-${randomId().slice(0, 8)}`;
    for (const message of planBotEcho({ conversationId, inferenceId })) {
      this.botTimers.push(
        setTimeout(() => {
          if (this.simulator === undefined || !this.isInstanceAlive()) return;
          this.post({ action: 'app-message', data: message.data, fromId: this.botSessionId });
        }, BOT_ECHO_START_MS + message.atMs),
      );
    }
  }

  private leave(): void {
    const simulator = this.simulator;
    this.stopTimer();
    this.stopBotEcho();
    if (simulator !== undefined) {
      const now = Date.now();
      const due = simulator.poll(now);
      simulator.leave(now);
      // Flush what is still in flight (and the perception analysis) before the call ends.
      for (const delivery of [...due, ...simulator.drain()]) this.postAppMessage(delivery.event);
    }
    this.simulator = undefined;
    this.post({ action: 'left-meeting' });
  }

  private appMessageFromApp(data: unknown, to: unknown): void {
    const simulator = this.simulator;
    if (simulator === undefined) return;
    if (!this.addressedToReplica(to)) return;
    const outcome = simulator.receive(data, Date.now());
    if (outcome !== 'accepted') console.info(LOG_PREFIX, `interaction ${outcome}`, data);
    this.pump();
  }

  private addressedToReplica(to: unknown): boolean {
    if (to === undefined || to === '*') return true;
    if (typeof to === 'string') return to === this.replicaSessionId;
    return Array.isArray(to) && to.includes(this.replicaSessionId);
  }

  private readonly pump = (): void => {
    this.stopTimer();
    const simulator = this.simulator;
    if (simulator === undefined) return;
    if (!this.isInstanceAlive()) {
      this.dispose();
      return;
    }
    for (const delivery of simulator.poll(Date.now())) this.postAppMessage(delivery.event);
    const wakeAt = simulator.nextWakeAt();
    if (wakeAt !== undefined) this.wakeTimer = setTimeout(this.pump, Math.max(0, wakeAt - Date.now()));
  };

  private postAppMessage(event: ReplicaEvent): void {
    this.post({ action: 'app-message', data: event, fromId: this.replicaSessionId });
  }

  private post(message: Record<string, unknown>): void {
    const outgoing = { ...message, what: MESSAGE_MARKER, from: 'embedded', [this.idKey]: this.instanceId };
    window.postMessage(outgoing, location.origin === 'null' ? '*' : location.origin);
  }

  private reset(): void {
    this.stopTimer();
    this.stopBotEcho();
    this.simulator = undefined;
  }

  private stopTimer(): void {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  private stopBotEcho(): void {
    for (const timer of this.botTimers) clearTimeout(timer);
    this.botTimers = [];
  }

  private isInstanceAlive(): boolean {
    return demoWindow._daily?.instances?.[this.instanceId] !== undefined;
  }

  private dispose(): void {
    this.reset();
    window.removeEventListener('message', this.onMessage);
  }
}

/** Installs a machine for every call instance daily-js is waiting on. */
function installPendingMachines(): void {
  const registry = demoWindow._daily;
  if (registry?.pendings === undefined) return;
  for (const instanceId of registry.pendings.splice(0)) {
    const instance = registry.instances?.[instanceId];
    // Another evaluation of this bundle may already serve this instance.
    if (instance === undefined || instance.callMachine !== undefined || instance.resetCallMachine !== undefined)
      continue;
    new DemoCallMachine(instanceId).install();
  }
}

installPendingMachines();
