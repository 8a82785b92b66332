/**
 * The replay bar: load a recording (a session file, the rows shown, or the rows from the selected one), then play it
 * into the page's call like a debugger: play/pause, step, rewind, seek, speed, a breakpoint in the filter language,
 * loop, and how recorded values meet the live call. Rows it plays show `↻ replay` in the table.
 */
import { useRef } from 'preact/hooks';
import { Checkbox } from '../ui/Checkbox';
import { SessionFileInput } from '../ui/SessionFileInput';
import { Toolbar, ToolbarButton, ToolbarInput, ToolbarSelect, ToolbarSeparator, ToolbarText } from '../ui/Toolbar';
import { callLabel } from '../composer/target';
import type { ReplaySpeed } from '../../replay/engine';
import type { FromIdMode, ReplayModel } from './replay-model';
import './replay.css';

const SPEEDS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '0.25', label: '0.25×' },
  { value: '0.5', label: '0.5×' },
  { value: '1', label: '1×' },
  { value: '2', label: '2×' },
  { value: '4', label: '4×' },
  { value: '10', label: '10×' },
  { value: 'instant', label: 'no delay' },
];

const speedOf = (value: string): ReplaySpeed => (value === 'instant' ? 'instant' : Number(value));

/** The button that opens the bar (beside the view tabs). */
export function ReplayToggle({ replay }: { replay: ReplayModel }) {
  return (
    <ToolbarButton
      title="Replay a recorded session into the page's call (↻)"
      label="↻ Replay"
      class={replay.open.value ? 'replay-toggle open' : 'replay-toggle'}
      onClick={() => (replay.open.value = !replay.open.value)}
      data-testid="replay-toggle"
    />
  );
}

export function ReplayBar({ replay }: { replay: ReplayModel }) {
  const fileRef = useRef<HTMLInputElement | null>(null);
  if (!replay.open.value) return null;
  const source = replay.source.value;
  const state = replay.state.value;
  const total = source?.items.length ?? 0;
  const position = state?.position ?? 0;
  const playing = state?.status === 'playing';
  const blocked = replay.blockReason();
  const targets = replay.targets();
  const target = replay.target();
  const next = replay.item(position);
  const bpError = state?.breakpointError;

  let status: string;
  if (!source) status = 'Load a session file, or take rows from the log.';
  else if (state?.status === 'failed') status = `Stopped: ${state.error ?? 'delivery failed'}`;
  else if (state?.status === 'ended')
    status = `Done: ${total} events played${state.loops ? ` (${state.loops} loops)` : ''}.`;
  else if (state?.atBreakpoint && next) status = `Paused before #${position + 1} ${next.event.eventType} (breakpoint)`;
  else if (next) status = `${playing ? 'Playing' : 'Next'}: #${position + 1} ${next.event.eventType}`;
  else status = '';

  return (
    <div class="replay-bar" role="region" aria-label="Replay" data-testid="replay-bar">
      <Toolbar ariaLabel="Replay source and transport" class="replay-row">
        <button
          type="button"
          class="toolbar-button has-label"
          title="Load a session file exported by CVI DevTools (redacted or not)"
          onClick={() => fileRef.current?.click()}
          data-testid="replay-load"
        >
          Load file…
        </button>
        <ToolbarSelect<'pick' | 'shown' | 'from-selected'>
          title="Replay rows of the log"
          value="pick"
          options={[
            { value: 'pick', label: 'From log…' },
            { value: 'shown', label: 'Rows shown' },
            { value: 'from-selected', label: 'From selected row' },
          ]}
          onChange={(which) => {
            if (which !== 'pick') replay.loadFromLog(which);
          }}
          data-testid="replay-from-log"
        />
        <ToolbarText title={source?.skippedText || undefined}>
          <span class="replay-source" data-testid="replay-source">
            {source ? `${source.label} · ${total} events` : 'no recording'}
          </span>
        </ToolbarText>
        <ToolbarSeparator />
        {playing ? (
          <ToolbarButton title="Pause" icon="pause" onClick={() => replay.pause()} data-testid="replay-pause" />
        ) : (
          <ToolbarButton
            title={blocked ?? 'Play into the page'}
            icon="play"
            disabled={blocked !== undefined}
            onClick={() => replay.play()}
            data-testid="replay-play"
          />
        )}
        <ToolbarButton
          title="Step: deliver the next event only"
          label="Step"
          disabled={blocked !== undefined || position >= total}
          onClick={() => void replay.step()}
          data-testid="replay-step"
        />
        <ToolbarButton
          title="Back to the first event"
          label="⏮"
          disabled={!source}
          onClick={() => replay.rewind()}
          data-testid="replay-rewind"
        />
        <ToolbarSelect
          title="Speed (recorded timing × speed, or no delay)"
          value={String(replay.speed.value)}
          options={SPEEDS}
          onChange={(value) => replay.setSpeed(speedOf(value))}
          data-testid="replay-speed"
        />
        <Checkbox
          label="Loop"
          checked={replay.loop.value}
          onChange={(loop) => replay.setLoop(loop)}
          data-testid="replay-loop"
        />
        <input
          type="range"
          class="replay-seek"
          min={0}
          max={Math.max(total, 0)}
          value={position}
          disabled={!source}
          aria-label="Seek: the next event to play"
          title="Seek: the next event to play"
          onInput={(e) => replay.seek(Number(e.currentTarget.value))}
          data-testid="replay-seek"
        />
        <ToolbarText>
          <span data-testid="replay-position">
            {position} / {total}
          </span>
        </ToolbarText>
        <button
          type="button"
          class="toolbar-button replay-close"
          title="Close the replay bar (pauses)"
          aria-label="Close the replay bar"
          onClick={() => replay.close()}
        >
          ×
        </button>
      </Toolbar>
      <Toolbar ariaLabel="Replay options" class="replay-row">
        <ToolbarInput
          value={replay.breakpoint.value}
          onInput={(text) => replay.setBreakpoint(text)}
          placeholder="Break before: type:tool_call, turn:3…"
          ariaLabel="Breakpoint filter: pause before events that match"
          width={190}
          invalid={bpError !== undefined}
          data-testid="replay-breakpoint"
        />
        <Checkbox
          label="conversation_id → live"
          title="Rewrite conversation_id to the live call's; off keeps the recording's"
          checked={replay.rewriteConversation.value}
          onChange={(on) => (replay.rewriteConversation.value = on)}
          data-testid="replay-rewrite-id"
        />
        <Checkbox
          label="seq after live"
          title="Renumber seq to continue after the live traffic (the recording's disorder kept); off keeps the recorded seq, to reproduce an ordering bug exactly"
          checked={replay.continueSeq.value}
          onChange={(on) => (replay.continueSeq.value = on)}
          data-testid="replay-continue-seq"
        />
        <ToolbarSelect<FromIdMode>
          title="Sender (fromId) of the replayed events"
          value={replay.fromMode.value}
          options={[
            { value: 'replica', label: 'from: replica' },
            { value: 'recorded', label: 'from: recorded' },
            { value: 'custom', label: 'from: …' },
          ]}
          onChange={(mode) => (replay.fromMode.value = mode)}
          data-testid="replay-from"
        />
        {replay.fromMode.value === 'custom' && (
          <ToolbarInput
            value={replay.customFromId.value}
            onInput={(text) => (replay.customFromId.value = text)}
            placeholder="session id"
            icon={null}
            width={110}
            data-testid="replay-from-custom"
          />
        )}
        {targets.length > 1 && (
          <ToolbarSelect
            title="The call to play into"
            value={target?.callId ?? ''}
            options={targets.map((call) => ({ value: call.callId, label: callLabel(call) }))}
            onChange={(callId) => (replay.wantedCallId.value = callId)}
            data-testid="replay-target"
          />
        )}
      </Toolbar>
      <div class="replay-status" role="status" data-testid="replay-status">
        <span class="replay-mark">↻</span> {status}
        {bpError && <span class="replay-error"> · breakpoint: {bpError}</span>}
        {replay.message.value && (
          <span class={replay.message.value.kind === 'error' ? 'replay-error' : 'text-secondary'}>
            {' '}
            · {replay.message.value.text}
          </span>
        )}
        {!replay.message.value && blocked && source && <span class="text-secondary"> · {blocked}</span>}
      </div>
      <SessionFileInput
        inputRef={fileRef}
        data-testid="replay-file"
        onFile={(file) => void file.text().then((text) => replay.loadSessionText(text, file.name))}
      />
    </div>
  );
}
