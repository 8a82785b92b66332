/** Raw JSON for anything the forms don't cover, with templates for every known interaction. */
import { INTERACTION_EVENT_TYPES, INTERACTION_SUMMARIES, type InteractionEventType } from '../../protocol/interactions';
import { JsonErrorLine } from './JsonErrorLine';
import type { ComposerState } from './state';

export function RawEditor({ state }: { state: ComposerState }) {
  const built = state.built.value;
  const text = state.rawText.value;
  return (
    <div class="composer-raw">
      <div class="composer-row">
        <select
          class="composer-control composer-narrow"
          value=""
          title="Replace the editor's text with a template (it carries the current conversation_id)"
          onChange={(event) => {
            const type = INTERACTION_EVENT_TYPES.find((known) => known === event.currentTarget.value);
            if (type) state.insertTemplate(type satisfies InteractionEventType);
          }}
          data-testid="composer-raw-template"
        >
          <option value="">Template…</option>
          {INTERACTION_EVENT_TYPES.map((type) => (
            <option key={type} value={type} title={INTERACTION_SUMMARIES[type].summary}>
              {type}
              {INTERACTION_SUMMARIES[type].legacy
                ? ' (legacy)'
                : !INTERACTION_SUMMARIES[type].documented
                  ? ' (undocumented)'
                  : ''}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="composer-button"
          disabled={!built.ok}
          title="Pretty-print the JSON"
          onClick={() => {
            if (built.ok) state.rawText.value = JSON.stringify(built.data, null, 2);
          }}
        >
          Format
        </button>
        <span class="composer-hint">Any JSON object; an unknown event_type is a warning, not an error.</span>
      </div>
      <textarea
        id="composer-raw-json"
        class="composer-control composer-textarea composer-raw-text mono"
        spellcheck={false}
        autocomplete="off"
        aria-label="Raw JSON message"
        value={text}
        onInput={(event) => (state.rawText.value = event.currentTarget.value)}
        onKeyDown={(event) => {
          // Tab indents, as in a code editor; Shift+Tab still leaves the field.
          if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
            event.preventDefault();
            const area = event.currentTarget;
            const { selectionStart, selectionEnd } = area;
            state.rawText.value = `${text.slice(0, selectionStart)}  ${text.slice(selectionEnd)}`;
            requestAnimationFrame(() => area.setSelectionRange(selectionStart + 2, selectionStart + 2));
          }
        }}
        data-testid="composer-raw"
      />
      {!built.ok && (
        <JsonErrorLine message={built.error} text={text} syntax={built.syntax} targetId="composer-raw-json" />
      )}
    </div>
  );
}
