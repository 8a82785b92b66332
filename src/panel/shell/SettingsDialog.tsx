/** Bounds of the relay buffer and the panel log, kept in extension storage. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useDialogFocus } from './dialog-focus';
import { DEFAULT_SETTINGS, readSettings, sanitizeSettings, writeSettings, type Settings } from '../../bridge/settings';
import type { PanelStore } from '../store';

export function SettingsDialog({ store, onClose }: { store: PanelStore; onClose: () => void }) {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [saved, setSaved] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  useDialogFocus(dialogRef, onClose);
  useEffect(() => {
    readSettings().then(setSettings, () => setSaved('Could not read settings; showing defaults.'));
  }, []);
  const save = async () => {
    const clean = sanitizeSettings(settings);
    await writeSettings(clean);
    store.log.setCap(clean.logCap);
    store.revision.value++;
    setSaved('Saved. The page buffer bound applies to pages loaded from now on.');
  };
  const field = (key: keyof Settings, label: string, help: string) => (
    <label class="setting">
      <span>{label}</span>
      <input
        type="number"
        min={100}
        max={2000000}
        value={settings[key]}
        onInput={(e) => setSettings({ ...settings, [key]: Number(e.currentTarget.value) })}
      />
      <span class="text-secondary">{help}</span>
    </label>
  );
  return (
    <div ref={dialogRef} class="dialog" role="dialog" aria-label="Settings" data-testid="settings-dialog">
      <h3>Settings</h3>
      {field(
        'logCap',
        'Panel log bound',
        'Events kept in this panel; the oldest go first (1 % at a time for large bounds) and are counted as dropped. Default 100,000.',
      )}
      {field(
        'bufferCap',
        'Page buffer bound',
        'Events each page keeps from load until a panel connects. Default 50,000.',
      )}
      <label class="setting">
        <span>Page buffer bytes (MB)</span>
        <input
          type="number"
          min={2}
          max={1024}
          value={Math.round(settings.bufferBytes / (1024 * 1024))}
          data-testid="setting-buffer-bytes"
          onInput={(e) => setSettings({ ...settings, bufferBytes: Number(e.currentTarget.value) * 1024 * 1024 })}
        />
        <span class="text-secondary">
          JSON text each page keeps (and lets be in flight to it); the oldest events go first and are counted as
          dropped, in events and bytes. Default 64 MB.
        </span>
      </label>
      {saved && <p class="text-secondary">{saved}</p>}
      <div class="dialog-buttons">
        <button type="button" class="toolbar-button has-label" onClick={onClose} title="Close (Esc)">
          Close
        </button>
        <button type="button" class="toolbar-button has-label primary" onClick={() => void save()}>
          Save
        </button>
      </div>
    </div>
  );
}
