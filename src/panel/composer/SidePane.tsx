/** Sent history (per page origin) and saved snippets, each one click from the editor. */
import { useState } from 'preact/hooks';
import { Tabs } from '../ui/Tabs';
import { formatClockTime } from '../ui/format';
import { HISTORY_CAP, HISTORY_TTL_MS } from './history';
import type { ComposerState } from './state';

type SideTab = 'history' | 'snippets';

export function SidePane({ state }: { state: ComposerState }) {
  const [tab, setTab] = useState<SideTab>('history');
  const history = state.history.value;
  const snippets = state.snippets.value;
  return (
    <div class="composer-side">
      <Tabs<SideTab>
        ariaLabel="Composer history and snippets"
        idPrefix="composer-side"
        tabs={[
          { id: 'history', title: 'History', badge: history.length || undefined },
          { id: 'snippets', title: 'Snippets', badge: snippets.length || undefined },
        ]}
        selectedId={tab}
        onSelect={setTab}
      />
      {state.storageError.value && <div class="composer-issue composer-issue-error">{state.storageError.value}</div>}
      <div class="composer-side-body">
        {tab === 'history' ? <HistoryList state={state} /> : <SnippetList state={state} />}
      </div>
    </div>
  );
}

function HistoryList({ state }: { state: ComposerState }) {
  const history = state.history.value;
  const enabled = state.historyEnabled.value;
  const toggle = (
    <label
      class="composer-history-toggle"
      title="Off: nothing you send is recorded, and the history stored for every origin is wiped"
    >
      <input
        type="checkbox"
        checked={enabled}
        onChange={(e) => state.setHistoryEnabled(e.currentTarget.checked)}
        data-testid="composer-history-enabled"
      />{' '}
      Keep history
    </label>
  );
  if (history.length === 0) {
    return (
      <>
        <div class="composer-side-header text-secondary">{toggle}</div>
        <div class="composer-empty text-secondary" data-testid="composer-history-empty">
          {enabled
            ? `Messages you send from here are kept for ${state.origin.value}: the last ${HISTORY_CAP}, for ${HISTORY_TTL_MS / 86_400_000} days; failed sends without their JSON.`
            : 'History is off: nothing you send is recorded.'}
        </div>
      </>
    );
  }
  return (
    <>
      <div class="composer-side-header text-secondary">
        {toggle}
        <span title={`History is kept per page origin: ${state.origin.value}`}>{state.origin.value}</span>
        <button
          type="button"
          class="composer-link"
          onClick={() => state.clearHistory()}
          data-testid="composer-history-clear"
        >
          clear history
        </button>
      </div>
      <ul class="composer-list" data-testid="composer-history">
        {history.map((entry, index) => (
          <li key={`${entry.sentAt}-${index}`} class={entry.ok ? 'composer-list-item' : 'composer-list-item failed'}>
            <button
              type="button"
              class="composer-list-main"
              title={
                entry.jsonDropped
                  ? 'The JSON of a failed send is not kept'
                  : `Load into the editor (raw JSON)\n${entry.json}`
              }
              disabled={entry.jsonDropped}
              onClick={() => state.loadIntoEditor(entry.json, entry.to, entry.callId)}
              data-testid="composer-history-load"
            >
              <span class="composer-list-title mono">{entry.eventType}</span>
              <span class="composer-list-meta text-secondary">
                {formatClockTime(entry.sentAt)} · to {entry.to}
                {entry.ok ? '' : ' · failed'}
              </span>
              <span class="composer-list-preview mono text-secondary">
                {entry.jsonDropped ? '(JSON not kept)' : entry.json.slice(0, 160)}
              </span>
              {entry.error && <span class="composer-list-error">{entry.error}</span>}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function SnippetList({ state }: { state: ComposerState }) {
  const snippets = state.snippets.value;
  if (snippets.length === 0) {
    return (
      <div class="composer-empty text-secondary">No snippets yet: compose a message and press “Save as snippet”.</div>
    );
  }
  return (
    <ul class="composer-list" data-testid="composer-snippets">
      {snippets.map((snippet) => (
        <li key={snippet.name} class="composer-list-item">
          <button
            type="button"
            class="composer-list-main"
            title={`Load into the editor (raw JSON)\n${snippet.json}`}
            onClick={() => state.loadIntoEditor(snippet.json)}
            data-testid="composer-snippet-load"
          >
            <span class="composer-list-title">{snippet.name}</span>
            <span class="composer-list-preview mono text-secondary">
              {snippet.json.replace(/\s+/g, ' ').slice(0, 160)}
            </span>
          </button>
          <button
            type="button"
            class="composer-list-delete"
            title={`Delete snippet ${snippet.name}`}
            aria-label={`Delete snippet ${snippet.name}`}
            onClick={() => state.deleteSnippet(snippet.name)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
