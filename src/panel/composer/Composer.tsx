/**
 * The Composer tab: send any Tavus interaction into the live call, validated before it goes. Forms for each
 * interaction, an audio echo sender, raw JSON; target call, recipient and conversation_id on top; history and
 * snippets on the side. State lives in ComposerState (per store), so nothing is lost when switching tabs.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useElementWidth } from '../ui/use-element-width';
import { SplitPane } from '../ui/SplitPane';
import { usePersistentState } from '../persist';
import type { PanelStore } from '../store';
import { AudioEchoForm } from './AudioEchoForm';
import { extensionStorage } from './extension-storage';
import { FormFields } from './FormFields';
import { COMPOSER_MODES, MODE_INFO, type ComposerMode } from './forms';
import type { KeyValueStorage } from './history';
import { MessagePreview } from './MessagePreview';
import { RawEditor } from './RawEditor';
import { SendBar } from './SendBar';
import { SidePane } from './SidePane';
import { composerStateFor, type ComposerState } from './state';
import { TargetBar } from './TargetBar';
import './composer.css';

export interface ComposerProps {
  store: PanelStore;
  /** Where history and snippets are kept; the extension's storage.local by default. */
  storage?: KeyValueStorage;
}

/** Below this width the composer is one column: interactions in a row on top, history under the editor. */
export const COMPOSER_ONE_COLUMN_MAX_WIDTH = 760;

export function Composer({ store, storage = extensionStorage }: ComposerProps) {
  const state = useMemo(() => composerStateFor(store, { storage }), [store, storage]);
  const [sideSize, setSideSize] = usePersistentState('split.composer-side', 300);
  const [historyHeight, setHistoryHeight] = usePersistentState('split.composer-history', 140);
  const [historyShown, setHistoryShown] = usePersistentState('composer.history-shown', false);
  const rootRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(rootRef);
  const oneColumn = width > 0 && width < COMPOSER_ONE_COLUMN_MAX_WIDTH;

  // "Edit & resend" / "Reply to tool call" hand over a draft: take it (also when it arrives while we are open).
  const draft = store.composerDraft.value;
  useEffect(() => {
    if (draft) state.consumeDraft();
  }, [draft, state]);

  // Capture phase: Ctrl/Cmd+Enter sends from anywhere in the composer, before a focused button (a mode, a
  // checkbox) can turn the Enter into its own click.
  const onKeyDownCapture = (event: KeyboardEvent) => {
    if (isSendKey(event)) {
      event.preventDefault();
      event.stopPropagation();
      void state.send();
    }
  };

  const main = (
    <div class="composer-main">
      <ModeList state={state} />
      <Editor state={state} />
    </div>
  );
  return (
    <div
      ref={rootRef}
      class={oneColumn ? 'composer one-column' : 'composer'}
      onKeyDownCapture={onKeyDownCapture}
      data-testid="composer"
    >
      <TargetBar state={state} />
      {oneColumn ? (
        <SplitPane
          key="one-column"
          direction="vertical"
          size={historyHeight}
          onSizeChange={setHistoryHeight}
          minSize={80}
          minOtherSize={200}
          secondHidden={!historyShown}
          dividerLabel="Resize history"
          first={main}
          second={<SidePane state={state} />}
        />
      ) : (
        <SplitPane
          key="two-columns"
          direction="horizontal"
          size={sideSize}
          onSizeChange={setSideSize}
          minSize={180}
          minOtherSize={360}
          dividerLabel="Resize history"
          first={main}
          second={<SidePane state={state} />}
        />
      )}
      {oneColumn && (
        <button
          type="button"
          class="composer-history-toggle composer-link"
          aria-expanded={historyShown ? 'true' : 'false'}
          onClick={() => setHistoryShown(!historyShown)}
          data-testid="composer-history-toggle"
        >
          {historyShown ? 'Hide history and snippets' : 'Show history and snippets'}
        </button>
      )}
    </div>
  );
}

/** Ctrl+Enter, or Cmd+Enter on a Mac. */
export function isSendKey(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey;
}

/** The interactions: one tab stop; arrows (and Home/End) move and choose, as in a radio group. */
function ModeList({ state }: { state: ComposerState }) {
  const current = state.mode.value;
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent): void => {
    const index = COMPOSER_MODES.indexOf(current);
    const next = nextModeIndex(event.key, index, COMPOSER_MODES.length);
    if (next === undefined || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    state.mode.value = COMPOSER_MODES[next] as ComposerMode;
    listRef.current?.querySelectorAll<HTMLButtonElement>('.composer-mode')[next]?.focus();
  };
  return (
    <div ref={listRef} class="composer-modes" role="radiogroup" aria-label="Interaction" onKeyDown={onKeyDown}>
      {COMPOSER_MODES.map((mode) => (
        <ModeButton key={mode} mode={mode} selected={mode === current} onSelect={() => (state.mode.value = mode)} />
      ))}
    </div>
  );
}

/** The mode an arrow key moves to from `index` (wrapping), or undefined for other keys. */
export function nextModeIndex(key: string, index: number, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown' || key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowUp' || key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

function ModeButton({ mode, selected, onSelect }: { mode: ComposerMode; selected: boolean; onSelect: () => void }) {
  const info = MODE_INFO[mode];
  return (
    <button
      type="button"
      class={selected ? 'composer-mode selected' : 'composer-mode'}
      role="radio"
      aria-checked={selected ? 'true' : 'false'}
      tabIndex={selected ? 0 : -1}
      title={info.summary}
      onClick={onSelect}
      data-testid={`composer-mode-${mode}`}
    >
      {info.label}
    </button>
  );
}

function Editor({ state }: { state: ComposerState }) {
  const mode = state.mode.value;
  const info = MODE_INFO[mode];
  return (
    <div class="composer-editor" data-mode={mode}>
      <header class="composer-editor-header">
        <span class="composer-event-type mono">{info.eventType ?? 'any interaction'}</span>
        <span class="text-secondary">{info.summary}</span>
      </header>
      <div class="composer-scroll">
        <div class="composer-form">
          {mode === 'raw' ? (
            <RawEditor state={state} />
          ) : mode === 'audio_echo' ? (
            <AudioEchoForm state={state} />
          ) : (
            <FormFields state={state} kind={mode} />
          )}
        </div>
        <MessagePreview state={state} />
      </div>
      <SendBar state={state} />
    </div>
  );
}
