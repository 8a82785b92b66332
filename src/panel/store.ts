/**
 * The panel's state, as small signals around the pure EventLog. Records from the connection are applied once per
 * animation frame (not per message), so a flood of events costs one view rebuild per frame.
 */
import { batch, computed, signal } from '@preact/signals';
import {
  EventLog,
  exportSession,
  parseFilter,
  parseSessionFile,
  type LogEvent,
  type LogInput,
  type LogKind,
  type LogView,
} from '../log';
import type { CallInfo } from '../bridge/messages';
import type { CapturedInput, ConnectionStatus, FrameState, SendOutcome } from './connection';
import type { FormKind, FormValues } from './composer/forms';

/**
 * What "Edit & resend" / "Reply" hand to the composer: raw JSON, or a form with some fields filled (a reply to a
 * tool call opens the tool_result form with its tool_call_id, not raw JSON with a placeholder).
 */
export type ComposerDraft =
  | { json: string; callId?: string }
  | {
      form: FormKind;
      values: Partial<FormValues>;
      callId?: string;
      /** The tool call being answered, named above the form. */
      replyTo?: { toolName: string; toolCallId: string };
    };

export type PanelTab = 'events' | 'turns' | 'transcript' | 'problems' | 'objectives' | 'names' | 'composer' | 'mock';
export type Order = 'seq' | 'arrival';

/** What the panel knows about a call: its frame, for labels and for routing sends. */
export interface KnownCall extends CallInfo {
  frameId: number;
  frameUrl: string;
  top: boolean;
  docId: string;
}

export interface PanelActions {
  send(frameId: number, callId: string, json: string, to: string | string[]): Promise<SendOutcome>;
  attach(): Promise<SendOutcome>;
}

/**
 * Records are applied at most once a frame: at the next animation frame, or after a timer when no frame comes (a
 * hidden panel, another DevTools tab selected, gets no animation frames, and its records must still reach the log
 * and its bound).
 */
const FLUSH_FALLBACK_MS = 100;
const FLUSH_NOW_AT = 5000;
/**
 * A flood: this many records waiting at a frame (6,000 events/s and more at 60 frames/s). Then every other frame
 * applies nothing, so the log, its views and the table are updated 30 times a second: what a frame costs besides
 * the records (the view, insights, the render, style, layout and paint of every visible row) was most of the
 * panel's thread at 10,000 events/s (bench/browser/probe-panel-ingest: ~90 µs of it per event at 60 updates a
 * second, ~60 at 30), and on two cores that time is taken from the page and the relay. Nothing waits longer than
 * one more frame, and below the flood (1,000 events/s is 17 a frame) every frame applies.
 */
export const FLOOD_RECORDS = 100;

export class PanelStore {
  readonly log: EventLog;
  /** Bumped whenever the log changes; views recompute from it. */
  readonly revision = signal(0);
  readonly status = signal<ConnectionStatus | 'offline'>('connecting');
  readonly frames = signal<FrameState[]>([]);
  readonly recording = signal(true);
  /** Records that arrived while recording was paused (counted, not shown). */
  readonly skippedWhilePaused = signal(0);
  readonly preserveLog = signal(false);
  readonly order = signal<Order>('seq');
  readonly filterText = signal('');
  readonly hiddenKinds = signal<ReadonlySet<LogKind>>(new Set());
  readonly hideTwins = signal(false);
  readonly collapseStreams = signal(true);
  readonly callFilter = signal<string | undefined>(undefined);
  readonly selectedId = signal<number | undefined>(undefined);
  readonly detailOpen = signal(false);
  readonly tab = signal<PanelTab>('events');
  /** Bumped by clear(): derived models that keep their own state (insights) start over. */
  readonly clears = signal(0);
  /** Last import/export problem, shown in a banner until dismissed. */
  readonly notice = signal<{ kind: 'error' | 'info'; text: string } | undefined>(undefined);
  /** Session files imported into this log, by file name (rows carry the name in their `source`). */
  readonly importedFiles = signal<ReadonlyMap<string, { redacted: boolean; exportedAt: string }>>(new Map());
  /** Set by "Edit & resend" / "Reply to tool call": the composer picks it up. */
  readonly composerDraft = signal<ComposerDraft | undefined>(undefined);

  private pending: LogInput[] = [];
  /** The last frame let a flood wait (see FLOOD_RECORDS): the next one applies. */
  private floodFrameSkipped = false;
  private flushQueued = false;
  private flushFrame: number | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly actions: PanelActions | undefined,
    logCap = 100_000,
  ) {
    this.log = new EventLog({ cap: logCap });
  }

  readonly filter = computed(() => parseFilter(this.filterText.value));

  readonly calls = computed<KnownCall[]>(() =>
    this.frames.value.flatMap((f) =>
      f.gone ? [] : f.calls.map((c) => ({ ...c, frameId: f.frameId, frameUrl: f.url, top: f.top, docId: f.docId })),
    ),
  );

  readonly view = computed<LogView>(() => {
    void this.revision.value;
    const filter = this.filter.value;
    return this.log.view({
      order: this.order.value,
      filter: filter.ok ? filter.filter : undefined,
      hiddenKinds: this.hiddenKinds.value,
      callId: this.callFilter.value,
      hideTwins: this.hideTwins.value,
      collapseStreams: this.collapseStreams.value,
    });
  });

  readonly stats = computed(() => {
    void this.revision.value;
    return this.log.stats();
  });

  readonly turns = computed(() => {
    void this.revision.value;
    return this.log.turns(this.callFilter.value);
  });

  /** Records the relay's bound evicted before this panel saw them, over all documents. */
  readonly missedByRelay = computed(() =>
    this.frames.value.reduce((sum, f) => sum + f.missed + (f.undecodable ?? 0), 0),
  );
  /** Bytes of JSON text the relays' bounds evicted (their documents so far). */
  readonly missedBytesByRelay = computed(() => this.frames.value.reduce((sum, f) => sum + (f.missedBytes ?? 0), 0));
  /** No capture script of this extension answers in the tab (open since before an install, update or reload). */
  readonly noCapture = signal(false);
  /** A document still runs the capture script of an earlier install of the extension. */
  readonly staleCapture = computed(() => this.frames.value.some((f) => f.stale === true && !f.gone));

  readonly selected = computed<LogEvent | undefined>(() => {
    void this.revision.value;
    const id = this.selectedId.value;
    return id === undefined ? undefined : this.log.get(id);
  });

  // ---- input --------------------------------------------------------------------------------------------------

  receive(inputs: CapturedInput[]): void {
    if (!this.recording.value) {
      this.skippedWhilePaused.value += inputs.length;
      return;
    }
    for (const input of inputs) this.pending.push(input);
    if (this.pending.length >= FLUSH_NOW_AT) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      if (typeof requestAnimationFrame === 'function') this.flushFrame = requestAnimationFrame(this.onFrame);
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_FALLBACK_MS);
    }
  }

  private readonly onFrame = (): void => {
    if (this.pending.length >= FLOOD_RECORDS && !this.floodFrameSkipped) {
      this.floodFrameSkipped = true;
      this.flushFrame = requestAnimationFrame(this.onFrame);
      return;
    }
    this.floodFrameSkipped = false;
    this.flush();
  };

  /** Applies everything received since the last frame (also called directly by tests and imports). */
  flush(): void {
    // Whichever of the frame and the fallback timer comes first cancels the other: a fallback left running would
    // flush records queued after it, for a later frame, in a task of its own (a render and forced layouts outside
    // any frame, 14 % of the panel's main thread while following 1,000 events/s).
    if (this.flushQueued) {
      this.flushQueued = false;
      if (this.flushFrame !== undefined && typeof cancelAnimationFrame === 'function')
        cancelAnimationFrame(this.flushFrame);
      clearTimeout(this.flushTimer);
      this.flushFrame = undefined;
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0) return;
    const inputs = this.pending;
    this.pending = [];
    this.log.add(inputs);
    this.revision.value++;
  }

  setFrames(frames: FrameState[]): void {
    this.frames.value = frames;
    if (frames.length > 0) this.noCapture.value = false;
  }

  /** Times the connection to the background was lost (service worker stopped, extension reloaded). */
  reconnects = 0;

  setStatus(status: ConnectionStatus): void {
    if (status === 'reconnecting') this.reconnects++;
    this.status.value = status;
  }

  navigated(): void {
    if (this.preserveLog.value) return;
    this.clear();
  }

  clear(): void {
    batch(() => {
      this.pending = [];
      this.log.clear();
      this.selectedId.value = undefined;
      this.skippedWhilePaused.value = 0;
      this.clears.value++;
      this.revision.value++;
    });
  }

  select(id: number | undefined, openDetail = false): void {
    batch(() => {
      this.selectedId.value = id;
      if (openDetail && id !== undefined) this.detailOpen.value = true;
    });
  }

  toggleKind(kind: LogKind): void {
    const next = new Set(this.hiddenKinds.value);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    this.hiddenKinds.value = next;
  }

  // ---- session files ------------------------------------------------------------------------------------------

  exportText(options: { onlyShown: boolean; redact: boolean; origin: string }): string {
    const view = this.view.value;
    const ids = options.onlyShown ? view.eventIds({ expandStreams: true }) : undefined;
    return exportSession(this.log, { redact: options.redact, origin: options.origin, ...(ids ? { ids } : {}) });
  }

  /** Adds a session file's events beside what is already there; a bad file changes nothing. Never throws. */
  importText(text: string, fileName: string): boolean {
    try {
      const parsed = parseSessionFile(text, fileName);
      if (!parsed.ok) {
        this.notice.value = { kind: 'error', text: `Could not import ${fileName}: ${parsed.error}` };
        return false;
      }
      this.flush();
      this.log.add(parsed.inputs);
      const files = new Map(this.importedFiles.value);
      files.set(fileName, { redacted: parsed.header.redacted, exportedAt: parsed.header.exportedAt });
      batch(() => {
        this.importedFiles.value = files;
        this.revision.value++;
        this.notice.value = {
          kind: 'info',
          text: `Imported ${parsed.inputs.length} events from ${fileName}${parsed.header.redacted ? ' (redacted)' : ''}. Imported rows are marked ⤓.`,
        };
      });
      return true;
    } catch (error) {
      this.importFailed(fileName, error);
      return false;
    }
  }

  /** Shows why a file could not be read or imported (the file picker's errors come here too). */
  importFailed(fileName: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.notice.value = { kind: 'error', text: `Could not import ${fileName}: ${reason}` };
  }

  /** Everything received, for tests (`__cviPanel.inputs()`), in arrival order. */
  inputs(): LogInput[] {
    this.flush();
    const view = this.log.view({ order: 'arrival', collapseStreams: false, showGaps: false });
    const out: LogInput[] = [];
    for (const id of view.eventIds({ expandStreams: true })) {
      const event = this.log.get(id);
      if (event) out.push({ source: event.source, cursor: event.cursor, frameId: event.frameId, record: event.record });
    }
    return out;
  }
}
