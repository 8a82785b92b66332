/**
 * Keyboard focus for the panel's dialogs: the first control gets focus when one opens, and focus goes back to what
 * had it (the toolbar button, the » menu's owner) when it closes. Escape is the App's (it closes any dialog).
 */
import { useEffect } from 'preact/hooks';

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

export function useDialogFocus(ref: { current: HTMLElement | null }): void {
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => {
      const active = document.activeElement;
      if (previous && document.contains(previous) && (active === null || active === document.body)) previous.focus();
    };
  }, [ref]);
}
