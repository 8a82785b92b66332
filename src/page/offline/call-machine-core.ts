/**
 * A stand-in for Daily's call machine ("call-machine-object-bundle.js"), shared by the offline demo and the
 * extension's offline join: one Daily side, two brains (the demo's replica simulator, or none when the panel's mock
 * replica answers through the page's call object).
 *
 * daily-js fetches the bundle and runs it with `Function('"use strict";' + code)()` in the page (or as a script tag
 * with `avoidEval`). The bundle takes the call ids waiting in `window._daily.pendings`, registers itself in
 * `window._daily.instances[id]`, and then talks to daily-js over `window.postMessage`:
 * `{what:'iframe-call-message', from:'module', callClientId|callFrameId, action}` in, `from:'embedded'` out
 * (see docs/daily-internals.md §2). No network, no media: the room holds the local user and one replica.
 *
 * Works with daily-js 0.60 (`callFrameId`, `resetCallMachine`, a global `store`) and 0.67+ (`callClientId`,
 * `callMachine = {reset, store}`); checked against 0.60.0, 0.80.0 and 0.92.2. Pure over `MachineEnv`, so the unit
 * tests drive it without a page.
 */

export const MESSAGE_MARKER = 'iframe-call-message';

export interface DailyRegistry {
  pendings?: string[];
  instances?: Record<string, Record<string, unknown> | undefined>;
}

/** What the machine needs from the page (window glue in the bundle entries, fakes in tests). */
export interface MachineEnv {
  /** `window._daily`, read fresh every time (daily-js deletes an instance's entry on destroy). */
  registry(): DailyRegistry | undefined;
  /** Posts one finished message to daily-js (`window.postMessage(message, origin)`). */
  post(message: Record<string, unknown>): void;
  listen(listener: (data: unknown) => void): void;
  unlisten(listener: (data: unknown) => void): void;
  /** daily-js 0.60 reads the call machine's store from a page global of this name; set it once. */
  provideLegacyStore(store: unknown): void;
  randomId(): string;
  log?(message: string, ...details: unknown[]): void;
  /** A synthetic video track for the replica (so the app's tile is not empty); none in the demo or without a DOM. */
  replicaVideo?(): MediaStreamTrack | undefined;
}

type IdKey = 'callClientId' | 'callFrameId';

export interface FromDailyJs {
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

/** A message daily-js sent to the call machine (never one the machine sent, never another page's traffic). */
export function readFromDailyJs(data: unknown): FromDailyJs | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const message = data as Partial<FromDailyJs>;
  if (message.what !== MESSAGE_MARKER || typeof message.action !== 'string') return undefined;
  if (message.from !== undefined && message.from !== 'module') return undefined;
  return message as FromDailyJs;
}

/** A stream entry as daily-js looks remote tracks up in the store (`participantId`, `type`, `pendingTrack`). */
interface StoreStream {
  participantId: string;
  type: 'cam';
  pendingTrack: MediaStreamTrack;
  starttime: string;
}

/**
 * The minimal Redux-like store daily-js reads while processing participants (track lookups): the replica's synthetic
 * video when there is one, else nothing ("no media", which is the truth here).
 */
function mediaStore(streams: () => Record<string, StoreStream>) {
  return Object.freeze({
    getState: () => ({
      local: { streams: {}, public: { customTracks: {} } },
      participants: {},
      streams: streams(),
    }),
    subscribe: () => () => {},
    dispatch: () => {},
  });
}

export const EMPTY_MEDIA_STORE = mediaStore(() => ({}));

function offTrack() {
  return { subscribed: true, state: 'off', off: { byUser: true } };
}

export interface ParticipantFields {
  sessionId: string;
  userId: string;
  userName: string;
  local: boolean;
}

/** A participant object shaped like the ones daily-js receives from the real call machine (no media, or a video). */
export function participant(fields: ParticipantFields, withVideo = false) {
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
    video: withVideo,
    screen: false,
    record: false,
    cam_info: {},
    screen_info: {},
    tracks: {
      audio: offTrack(),
      video: withVideo ? { subscribed: true, state: 'playable' } : offTrack(),
      screenAudio: offTrack(),
      screenVideo: offTrack(),
    },
  };
}

/** What a brain may do in a joined room. */
export interface JoinedRoom {
  readonly localSessionId: string;
  readonly replicaSessionId: string;
  /** An incoming app-message, as if `fromSessionId` had broadcast it. */
  postAppMessage(data: unknown, fromSessionId: string): void;
  /** Another remote participant joins (a Pipecat bot, say); counted in participant-counts-updated. */
  addParticipant(fields: Omit<ParticipantFields, 'local'>): void;
  /** False once daily-js destroyed the call instance: timers should stop. */
  isAlive(): boolean;
}

/** The replica's side: who it is, what it does with the app's messages. */
export interface MachineBrain {
  /** The replica as a participant, asked at every join. */
  replicaIdentity(): { userId: string; userName: string };
  /** Called after the replica joined; the brain may add participants and start talking. */
  joined(room: JoinedRoom, details: { userName: string; url: string | undefined }): void;
  /** An app-message the app addressed to the replica (`'*'`, its session id, or a list holding it). */
  receive(data: unknown, to: unknown, room: JoinedRoom): void;
  /** The app leaves: flush what is in flight (through `room`) before `left-meeting` is sent. */
  leave(room: JoinedRoom): void;
  /** daily-js reset or destroyed the machine: stop every timer. */
  reset(): void;
}

/** A brain that accepts everything and says nothing: the panel's mock replica answers instead. */
export const SILENT_REPLICA: MachineBrain = {
  replicaIdentity: () => ({ userId: 'tavus-replica', userName: 'Replica' }),
  joined: () => {},
  receive: () => {},
  leave: () => {},
  reset: () => {},
};

/** Requests that await an answer carry a callbackStamp; an empty ack keeps their promises from hanging. */
const ACK_ACTION = 'cvi-offline-ack';

/** One daily-js call instance's machine. */
export class OfflineCallMachine {
  private idKey: IdKey = 'callClientId';
  private joined = false;
  private readonly localSessionId: string;
  private readonly replicaSessionId: string;
  private remoteCount = 0;
  /** The replica's synthetic video, made at the first join that asks for one. */
  private replicaVideo: MediaStreamTrack | undefined;
  private readonly store = mediaStore((): Record<string, StoreStream> => {
    if (this.replicaVideo === undefined) return {};
    const stream: StoreStream = {
      participantId: this.replicaSessionId,
      type: 'cam',
      pendingTrack: this.replicaVideo,
      starttime: new Date(0).toISOString(),
    };
    return { 'replica-cam-video': stream };
  });

  constructor(
    private readonly env: MachineEnv,
    private readonly instanceId: string,
    private readonly brain: MachineBrain,
  ) {
    this.localSessionId = env.randomId();
    this.replicaSessionId = env.randomId();
  }

  /** Registers with daily-js; false when the instance is gone or another machine already serves it. */
  install(): boolean {
    const entry = this.env.registry()?.instances?.[this.instanceId];
    if (entry === undefined || entry.callMachine !== undefined || entry.resetCallMachine !== undefined) return false;
    entry.callMachine = { reset: () => this.reset(), store: this.store };
    entry.resetCallMachine = () => this.reset();
    this.env.listen(this.onMessage);
    return true;
  }

  /** The session ids of the room, for tests and logs. */
  get sessions(): { local: string; replica: string } {
    return { local: this.localSessionId, replica: this.replicaSessionId };
  }

  private readonly onMessage = (data: unknown): void => {
    const message = readFromDailyJs(data);
    if (message === undefined) return;
    const id = message.callClientId ?? message.callFrameId;
    if (id !== this.instanceId) return;
    if (!this.isAlive()) {
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
        this.leave(message);
        break;
      case 'app-msg':
        if (this.joined && this.addressedToReplica(message.to)) this.brain.receive(message.data, message.to, this.room);
        break;
      default:
        if (message.callbackStamp !== undefined)
          this.post({ action: ACK_ACTION, callbackStamp: message.callbackStamp });
    }
  }

  private readonly room: JoinedRoom = {
    localSessionId: '',
    replicaSessionId: '',
    postAppMessage: (data, fromSessionId) => {
      if (this.joined && this.isAlive()) this.post({ action: 'app-message', data, fromId: fromSessionId });
    },
    addParticipant: (fields) => {
      this.remoteCount++;
      const video = fields.sessionId === this.replicaSessionId && this.replicaVideo !== undefined;
      this.post({ action: 'participant-joined', participant: participant({ ...fields, local: false }, video) });
    },
    isAlive: () => this.joined && this.isAlive(),
  };

  private join(message: FromDailyJs): void {
    if (this.idKey === 'callFrameId') this.env.provideLegacyStore(this.store);
    try {
      this.replicaVideo ??= this.env.replicaVideo?.();
    } catch {
      this.replicaVideo = undefined; // no canvas capture here: the replica joins without video
    }
    this.brain.reset();
    Object.assign(this.room, { localSessionId: this.localSessionId, replicaSessionId: this.replicaSessionId });
    const properties = message.properties ?? {};
    const userName = typeof properties.userName === 'string' ? properties.userName : 'You';
    const url = typeof properties.url === 'string' ? properties.url : undefined;
    const local = participant({ sessionId: this.localSessionId, userId: this.localSessionId, userName, local: true });
    this.joined = true;
    this.remoteCount = 0;
    this.post({
      action: 'joined-meeting',
      participants: { local },
      ...(message.callbackStamp !== undefined ? { callbackStamp: message.callbackStamp } : {}),
    });
    const replica = this.brain.replicaIdentity();
    this.room.addParticipant({ sessionId: this.replicaSessionId, userId: replica.userId, userName: replica.userName });
    this.brain.joined(this.room, { userName, url });
    this.post({
      action: 'participant-counts-updated',
      participantCounts: { present: 1 + this.remoteCount, hidden: 0 },
    });
    this.env.log?.('joined', { url });
  }

  private leave(message: FromDailyJs): void {
    if (this.joined) this.brain.leave(this.room);
    this.brain.reset();
    this.joined = false;
    this.post({
      action: 'left-meeting',
      ...(message.callbackStamp !== undefined ? { callbackStamp: message.callbackStamp } : {}),
    });
  }

  private addressedToReplica(to: unknown): boolean {
    if (to === undefined || to === '*') return true;
    if (typeof to === 'string') return to === this.replicaSessionId;
    return Array.isArray(to) && to.includes(this.replicaSessionId);
  }

  private post(message: Record<string, unknown>): void {
    this.env.post({ ...message, what: MESSAGE_MARKER, from: 'embedded', [this.idKey]: this.instanceId });
  }

  private reset(): void {
    this.joined = false;
    this.brain.reset();
  }

  private isAlive(): boolean {
    return this.env.registry()?.instances?.[this.instanceId] !== undefined;
  }

  private dispose(): void {
    this.reset();
    this.env.unlisten(this.onMessage);
  }
}

/** Installs a machine for every call instance daily-js is waiting on; returns the ones it installed. */
export function installPendingMachines(env: MachineEnv, brainFor: () => MachineBrain): OfflineCallMachine[] {
  const registry = env.registry();
  if (registry?.pendings === undefined) return [];
  const installed: OfflineCallMachine[] = [];
  for (const instanceId of registry.pendings.splice(0)) {
    const machine = new OfflineCallMachine(env, instanceId, brainFor());
    // Another evaluation of this bundle may already serve this instance.
    if (machine.install()) installed.push(machine);
  }
  return installed;
}

/** The page glue: `window` as the machine's environment. */
export function windowMachineEnv(win: Window & { _daily?: DailyRegistry; store?: unknown }, logPrefix: string) {
  const wrapped = new Map<(data: unknown) => void, (event: MessageEvent) => void>();
  const env: MachineEnv = {
    registry: () => win._daily,
    post: (message) => win.postMessage(message, win.location.origin === 'null' ? '*' : win.location.origin),
    listen: (listener) => {
      const onMessage = (event: MessageEvent) => listener(event.data);
      wrapped.set(listener, onMessage);
      win.addEventListener('message', onMessage);
    },
    unlisten: (listener) => {
      const onMessage = wrapped.get(listener);
      if (onMessage !== undefined) win.removeEventListener('message', onMessage);
      wrapped.delete(listener);
    },
    provideLegacyStore: (store) => {
      if (win.store === undefined) win.store = store;
    },
    randomId: () =>
      typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
        ? crypto.randomUUID()
        : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`,
    log: (message, ...details) => console.info(logPrefix, message, ...details),
  };
  return env;
}
