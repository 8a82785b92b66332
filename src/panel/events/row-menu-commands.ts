/** Carries out a row menu command against the store; reports what happened (never throws). */
import { batch } from '@preact/signals';
import { copyText } from '../ui/clipboard';
import type { PanelStore } from '../store';
import type { RowCommand } from './row-menu';

export interface CommandReport {
  text: string;
  error: boolean;
}

export async function runRowCommand(command: RowCommand, store: PanelStore): Promise<CommandReport | undefined> {
  try {
    switch (command.type) {
      case 'add-filter': {
        const current = store.filterText.value.trim();
        store.filterText.value = current === '' ? command.term : `${current} ${command.term}`;
        return undefined;
      }
      case 'copy': {
        const { json, note } = command.text();
        const ok = await copyText(json);
        return ok
          ? { text: `${command.what} copied${note ? ` (${note})` : ''}`, error: false }
          : { text: `Copy ${command.what} failed: the clipboard refused (DevTools had no focus?)`, error: true };
      }
      case 'compose':
        batch(() => {
          store.composerDraft.value = command.draft;
          store.tab.value = 'composer';
        });
        return undefined;
    }
  } catch (error) {
    const reason =
      error instanceof RangeError
        ? 'the payload is nested too deeply for this action'
        : error instanceof Error
          ? error.message
          : String(error);
    return { text: `${command.type === 'copy' ? `Copy ${command.what}` : 'Action'} failed: ${reason}`, error: true };
  }
}
