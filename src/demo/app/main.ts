/**
 * "The customer's app": a small Tavus CVI integration on daily-js. It knows nothing about the
 * extension and exposes nothing for it; the extension has to find the call on its own.
 */
import { DEFAULT_KNOBS, parseKnobs, writeKnobs, type SimulatorKnobs } from '../../sim/knobs';
import { ECHO_CHUNK_MS, ECHO_SAMPLE_RATE, beepPcm, pcmChunks } from './audio-echo';
import { createDemoCall, readDailyVersion, type DailyVersion, type DemoCall } from './daily-loader';
import { Transcript, type TavusEventData } from './transcript';

/** Fake room URL: the offline call machine never dials it, but daily-js requires one. */
const ROOM_URL = 'https://tavus.daily.co/cvi-offline-demo';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`demo page is missing #${id}`);
  return found as T;
}

const ui = {
  join: element<HTMLButtonElement>('join'),
  leave: element<HTMLButtonElement>('leave'),
  status: element<HTMLSpanElement>('status'),
  userSpeaking: element<HTMLSpanElement>('user-speaking'),
  replicaSpeaking: element<HTMLSpanElement>('replica-speaking'),
  dailyVersion: element<HTMLSpanElement>('daily-version'),
  transcript: element<HTMLOListElement>('transcript'),
  chat: element<HTMLFormElement>('chat'),
  chatText: element<HTMLInputElement>('chat-text'),
  send: element<HTMLButtonElement>('send'),
  echo: element<HTMLButtonElement>('echo'),
  echoAudio: element<HTMLButtonElement>('echo-audio'),
  interrupt: element<HTMLButtonElement>('interrupt'),
  appendContext: element<HTMLButtonElement>('append-context'),
  overwriteContext: element<HTMLButtonElement>('overwrite-context'),
  pauseSensitivity: element<HTMLSelectElement>('pause-sensitivity'),
  interruptSensitivity: element<HTMLSelectElement>('interrupt-sensitivity'),
  sensitivity: element<HTMLButtonElement>('sensitivity'),
  autoTool: element<HTMLInputElement>('auto-tool'),
  knobs: element<HTMLFormElement>('knobs'),
};

const transcript = new Transcript(ui.transcript);
const interactionButtons = [
  ui.chatText,
  ui.send,
  ui.echo,
  ui.echoAudio,
  ui.interrupt,
  ui.appendContext,
  ui.overwriteContext,
  ui.sensitivity,
];

let call: DemoCall | undefined;
let loadedVersion: DailyVersion | undefined;
let conversationId = '';
let replicaPresent = false;
let lastSeq = 0;
let lastError = '';

// ---- status ---------------------------------------------------------------------------------

function renderStatus(): void {
  const state = call?.meetingState() ?? 'new';
  const parts = [`call: ${state}`, `replica: ${replicaPresent ? 'present' : 'absent'}`];
  if (conversationId !== '') parts.push(`conversation: ${conversationId}`);
  if (lastSeq > 0) parts.push(`last seq: ${lastSeq}`);
  if (lastError !== '') parts.push(`error: ${lastError}`);
  ui.status.textContent = parts.join(' · ');
  const joined = state === 'joined-meeting';
  ui.join.disabled = joined || state === 'joining-meeting';
  ui.leave.disabled = !joined;
  for (const control of interactionButtons) control.disabled = !(joined && replicaPresent);
}

function setSpeaking(role: unknown, speaking: boolean): void {
  const badge = role === 'user' ? ui.userSpeaking : ui.replicaSpeaking;
  badge.classList.toggle('on', speaking);
}

// ---- sending --------------------------------------------------------------------------------

function send(eventType: string, properties?: Record<string, unknown>): void {
  if (call === undefined) return;
  const message: Record<string, unknown> = {
    message_type: 'conversation',
    event_type: eventType,
    conversation_id: conversationId,
  };
  if (properties !== undefined) message.properties = properties;
  try {
    call.sendAppMessage(message, '*');
    lastError = '';
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
  }
  renderStatus();
}

function takeText(fallback: string): string {
  const text = ui.chatText.value.trim();
  ui.chatText.value = '';
  return text === '' ? fallback : text;
}

async function sendAudioEcho(): Promise<void> {
  const inferenceId = crypto.randomUUID();
  const chunks = pcmChunks(beepPcm(1));
  for (const [index, audio] of chunks.entries()) {
    send('conversation.echo', {
      modality: 'audio',
      audio,
      sample_rate: ECHO_SAMPLE_RATE,
      inference_id: inferenceId,
      done: index === chunks.length - 1,
    });
    // Real time pacing keeps under Daily's app-message rate limit.
    await new Promise((resolve) => setTimeout(resolve, ECHO_CHUNK_MS));
  }
}

/** What this app's backend would return for its get_weather tool. */
function fakeWeather(argumentsJson: unknown): Record<string, unknown> {
  let location = 'somewhere';
  try {
    const parsed = JSON.parse(String(argumentsJson)) as { location?: unknown };
    if (typeof parsed.location === 'string') location = parsed.location;
  } catch {
    // Keep the default; the replica still gets an answer.
  }
  const seed = [...location].reduce((sum, char) => sum + char.charCodeAt(0), 0);
  return { location, temp_c: 8 + (seed % 20), sky: ['clear', 'fog', 'light rain', 'overcast'][seed % 4] };
}

// ---- receiving ------------------------------------------------------------------------------

function onTavusEvent(data: TavusEventData, fromId: unknown): void {
  if (!transcript.accept(data)) return;
  if (typeof data.seq === 'number') lastSeq = Math.max(lastSeq, data.seq);
  const props = data.properties ?? {};
  const inferenceId = typeof data.inference_id === 'string' ? data.inference_id : 'unknown';
  switch (data.event_type) {
    case 'system.replica_joined':
    case 'system.pal_joined':
      if (!replicaPresent) transcript.note(`Replica joined (session ${String(fromId)}).`);
      replicaPresent = true;
      if (typeof (data as { conversation_id?: unknown }).conversation_id === 'string') {
        conversationId = (data as { conversation_id: string }).conversation_id;
      }
      break;
    case 'conversation.utterance':
      if (props.role === 'user') transcript.userSaid(String(props.speech ?? ''));
      else transcript.replicaUtterance(inferenceId, String(props.speech ?? ''));
      break;
    case 'conversation.utterance.streaming':
      if (props.role !== 'user') {
        transcript.replicaStreaming(
          inferenceId,
          String(props.speech ?? ''),
          Number(props.content_index ?? 0),
          props.is_interrupted === true,
        );
      }
      break;
    case 'conversation.started_speaking':
    case 'conversation.stopped_speaking':
      setSpeaking(props.role, data.event_type === 'conversation.started_speaking');
      break;
    case 'conversation.tool_call':
      transcript.note(`Tool call ${String(props.name)}(${String(props.arguments)}) id ${String(props.tool_call_id)}`);
      if (props.name === 'get_weather' && ui.autoTool.checked) {
        const toolCallId = props.tool_call_id;
        const output = fakeWeather(props.arguments);
        setTimeout(
          () => send('conversation.tool_result', { tool_call_id: toolCallId, output, status: 'success' }),
          500,
        );
      }
      break;
    case 'conversation.perception_tool_call': {
      const frames = Array.isArray(props.frames) ? (props.frames as { data?: unknown }[]) : [];
      const frame = typeof frames[0]?.data === 'string' ? frames[0].data : undefined;
      transcript.note(`Perception (${String(props.modality)}): ${String(props.name)}`, frame);
      break;
    }
    case 'conversation.perception_analysis':
      transcript.note(`Perception analysis:\n${String(props.analysis ?? '')}`);
      break;
    default:
      break;
  }
  renderStatus();
}

// ---- call lifecycle -------------------------------------------------------------------------

async function ensureCall(): Promise<DemoCall> {
  if (call !== undefined) return call;
  const version = readDailyVersion(new URLSearchParams(location.search));
  const created = await createDemoCall(version);
  call = created.call;
  loadedVersion = version;
  ui.dailyVersion.textContent = `daily-js ${created.version}`;
  call.on('app-message', (event) => onTavusEvent((event.data ?? {}) as TavusEventData, event.fromId));
  for (const state of ['joining-meeting', 'joined-meeting', 'participant-joined', 'participant-left'])
    call.on(state, renderStatus);
  call.on('left-meeting', () => {
    replicaPresent = false;
    setSpeaking('user', false);
    setSpeaking('replica', false);
    renderStatus();
  });
  call.on('error', (event) => {
    lastError = String(event.errorMsg ?? 'unknown error');
    renderStatus();
  });
  return call;
}

async function join(): Promise<void> {
  lastError = '';
  lastSeq = 0;
  conversationId = '';
  transcript.clear();
  try {
    const activeCall = await ensureCall();
    const joining = activeCall.join({ url: ROOM_URL, userName: 'Demo user' });
    renderStatus();
    await joining;
  } catch (error) {
    lastError = error instanceof Error ? error.message : String(error);
  }
  renderStatus();
}

async function leave(): Promise<void> {
  await call?.leave();
  renderStatus();
}

// ---- settings -------------------------------------------------------------------------------

function fillKnobsForm(knobs: SimulatorKnobs, version: DailyVersion): void {
  const field = (name: string) => ui.knobs.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  field('seed').value = String(knobs.seed);
  field('speed').value = String(knobs.speed);
  field('jitter').value = String(knobs.jitterMs);
  field('drop').value = String(knobs.dropRate);
  field('dup').value = String(knobs.dupRate);
  field('perception').value = String(knobs.perceptionRate);
  (field('pal') as HTMLInputElement).checked = knobs.pal;
  field('heartbeat').value = String(knobs.heartbeatMs);
  (field('objectives') as HTMLInputElement).checked = knobs.objectives;
  (field('guardrails') as HTMLInputElement).checked = knobs.guardrails;
  (field('botecho') as HTMLInputElement).checked = knobs.botEcho;
  (field('oversize') as HTMLInputElement).checked = knobs.oversize;
  field('daily').value = version;
}

function applyKnobsForm(event: SubmitEvent): void {
  event.preventDefault();
  const form = new FormData(ui.knobs);
  const asQuery = new URLSearchParams();
  for (const name of ['seed', 'speed', 'jitter', 'drop', 'dup', 'perception', 'heartbeat'])
    asQuery.set(name, String(form.get(name) ?? ''));
  for (const name of ['pal', 'objectives', 'guardrails', 'botecho', 'oversize'])
    asQuery.set(name, form.get(name) === null ? '0' : '1');
  const knobs = parseKnobs(asQuery);
  const url = new URL(location.href);
  writeKnobs(knobs, url.searchParams);
  const version = readDailyVersion(new URLSearchParams({ daily: String(form.get('daily') ?? '') }));
  if (version === '0.92') url.searchParams.delete('daily');
  else url.searchParams.set('daily', version);
  url.searchParams.delete('autojoin');
  // The call machine reads the knobs from the URL at join; a different daily-js needs a fresh page.
  if (loadedVersion !== undefined && version !== loadedVersion) location.assign(url);
  else history.replaceState(null, '', url);
  fillKnobsForm(knobs, version);
}

// ---- wiring ---------------------------------------------------------------------------------

ui.join.addEventListener('click', () => void join());
ui.leave.addEventListener('click', () => void leave());
ui.chat.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = takeText('');
  if (text !== '') send('conversation.respond', { text });
});
ui.echo.addEventListener('click', () =>
  send('conversation.echo', {
    modality: 'text',
    text: takeText('Welcome back! This line was echoed word for word.'),
    done: true,
  }),
);
ui.echoAudio.addEventListener('click', () => void sendAudioEcho());
ui.interrupt.addEventListener('click', () => send('conversation.interrupt'));
ui.appendContext.addEventListener('click', () =>
  send('conversation.append_llm_context', {
    context: takeText('The user is on the Pro plan, renewing on 2026-07-01.'),
  }),
);
ui.overwriteContext.addEventListener('click', () =>
  send('conversation.overwrite_llm_context', { context: takeText('The user is a new visitor looking at pricing.') }),
);
ui.sensitivity.addEventListener('click', () =>
  send('conversation.sensitivity', {
    participant_pause_sensitivity: ui.pauseSensitivity.value,
    participant_interrupt_sensitivity: ui.interruptSensitivity.value,
  }),
);
ui.knobs.addEventListener('submit', applyKnobsForm);

const pageParams = new URLSearchParams(location.search);
fillKnobsForm({ ...DEFAULT_KNOBS, ...parseKnobs(pageParams) }, readDailyVersion(pageParams));
renderStatus();
if (pageParams.get('autojoin') === '1') void join();
