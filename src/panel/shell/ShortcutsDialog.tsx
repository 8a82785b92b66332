/** The "?" dialog: every keyboard shortcut of the panel, from the same list the key handler uses. */
import { useEffect, useRef } from 'preact/hooks';
import { SHORTCUTS } from './shortcuts';

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div class="dialog shortcuts-dialog" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts-dialog">
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
        <button ref={closeRef} type="button" class="toolbar-button has-label" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
