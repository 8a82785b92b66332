/**
 * Builds one panel for a host: its store and, when a tab is inspected, the capture connection feeding it. The one
 * entry point main.tsx calls; App only renders what this returns.
 */
import { readSettings } from '../../bridge/settings';
import { CaptureConnection, type ConnectionEvents } from '../connection';
import type { PanelHost } from '../host';
import { insightsFor } from '../problems/insights-model';
import { PanelStore, type PanelActions } from '../store';
import { MockReplicaModel } from '../mock/mock-model';
import { ReplayModel } from '../replay/replay-model';
import { exposeTestHook } from './test-hook';

export interface Panel {
  readonly host: PanelHost;
  readonly store: PanelStore;
  /** Undefined when no tab is inspected (the standalone page opened for session files). */
  readonly connection: CaptureConnection | undefined;
  /** The tab's mock replica (undefined without a tab: it answers a live page). */
  readonly mock?: MockReplicaModel;
  /** Replays a session or rows into the page's call (without a tab it can only be prepared, not played). */
  readonly replay: ReplayModel;
  /** Connects, reads settings, starts clocks; returns what stops them. */
  start(): () => void;
}

export function createPanel(host: PanelHost): Panel {
  const tabId = host.tabId;
  if (tabId === undefined) {
    const store = new PanelStore(undefined);
    const replay = new ReplayModel(store, undefined);
    return { host, store, connection: undefined, replay, start: () => startPanel(store, undefined) };
  }
  // The store's actions go to the connection, the connection's events to the store: the connection is built
  // first with an events object that the store fills in right after (no call can arrive before start()).
  const events = connectionEvents();
  const connection = new CaptureConnection(host.connect, tabId, events.forConnection);
  const actions: PanelActions = {
    send: (frameId, callId, json, to) => connection.send(frameId, callId, json, to),
    attach: () => connection.attach(),
  };
  const store = new PanelStore(actions);
  const mock = new MockReplicaModel(store, {
    inject: (target, replicaEvents) =>
      connection.inject(
        target,
        replicaEvents.map((event) => ({ json: JSON.stringify(event), fromId: MOCK_REPLICA_FROM_ID })),
        'mock',
      ),
    setFlag: (on) => connection.setMockReplica(on),
  });
  const replay = new ReplayModel(store, (call, replayEvents) => connection.inject(call, replayEvents, 'replay'));
  events.deliverTo(store, mock);
  return {
    host,
    store,
    connection,
    mock,
    replay,
    start: () => {
      const stop = startPanel(store, connection);
      return () => {
        replay.dispose();
        mock.dispose();
        stop();
      };
    },
  };
}

/** The sender id the mock's events carry: a session id of its own, so the app can tell it from a live replica's. */
export const MOCK_REPLICA_FROM_ID = 'cvi-mock-replica';

function connectionEvents(): {
  deliverTo(target: PanelStore, mockReplica: MockReplicaModel): void;
  forConnection: ConnectionEvents;
} {
  let store: PanelStore | undefined;
  let mock: MockReplicaModel | undefined;
  return {
    deliverTo(target: PanelStore, mockReplica: MockReplicaModel): void {
      store = target;
      mock = mockReplica;
    },
    forConnection: {
      onRecords: (inputs) => {
        store?.receive(inputs);
        mock?.observe(inputs);
      },
      onMockReplica: (on) => mock?.flagChanged(on),
      onFrames: (frames) => store?.setFrames(frames),
      onStatus: (status) => store?.setStatus(status),
      onNavigated: () => store?.navigated(),
      onNoCapture: () => {
        if (store) store.noCapture.value = true;
      },
    },
  };
}

function startPanel(store: PanelStore, connection: CaptureConnection | undefined): () => void {
  if (connection) connection.start();
  else store.status.value = 'offline';
  readSettings().then(
    (settings) => store.log.setCap(settings.logCap),
    () => {},
  );
  const stopClock = insightsFor(store).startClock();
  if (typeof __CVI_TEST_HOOK__ !== 'undefined' && __CVI_TEST_HOOK__) exposeTestHook(store, connection);
  return () => {
    stopClock();
    connection?.close();
  };
}
