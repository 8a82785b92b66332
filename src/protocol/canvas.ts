/**
 * Magic Canvas (Tavus's interviewer app, protocol §8): a `conversation.tool_call` may carry a top-level
 * `canvas_config`, and a few control tools are handled by the canvas component itself, so the app is not expected to
 * answer them with a `conversation.tool_result`.
 */

export const CANVAS_CONTROL_TOOLS: ReadonlySet<string> = new Set(['canvas_clear', 'update_component']);

export function isCanvasControlTool(name: string | undefined): boolean {
  return name !== undefined && CANVAS_CONTROL_TOOLS.has(name);
}
