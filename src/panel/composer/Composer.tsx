/**
 * The Composer tab: send any Tavus interaction into the live call, validated before it goes. Forms for each
 * interaction, an audio echo sender, raw JSON; target call, recipient and conversation_id on top; history and
 * snippets on the side. State lives in ComposerState (per store), so nothing is lost when switching tabs.
 */
import { useEffect, useMemo } from 'preact/hooks';
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

export function Composer({ store, storage = extensionStorage }: ComposerProps) {
  const state = useMemo(() => composerStateFor(store, { storage }), [store, storage]);
  const [sideSize, setSideSize] = usePersistentState('split.composer-side', 300);

  // "Edit & resend" / "Reply to tool call" hand over a draft: take it (also when it arrives while we are open).
  const draft = store.composerDraft.value;
  useEffect(() => {
    if (draft) state.consumeDraft();
  }, [draft, state]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      void state.send();
    }
  };

  return (
    <div class="composer" onKeyDown={onKeyDown} data-testid="composer">
      <TargetBar state={state} />
      <SplitPane
        direction="horizontal"
        size={sideSize}
        onSizeChange={setSideSize}
        minSize={180}
        minOtherSize={360}
        dividerLabel="Resize history"
        first={
          <div class="composer-main">
            <ModeList state={state} />
            <Editor state={state} />
          </div>
        }
        second={<SidePane state={state} />}
      />
    </div>
  );
}

function ModeList({ state }: { state: ComposerState }) {
  const current = state.mode.value;
  return (
    <nav class="composer-modes" aria-label="Interaction">
      {COMPOSER_MODES.map((mode) => (
        <ModeButton key={mode} mode={mode} selected={mode === current} onSelect={() => (state.mode.value = mode)} />
      ))}
    </nav>
  );
}

function ModeButton({ mode, selected, onSelect }: { mode: ComposerMode; selected: boolean; onSelect: () => void }) {
  const info = MODE_INFO[mode];
  return (
    <button
      type="button"
      class={selected ? 'composer-mode selected' : 'composer-mode'}
      aria-current={selected ? 'true' : undefined}
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
