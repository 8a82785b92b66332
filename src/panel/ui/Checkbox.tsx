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
