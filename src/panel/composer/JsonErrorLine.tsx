/** A JSON syntax error under an editor: the message, the offending line with a caret, and a jump to it. */
import type { JsonSyntaxError } from './json-syntax';

const CONTEXT_CHARS = 60;

export function JsonErrorLine(props: {
  message: string;
  text: string;
  syntax: JsonSyntaxError | undefined;
  targetId: string;
}) {
  const { syntax } = props;
  const excerpt = syntax ? lineExcerpt(props.text, syntax) : undefined;
  return (
    <div class="composer-issue composer-issue-error" role="alert" data-testid="composer-json-error">
      <span>{props.message}</span>
      {syntax && (
        <button
          type="button"
          class="composer-link"
          onClick={() => {
            const target = document.getElementById(props.targetId);
            if (target instanceof HTMLTextAreaElement) {
              target.focus();
              target.setSelectionRange(syntax.offset, Math.min(syntax.offset + 1, props.text.length));
            }
          }}
        >
          go to error
        </button>
      )}
      {excerpt && (
        <pre class="composer-caret mono">
          {excerpt.line}
          {'\n'}
          {' '.repeat(excerpt.caret)}^
        </pre>
      )}
    </div>
  );
}

/** The error's line, cut to a window around the column so long lines stay readable. */
function lineExcerpt(text: string, error: JsonSyntaxError): { line: string; caret: number } | undefined {
  const lines = text.split('\n');
  const line = lines[error.line - 1];
  if (line === undefined) return undefined;
  const column = error.column - 1;
  const start = Math.max(0, column - CONTEXT_CHARS);
  const shown = line.slice(start, column + CONTEXT_CHARS).replace(/\t/g, ' ');
  return { line: (start > 0 ? '…' : '') + shown, caret: column - start + (start > 0 ? 1 : 0) };
}
