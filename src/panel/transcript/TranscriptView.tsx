/**
 * The Transcript tab: the conversation as a chat (user and replica lines with times, interruptions, what the
 * replica generated but did not speak, tool calls with their reply, the app's sends), copied as text or Markdown.
 * Everything page-provided is rendered as text nodes.
 */
import { useMemo, useState } from 'preact/hooks';
import {
  buildTranscript,
  transcriptMarkdown,
  transcriptText,
  type TranscriptFormat,
  type TranscriptLine,
} from '../../log/transcript';
import { copyText } from '../ui/clipboard';
import { formatClockTime, formatDuration } from '../ui/format';
import type { PanelStore } from '../store';
import './transcript.css';

const FORMAT: TranscriptFormat = { time: formatClockTime, duration: formatDuration };
/** Lines rendered at once; the copy always has all of them. */
const LINES_SHOWN = 500;

export function TranscriptView({ store }: { store: PanelStore }) {
  const revision = store.revision.value;
  const callId = store.callFilter.value;
  const lines = useMemo(() => {
    const events = [...store.log.events()].filter((e) => callId === undefined || e.callId === callId);
    return buildTranscript(events);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the log changes in place; revision says when
  }, [store, revision, callId]);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const [showApp, setShowApp] = useState(true);

  if (lines.length === 0)
    return (
      <div class="empty-state text-secondary" data-testid="transcript-empty">
        No conversation yet. The transcript shows what the user and the replica say (utterances and streaming
        utterances), tool calls and the app&apos;s sends.
      </div>
    );

  const shownLines = (showApp ? lines : lines.filter((l) => l.type !== 'app')).slice(-LINES_SHOWN);
  const copy = async (as: 'text' | 'markdown') => {
    const text = as === 'text' ? transcriptText(lines, FORMAT) : transcriptMarkdown(lines, FORMAT);
    const ok = await copyText(text);
    setCopied(ok ? `Copied ${lines.length} lines as ${as === 'text' ? 'text' : 'Markdown'}` : 'Copy failed');
  };
  const hidden = (showApp ? lines.length : lines.filter((l) => l.type !== 'app').length) - shownLines.length;

  return (
    <div class="tr" data-testid="transcript">
      <div class="tr-bar">
        <button
          type="button"
          class="toolbar-button has-label"
          data-testid="copy-text"
          onClick={() => void copy('text')}
        >
          Copy as text
        </button>
        <button
          type="button"
          class="toolbar-button has-label"
          data-testid="copy-markdown"
          onClick={() => void copy('markdown')}
        >
          Copy as Markdown
        </button>
        <label class="tr-check">
          <input type="checkbox" checked={showApp} onChange={(e) => setShowApp(e.currentTarget.checked)} /> app sends
        </label>
        <span class="text-secondary" role="status" data-testid="copy-status">
          {copied ?? `${lines.length} lines`}
        </span>
      </div>
      {hidden > 0 && (
        <div class="text-secondary tr-hidden">{hidden} earlier lines not shown here (the copy has them all)</div>
      )}
      <ol class="tr-lines">
        {shownLines.map((line) => (
          <Line key={line.key} line={line} store={store} />
        ))}
      </ol>
    </div>
  );
}

function Time({ at, store, id }: { at: number; store: PanelStore; id: number | undefined }) {
  return (
    <button
      type="button"
      class="tr-time mono"
      title="Show in Events"
      onClick={() => {
        if (id === undefined) return;
        store.select(id, true);
        store.tab.value = 'events';
      }}
    >
      {formatClockTime(at)}
    </button>
  );
}

function Line({ line, store }: { line: TranscriptLine; store: PanelStore }) {
  const first = line.eventIds[0];
  if (line.type !== 'tool' && line.type !== 'app') {
    const text = line.spoken ?? line.generated ?? '';
    const generatedDiffers =
      line.type === 'replica' &&
      line.unspoken === undefined &&
      line.generated !== undefined &&
      line.spoken !== undefined &&
      line.generated.trim() !== line.spoken.trim();
    return (
      <li class={`tr-line tr-${line.type}`} data-testid="transcript-line" data-type={line.type}>
        <div class="tr-head">
          <b class="tr-who">{line.type === 'user' ? 'User' : 'Replica'}</b>
          <Time at={line.at} store={store} id={first} />
          {line.viaRespond && (
            <span class="badge badge-orange" title="The app sent this text with conversation.respond">
              typed
            </span>
          )}
          {line.interrupted && (
            <span class="badge badge-orange" data-testid="interrupted">
              interrupted
            </span>
          )}
          {line.inProgress && <span class="badge badge-blue">speaking…</span>}
          {line.durationS !== undefined && <span class="text-secondary">{formatDuration(line.durationS * 1000)}</span>}
          {line.type === 'replica' && line.spoken === undefined && line.generated !== undefined && (
            <span class="text-secondary" title="No streaming utterance: only the generated text is known">
              generated
            </span>
          )}
        </div>
        <div class="tr-text">
          {line.spoken === '' && line.interrupted ? (
            <span class="tr-nothing text-secondary">(nothing spoken)</span>
          ) : (
            <span class="tr-spoken">{text}</span>
          )}
          {line.unspoken && (
            <>
              {' '}
              <span class="tr-unspoken" data-testid="unspoken" title="Generated by the LLM but never spoken">
                {line.unspoken}
              </span>
            </>
          )}
        </div>
        {generatedDiffers && (
          <div class="tr-generated text-secondary">
            <span>generated:</span> {line.generated}
          </div>
        )}
      </li>
    );
  }
  if (line.type === 'tool') {
    const args = line.args === undefined ? '' : typeof line.args === 'string' ? line.args : JSON.stringify(line.args);
    return (
      <li class="tr-line tr-tool" data-testid="transcript-line" data-type="tool">
        <div class="tr-head">
          <b class="tr-who">{line.perception ? 'Perception tool' : 'Tool call'}</b>
          <Time at={line.at} store={store} id={first} />
          <code class="tr-tool-name">{line.name ?? '?'}</code>
          {line.reply ? (
            <span class="text-secondary">
              reply after {formatDuration(line.reply.at - line.at)}
              {line.reply.status ? ` · ${line.reply.status}` : ''}
            </span>
          ) : line.expectsReply ? (
            <span class="badge badge-yellow">no reply yet</span>
          ) : (
            <span class="text-secondary" title="Perception tools are fire-and-forget unless the app replies">
              no reply expected
            </span>
          )}
        </div>
        {args && <pre class="tr-code">{args}</pre>}
        {line.reply && (
          <div class="tr-reply">
            <span class="text-secondary">↳ {line.reply.eventType}:</span>
            <pre class="tr-code">{line.reply.text}</pre>
          </div>
        )}
      </li>
    );
  }
  return (
    <li class="tr-line tr-app" data-testid="transcript-line" data-type="app">
      <div class="tr-head">
        <b class="tr-who">App</b>
        <Time at={line.at} store={store} id={first} />
        <span class="mono text-secondary">{line.eventType}</span>
      </div>
      <div class="tr-text">{line.text}</div>
    </li>
  );
}
