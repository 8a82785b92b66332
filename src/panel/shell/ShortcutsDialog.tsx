/** The "?" dialog: every keyboard shortcut of the panel, from the same list the key handler uses. */
import { useRef } from 'preact/hooks';
import { useDialogFocus } from './dialog-focus';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const dialogRef = useRef<HTMLDivElement>(null);
  useDialogFocus(dialogRef, onClose);
  return (
    <div
      ref={dialogRef}
      class="dialog shortcuts-dialog"
      role="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcuts-dialog"
    >
      <h3>Keyboard shortcuts</h3>
      <table class="shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.description}>
              <td class="shortcut-keys">
                {shortcut.keys.map((keys, index) => (
                  <span key={keys}>
                    {index > 0 && ' or '}
                    <kbd>{keys}</kbd>
                  </span>
                ))}
              </td>
              <td>{shortcut.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="dialog-buttons">
        <button type="button" class="toolbar-button has-label" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
