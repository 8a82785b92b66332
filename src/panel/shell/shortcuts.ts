/**
 * The panel's keyboard shortcuts: one list that both the key handler and the "?" dialog (and README) read, so the
 * documented keys are the keys that work.
 */

export type ShortcutAction =
  'focus-filter' | 'toggle-composer' | 'show-shortcuts' | 'toggle-recording' | 'clear-log' | 'close' | 'focus-table';

export interface Shortcut {
  /** How the keys are written in the list ("Ctrl/⌘ F"). */
  keys: readonly string[];
  description: string;
  /** Set for the keys the panel-wide handler runs; the rest are handled where focus is (listed for reference). */
  action?: ShortcutAction;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['/', 'Ctrl/⌘ F'], description: 'Focus the filter', action: 'focus-filter' },
  { keys: ['↓ (in the filter)'], description: 'Move into the events table', action: 'focus-table' },
  { keys: ['Esc (in the filter)'], description: 'Close the suggestions; again: clear the filter' },
  { keys: ['C'], description: 'Show or hide the composer beside the log', action: 'toggle-composer' },
  { keys: ['Ctrl/⌘ Enter'], description: 'Send the message (anywhere in the composer)' },
  { keys: ['Ctrl/⌘ E'], description: 'Start or stop recording', action: 'toggle-recording' },
  { keys: ['Ctrl/⌘ K'], description: 'Clear the log (outside text fields)', action: 'clear-log' },
  { keys: ['↑ ↓ Home End'], description: 'Move in the table, the tabs and the composer’s interactions' },
  { keys: ['Esc'], description: 'Close the open menu, dialog or popover', action: 'close' },
  { keys: ['?'], description: 'Show this list', action: 'show-shortcuts' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

/**
 * The panel-wide action for a key press, or undefined. `inText`: focus is in a text field, where plain keys type
 * (so "/", "?", "C" only act outside one; modified keys act everywhere).
 */
export function shortcutFor(event: KeyLike, inText: boolean): ShortcutAction | undefined {
  const mod = (event.ctrlKey || event.metaKey) && !event.altKey;
  const key = event.key.toLowerCase();
  if (mod && key === 'f') return 'focus-filter';
  if (mod && key === 'e') return 'toggle-recording';
  // Clearing is destructive: never from a key pressed while typing a message or a filter.
  if (mod && key === 'k') return inText ? undefined : 'clear-log';
  if (event.key === 'Escape') return 'close';
  if (inText || event.ctrlKey || event.metaKey || event.altKey) return undefined;
  if (event.key === '/') return 'focus-filter';
  if (event.key === '?') return 'show-shortcuts';
  if (key === 'c') return 'toggle-composer';
  return undefined;
}
