import type { ComponentChildren, RefObject } from 'preact';
import { ToolbarIcon, type ToolbarIconName } from './icons';

/*
 * Toolbar primitives in the DevTools look: icon buttons, toggles, separators, a filter input and a select.
 * Icons, Checkbox and ContextMenu live in their own modules (icons.tsx, Checkbox.tsx, ContextMenu.tsx).
 */

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
  /** Width of the whole control in px. Default 160; 0 leaves it to CSS (e.g. to fill a growing toolbar item). */
  width?: number;
  /** Leading icon; DevTools' filter boxes show a funnel. Default 'filter'. */
  icon?: 'filter' | 'search' | null;
  /** Red outline, e.g. for a filter that doesn't parse. */
  invalid?: boolean;
  /** Runs before the box's own keys; preventDefault() there keeps Escape from clearing the text. */
  onKeyDown?: (event: KeyboardEvent) => void;
  /** The input drives a listbox (suggestions): ARIA combobox wiring. */
  combobox?: { expanded: boolean; controls: string; activeId: string | undefined };
  /** Tooltip of the box (e.g. why the text is invalid). */
  title?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  'data-testid'?: string;
}

/** A DevTools filter box: icon, text, and a clear (×) button while it has text. Escape clears it too. */
export function ToolbarInput(props: ToolbarInputProps) {
  const { value, onInput, icon = 'filter', width = 160 } = props;
  const classes = props.invalid ? 'toolbar-input invalid' : 'toolbar-input';
  return (
    <label class={classes} style={width > 0 ? { width: `${width}px` } : undefined} title={props.title}>
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
        role={props.combobox ? 'combobox' : undefined}
        aria-autocomplete={props.combobox ? 'list' : undefined}
        aria-expanded={props.combobox ? (props.combobox.expanded ? 'true' : 'false') : undefined}
        aria-controls={props.combobox?.expanded ? props.combobox.controls : undefined}
        aria-activedescendant={props.combobox?.activeId}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          props.onKeyDown?.(event);
          if (event.key === 'Escape' && value !== '' && !event.defaultPrevented) {
            event.preventDefault();
            onInput('');
          }
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
