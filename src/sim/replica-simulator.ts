import { base64DecodedLength } from '../protocol/base64';
import { DeliveryChannel, type Delivery, type DeliveryStats } from './delivery';
import { DEFAULT_KNOBS, type SimulatorKnobs } from './knobs';
import { SeededRandom } from './prng';
import { WEATHER_TOOL_RULE, composeReply, describeContext, describeToolOutput, quoteBack } from './replies';
import { matchRule, type ScriptRule } from './script';
import { TINY_FACE_JPEG_BASE64 } from './tiny-jpeg';
import { readInteraction, readString, type Interaction, type ReplicaEvent, type SpeakerRole } from './wire';

export interface SimulatorOptions {
  knobs?: Partial<SimulatorKnobs>;
  /** Called for every event at the moment it is emitted, before the network layer (for tests and logs). */
  onEmit?: (event: ReplicaEvent) => void;
  /**
   * What user texts trigger tool calls, perception events and objectives (see src/sim/script.ts). Default: the demo's
   * weather tool; a script given here replaces it.
   */
  script?: readonly ScriptRule[];
}

/** Why an interaction did (not) change anything, for the call machine's console log. */
export type ReceiveOutcome = 'accepted' | 'ignored-not-present' | 'ignored-unknown' | 'ignored-invalid';

export interface ConversationStats {
  userTurns: number;
  replicaSpeeches: number;
  interruptions: number;
  toolCalls: number;
  perceptionCalls: number;
}

interface ScheduledAction {
  at: number;
  order: number;
  run: () => void;
  cancelled: boolean;
}

/** One stretch of replica speech (an answer or an echo). */
interface Speech {
  inferenceId: string;
  turnIdx: number;
  /** Accumulated text after each streaming chunk; the last entry is the full text. */
  accumulated: string[];
  chunksSent: number;
  startedAt: number | undefined;
  finished: boolean;
  actions: ScheduledAction[];
}

interface PendingToolCall {
  toolCallId: string;
  turnIdx: number;
  /** The answer once the app returns the result (from the rule that made the call). */
  answer: (output: string, failed: boolean) => string;
}

interface AudioEchoBuffer {
  bytes: number;
  sampleRate: number;
}

const GREET_OBJECTIVE = 'greet';
const CONSENT_OBJECTIVE = 'confirm_consent';

/** Tavus defaults audio echo to 16 kHz when `sample_rate` is omitted. */
const DEFAULT_ECHO_SAMPLE_RATE = 16000;
const DEFAULT_AUDIO_KEY = '\u0000default';

/**
 * A simulated Tavus replica. Pure: no DOM, no timers. The driver feeds it interactions and the
 * current time (epoch ms) and collects the deliveries that are due; everything is reproducible
 * for a seed when the driver's times are.
 *
 * Timeline: actions are scheduled at future times; `seq` is assigned when an action actually
 * emits (so interrupted plans never consume numbers), and the delivery channel then applies
 * latency, jitter, drops and duplicates.
 */
/** Speech long enough that the whole event is over 4096 chars. */
const OVERSIZED_SPEECH_CHARS = 5000;

export class ReplicaSimulator {
  readonly knobs: SimulatorKnobs;
  /** Stamped on every event; the mock replica adopts the live call's (useConversationId). */
  conversationId: string;
  readonly replicaId: string;
  private script: readonly ScriptRule[];

  private readonly content: SeededRandom;
  private readonly timing: SeededRandom;
  private readonly channel: DeliveryChannel;
  private readonly onEmit: ((event: ReplicaEvent) => void) | undefined;

  private actions: ScheduledAction[] = [];
  private nextActionOrder = 0;
  private now = 0;
  private lastSeq = 0;
  private turnIdx = 0;

  private joined = false;
  private present = false;
  private left = false;

  private context = '';
  private pauseSensitivity: string | undefined;
  private interruptSensitivity: string | undefined;
  private acknowledgements: string[] = [];

  /** Current speech first, then queued ones. */
  private speeches: Speech[] = [];
  private replicaFreeAt = 0;
  private userFreeAt = 0;
  /** Actions that will lead to speech (thinking time); an interrupt cancels them. */
  private plannedReplies: ScheduledAction[] = [];
  private pendingToolCall: PendingToolCall | undefined;
  private objectivesStage: 'greeting' | 'awaiting-confirm' | 'done' = 'greeting';
  private readonly audioEchoes = new Map<string, AudioEchoBuffer>();
  private readonly conversationStats: ConversationStats = {
    userTurns: 0,
    replicaSpeeches: 0,
    interruptions: 0,
    toolCalls: 0,
    perceptionCalls: 0,
  };

  constructor(options: SimulatorOptions = {}) {
    this.knobs = { ...DEFAULT_KNOBS, ...options.knobs };
    this.onEmit = options.onEmit;
    this.script = options.script ?? [WEATHER_TOOL_RULE];
    const seed = this.knobs.seed;
    this.content = SeededRandom.derive(seed, 'content');
    this.timing = SeededRandom.derive(seed, 'timing');
    this.channel = new DeliveryChannel(SeededRandom.derive(seed, 'network'), {
      jitterMs: this.knobs.jitterMs,
      dropRate: this.knobs.dropRate,
      dupRate: this.knobs.dupRate,
    });
    this.conversationId = `c${this.content.id(12)}`;
    this.replicaId = `r${this.content.id(11)}`;
  }

  get deliveryStats(): Readonly<DeliveryStats> {
    return this.channel.stats;
  }

  get stats(): Readonly<ConversationStats> {
    return this.conversationStats;
  }

  get isReplicaPresent(): boolean {
    return this.present;
  }

  get isAwaitingToolResult(): boolean {
    return this.pendingToolCall !== undefined;
  }

  /** The tool call the replica waits on, if any (its id and the turn it belongs to). */
  get awaitedToolCall(): { toolCallId: string; turnIdx: number } | undefined {
    const pending = this.pendingToolCall;
    return pending && { toolCallId: pending.toolCallId, turnIdx: pending.turnIdx };
  }

  /** Replaces the scripted rules; they apply from the next user turn. */
  setScript(script: readonly ScriptRule[]): void {
    this.script = script;
  }

  /** Events from now on carry this conversation id (the one the app sends with its interactions). */
  useConversationId(conversationId: string): void {
    this.conversationId = conversationId;
  }

  /** The app joined the room; the replica appears a moment later and announces itself. */
  join(at: number): void {
    this.advanceTo(at);
    if (this.joined) return;
    this.joined = true;
    this.replicaFreeAt = this.now;
    this.userFreeAt = this.now;
    this.schedule(this.now + this.scaled(this.timing.int(250, 600)), () => {
      this.present = true;
      this.emit({
        message_type: 'system',
        event_type: 'system.replica_joined',
        properties: { replica_id: this.replicaId },
      });
      if (this.knobs.pal) {
        this.emit({
          message_type: 'system',
          event_type: 'system.pal_joined',
          properties: { replica_id: this.replicaId },
        });
      }
      if (this.knobs.heartbeatMs > 0) this.heartbeat(1);
      if (this.knobs.objectives) this.emitObjective('activated', GREET_OBJECTIVE);
      if (this.knobs.oversize) this.schedule(this.now + this.scaled(300), () => this.emitOversizedUtterance());
    });
  }

  /**
   * One event over Daily's 4096 send limit, as Tavus sends when a replica reads out a long text: the panel should
   * note it as information (servers may send more than clients), never as an error. No speaking events around it, so
   * it changes nothing else in the conversation.
   */
  private emitOversizedUtterance(): void {
    const sentence = 'Here is the full text of our terms, read out in one breath so the transcript holds all of it. ';
    this.emit({
      message_type: 'conversation',
      event_type: 'conversation.utterance',
      inference_id: `i${this.timing.id(10)}`,
      turn_idx: this.turnIdx,
      properties: {
        role: this.replicaRole(),
        speech: sentence.repeat(Math.ceil(OVERSIZED_SPEECH_CHARS / sentence.length)).trim(),
      },
    });
  }

  /** `system.replica_present` every `heartbeatMs` of wall time while the replica is in the call (protocol §8). */
  private heartbeat(attempt: number): void {
    this.emit({ message_type: 'system', event_type: 'system.replica_present', properties: { attempt } });
    this.schedule(this.now + this.knobs.heartbeatMs, () => this.heartbeat(attempt + 1));
  }

  private emitObjective(
    phase: 'activated' | 'completed' | 'pending',
    name: string,
    outputVariables?: Record<string, unknown>,
  ): void {
    this.emit({
      message_type: 'conversation',
      event_type: `conversation.objective.${phase}`,
      turn_idx: this.turnIdx,
      properties: { objective_name: name, ...(outputVariables ? { output_variables: outputVariables } : {}) },
    });
  }

  /** The first user turn completes "greet" and leaves the manual "confirm_consent" pending for the app. */
  private advanceObjectives(userText: string): void {
    if (!this.knobs.objectives || this.objectivesStage !== 'greeting') return;
    this.objectivesStage = 'awaiting-confirm';
    this.emitObjective('completed', GREET_OBJECTIVE, { opening_words: quoteBack(userText, 60) });
    this.emitObjective('pending', CONSENT_OBJECTIVE);
  }

  private confirmObjective(props: Record<string, unknown>): ReceiveOutcome {
    const name = readString(props, 'objective_name');
    if (!this.knobs.objectives || this.objectivesStage !== 'awaiting-confirm' || name !== CONSENT_OBJECTIVE)
      return 'ignored-unknown';
    this.objectivesStage = 'done';
    this.emitObjective('activated', CONSENT_OBJECTIVE);
    this.schedule(this.now + this.scaled(this.timing.int(200, 400)), () =>
      this.emitObjective('completed', CONSENT_OBJECTIVE, { consent: 'given' }),
    );
    return 'accepted';
  }

  /** A guardrail fires on sensitive words (the app_message of a guardrail is on by default). */
  private checkGuardrails(userText: string): void {
    if (!this.knobs.guardrails) return;
    const hit = /password|diagnos\w*|credit card/i.exec(userText);
    if (!hit) return;
    this.emit({
      message_type: 'conversation',
      event_type: 'conversation.guardrail.triggered',
      turn_idx: this.turnIdx,
      properties: {
        guardrail_name: 'no_sensitive_data',
        guardrail_uuid: `g${this.content.id(10)}`,
        reason: `the user mentioned "${hit[0].toLowerCase()}"`,
      },
    });
  }

  /** The app left: everything planned is dropped and the end-of-call perception analysis goes out. */
  leave(at: number): void {
    this.advanceTo(at);
    if (!this.joined || this.left) return;
    this.left = true;
    for (const action of this.actions) action.cancelled = true;
    this.actions = [];
    if (this.present) {
      this.emit({
        message_type: 'conversation',
        event_type: 'conversation.perception_analysis',
        turn_idx: this.turnIdx,
        properties: { analysis: this.composeAnalysis() },
      });
    }
    this.present = false;
  }

  /** Feeds one app-message `data` sent by the app. */
  receive(data: unknown, at: number): ReceiveOutcome {
    this.advanceTo(at);
    const interaction = readInteraction(data);
    if (interaction === null) return 'ignored-invalid';
    // Daily only delivers to participants present at that moment: before the replica joins, messages are lost.
    if (!this.present || this.left) return 'ignored-not-present';
    return this.handle(interaction);
  }

  /** Runs the timeline up to `now` and returns the deliveries that have arrived by then. */
  poll(now: number): Delivery[] {
    this.advanceTo(now);
    return this.channel.takeDue(now);
  }

  /** Every delivery still in flight, regardless of time (the call is ending). */
  drain(): Delivery[] {
    return this.channel.drain();
  }

  /** When the driver should call `poll` next, or undefined when nothing is planned. */
  nextWakeAt(): number | undefined {
    const nextAction = this.actions[0]?.at;
    const nextArrival = this.channel.nextArrivalAt();
    if (nextAction === undefined) return nextArrival;
    if (nextArrival === undefined) return nextAction;
    return Math.min(nextAction, nextArrival);
  }

  // ---- interactions -------------------------------------------------------------------------

  private handle(interaction: Interaction): ReceiveOutcome {
    const props = interaction.properties;
    switch (interaction.event_type) {
      case 'conversation.respond': {
        const text = readString(props, 'text');
        if (text === undefined) return 'ignored-invalid';
        this.startUserTurn(text);
        return 'accepted';
      }
      case 'conversation.echo':
        return this.handleEcho(props);
      case 'conversation.interrupt':
        this.interrupt();
        return 'accepted';
      case 'conversation.overwrite_llm_context': {
        const context = readString(props, 'context');
        if (context === undefined) return 'ignored-invalid';
        this.context = context;
        this.acknowledgements.push(`I replaced my context; it is now ${context.length} characters long.`);
        return 'accepted';
      }
      case 'conversation.append_llm_context': {
        const context = readString(props, 'context');
        if (context === undefined) return 'ignored-invalid';
        this.context = this.context === '' ? context : `${this.context}\n${context}`;
        if (this.pendingToolCall !== undefined) {
          // Pre-registry tool flow: the app answers a tool call by appending the result to the context.
          const pending = this.pendingToolCall;
          this.pendingToolCall = undefined;
          this.planReply(pending.turnIdx, () => `Thanks. Based on what you looked up: “${quoteBack(context, 120)}”.`);
        } else {
          this.acknowledgements.push(
            `I added that to my context, which is now ${this.context.length} characters long.`,
          );
        }
        return 'accepted';
      }
      case 'conversation.sensitivity': {
        const pause = readString(props, 'participant_pause_sensitivity');
        const interrupt = readString(props, 'participant_interrupt_sensitivity');
        if (pause === undefined && interrupt === undefined) return 'ignored-invalid';
        if (pause !== undefined) this.pauseSensitivity = pause;
        if (interrupt !== undefined) this.interruptSensitivity = interrupt;
        this.acknowledgements.push(
          `Noted: pause sensitivity ${this.pauseSensitivity ?? 'default'}, interrupt sensitivity ${this.interruptSensitivity ?? 'default'}.`,
        );
        return 'accepted';
      }
      case 'conversation.tool_result':
        return this.handleToolResult(props);
      case 'conversation.objective.confirm':
        return this.confirmObjective(props);
      default:
        return 'ignored-unknown';
    }
  }

  private handleEcho(props: Record<string, unknown>): ReceiveOutcome {
    const modality = readString(props, 'modality');
    const audio = readString(props, 'audio');
    const inferenceId = readString(props, 'inference_id');
    if (modality === 'audio' || (modality === undefined && audio !== undefined)) {
      const key = inferenceId ?? DEFAULT_AUDIO_KEY;
      const buffer = this.audioEchoes.get(key) ?? { bytes: 0, sampleRate: DEFAULT_ECHO_SAMPLE_RATE };
      buffer.bytes += audio === undefined ? 0 : base64DecodedLength(audio);
      const sampleRate = props.sample_rate;
      if (typeof sampleRate === 'number' && sampleRate > 0) buffer.sampleRate = sampleRate;
      this.audioEchoes.set(key, buffer);
      // The older docs show done as the string "true"; accept both.
      if (props.done === true || props.done === 'true') {
        this.audioEchoes.delete(key);
        const seconds = buffer.bytes / 2 / buffer.sampleRate; // 16-bit mono PCM
        this.resolveToolCallBySpeech();
        this.queueSpeech(
          `(audio ${seconds.toFixed(1)} s)`,
          inferenceId ?? this.content.uuid(),
          this.turnIdx,
          this.now + this.scaled(60),
          seconds * 1000,
        );
      }
      return 'accepted';
    }
    const text = readString(props, 'text');
    if (text === undefined || text.trim() === '') return 'ignored-invalid';
    this.resolveToolCallBySpeech();
    this.queueSpeech(
      text,
      inferenceId ?? this.content.uuid(),
      this.turnIdx,
      this.now + this.scaled(this.timing.int(40, 120)),
    );
    return 'accepted';
  }

  private handleToolResult(props: Record<string, unknown>): ReceiveOutcome {
    const toolCallId = readString(props, 'tool_call_id');
    const pending = this.pendingToolCall;
    if (pending === undefined || toolCallId !== pending.toolCallId) return 'ignored-unknown';
    this.pendingToolCall = undefined;
    const failed = props.status === 'error';
    const output = describeToolOutput(props.output);
    this.planReply(pending.turnIdx, () => pending.answer(output, failed));
    return 'accepted';
  }

  /** An echo answers a waiting tool call too (the documented pre-registry way to return a result). */
  private resolveToolCallBySpeech(): void {
    this.pendingToolCall = undefined;
  }

  // ---- turns --------------------------------------------------------------------------------

  /** `conversation.respond`: the text is treated as if the user had said it. */
  private startUserTurn(text: string): void {
    this.turnIdx++;
    this.conversationStats.userTurns++;
    const turnIdx = this.turnIdx;
    const userInferenceId = this.content.uuid();
    // The user talking over the replica is a barge-in: the replica stops and drops what it planned.
    this.interrupt();
    this.pendingToolCall = undefined;

    const start = Math.max(this.now, this.userFreeAt);
    const chunks = this.splitIntoChunks(text);
    let at = start;
    this.schedule(at, () => {
      this.emitSpeakingPair('started', 'user', userInferenceId, turnIdx);
    });
    chunks.forEach((accumulated, index) => {
      at += this.scaled(this.timing.int(60, 110) * wordCount(chunks, index));
      const isFinal = index === chunks.length - 1;
      this.schedule(at, () => {
        this.emit({
          message_type: 'conversation',
          event_type: 'conversation.utterance.streaming',
          inference_id: userInferenceId,
          turn_idx: turnIdx,
          properties: { role: 'user', speech: accumulated, content_index: index, final: isFinal },
        });
      });
    });
    const stoppedAt = at + this.scaled(this.timing.int(20, 60));
    const durationSeconds = roundSeconds(stoppedAt - start);
    this.schedule(stoppedAt, () => {
      this.emitSpeakingPair('stopped', 'user', userInferenceId, turnIdx, {
        duration: durationSeconds,
        interrupted: false,
      });
      // User utterances go out when the user finishes speaking.
      this.emit({
        message_type: 'conversation',
        event_type: 'conversation.utterance',
        inference_id: userInferenceId,
        turn_idx: turnIdx,
        properties: { role: 'user', speech: text },
      });
      this.checkGuardrails(text);
      this.advanceObjectives(text);
      if (this.content.chance(this.knobs.perceptionRate)) this.planPerceptionToolCall(turnIdx);
      const tool = this.runScript(text, turnIdx);
      if (tool) {
        this.planToolCall(tool.rule, tool.match, userInferenceId, turnIdx);
      } else {
        this.planReply(turnIdx, () =>
          composeReply(this.content, {
            userText: text,
            context: this.context,
            pauseSensitivity: this.pauseSensitivity,
            interruptSensitivity: this.interruptSensitivity,
            acknowledgements: this.takeAcknowledgements(),
          }),
        );
      }
    });
    this.userFreeAt = stoppedAt;
  }

  /** After some thinking time, composes the text (at that moment, so late context counts) and speaks it. */
  private planReply(turnIdx: number, composeText: () => string): void {
    const thinkAt = this.now + this.scaled(this.timing.int(250, 700));
    const action = this.schedule(thinkAt, () => {
      this.plannedReplies = this.plannedReplies.filter((planned) => planned !== action);
      this.queueSpeech(composeText(), this.content.uuid(), turnIdx, this.now);
    });
    this.plannedReplies.push(action);
  }

  /**
   * Applies the script to a finished user turn: every matching perception and objective rule emits (in script order);
   * the first matching tool rule is returned for the caller to plan.
   */
  private runScript(
    text: string,
    turnIdx: number,
  ): { rule: Extract<ScriptRule, { kind: 'tool' }>; match: RegExpExecArray } | undefined {
    let tool: { rule: Extract<ScriptRule, { kind: 'tool' }>; match: RegExpExecArray } | undefined;
    for (const rule of this.script) {
      const match = matchRule(rule.match, text);
      if (!match) continue;
      if (rule.kind === 'tool') tool ??= { rule, match };
      else if (rule.kind === 'objective') this.emitObjective(rule.phase, rule.name, rule.outputVariablesFor(match));
      else this.schedulePerception(turnIdx, rule.modality, rule.name, rule.argumentsFor(match));
    }
    return tool;
  }

  private planToolCall(
    rule: Extract<ScriptRule, { kind: 'tool' }>,
    match: RegExpExecArray,
    userInferenceId: string,
    turnIdx: number,
  ): void {
    const args = rule.argumentsFor(match);
    const action = this.schedule(this.now + this.scaled(this.timing.int(200, 450)), () => {
      this.plannedReplies = this.plannedReplies.filter((planned) => planned !== action);
      const toolCallId = `call_${this.content.id(8).toUpperCase()}`;
      this.pendingToolCall = {
        toolCallId,
        turnIdx,
        answer: (output, failed) => rule.answer(output, failed, match),
      };
      this.conversationStats.toolCalls++;
      this.emit({
        message_type: 'conversation',
        event_type: 'conversation.tool_call',
        inference_id: userInferenceId,
        turn_idx: turnIdx,
        properties: { name: rule.name, arguments: JSON.stringify(args), tool_call_id: toolCallId },
      });
    });
    this.plannedReplies.push(action);
  }

  /** A perception tool call the script asked for (vision ones carry a small frame, as Raven's do). */
  private schedulePerception(
    turnIdx: number,
    modality: 'vision' | 'audio',
    name: string,
    args: Record<string, unknown>,
  ): void {
    const properties: Record<string, unknown> =
      modality === 'vision'
        ? { modality, name, arguments: args, frames: [{ data: TINY_FACE_JPEG_BASE64, mime_type: 'image/jpeg' }] }
        : { modality, name, arguments: JSON.stringify(args) };
    this.schedule(this.now + this.scaled(this.timing.int(80, 220)), () => {
      this.conversationStats.perceptionCalls++;
      this.emit({
        message_type: 'conversation',
        event_type: 'conversation.perception_tool_call',
        turn_idx: turnIdx,
        properties,
      });
    });
  }

  private planPerceptionToolCall(turnIdx: number): void {
    const vision = this.content.chance(0.5);
    const toolCallId = this.knobs.pal ? `call_${this.content.id(8).toUpperCase()}` : undefined;
    const properties: Record<string, unknown> = vision
      ? {
          modality: 'vision',
          name: this.content.pick(['notify_object_shown', 'notify_badge_shown']),
          arguments: { object: this.content.pick(['coffee mug', 'visitor badge', 'notebook']), confidence: 0.87 },
          frames: [{ data: TINY_FACE_JPEG_BASE64, mime_type: 'image/jpeg' }],
        }
      : {
          modality: 'audio',
          name: 'flag_tone_change',
          arguments: JSON.stringify({
            tone: this.content.pick(['curious', 'hesitant', 'upbeat']),
            reason: 'pitch rose at the end',
          }),
        };
    if (toolCallId !== undefined) properties.tool_call_id = toolCallId;
    this.schedule(this.now + this.scaled(this.timing.int(80, 220)), () => {
      this.conversationStats.perceptionCalls++;
      this.emit({
        message_type: 'conversation',
        event_type: 'conversation.perception_tool_call',
        turn_idx: turnIdx,
        properties,
      });
    });
  }

  private takeAcknowledgements(): string[] {
    const taken = this.acknowledgements;
    this.acknowledgements = [];
    return taken;
  }

  // ---- replica speech -----------------------------------------------------------------------

  /**
   * Plans one speech after whatever the replica is already saying. `totalMs` fixes the length
   * (audio echo); otherwise the pace is a few words per streaming chunk at a speaking rate.
   */
  private queueSpeech(
    text: string,
    inferenceId: string,
    turnIdx: number,
    earliestStart: number,
    totalMs?: number,
  ): void {
    const accumulated = this.splitIntoChunks(text);
    const speech: Speech = {
      inferenceId,
      turnIdx,
      accumulated,
      chunksSent: 0,
      startedAt: undefined,
      finished: false,
      actions: [],
    };
    this.speeches.push(speech);
    const start = Math.max(earliestStart, this.replicaFreeAt);
    const role = this.replicaRole();

    speech.actions.push(
      this.schedule(start, () => {
        speech.startedAt = this.now;
        this.conversationStats.replicaSpeeches++;
        this.emitSpeakingPair('started', role, inferenceId, turnIdx);
        // The replica's utterance carries the full text as soon as it starts speaking.
        this.emit({
          message_type: 'conversation',
          event_type: 'conversation.utterance',
          inference_id: inferenceId,
          turn_idx: turnIdx,
          properties: { role, speech: text },
        });
      }),
    );
    let at = start;
    accumulated.forEach((speechSoFar, index) => {
      at +=
        totalMs === undefined
          ? this.scaled(this.timing.int(150, 240) * wordCount(accumulated, index))
          : this.scaled(totalMs / accumulated.length);
      const isFinal = index === accumulated.length - 1;
      speech.actions.push(
        this.schedule(at, () => {
          speech.chunksSent = index + 1;
          this.emit({
            message_type: 'conversation',
            event_type: 'conversation.utterance.streaming',
            inference_id: inferenceId,
            turn_idx: turnIdx,
            properties: { role, speech: speechSoFar, content_index: index, final: isFinal },
          });
        }),
      );
    });
    const stopAt = at + this.scaled(this.timing.int(20, 80));
    speech.actions.push(
      this.schedule(stopAt, () => {
        speech.finished = true;
        this.speeches = this.speeches.filter((other) => other !== speech);
        this.emitReplicaStopped(speech, false);
      }),
    );
    this.replicaFreeAt = stopAt;
  }

  /** Stops the current speech where it is and forgets everything the replica meant to say next. */
  private interrupt(): void {
    for (const action of this.plannedReplies) action.cancelled = true;
    this.plannedReplies = [];
    const [current, ...queued] = this.speeches;
    for (const speech of queued) for (const action of speech.actions) action.cancelled = true;
    this.speeches = [];
    if (current !== undefined) {
      for (const action of current.actions) action.cancelled = true;
      if (current.startedAt !== undefined && !current.finished) {
        this.conversationStats.interruptions++;
        current.finished = true;
        const role = this.replicaRole();
        this.emit({
          message_type: 'conversation',
          event_type: 'conversation.utterance.streaming',
          inference_id: current.inferenceId,
          turn_idx: current.turnIdx,
          properties: {
            role,
            speech: current.accumulated[current.chunksSent - 1] ?? '',
            content_index: current.chunksSent,
            final: true,
            is_interrupted: true,
          },
        });
        this.emitReplicaStopped(current, true);
      }
    }
    this.replicaFreeAt = this.now;
  }

  private emitReplicaStopped(speech: Speech, interrupted: boolean): void {
    const duration = roundSeconds(this.now - (speech.startedAt ?? this.now));
    this.emitSpeakingPair('stopped', this.replicaRole(), speech.inferenceId, speech.turnIdx, { duration, interrupted });
  }

  private replicaRole(): SpeakerRole {
    return this.knobs.pal ? 'pal' : 'replica';
  }

  // ---- emission -----------------------------------------------------------------------------

  /** The legacy role-specific event followed by its role-agnostic twin (Tavus sends both). */
  private emitSpeakingPair(
    phase: 'started' | 'stopped',
    role: SpeakerRole,
    inferenceId: string,
    turnIdx: number,
    stopped?: { duration: number; interrupted: boolean },
  ): void {
    const legacyRole = role === 'user' ? 'user' : 'replica';
    // Legacy user events carry no documented properties; the replica's stopped event has duration + interrupted.
    const legacyProperties = phase === 'stopped' && legacyRole === 'replica' ? { ...stopped } : undefined;
    this.emit({
      message_type: 'conversation',
      event_type: `conversation.${legacyRole}.${phase}_speaking`,
      inference_id: inferenceId,
      turn_idx: turnIdx,
      ...(legacyProperties === undefined ? {} : { properties: legacyProperties }),
    });
    this.emit({
      message_type: 'conversation',
      event_type: `conversation.${phase}_speaking`,
      inference_id: inferenceId,
      turn_idx: turnIdx,
      properties: phase === 'stopped' ? { role, ...stopped } : { role },
    });
  }

  private emit(partial: Omit<ReplicaEvent, 'seq' | 'timestamp' | 'conversation_id'>): void {
    const event: ReplicaEvent = {
      message_type: partial.message_type,
      event_type: partial.event_type,
      conversation_id: this.conversationId,
      ...(partial.inference_id === undefined ? {} : { inference_id: partial.inference_id }),
      seq: ++this.lastSeq,
      ...(partial.turn_idx === undefined ? {} : { turn_idx: partial.turn_idx }),
      timestamp: Math.round(this.now) / 1000,
      ...(partial.properties === undefined ? {} : { properties: partial.properties }),
    };
    const messages = [event];
    // PAL era: every pal-role message is followed by an otherwise identical legacy "replica" copy.
    if (this.knobs.pal && event.properties?.role === 'pal') {
      messages.push({ ...event, properties: { ...event.properties, role: 'replica' } });
    }
    for (const message of messages) this.onEmit?.(message);
    this.channel.send(messages, this.now);
  }

  // ---- timeline -----------------------------------------------------------------------------

  private schedule(at: number, run: () => void): ScheduledAction {
    const action: ScheduledAction = { at: Math.round(at), order: this.nextActionOrder++, run, cancelled: false };
    let index = this.actions.length;
    while (index > 0 && (this.actions[index - 1] as ScheduledAction).at > action.at) index--;
    this.actions.splice(index, 0, action);
    return action;
  }

  private advanceTo(time: number): void {
    for (;;) {
      const next = this.actions[0];
      if (next === undefined || next.at > time) break;
      this.actions.shift();
      if (next.cancelled) continue;
      this.now = Math.max(this.now, next.at);
      next.run();
    }
    this.now = Math.max(this.now, time);
  }

  private scaled(ms: number): number {
    return ms / this.knobs.speed;
  }

  /** Splits text into streaming chunks of 1–4 words; each entry is the accumulated text so far. */
  private splitIntoChunks(text: string): string[] {
    const words = text
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '');
    if (words.length === 0) return [text];
    const accumulated: string[] = [];
    let used = 0;
    while (used < words.length) {
      used = Math.min(words.length, used + this.timing.int(1, 4));
      accumulated.push(words.slice(0, used).join(' '));
    }
    return accumulated;
  }

  private composeAnalysis(): string {
    const stats = this.conversationStats;
    return [
      `**Engagement:** ${stats.userTurns} user turn(s); the replica spoke ${stats.replicaSpeeches} time(s) and was interrupted ${stats.interruptions} time(s).`,
      `**Attention:** the participant faced the screen about ${this.content.int(60, 95)}% of the call.`,
      `**Tools:** ${stats.toolCalls} tool call(s), ${stats.perceptionCalls} perception tool call(s).`,
      `**Context:** ${describeContext(this.context)}`,
    ].join('\n');
  }
}

function roundSeconds(ms: number): number {
  return Math.round(ms / 10) / 100;
}

/** Words added by chunk `index` (chunks hold accumulated text). */
function wordCount(accumulated: readonly string[], index: number): number {
  const count = (text: string | undefined) => (text === undefined || text === '' ? 0 : text.split(' ').length);
  return Math.max(1, count(accumulated[index]) - count(accumulated[index - 1]));
}
