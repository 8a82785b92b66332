/**
 * The composer's state, kept per panel store (not per component), so a half-written message and a running audio
 * echo survive switching to the Events tab and back. Small signals plus computed values: what would be sent, whether
 * it is valid, and the one reason it cannot be sent now.
 */
import { batch, computed, effect, signal, untracked, type Signal } from '@preact/signals';
import {
  wavToEchoPcm,
  RECOMMENDED_ECHO_SAMPLE_RATE,
  type EchoChunkPlan,
  type EchoPcmResult,
} from '../../protocol/audio';
import { planEchoStream, type EchoPacing } from '../../protocol/audio/echo-pacing';
import {
  appMessageSize,
  buildInteractionTemplate,
  validateInteraction,
  type InteractionEventType,
  type InteractionValidation,
} from '../../protocol/interactions';
import type { PanelStore, KnownCall } from '../store';
import { EchoStream, type EchoClock, type EchoStreamResult } from './echo-stream';
import {
  buildFormMessage,
  buildRawMessage,
  DEFAULT_FORM_VALUES,
  type BuiltMessage,
  type ComposerMode,
  type FormValues,
} from './forms';
import {
  addHistoryEntry,
  ComposerPersistence,
  HISTORY_CAP,
  historyOrigin,
  upsertSnippet,
  type HistoryEntry,
  type KeyValueStorage,
  type Snippet,
} from './history';
import { callBlockReason, maxSizeOf, normalizeRecipient, resolveTargetCall } from './target';
import { TrafficScanner, type TrafficSummary } from './traffic';

export const ECHO_SAMPLE_RATES = [24000, 16000] as const;

/** `auto`: Pipecat's 100 ms when a chunk that long fits the call's limit, else the older 50 ms (fits 4096 at 24 kHz). */
export type EchoChunkChoice = 'auto' | 50 | 100;
export const ECHO_CHUNK_CHOICES: readonly EchoChunkChoice[] = ['auto', 50, 100];
/** Pipecat's lead: chunks go out up to this far ahead of their audio. */
export const DEFAULT_ECHO_LEAD_MS = 200;

export interface LastSend {
  ok: boolean;
  error?: string;
  eventType: string;
  at: number;
}

export type EchoRun =
  | { status: 'idle' }
  | {
      /** `waiting`: the connection to the extension was lost mid-stream; the stream waits to end the utterance. */
      status: 'sending' | 'waiting' | 'done' | 'stopped' | 'failed' | 'connection-lost';
      sentChunks: number;
      totalChunks: number;
      /** Of the plan being sent (the form may change meanwhile). */
      scheduleMs: readonly number[];
      durationMs: number;
      inferenceId: string;
      fileName: string;
      error?: string;
    };

export interface EchoFile {
  name: string;
  bytes: Uint8Array;
}

export interface ComposerDependencies {
  storage: KeyValueStorage;
  /** Tests pass a fake clock for the audio pacing. */
  clock?: EchoClock;
  newInferenceId?: () => string;
  /** Wall clock for history expiry (tests pass a fixed one). */
  now?: () => number;
}

const STORAGE_FAILED = 'Could not use extension storage';

export class ComposerState {
  readonly mode = signal<ComposerMode>('respond');
  readonly values = signal<FormValues>(DEFAULT_FORM_VALUES);
  readonly rawText = signal('');
  /** What the user typed; undefined = follow the most recent conversation_id seen in the traffic. */
  readonly conversationIdTyped = signal<string | undefined>(undefined);
  readonly wantedCallId = signal<string | undefined>(undefined);
  readonly recipient = signal('*');
  readonly sending = signal(false);
  readonly lastSend = signal<LastSend | undefined>(undefined);
  /** The tool call the tool_result form answers, when it was opened by "Reply" on that call. */
  readonly replyTo = signal<{ toolName: string; toolCallId: string } | undefined>(undefined);
  readonly history = signal<HistoryEntry[]>([]);
  /** The "Keep history" setting: off, nothing is recorded and stored history is wiped. */
  readonly historyEnabled = signal(true);
  readonly snippets = signal<Snippet[]>([]);
  readonly storageError = signal<string | undefined>(undefined);
  readonly echoFile = signal<EchoFile | undefined>(undefined);
  readonly echoSampleRate = signal<number>(RECOMMENDED_ECHO_SAMPLE_RATE);
  readonly echoInferenceId: Signal<string>;
  readonly echoRun = signal<EchoRun>({ status: 'idle' });
  readonly echoChunkChoice = signal<EchoChunkChoice>('auto');
  readonly echoPacing = signal<EchoPacing>({ kind: 'realtime' });

  private readonly scanner = new TrafficScanner();
  private readonly persistence: ComposerPersistence;
  private readonly newInferenceId: () => string;
  private echoStream: EchoStream | undefined;
  private readonly disposeOriginEffect: () => void;

  constructor(
    readonly store: PanelStore,
    private readonly deps: ComposerDependencies,
  ) {
    this.persistence = new ComposerPersistence(deps.storage, deps.now);
    this.persistence.loadHistoryEnabled().then(
      (enabled) => {
        this.historyEnabled.value = enabled;
        if (!enabled) this.history.value = [];
      },
      (error: unknown) => this.reportStorageError(error),
    );
    this.newInferenceId = deps.newInferenceId ?? (() => `echo-${crypto.randomUUID()}`);
    this.echoInferenceId = signal(this.newInferenceId());
    this.rawText.value = JSON.stringify(buildInteractionTemplate('conversation.respond', ''), null, 2);
    this.persistence.loadSnippets().then(
      (loaded) =>
        (this.snippets.value = [
          ...this.snippets.value,
          ...loaded.filter((s) => !this.snippets.value.some((own) => own.name === s.name)),
        ]),
      (error: unknown) => this.reportStorageError(error),
    );
    this.disposeOriginEffect = effect(() => {
      const origin = this.origin.value;
      untracked(() => this.loadHistory(origin));
    });
  }

  dispose(): void {
    this.disposeOriginEffect();
    void this.echoStream?.stop();
  }

  // ---- derived -----------------------------------------------------------------------------------------------

  readonly traffic = computed<TrafficSummary>(() => {
    void this.store.revision.value;
    return this.scanner.scan(this.store.log);
  });

  readonly conversationId = computed(
    () => this.conversationIdTyped.value ?? this.traffic.value.conversationIds[0] ?? '',
  );

  readonly call = computed<KnownCall | undefined>(() =>
    resolveTargetCall(this.store.calls.value, this.wantedCallId.value),
  );

  readonly maxSize = computed(() => maxSizeOf(this.call.value));

  readonly origin = computed(() =>
    historyOrigin(this.store.frames.value.find((frame) => frame.top && !frame.gone)?.url),
  );

  readonly echoPcm = computed<EchoPcmResult | undefined>(() => {
    const file = this.echoFile.value;
    return file ? wavToEchoPcm(file.bytes, { sampleRate: this.echoSampleRate.value }) : undefined;
  });

  readonly echoPlan = computed<EchoChunkPlan | undefined>(() => {
    const pcm = this.echoPcm.value;
    if (!pcm?.ok) return undefined;
    const input = {
      pcm16: pcm.pcm16,
      sampleRate: pcm.sampleRate,
      conversationId: this.conversationId.value,
      inferenceId: this.echoInferenceId.value,
      maxSize: this.maxSize.value,
      pacing: this.echoPacing.value,
    };
    const choice = this.echoChunkChoice.value;
    if (choice !== 'auto') return planEchoStream({ ...input, chunkMs: choice });
    // Auto: 100 ms only where the call's limit holds it whole (a raised limit); never a shrunk odd length.
    const long = planEchoStream({ ...input, chunkMs: 100 });
    return long.ok && long.chunkMs === 100 ? long : planEchoStream({ ...input, chunkMs: 50 });
  });

  /** The message the current mode would send (for audio echo: its first chunk, as a sample). */
  readonly built = computed<BuiltMessage>(() => {
    const mode = this.mode.value;
    if (mode === 'raw') return buildRawMessage(this.rawText.value);
    if (mode === 'audio_echo') return this.builtEchoSample();
    return buildFormMessage(mode, this.values.value, this.conversationId.value);
  });

  readonly validation = computed<InteractionValidation | undefined>(() => {
    const built = this.built.value;
    if (!built.ok) return undefined;
    return validateInteraction(built.data, {
      maxSize: this.maxSize.value,
      allowUnknownType: this.mode.value === 'raw',
    });
  });

  /** Daily's count of the message (for audio echo: the largest chunk). */
  readonly size = computed<number | undefined>(() => {
    if (this.mode.value === 'audio_echo') {
      const plan = this.echoPlan.value;
      return plan?.ok && plan.messages.length > 0
        ? Math.max(...plan.messages.slice(0, 2).map((m) => appMessageSize(m)))
        : undefined;
    }
    return this.validation.value?.size;
  });

  /** The first reason nothing can be sent now; undefined when Send would send. */
  readonly blockReason = computed<string | undefined>(() => {
    const callReason = callBlockReason(this.call.value, this.store.actions !== undefined);
    if (callReason) return callReason;
    const recipient = normalizeRecipient(this.recipient.value);
    if (!recipient.ok) return recipient.error;
    if (this.mode.value === 'audio_echo') {
      const echoReason = this.echoBlockReason();
      if (echoReason) return echoReason;
    }
    const built = this.built.value;
    if (!built.ok) return built.error;
    const validation = this.validation.value;
    if (validation && !validation.ok) {
      const [first] = validation.errors;
      const more = validation.errors.length > 1 ? ` (+${validation.errors.length - 1} more)` : '';
      return `Fix the message first: ${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'invalid'}${more}`;
    }
    if (this.sending.value) return 'Sending…';
    return undefined;
  });

  private builtEchoSample(): BuiltMessage {
    const reason = this.echoInputProblem();
    if (reason) return { ok: false, error: reason };
    const plan = this.echoPlan.value;
    if (!plan?.ok || plan.messages.length === 0) return { ok: false, error: 'No audio to send.' };
    return { ok: true, data: plan.messages[0] };
  }

  /** Problems with the file or the plan (shown even while the call is not ready). */
  echoInputProblem(): string | undefined {
    if (!this.echoFile.value) return 'Choose a WAV file to send as audio echo.';
    const pcm = this.echoPcm.value;
    if (pcm && !pcm.ok) return `Cannot read ${this.echoFile.value.name}: ${pcm.error}`;
    const plan = this.echoPlan.value;
    if (plan && !plan.ok) return `Cannot split the audio into messages: ${plan.error}`;
    if (plan?.ok && plan.messages.length === 0) return `${this.echoFile.value.name} holds no audio samples.`;
    return undefined;
  }

  private echoBlockReason(): string | undefined {
    if (this.echoRun.value.status === 'sending') return 'An audio echo is being sent; Stop it first.';
    if (this.echoRun.value.status === 'waiting')
      return 'An audio echo is waiting for the connection to come back to end its utterance.';
    return this.echoInputProblem();
  }

  // ---- editing ---------------------------------------------------------------------------------------------

  setValues(patch: Partial<FormValues>): void {
    this.values.value = { ...this.values.value, ...patch };
  }

  /** Raw mode with a starting point for `eventType`, carrying the current conversation_id. */
  insertTemplate(eventType: InteractionEventType): void {
    batch(() => {
      this.rawText.value = JSON.stringify(buildInteractionTemplate(eventType, this.conversationId.value), null, 2);
      this.mode.value = 'raw';
    });
  }

  /** "Edit & resend" / "Reply to tool call" from the detail pane: raw mode with that JSON and that call. */
  consumeDraft(): void {
    const draft = this.store.composerDraft.value;
    if (!draft) return;
    batch(() => {
      if ('form' in draft) {
        // A reply starts fresh: the fields it names, no banner about an earlier send.
        this.values.value = { ...this.values.value, ...draft.values };
        this.mode.value = draft.form;
        this.replyTo.value = draft.replyTo;
        this.lastSend.value = undefined;
      } else {
        this.rawText.value = draft.json;
        this.mode.value = 'raw';
        this.replyTo.value = undefined;
      }
      if (draft.callId !== undefined) this.wantedCallId.value = draft.callId;
      this.store.composerDraft.value = undefined;
    });
  }

  loadIntoEditor(json: string, to = this.recipient.value, callId?: string): void {
    batch(() => {
      this.rawText.value = prettyJson(json);
      this.mode.value = 'raw';
      this.recipient.value = to;
      if (callId !== undefined && this.store.calls.value.some((call) => call.callId === callId))
        this.wantedCallId.value = callId;
    });
  }

  // ---- sending -----------------------------------------------------------------------------------------------

  /** Sends the current message (or starts the audio echo). Nothing is sent while `blockReason` has a reason. */
  async send(): Promise<void> {
    if (this.mode.value === 'audio_echo') {
      await this.startEcho();
      return;
    }
    if (this.blockReason.value !== undefined) return;
    const built = this.built.value;
    const call = this.call.value;
    const recipient = normalizeRecipient(this.recipient.value);
    const actions = this.store.actions;
    if (!built.ok || !call || !recipient.ok || !actions) return;
    const json = JSON.stringify(built.data);
    const eventType = this.validation.value?.eventType ?? '(no event_type)';
    this.sending.value = true;
    let outcome: { ok: boolean; error?: string };
    try {
      outcome = (await actions.send(call.frameId, call.callId, json, recipient.to)) ?? {
        ok: false,
        error: 'Not connected to a tab: nothing was sent.',
      };
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const at = Date.now();
    batch(() => {
      this.sending.value = false;
      this.lastSend.value = { ok: outcome.ok, ...(outcome.error ? { error: outcome.error } : {}), eventType, at };
      const entry: HistoryEntry = {
        json,
        eventType,
        to: recipient.to,
        callId: call.callId,
        sentAt: at,
        ok: outcome.ok,
      };
      if (outcome.error) entry.error = outcome.error;
      if (this.historyEnabled.value) this.history.value = addHistoryEntry(this.history.value, entry);
    });
    if (this.historyEnabled.value) this.saveHistory();
  }

  /** Starts sending the chosen WAV at real time. Resolves when the stream ends (done, stopped or failed). */
  async startEcho(): Promise<EchoStreamResult | undefined> {
    if (this.mode.value !== 'audio_echo' || this.blockReason.value !== undefined) return undefined;
    const plan = this.echoPlan.value;
    const call = this.call.value;
    const recipient = normalizeRecipient(this.recipient.value);
    const actions = this.store.actions;
    const file = this.echoFile.value;
    if (!plan?.ok || !call || !recipient.ok || !actions || !file) return undefined;
    const base = {
      totalChunks: plan.messages.length,
      scheduleMs: plan.scheduleMs,
      durationMs: plan.durationMs,
      inferenceId: this.echoInferenceId.value,
      fileName: file.name,
    };
    const stream = new EchoStream({
      messages: plan.messages,
      scheduleMs: plan.scheduleMs,
      conversationId: this.conversationId.value,
      send: (json) => actions.send(call.frameId, call.callId, json, recipient.to),
      onProgress: (sentChunks) => (this.echoRun.value = { status: 'sending', sentChunks, ...base }),
      connection: {
        lost: () => this.store.status.value === 'reconnecting',
        restored: () => whenConnected(this.store),
      },
      onConnectionLost: (sentChunks) =>
        (this.echoRun.value = {
          status: 'waiting',
          sentChunks,
          ...base,
          error: `The connection to the extension was lost after chunk ${sentChunks} of ${base.totalChunks}. Waiting for it to come back to end the utterance (a final done chunk, then conversation.interrupt); the rest will not be sent.`,
        }),
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
    });
    this.echoStream = stream;
    this.echoRun.value = { status: 'sending', sentChunks: 0, ...base };
    const result = await stream.start();
    this.echoStream = undefined;
    batch(() => {
      const error =
        result.status === 'failed'
          ? `Chunk ${result.failedChunk + 1} of ${base.totalChunks} failed, so the stream stopped: ${result.error}`
          : result.status === 'stopped' && !result.interrupt.ok
            ? `Stopped, but conversation.interrupt failed: ${result.interrupt.error ?? 'unknown error'}`
            : result.status === 'connection-lost'
              ? connectionLostText(result, base.totalChunks)
              : undefined;
      this.echoRun.value = {
        status: result.status,
        sentChunks: result.sentChunks,
        ...base,
        ...(error ? { error } : {}),
      };
      // The next utterance gets a new id (Tavus groups chunks by it).
      this.echoInferenceId.value = this.newInferenceId();
    });
    return result;
  }

  /** Drops the chunks not sent yet and sends conversation.interrupt. */
  async stopEcho(): Promise<void> {
    await this.echoStream?.stop();
  }

  setEchoFile(file: EchoFile | undefined): void {
    batch(() => {
      this.echoFile.value = file;
      if (this.echoRun.value.status !== 'sending' && this.echoRun.value.status !== 'waiting')
        this.echoRun.value = { status: 'idle' };
    });
  }

  // ---- snippets and history ----------------------------------------------------------------------------------

  /** Saves the current message's JSON under `name` (the same name replaces). */
  saveSnippet(name: string): boolean {
    const built = this.built.value;
    const trimmed = name.trim();
    if (!built.ok || trimmed === '' || this.mode.value === 'audio_echo') return false;
    this.snippets.value = upsertSnippet(this.snippets.value, {
      name: trimmed,
      json: JSON.stringify(built.data, null, 2),
      savedAt: Date.now(),
    });
    this.persistence.saveSnippets(this.snippets.value).catch((error: unknown) => this.reportStorageError(error));
    return true;
  }

  deleteSnippet(name: string): void {
    this.snippets.value = this.snippets.value.filter((snippet) => snippet.name !== name);
    this.persistence.saveSnippets(this.snippets.value).catch((error: unknown) => this.reportStorageError(error));
  }

  clearHistory(): void {
    this.history.value = [];
    this.saveHistory();
  }

  /** Turns history on or off; off also wipes the history stored for every origin. */
  setHistoryEnabled(enabled: boolean): void {
    this.historyEnabled.value = enabled;
    if (!enabled) this.history.value = [];
    const saved = this.persistence.saveHistoryEnabled(enabled);
    const wiped = enabled ? saved : saved.then(() => this.persistence.clearAllHistory());
    wiped.catch((error: unknown) => this.reportStorageError(error));
  }

  private historyOriginLoaded: string | undefined;

  private loadHistory(origin: string): void {
    this.historyOriginLoaded = undefined;
    this.history.value = [];
    this.persistence.loadHistory(origin).then(
      (loaded) => {
        if (this.origin.value !== origin) return;
        if (!this.historyEnabled.value) loaded = [];
        // Sends made while loading come first (they are newer).
        const sentMeanwhile = this.history.value;
        this.history.value = [...sentMeanwhile, ...loaded].slice(0, HISTORY_CAP);
        this.historyOriginLoaded = origin;
        if (sentMeanwhile.length > 0) this.saveHistory();
      },
      (error: unknown) => {
        this.historyOriginLoaded = origin;
        this.reportStorageError(error);
      },
    );
  }

  private saveHistory(): void {
    const origin = this.origin.value;
    // Until the stored list is read, writing would overwrite it; the load merges and saves instead.
    if (this.historyOriginLoaded !== origin) return;
    this.persistence.saveHistory(origin, this.history.value).catch((error: unknown) => this.reportStorageError(error));
  }

  private reportStorageError(error: unknown): void {
    this.storageError.value = `${STORAGE_FAILED}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Resolves when the store's connection is (again) connected. */
function whenConnected(store: PanelStore): Promise<void> {
  if (store.status.value === 'connected') return Promise.resolve();
  return new Promise((resolve) => {
    // subscribe() calls back at once with the current (not connected) value, so `dispose` is set before it matters.
    const dispose = store.status.subscribe((status) => {
      if (status !== 'connected') return;
      resolve();
      queueMicrotask(() => dispose());
    });
  });
}

/** What happened to an echo cut by a lost connection, and what DevTools did about it. */
function connectionLostText(
  result: Extract<EchoStreamResult, { status: 'connection-lost' }>,
  totalChunks: number,
): string {
  const sentBoth = result.finalDone.ok && result.interrupt.ok;
  const what = sentBoth
    ? 'When it came back, DevTools sent a final done chunk and conversation.interrupt, so the replica does not wait for the rest'
    : `When it came back, ending the utterance failed (final done: ${result.finalDone.ok ? 'sent' : (result.finalDone.error ?? 'failed')}; interrupt: ${result.interrupt.ok ? 'sent' : (result.interrupt.error ?? 'failed')}): the replica may still be waiting`;
  return `The connection to the extension was lost after chunk ${result.sentChunks} of ${totalChunks} (chunk ${result.lostAtChunk + 1} may or may not have reached the call). ${what}; the remaining chunks were not sent.`;
}

function prettyJson(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

const states = new WeakMap<PanelStore, ComposerState>();

/** One composer state per panel store, created on first use. */
export function composerStateFor(store: PanelStore, deps: ComposerDependencies): ComposerState {
  let state = states.get(store);
  if (!state) {
    state = new ComposerState(store, deps);
    states.set(store, state);
  }
  return state;
}
