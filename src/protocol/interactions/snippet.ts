/** "Copy as snippet": the JavaScript a developer would paste into their app or the console. */

/**
 * `call.sendAppMessage({…pretty JSON…}, '*');`. JSON is valid JavaScript, so the object is pasted as-is.
 * Data that cannot be serialised yields a `//` comment saying why instead of throwing.
 */
export function toSendAppMessageSnippet(data: unknown, to: string | readonly string[] = '*'): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data, null, 2);
  } catch (error) {
    return `// cannot build a snippet: ${singleLine(error instanceof Error ? error.message : String(error))}`;
  }
  if (json === undefined) return '// cannot build a snippet: the data has no JSON form';
  const recipient = typeof to === 'string' ? jsString(to) : `[${to.map(jsString).join(', ')}]`;
  return `call.sendAppMessage(${json}, ${recipient});`;
}

/** A single-quoted JavaScript string literal (the quote style of the Tavus and Daily docs). */
function jsString(value: string): string {
  const body = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${body}'`;
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
