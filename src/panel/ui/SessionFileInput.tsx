/**
 * The hidden file input behind "Import…" and replay's "Load file…": it accepts our session files and hands over the
 * chosen file. A button elsewhere opens it through `inputRef`.
 */
import type { Ref } from 'preact';

export interface SessionFileInputProps {
  inputRef: Ref<HTMLInputElement>;
  onFile(file: File): void;
  'data-testid': string;
}

export function SessionFileInput({ inputRef, onFile, 'data-testid': testId }: SessionFileInputProps) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept=".ndjson,.jsonl,.json,application/x-ndjson"
      class="hidden-file"
      data-testid={testId}
      onChange={(e) => {
        // currentTarget is only set while the event is dispatched: take what is needed before any await.
        const input = e.currentTarget;
        const file = input.files?.[0];
        input.value = ''; // so choosing the same file again fires change again
        if (file) onFile(file);
      }}
    />
  );
}
