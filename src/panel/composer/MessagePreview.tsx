/** The exact JSON that will be sent, the validator's findings under it, and Daily's size count. */
import { useState } from 'preact/hooks';
import type { Issue } from '../../protocol/interactions';
import type { ComposerState } from './state';

/** Base64 audio is abbreviated in the preview only; the size counter counts the real message. */
const PREVIEW_AUDIO_CHARS = 48;

export function MessagePreview({ state }: { state: ComposerState }) {
  const built = state.built.value;
  const validation = state.validation.value;
  const audio = state.mode.value === 'audio_echo';
  const [compact, setCompact] = useState(false);
  if (!built.ok) return null;
  const text = JSON.stringify(built.data, audio ? abbreviateAudio : undefined, compact ? undefined : 2);
  return (
    <section class="composer-preview" aria-label="Message preview">
      <div class="composer-section-title">
        <span>{audio ? 'First chunk (audio abbreviated here, sent in full)' : 'JSON to send'}</span>
        <label
          class="checkbox composer-checkbox"
          title="Show the JSON text exactly as it goes into sendAppMessage (no indentation)"
        >
          <input
            type="checkbox"
            checked={compact}
            onChange={(event) => setCompact(event.currentTarget.checked)}
            data-testid="composer-compact"
          />
          <span>as sent</span>
        </label>
        <SizeCounter state={state} />
      </div>
      <pre class="composer-preview-json mono" data-testid="composer-preview">
        {text}
      </pre>
      {validation && <IssueList errors={validation.errors} warnings={validation.warnings} />}
    </section>
  );
}

export function SizeCounter({ state }: { state: ComposerState }) {
  const size = state.size.value;
  const max = state.maxSize.value;
  if (size === undefined) return null;
  const over = size > max;
  const shown = Number.isFinite(size) ? size.toLocaleString('en-US') : '∞';
  return (
    <span
      class={over ? 'composer-size over' : 'composer-size'}
      title={`JSON.stringify(data).length, the number daily-js compares with the call's limit (${max})`}
      data-testid="composer-size"
      data-over={over ? 'true' : 'false'}
    >
      {shown} / {max.toLocaleString('en-US')} chars
    </span>
  );
}

function IssueList({ errors, warnings }: { errors: readonly Issue[]; warnings: readonly Issue[] }) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <ul class="composer-issues" data-testid="composer-issues">
      {errors.map((issue, index) => (
        <li key={`e${index}`} class="composer-issue composer-issue-error" data-kind="error">
          <span class="composer-issue-icon" aria-label="error">
            ✖
          </span>
          {issue.path && <span class="mono composer-issue-path">{issue.path}</span>}
          <span>{issue.message}</span>
        </li>
      ))}
      {warnings.map((issue, index) => (
        <li key={`w${index}`} class="composer-issue composer-issue-warning" data-kind="warning">
          <span class="composer-issue-icon" aria-label="warning">
            ▲
          </span>
          {issue.path && <span class="mono composer-issue-path">{issue.path}</span>}
          <span>{issue.message}</span>
        </li>
      ))}
    </ul>
  );
}

function abbreviateAudio(key: string, value: unknown): unknown {
  if (key === 'audio' && typeof value === 'string' && value.length > PREVIEW_AUDIO_CHARS) {
    return `${value.slice(0, PREVIEW_AUDIO_CHARS)}… (${value.length} base64 chars)`;
  }
  return value;
}
