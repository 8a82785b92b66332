/** Audio echo from a WAV file: decode, convert, plan chunks that fit the call's limit, send paced, Stop. */
import { echoProgress } from '../../protocol/audio';
import { formatBytes } from '../ui/format';
import { Field } from './FormFields';
import { DEFAULT_ECHO_LEAD_MS, ECHO_CHUNK_CHOICES, ECHO_SAMPLE_RATES, type ComposerState } from './state';

export function AudioEchoForm({ state }: { state: ComposerState }) {
  const file = state.echoFile.value;
  const pcm = state.echoPcm.value;
  const plan = state.echoPlan.value;
  const run = state.echoRun.value;
  const sending = run.status === 'sending';
  const problem = file ? state.echoInputProblem() : undefined;
  const pacing = state.echoPacing.value;

  return (
    <>
      <Field
        label="WAV file"
        htmlFor="composer-echo-file"
        hint="PCM 8/16/24/32-bit or float WAV; mixed to mono and resampled here."
      >
        <div class="composer-row">
          <input
            id="composer-echo-file"
            type="file"
            accept=".wav,audio/wav,audio/x-wav,audio/wave"
            class="composer-file"
            disabled={sending}
            onChange={async (event) => {
              const chosen = event.currentTarget.files?.[0];
              state.setEchoFile(
                chosen ? { name: chosen.name, bytes: new Uint8Array(await chosen.arrayBuffer()) } : undefined,
              );
            }}
            data-testid="composer-echo-file"
          />
        </div>
      </Field>
      <Field
        label="sample_rate"
        htmlFor="composer-echo-rate"
        hint="Tavus recommends 24000 Hz; it assumes 16000 when the field is missing."
      >
        <select
          id="composer-echo-rate"
          class="composer-control composer-narrow"
          value={String(state.echoSampleRate.value)}
          disabled={sending}
          onChange={(event) => (state.echoSampleRate.value = Number(event.currentTarget.value))}
          data-testid="composer-echo-rate"
        >
          {ECHO_SAMPLE_RATES.map((rate) => (
            <option key={rate} value={String(rate)}>
              {rate} Hz{rate === 24000 ? ' (recommended)' : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="inference_id"
        htmlFor="composer-echo-inference"
        hint="One id for every chunk of this utterance; a new one is made after each send."
      >
        <input
          id="composer-echo-inference"
          type="text"
          class="composer-control mono"
          spellcheck={false}
          disabled={sending}
          value={state.echoInferenceId.value}
          onInput={(event) => (state.echoInferenceId.value = event.currentTarget.value)}
          data-testid="composer-echo-inference"
        />
      </Field>
      <EchoChunkAndPacing state={state} disabled={sending} />
      {problem && (
        <div class="composer-issue composer-issue-error" role="alert" data-testid="composer-echo-error">
          {problem}
        </div>
      )}
      {pcm?.ok && plan?.ok && (
        <div class="composer-echo-summary" data-testid="composer-echo-summary">
          <div>
            {file?.name}: {pcm.source.sampleRate} Hz,{' '}
            {pcm.source.channels === 1 ? 'mono' : `${pcm.source.channels} channels`}, {pcm.source.format},{' '}
            {pcm.source.durationSec.toFixed(2)} s → {pcm.sampleRate} Hz mono 16-bit, {formatBytes(pcm.pcm16.length)} of
            PCM
          </div>
          <div>
            {plan.messages.length} {plan.messages.length === 1 ? 'message' : 'messages'}: {round(plan.chunkMs)} ms (
            {plan.bytesPerChunk} bytes) of audio each, then a short silence marked done:true;{' '}
            {pacing.kind === 'lead' ? `up to ${pacing.leadMs} ms ahead of real time` : 'at real time'}
          </div>
          {[...pcm.warnings, ...plan.warnings].map((warning) => (
            <div key={warning} class="composer-issue composer-issue-warning">
              {warning}
            </div>
          ))}
        </div>
      )}
      {run.status !== 'idle' && <EchoProgressBar state={state} />}
    </>
  );
}

/** The call's limit (what chunk size follows), the chunk length and the pacing. */
function EchoChunkAndPacing({ state, disabled }: { state: ComposerState; disabled: boolean }) {
  const limit = state.maxSize.value;
  const reported = state.call.value?.maxAppMessageSize !== undefined;
  const pacing = state.echoPacing.value;
  return (
    <>
      <Field
        label="Chunk length"
        htmlFor="composer-echo-chunk"
        hint={`The call's app-message limit is ${limit} chars (${reported ? 'reported by the call' : "Daily's default; the call reported none"}). Auto sends Pipecat's 100 ms chunks when they fit it, else 50 ms.`}
      >
        <div class="composer-row">
          <select
            id="composer-echo-chunk"
            class="composer-control composer-narrow"
            value={String(state.echoChunkChoice.value)}
            disabled={disabled}
            onChange={(event) => {
              const value = event.currentTarget.value;
              state.echoChunkChoice.value = value === 'auto' ? 'auto' : value === '100' ? 100 : 50;
            }}
            data-testid="composer-echo-chunk"
          >
            {ECHO_CHUNK_CHOICES.map((choice) => (
              <option key={choice} value={String(choice)}>
                {choice === 'auto' ? 'auto (fit the limit)' : `${choice} ms`}
              </option>
            ))}
          </select>
          <span class="text-secondary mono" data-testid="composer-echo-limit">
            limit {limit}
          </span>
        </div>
      </Field>
      <Field
        label="Pacing"
        htmlFor="composer-echo-pacing"
        hint="Real time sends each chunk when its audio starts; a lead sends up to N ms ahead, as Pipecat's transport does."
      >
        <div class="composer-row">
          <select
            id="composer-echo-pacing"
            class="composer-control composer-narrow"
            value={pacing.kind}
            disabled={disabled}
            onChange={(event) =>
              (state.echoPacing.value =
                event.currentTarget.value === 'lead'
                  ? { kind: 'lead', leadMs: DEFAULT_ECHO_LEAD_MS }
                  : { kind: 'realtime' })
            }
            data-testid="composer-echo-pacing"
          >
            <option value="realtime">real time</option>
            <option value="lead">lead ahead</option>
          </select>
          {pacing.kind === 'lead' && (
            <input
              type="number"
              min={0}
              max={5000}
              step={10}
              aria-label="Lead in ms"
              class="composer-control composer-narrow"
              value={String(pacing.leadMs)}
              disabled={disabled}
              onInput={(event) => {
                const leadMs = Number(event.currentTarget.value);
                if (Number.isFinite(leadMs) && leadMs >= 0) state.echoPacing.value = { kind: 'lead', leadMs };
              }}
              data-testid="composer-echo-lead"
            />
          )}
        </div>
      </Field>
    </>
  );
}

function EchoProgressBar({ state }: { state: ComposerState }) {
  const run = state.echoRun.value;
  if (run.status === 'idle') return null;
  const progress = echoProgress(run, run.sentChunks);
  const statusText: Record<typeof run.status, string> = {
    sending: 'Sending',
    waiting: 'Connection lost; waiting',
    done: 'Sent',
    stopped: 'Stopped (conversation.interrupt sent)',
    failed: 'Failed',
    'connection-lost': 'Ended after a lost connection',
  };
  return (
    <div
      class={`composer-echo-progress status-${run.status}`}
      data-testid="composer-echo-progress"
      data-status={run.status}
    >
      <div class="composer-row">
        {/* First in the row, so the moving counts never shift it under the pointer. */}
        {run.status === 'sending' && (
          <button
            type="button"
            class="composer-button composer-stop"
            onClick={() => void state.stopEcho()}
            data-testid="composer-echo-stop"
          >
            Stop
          </button>
        )}
        <div
          class="composer-progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={progress.totalChunks}
          aria-valuenow={progress.sentChunks}
          aria-label="Audio echo progress"
        >
          <div class="composer-progress-fill" style={{ width: `${Math.round(progress.fraction * 1000) / 10}%` }} />
        </div>
        <span class="composer-progress-text mono" data-testid="composer-echo-counts">
          {progress.sentChunks} / {progress.totalChunks} chunks · {(progress.sentMs / 1000).toFixed(2)} /{' '}
          {(progress.totalMs / 1000).toFixed(2)} s
        </span>
      </div>
      <div
        class={run.error ? 'composer-issue composer-issue-error' : 'text-secondary'}
        role={run.error ? 'alert' : undefined}
      >
        {statusText[run.status]} {run.fileName} · inference_id <span class="mono">{run.inferenceId}</span>
        {run.error ? ` · ${run.error}` : ''}
      </div>
    </div>
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
