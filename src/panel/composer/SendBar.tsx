/** Send (Ctrl+Enter), why it is disabled, and what the page answered to the last send. */
import { useState } from 'preact/hooks';
import { toSendAppMessageSnippet } from '../../protocol/interactions';
import { copyText } from '../ui/clipboard';
import { formatClockTime } from '../ui/format';
import { normalizeRecipient } from './target';
import type { ComposerState } from './state';

export function SendBar({ state }: { state: ComposerState }) {
  const reason = state.blockReason.value;
  const last = state.lastSend.value;
  const built = state.built.value;
  const audio = state.mode.value === 'audio_echo';
  const echoSending = state.echoRun.value.status === 'sending';
  const [naming, setNaming] = useState(false);
  const [snippetName, setSnippetName] = useState('');
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const recipient = normalizeRecipient(state.recipient.value);

  return (
    <div class="composer-sendbar">
      <div class="composer-row">
        <button
          type="button"
          class="composer-send"
          disabled={reason !== undefined}
          title={reason ?? (audio ? 'Send the audio at real time (Ctrl+Enter)' : 'Send into the call (Ctrl+Enter)')}
          onClick={() => void state.send()}
          data-testid="composer-send"
        >
          {audio ? (echoSending ? 'Sending audio…' : 'Send audio') : state.sending.value ? 'Sending…' : 'Send'}
        </button>
        <span class="composer-shortcut text-secondary">Ctrl+Enter</span>
        {!audio && (
          <>
            <button
              type="button"
              class="composer-button"
              disabled={!built.ok}
              title="Copy as a call.sendAppMessage(…) snippet for your app or the console"
              onClick={async () => {
                if (!built.ok) return;
                const ok = await copyText(toSendAppMessageSnippet(built.data, recipient.ok ? recipient.to : '*'));
                setCopied(ok ? 'Snippet copied' : 'Copy failed');
                setTimeout(() => setCopied(undefined), 1500);
              }}
            >
              Copy snippet
            </button>
            {naming ? (
              <form
                class="composer-row"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (state.saveSnippet(snippetName)) {
                    setNaming(false);
                    setSnippetName('');
                  }
                }}
              >
                <input
                  class="composer-control composer-narrow"
                  type="text"
                  placeholder="Snippet name"
                  aria-label="Snippet name"
                  value={snippetName}
                  autoFocus
                  onInput={(event) => setSnippetName(event.currentTarget.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Escape') setNaming(false);
                  }}
                  data-testid="composer-snippet-name"
                />
                <button
                  type="submit"
                  class="composer-button"
                  disabled={snippetName.trim() === ''}
                  data-testid="composer-snippet-save"
                >
                  Save
                </button>
              </form>
            ) : (
              <button
                type="button"
                class="composer-button"
                disabled={!built.ok}
                title="Keep this message as a named snippet"
                onClick={() => setNaming(true)}
                data-testid="composer-save-snippet"
              >
                Save as snippet
              </button>
            )}
          </>
        )}
        {copied && <span class="text-secondary">{copied}</span>}
      </div>
      {reason !== undefined && !state.sending.value && (
        <div class="composer-block-reason" role="status" data-testid="composer-block-reason">
          {reason}
        </div>
      )}
      {last && !audio && (
        <div
          class={last.ok ? 'composer-outcome ok' : 'composer-outcome failed'}
          role={last.ok ? 'status' : 'alert'}
          data-testid="composer-outcome"
          data-ok={last.ok ? 'true' : 'false'}
        >
          {last.ok
            ? `✓ Sent ${last.eventType} at ${formatClockTime(last.at)}; it appears in Events as ↑ devtools.`
            : `✖ ${last.eventType} was not sent: ${last.error ?? 'unknown error'}`}
        </div>
      )}
    </div>
  );
}
