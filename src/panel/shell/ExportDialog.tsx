/** Export options: all or only the filtered events, redaction on by default. */
import { useRef, useState } from 'preact/hooks';
import { Checkbox } from '../ui/Checkbox';
import type { PanelStore } from '../store';
import { recordExportForTests } from './test-hook';
import { viewIsFiltered } from './counts';
import { useDialogFocus } from './dialog-focus';
import { formatCount } from '../ui/format';

export function ExportDialog({ store, origin, onClose }: { store: PanelStore; origin: string; onClose: () => void }) {
  // "Only the shown events" is offered only when something hides events; otherwise it would be the whole log.
  const filtered = viewIsFiltered(store);
  const [onlyShownChoice, setOnlyShown] = useState(false);
  const onlyShown = filtered && onlyShownChoice;
  const dialogRef = useRef<HTMLDivElement>(null);
  useDialogFocus(dialogRef, onClose);
  const [keepContent, setKeepContent] = useState(false);
  const save = () => {
    try {
      download(store.exportText({ onlyShown, redact: !keepContent, origin }));
    } catch (error) {
      // Shown, never thrown: a throw inside a preact handler would leave the dialog open with no word why.
      store.notice.value = {
        kind: 'error',
        text: `Could not export: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    onClose();
  };
  const download = (text: string) => {
    const blob = new Blob([text], { type: 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `cvi-session-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    recordExportForTests(text);
  };
  return (
    <div ref={dialogRef} class="dialog" role="dialog" aria-label="Export session" data-testid="export-dialog">
      <h3>Export session file</h3>
      {filtered && (
        <Checkbox
          label={`Only the ${formatCount(shownEvents(store))} events shown by the filter`}
          checked={onlyShown}
          onChange={setOnlyShown}
          data-testid="export-only-shown"
        />
      )}
      <Checkbox
        label="Keep everything the page sent (off: only the protocol skeleton stays; text, names, numbers and unknown keys are replaced, media dropped, session ids pseudonymised)"
        checked={keepContent}
        onChange={setKeepContent}
        data-testid="export-keep-content"
      />
      <p class="text-secondary">
        NDJSON: a header line, then one line per event. The format is documented in docs/session-format.md.
      </p>
      <div class="dialog-buttons">
        <button type="button" class="toolbar-button has-label" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="toolbar-button has-label primary" onClick={save} data-testid="export-save">
          Export
        </button>
      </div>
    </div>
  );
}

/** Events the export would write with "only shown": every event behind the rows (folded stream chunks too). */
function shownEvents(store: PanelStore): number {
  return store.view.value.expandedEventCount();
}
