/**
 * Keyboard focus for the panel's dialogs: the first control gets focus when one opens, and focus goes back to what
 * had it (the toolbar button, the » menu's owner) when it closes. Escape is the App's (it closes any dialog).
 */
import { useEffect, useLayoutEffect } from 'preact/hooks';

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

export function useDialogFocus(ref: { current: HTMLElement | null }, onClose?: () => void): void {
  // Escape inside the dialog closes it right here (the App's panel-wide Escape covers focus elsewhere). A layout
  // effect: listening from the first frame, not after a (possibly throttled) paint.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog || !onClose) return;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      onClose();
    };
    dialog.addEventListener('keydown', onKey);
    return () => dialog.removeEventListener('keydown', onKey);
  }, [ref, onClose]);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => {
      const active = document.activeElement;
      if (previous && document.contains(previous) && (active === null || active === document.body)) previous.focus();
    };
  }, [ref]);
}
