/** Importing a session file chosen in the file picker. */
import type { PanelStore } from './store';

/** Reads a chosen file and imports it; a read error is shown like a bad file, never thrown. */
export async function importFile(store: PanelStore, file: Pick<File, 'name' | 'text'>): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    store.importFailed(file.name, error);
    return false;
  }
  return store.importText(text, file.name);
}
