import { createPortal } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/* Context menu: drawn in the DOM (not the native menu), so it is themed, testable, and cannot block DevTools. */

export type ContextMenuItem =
  | { kind: 'action'; label: string; onSelect: () => void; disabled?: boolean }
  | { kind: 'checkbox'; label: string; checked: boolean; onSelect: () => void; disabled?: boolean }
  | { kind: 'separator' };

export interface ContextMenuProps {
  /** Viewport coordinates of the click (clientX/clientY). */
  x: number;
  y: number;
  items: readonly ContextMenuItem[];
  onClose: () => void;
  ariaLabel?: string;
}

/** Keeps a menu of the given size inside the viewport: flips left/up when it would overflow. */
export function clampMenuPosition(
  x: number,
  y: number,
  menuWidth: number,
  menuHeight: number,
  viewportWidth: number,
  viewportHeight: number,
): { left: number; top: number } {
  const margin = 4;
  let left = x;
  let top = y;
  if (left + menuWidth > viewportWidth - margin) left = Math.max(margin, x - menuWidth);
  if (top + menuHeight > viewportHeight - margin) top = Math.max(margin, viewportHeight - margin - menuHeight);
  return { left: Math.max(0, left), top: Math.max(0, top) };
}

/**
 * A menu at (x, y), rendered into document.body (so no transformed or contained ancestor can clip or offset it).
 * Closes on Escape, Tab, a pointer press outside, window blur, or after an item is chosen.
 */
export function ContextMenu({ x, y, items, onClose, ariaLabel }: ContextMenuProps) {
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: x, top: y });

  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    setPosition(clampMenuPosition(x, y, menu.offsetWidth, menu.offsetHeight, window.innerWidth, window.innerHeight));
    menu.querySelector<HTMLButtonElement>('.menu-item:not(:disabled)')?.focus();
  }, [x, y]);

  // Give focus back to whatever had it (the table, the tree line) when the menu goes away. Read during the first
  // render, before the layout effect below moves focus into the menu.
  const [previouslyFocused] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => {
    return () => {
      const active = document.activeElement;
      // eslint-disable-next-line react-hooks/exhaustive-deps -- the menu node at unmount is the one to test
      if (active === null || active === document.body || menuRef.current?.contains(active)) previouslyFocused?.focus();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per menu: previouslyFocused never changes
  }, []);

  useEffect(() => {
    const onPointerDown = (event: Event): void => {
      if (!menuRef.current?.contains(event.target as Node)) onClose();
    };
    const onBlur = (): void => onClose();
    // Capture phase: close before the click reaches whatever is under the pointer.
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', onBlur);
    };
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent): void => {
    const buttons = Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('.menu-item:not(:disabled)') ?? []);
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (buttons.length === 0) return;
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(current + delta + buttons.length) % buttons.length]?.focus();
    }
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={menuRef}
      class="menu"
      role="menu"
      aria-label={ariaLabel}
      style={{ left: `${position.left}px`, top: `${position.top}px` }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item, index) => {
        if (item.kind === 'separator') return <div key={index} class="menu-separator" role="separator" />;
        const select = (): void => {
          item.onSelect();
          onClose();
        };
        return (
          <button
            key={index}
            type="button"
            class="menu-item"
            role={item.kind === 'checkbox' ? 'menuitemcheckbox' : 'menuitem'}
            aria-checked={item.kind === 'checkbox' ? (item.checked ? 'true' : 'false') : undefined}
            disabled={item.disabled}
            onClick={select}
          >
            <span class="menu-check" aria-hidden="true">
              {item.kind === 'checkbox' && item.checked ? '✓' : ''}
            </span>
            <span>{item.label}</span>
          </button>
        );
      })}
    </div>,
    document.body,
  );
}
