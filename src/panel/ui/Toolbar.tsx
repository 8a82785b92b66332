import { createPortal, type ComponentChildren, type JSX, type RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/*
 * Toolbar primitives in the DevTools look: icon buttons, toggles, separators, a filter input, a select, a
 * checkbox, and the DOM context menu they (and table headers, trees) share.
 */

// ---------------------------------------------------------------------------------------------------------------
// Icons: small SVGs drawn for this panel (20×20 grid, stroked with currentColor so they follow the theme).

export type ToolbarIconName =
  | 'clear'
  | 'record'
  | 'pause'
  | 'play'
  | 'download'
  | 'upload'
  | 'filter'
  | 'search'
  | 'settings'
  | 'close'
  | 'copy'
  | 'send'
  | 'scroll-to-bottom'
  | 'trash'
  | 'more'
  | 'sidebar';

const STROKE = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 1.5,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

function iconShapes(name: ToolbarIconName): JSX.Element {
  switch (name) {
    case 'clear':
      return (
        <g {...STROKE}>
          <circle cx="10" cy="10" r="6.5" />
          <path d="M5.4 14.6 14.6 5.4" />
        </g>
      );
    case 'record':
      return <circle cx="10" cy="10" r="5" fill="currentColor" />;
    case 'pause':
      return (
        <g fill="currentColor">
          <rect x="5.5" y="4.5" width="3" height="11" rx="0.75" />
          <rect x="11.5" y="4.5" width="3" height="11" rx="0.75" />
        </g>
      );
    case 'play':
      return <path d="M6.5 4.5v11l9-5.5z" fill="currentColor" />;
    case 'download':
      return <path {...STROKE} d="M10 3.5v9M6 8.5l4 4 4-4M4 16.5h12" />;
    case 'upload':
      return <path {...STROKE} d="M10 12.5v-9M6 7.5l4-4 4 4M4 16.5h12" />;
    case 'filter':
      return <path {...STROKE} d="M3.5 4.5h13l-5 6.2v5.3l-3-1.5v-3.8z" />;
    case 'search':
      return <path {...STROKE} d="M12.3 12.3 16.5 16.5M13.5 8.5a5 5 0 1 1-10 0 5 5 0 0 1 10 0z" />;
    case 'settings':
      return (
        <g {...STROKE}>
          <path d="M3.5 6h13M3.5 14h13" />
          <circle cx="7.5" cy="6" r="1.8" fill="var(--color-bg-toolbar)" />
          <circle cx="12.5" cy="14" r="1.8" fill="var(--color-bg-toolbar)" />
        </g>
      );
    case 'close':
      return <path {...STROKE} d="M5.5 5.5l9 9M14.5 5.5l-9 9" />;
    case 'copy':
      return (
        <g {...STROKE}>
          <rect x="7" y="7" width="9" height="9.5" rx="1.5" />
          <path d="M13 7V5a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 4 5v6.5A1.5 1.5 0 0 0 5.5 13H7" />
        </g>
      );
    case 'send':
      return <path {...STROKE} d="M3.5 9.5 16.5 3.5l-5 13-2.5-5.5zM9 11l7.5-7.5" />;
    case 'scroll-to-bottom':
      return <path {...STROKE} d="M10 3.5v10M5.5 9l4.5 4.5L14.5 9M4.5 16.5h11" />;
    case 'trash':
      return <path {...STROKE} d="M4.5 6h11M8 6V4h4v2M6 6l.8 10.5h6.4L14 6M8.5 9v4.5M11.5 9v4.5" />;
    case 'more':
      return (
        <g fill="currentColor">
          <circle cx="10" cy="4.5" r="1.4" />
          <circle cx="10" cy="10" r="1.4" />
          <circle cx="10" cy="15.5" r="1.4" />
        </g>
      );
    case 'sidebar':
      return (
        <g {...STROKE}>
          <rect x="3" y="4" width="14" height="12" rx="1.5" />
          <path d="M12 4v12" />
        </g>
      );
  }
}

export function ToolbarIcon({ name }: { name: ToolbarIconName }) {
  return (
    <svg class="toolbar-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {iconShapes(name)}
    </svg>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Containers

export interface ToolbarProps {
  /** Accessible name, e.g. "Event log controls". */
  ariaLabel?: string;
  class?: string;
  children?: ComponentChildren;
}

export function Toolbar({ ariaLabel, class: className, children }: ToolbarProps) {
  return (
    <div class={className ? `toolbar ${className}` : 'toolbar'} role="toolbar" aria-label={ariaLabel}>
      {children}
    </div>
  );
}

export function ToolbarSeparator() {
  return <div class="toolbar-separator" role="separator" aria-orientation="vertical" />;
}

/** Pushes the items after it to the right end of the toolbar. */
export function ToolbarSpacer() {
  return <div class="toolbar-spacer" />;
}

/** Plain status text in a toolbar ("1,234 events"). */
export function ToolbarText({ children, title }: { children?: ComponentChildren; title?: string }) {
  return (
    <span class="toolbar-text" title={title}>
      {children}
    </span>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Buttons

export interface ToolbarButtonProps {
  /** Tooltip and accessible name ("Clear log"). */
  title: string;
  icon?: ToolbarIconName;
  /** Visible text next to (or instead of) the icon. */
  label?: string;
  onClick: (event: MouseEvent) => void;
  disabled?: boolean;
  class?: string;
  'data-testid'?: string;
}

export function ToolbarButton(props: ToolbarButtonProps) {
  const classes = ['toolbar-button', props.label ? 'has-label' : '', props.class ?? ''].filter(Boolean).join(' ');
  return (
    <button
      type="button"
      class={classes}
      title={props.title}
      aria-label={props.label ? undefined : props.title}
      disabled={props.disabled}
      onClick={(event) => props.onClick(event)}
      data-testid={props['data-testid']}
    >
      {props.icon && <ToolbarIcon name={props.icon} />}
      {props.label && <span>{props.label}</span>}
    </button>
  );
}

export interface ToolbarToggleProps {
  title: string;
  icon?: ToolbarIconName;
  label?: string;
  pressed: boolean;
  onToggle: (pressed: boolean) => void;
  disabled?: boolean;
  /** `record` paints the pressed state red, like the Network panel's record button. */
  tone?: 'default' | 'record';
  'data-testid'?: string;
}

export function ToolbarToggle(props: ToolbarToggleProps) {
  const classes = ['toolbar-button', props.label ? 'has-label' : '', props.tone === 'record' ? 'tone-record' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type="button"
      class={classes}
      title={props.title}
      aria-label={props.label ? undefined : props.title}
      aria-pressed={props.pressed ? 'true' : 'false'}
      disabled={props.disabled}
      onClick={() => props.onToggle(!props.pressed)}
      data-testid={props['data-testid']}
    >
      {props.icon && <ToolbarIcon name={props.icon} />}
      {props.label && <span>{props.label}</span>}
    </button>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

export interface ToolbarInputProps {
  value: string;
  onInput: (value: string) => void;
  placeholder?: string;
  /** Accessible name; defaults to the placeholder. */
  ariaLabel?: string;
  /** Width of the whole control in px. Default 160. */
  width?: number;
  /** Leading icon; DevTools' filter boxes show a funnel. Default 'filter'. */
  icon?: 'filter' | 'search' | null;
  /** Red outline, e.g. for a filter that doesn't parse. */
  invalid?: boolean;
  onKeyDown?: (event: KeyboardEvent) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
  'data-testid'?: string;
}

/** A DevTools filter box: icon, text, and a clear (×) button while it has text. Escape clears it too. */
export function ToolbarInput(props: ToolbarInputProps) {
  const { value, onInput, icon = 'filter', width = 160 } = props;
  const classes = props.invalid ? 'toolbar-input invalid' : 'toolbar-input';
  return (
    <label class={classes} style={{ width: `${width}px` }}>
      {icon && <ToolbarIcon name={icon} />}
      <input
        ref={props.inputRef}
        type="text"
        spellcheck={false}
        autocomplete="off"
        value={value}
        placeholder={props.placeholder}
        aria-label={props.ariaLabel ?? props.placeholder}
        aria-invalid={props.invalid ? 'true' : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value !== '') {
            event.preventDefault();
            onInput('');
          }
          props.onKeyDown?.(event);
        }}
        data-testid={props['data-testid']}
      />
      {value !== '' && (
        <button type="button" class="toolbar-input-clear" title="Clear" aria-label="Clear" onClick={() => onInput('')}>
          <ToolbarIcon name="close" />
        </button>
      )}
    </label>
  );
}

export interface ToolbarSelectOption<T extends string> {
  value: T;
  label: string;
}

export interface ToolbarSelectProps<T extends string> {
  value: T;
  options: ReadonlyArray<ToolbarSelectOption<T>>;
  onChange: (value: T) => void;
  title: string;
  disabled?: boolean;
  'data-testid'?: string;
}

export function ToolbarSelect<T extends string>(props: ToolbarSelectProps<T>) {
  return (
    <select
      class="toolbar-select"
      title={props.title}
      aria-label={props.title}
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => {
        const chosen = props.options.find((option) => option.value === event.currentTarget.value);
        if (chosen) props.onChange(chosen.value);
      }}
      data-testid={props['data-testid']}
    >
      {props.options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

export interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  title?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/** A labelled checkbox as in DevTools toolbars ("Preserve log"). */
export function Checkbox(props: CheckboxProps) {
  return (
    <label class={props.disabled ? 'checkbox disabled' : 'checkbox'} title={props.title}>
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
        data-testid={props['data-testid']}
      />
      <span>{props.label}</span>
    </label>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Context menu: drawn in the DOM (not the native menu), so it is themed, testable, and cannot block DevTools.

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
