/**
 * The panel side of the mock replica: the tab's on/off flag (held by the background, see src/bridge/mock-mode.ts),
 * which call it answers, its knobs and script, and the host that does the answering. The views only read signals
 * from here and call switchOn / switchOff.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { parseScript, type ParsedScript } from '../../sim/script';
import { DEFAULT_KNOBS, type SimulatorKnobs } from '../../sim/knobs';
import { readPreference, writePreference } from '../persist';
import type { KnownCall, PanelStore } from '../store';
import type { CapturedInput } from '../connection';
import { MockReplicaHost, type MockClock, type MockInject, type MockStats, type MockTarget } from './mock-host';

export interface MockEnv {
  inject: MockInject;
  /** Asks the background to set the tab's flag; false when the panel is not connected. */
  setFlag(on: boolean): boolean;
  clock?: MockClock;
}

/** The demo's knobs a developer can turn for the mock (the rest keep the simulator's defaults). */
export type MockKnobSettings = Pick<SimulatorKnobs, 'seed' | 'speed' | 'jitterMs' | 'dropRate' | 'dupRate' | 'pal'>;

export const DEFAULT_MOCK_KNOBS: MockKnobSettings = {
  seed: DEFAULT_KNOBS.seed,
  speed: DEFAULT_KNOBS.speed,
  jitterMs: DEFAULT_KNOBS.jitterMs,
  dropRate: DEFAULT_KNOBS.dropRate,
  dupRate: DEFAULT_KNOBS.dupRate,
  pal: DEFAULT_KNOBS.pal,
};

export const DEFAULT_MOCK_SCRIPT = [
  '# One rule a line: /pattern/flags -> action. $1… are the pattern’s groups.',
  '#   tool NAME {args} say "answer with {output}"  (waits for your tool_result)',
  '#   perception vision|audio NAME {args}',
  '#   objective activated|completed|pending NAME {output_variables}',
  '/weather in (\\w+)/i -> tool get_weather {"location": "$1"} say "In $1 it is {output}."',
].join('\n');

const JOINED = 'joined-meeting';

/** The call the mock answers: the wanted one if it is a joined call object we can reach, else the first such. */
export function mockTargetFor(calls: readonly KnownCall[], wantedCallId: string | undefined): KnownCall | undefined {
  const usable = calls.filter(
    (call) => call.canSend && call.found !== 'sniffed' && !call.destroyed && call.meetingState === JOINED,
  );
  return usable.find((call) => call.callId === wantedCallId) ?? usable[0];
}

/** Clamps knobs read from storage or typed in the form to what the simulator accepts. */
export function sanitizeMockKnobs(raw: Partial<Record<keyof MockKnobSettings, unknown>>): MockKnobSettings {
  const num = (value: unknown, fallback: number, min: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
  return {
    seed: Math.trunc(num(raw.seed, DEFAULT_MOCK_KNOBS.seed, 0, 0xffffffff)),
    speed: num(raw.speed, DEFAULT_MOCK_KNOBS.speed, 0.1, 50),
    jitterMs: Math.trunc(num(raw.jitterMs, DEFAULT_MOCK_KNOBS.jitterMs, 0, 5000)),
    dropRate: num(raw.dropRate, DEFAULT_MOCK_KNOBS.dropRate, 0, 1),
    dupRate: num(raw.dupRate, DEFAULT_MOCK_KNOBS.dupRate, 0, 1),
    pal: typeof raw.pal === 'boolean' ? raw.pal : DEFAULT_MOCK_KNOBS.pal,
  };
}

const realClock: MockClock = {
  now: () => Date.now(),
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class MockReplicaModel {
  /** The tab's flag as the background holds it: the one truth the banner shows. */
  readonly on = signal(false);
  /** A switch was asked for and the background has not confirmed it yet. */
  readonly switching = signal(false);
  /** Why the last switch could not be made. */
  readonly error = signal<string | undefined>(undefined);
  readonly scriptText = signal(readPreference('mock.script', DEFAULT_MOCK_SCRIPT));
  readonly script = computed<ParsedScript>(() => parseScript(this.scriptText.value));
  readonly knobs = signal<MockKnobSettings>(sanitizeMockKnobs(readPreference('mock.knobs', { ...DEFAULT_MOCK_KNOBS })));
  /** The call being answered (undefined: on, but waiting for a joined call object). */
  readonly target = signal<MockTarget | undefined>(undefined);
  readonly stats = signal<Readonly<MockStats> | undefined>(undefined);
  private readonly host: MockReplicaHost;
  private readonly disposers: Array<() => void> = [];

  constructor(
    private readonly store: PanelStore,
    private readonly env: MockEnv,
  ) {
    this.host = new MockReplicaHost({
      inject: env.inject,
      clock: env.clock ?? realClock,
      onChange: () => {
        this.stats.value = this.host.running ? { ...this.host.stats } : undefined;
      },
    });
    // Follow the calls: a reload or an offline join brings a new call, which the replica joins again.
    this.disposers.push(
      effect(() => {
        const calls = this.store.calls.value;
        const wanted = this.store.callFilter.value;
        const on = this.on.value;
        untracked(() => this.reconcile(on, calls, wanted));
      }),
      effect(() => {
        const rules = this.script.value.rules;
        untracked(() => this.host.setScript(rules));
      }),
    );
  }

  switchOn(): void {
    this.request(true);
  }

  switchOff(): void {
    this.request(false);
  }

  /** The background's word on the tab's flag (on `watch`, and whenever any panel of the tab switches it). */
  flagChanged(on: boolean): void {
    this.switching.value = false;
    this.on.value = on;
  }

  /** Captured records, as they arrive (before the log, so a paused or full log does not deafen the mock). */
  observe(inputs: readonly CapturedInput[]): void {
    if (this.host.running) this.host.observe(inputs);
  }

  setScriptText(text: string): void {
    this.scriptText.value = text;
    writePreference('mock.script', text);
  }

  setKnobs(knobs: Partial<MockKnobSettings>): void {
    const next = sanitizeMockKnobs({ ...this.knobs.value, ...knobs });
    this.knobs.value = next;
    writePreference('mock.knobs', next);
  }

  dispose(): void {
    for (const dispose of this.disposers) dispose();
    this.host.stop();
  }

  private request(on: boolean): void {
    this.error.value = undefined;
    if (!this.env.setFlag(on)) {
      this.error.value = 'Not connected to the extension background; try again in a moment.';
      return;
    }
    this.switching.value = true;
  }

  private reconcile(on: boolean, calls: readonly KnownCall[], wanted: string | undefined): void {
    const next = on ? mockTargetFor(calls, wanted) : undefined;
    const current = this.host.target;
    if (next && current && next.callId === current.callId && next.frameId === current.frameId) return;
    if (!next) {
      this.host.stop();
      this.target.value = undefined;
      return;
    }
    const target = { frameId: next.frameId, callId: next.callId };
    this.host.start(target, { knobs: this.knobs.value, script: this.script.value.rules });
    this.target.value = target;
  }
}
