/**
 * The panel's replay: which recording, which live call, the options, and the engine (src/replay) that plays it into
 * the page through the extension's inject path (the relay marks what arrives as `↻ replay`). Signals for the bar;
 * everything the page must not decide (the target, the sender, the rewrites) is decided here from the live log.
 */
import { signal } from '@preact/signals';
import {
  ReplayEngine,
  type DeliveryResult,
  type PreparedEvent,
  type ReplayClock,
  type ReplaySpeed,
  type ReplayState,
} from '../../replay/engine';
import { recordingFromEvents, recordingFromSession, type ReplayItem } from '../../replay/items';
import type { CallKey, InjectEvent, InjectOutcome } from '../connection';
import type { KnownCall, PanelStore } from '../store';

export type InjectFn = (call: CallKey, events: InjectEvent[]) => Promise<InjectOutcome>;

/** Whose session id the replayed events carry as `fromId`. */
export type FromIdMode = 'replica' | 'recorded' | 'custom';

export interface ReplaySource {
  label: string;
  items: readonly ReplayItem[];
  /** Rows of the source that are not replayed, said in words ("3 outgoing, 2 call states"). */
  skippedText: string;
}

/** What the live log knows about a call that a replay can follow. */
export interface LiveFacts {
  conversationId: string | undefined;
  /** Highest seq the call received from anyone but a replay. */
  maxSeq: number | undefined;
  /** Session id of the call's replica participant (Daily's participant-joined with a tavus-replica user id). */
  replicaSessionId: string | undefined;
}

const realClock: ReplayClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ReplayModel {
  readonly open = signal(false);
  readonly source = signal<ReplaySource | undefined>(undefined);
  readonly state = signal<ReplayState | undefined>(undefined);
  readonly speed = signal<ReplaySpeed>(1);
  readonly breakpoint = signal('');
  readonly loop = signal(false);
  readonly rewriteConversation = signal(true);
  readonly continueSeq = signal(true);
  readonly fromMode = signal<FromIdMode>('replica');
  readonly customFromId = signal('');
  /** The call picked in the bar; undefined: the first call the hook holds. */
  readonly wantedCallId = signal<string | undefined>(undefined);
  readonly message = signal<{ kind: 'error' | 'info'; text: string } | undefined>(undefined);
  private engine: ReplayEngine | undefined;
  /** The live call an engine run plays into (fixed once it has started, so a new call cannot take over midway). */
  private runCall: KnownCall | undefined;

  constructor(
    private readonly store: PanelStore,
    private readonly inject: InjectFn | undefined,
    private readonly clock: ReplayClock = realClock,
  ) {}

  /** Calls a replay can play into: those the hook holds (not sniffed), not destroyed. Joined or not. */
  targets(): KnownCall[] {
    return this.store.calls.value.filter((call) => call.canSend && call.found !== 'sniffed' && !call.destroyed);
  }

  target(): KnownCall | undefined {
    const calls = this.targets();
    return calls.find((call) => call.callId === this.wantedCallId.value) ?? calls[0];
  }

  /** Why nothing can be played now (undefined when it can). */
  blockReason(): string | undefined {
    if (!this.inject) return 'This panel is not attached to a tab: there is no live call to replay into.';
    if (!this.source.value) return 'Load a session file or take rows from the log first.';
    if (this.source.value.items.length === 0) return 'The recording has no incoming events to replay.';
    if (!this.target())
      return 'No call object in this tab that DevTools holds (a sniffed call is read-only): reload the page or press Attach.';
    return undefined;
  }

  loadSessionText(text: string, name: string): boolean {
    const recording = recordingFromSession(text, name);
    if (!recording.ok) {
      this.message.value = { kind: 'error', text: `Could not read ${name}: ${recording.error}` };
      return false;
    }
    this.setSource(name, recording.items, recording.skipped);
    return true;
  }

  /** The log rows shown now (filter applied), or every row from the selected one on. */
  loadFromLog(which: 'shown' | 'from-selected'): boolean {
    let events;
    if (which === 'shown') {
      const ids = this.store.view.value.eventIds({ expandStreams: true });
      events = ids.map((id) => this.store.log.get(id)).filter((e) => e !== undefined);
      events.sort((a, b) => a.id - b.id);
    } else {
      const from = this.store.selectedId.value;
      if (from === undefined) {
        this.message.value = { kind: 'error', text: 'Select a row first: the replay starts there.' };
        return false;
      }
      events = [...this.store.log.events()].filter((e) => e.id >= from);
    }
    const recording = recordingFromEvents(events);
    const label =
      which === 'shown' ? `${recording.items.length} shown rows` : `rows from #${this.store.selectedId.value}`;
    this.setSource(label, recording.items, recording.skipped);
    return true;
  }

  private setSource(label: string, items: readonly ReplayItem[], skipped: ReplayRecordingSkipped): void {
    this.engine?.dispose();
    const parts = [
      skipped.outgoing ? `${skipped.outgoing} outgoing` : '',
      skipped.callState ? `${skipped.callState} call states` : '',
      skipped.unreadable ? `${skipped.unreadable} unreadable or cut` : '',
    ].filter(Boolean);
    this.source.value = { label, items, skippedText: parts.length ? `not replayed: ${parts.join(', ')}` : '' };
    this.message.value = undefined;
    this.runCall = undefined;
    this.engine = new ReplayEngine(
      items,
      {
        clock: this.clock,
        deliver: (events) => this.deliver(events),
        onChange: (state) => (this.state.value = state),
      },
      { speed: this.speed.value, loop: this.loop.value, breakpoint: this.breakpoint.value },
    );
    this.state.value = this.engine.state();
    this.open.value = true;
  }

  /** Live facts of a call from the log. */
  liveFacts(callId: string): LiveFacts {
    let conversationId: string | undefined;
    let maxSeq: number | undefined;
    let replicaSessionId: string | undefined;
    for (const event of this.store.log.events()) {
      if (event.callId !== callId) continue;
      if (event.recordKind === 'call-state') {
        if (event.eventType === 'daily.participant-joined') {
          const p = event.data as { replica?: unknown; session_id?: unknown } | undefined;
          if (p?.replica === true && typeof p.session_id === 'string') replicaSessionId = p.session_id;
        }
        continue;
      }
      if (event.dir !== 'in' || event.origin === 'replay') continue;
      if (event.seq !== undefined && (maxSeq === undefined || event.seq > maxSeq)) maxSeq = event.seq;
      const id = (event.data as { conversation_id?: unknown } | undefined)?.conversation_id;
      if (typeof id === 'string' && id !== '') conversationId = id;
    }
    return { conversationId, maxSeq, replicaSessionId };
  }

  /** Applies the options to the engine for a run on `call` (rewrites are measured against the live log now). */
  private prepareRun(call: KnownCall): string | undefined {
    const engine = this.engine!;
    const facts = this.liveFacts(call.callId);
    const atStart = engine.state().position === 0 || engine.state().status === 'ended';
    if (atStart || this.runCall?.callId !== call.callId) {
      engine.setRewrite({
        ...(this.rewriteConversation.value && facts.conversationId ? { conversationId: facts.conversationId } : {}),
        ...(this.continueSeq.value ? { seqAfter: facts.maxSeq ?? 0 } : {}),
      });
    }
    this.runCall = call;
    let note: string | undefined;
    if (this.fromMode.value === 'replica') {
      engine.setFromId(facts.replicaSessionId);
      if (!facts.replicaSessionId) note = 'No replica participant in this call yet: events keep the recorded sender.';
    } else if (this.fromMode.value === 'custom') engine.setFromId(this.customFromId.value.trim() || undefined);
    else engine.setFromId(undefined);
    if (this.rewriteConversation.value && !facts.conversationId)
      note = 'No conversation_id in the live traffic yet: the recorded one is kept.';
    return note;
  }

  play(): void {
    const blocked = this.blockReason();
    if (blocked || !this.engine) {
      this.message.value = { kind: 'error', text: blocked ?? 'Nothing to replay.' };
      return;
    }
    const note = this.prepareRun(this.target()!);
    this.message.value = note ? { kind: 'info', text: note } : undefined;
    this.engine.play();
  }

  pause(): void {
    this.engine?.pause();
  }

  async step(): Promise<void> {
    const blocked = this.blockReason();
    if (blocked || !this.engine) {
      this.message.value = { kind: 'error', text: blocked ?? 'Nothing to replay.' };
      return;
    }
    this.prepareRun(this.target()!);
    await this.engine.step();
  }

  seek(index: number): void {
    this.engine?.seek(index);
  }

  /** Back to the first event, paused. */
  rewind(): void {
    this.engine?.pause();
    this.engine?.seek(0);
    this.runCall = undefined;
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed.value = speed;
    this.engine?.setSpeed(speed);
  }

  setLoop(loop: boolean): void {
    this.loop.value = loop;
    this.engine?.setLoop(loop);
  }

  setBreakpoint(text: string): void {
    this.breakpoint.value = text;
    this.engine?.setBreakpoint(text);
  }

  /** The item at `index` of the loaded recording (for the status line). */
  item(index: number): ReplayItem | undefined {
    return this.source.value?.items[index];
  }

  close(): void {
    this.engine?.pause();
    this.open.value = false;
  }

  dispose(): void {
    this.engine?.dispose();
  }

  private async deliver(events: PreparedEvent[]): Promise<DeliveryResult> {
    const call = this.runCall;
    if (!this.inject || !call) return { ok: false, error: 'No live call to replay into.' };
    const outcome = await this.inject(
      { frameId: call.frameId, callId: call.callId },
      events.map((event) => ({ json: event.json, fromId: event.fromId })),
    );
    if (outcome.handlerError)
      this.message.value = {
        kind: 'info',
        text: `An app-message handler of the page threw: ${outcome.handlerError} (the replay goes on, as Daily's would).`,
      };
    return outcome.ok ? { ok: true } : { ok: false, error: outcome.error ?? 'The page did not take the events.' };
  }
}

type ReplayRecordingSkipped = { outgoing: number; callState: number; unreadable: number };
