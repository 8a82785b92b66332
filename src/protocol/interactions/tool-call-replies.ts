/**
 * Prefilled replies to a `conversation.tool_call`: the registry-era `conversation.tool_result`, plus the two
 * older ways the docs describe for personas whose tool calls carry no tool_call_id (speak it via a text echo,
 * or hand it to the LLM via append_llm_context).
 */
import { isCanvasControlTool } from '../canvas';
import { buildAppendContext, buildEchoText, buildToolResult } from './builders';
import type { AppendContextInteraction, EchoTextInteraction, ToolResultInteraction } from './types';

export interface ToolCallForReply {
  name: string;
  /** As received: a JSON string for LLM tool calls, an object for vision perception tool calls. */
  arguments: unknown;
  tool_call_id?: string;
  conversation_id?: string;
}

/** Marks the spot the developer must replace with the real result. */
export const TOOL_RESULT_PLACEHOLDER = '<result>';

interface ReplyTemplate<TKind extends string, TMessage> {
  kind: TKind;
  title: string;
  /** When and why to use it. */
  note: string;
  recommended: boolean;
  message: TMessage;
}

export type ToolCallReplyTemplate =
  | ReplyTemplate<'tool_result', ToolResultInteraction>
  | ReplyTemplate<'echo_text', EchoTextInteraction>
  | ReplyTemplate<'append_llm_context', AppendContextInteraction>;

/** Always these three, in this order. */
export type ToolCallReplyTemplates = [
  ReplyTemplate<'tool_result', ToolResultInteraction>,
  ReplyTemplate<'echo_text', EchoTextInteraction>,
  ReplyTemplate<'append_llm_context', AppendContextInteraction>,
];

const MAX_ARGUMENTS_IN_TEXT = 400;

/** The three possible replies; `recommended` marks the one that fits the call (tool_result when it has an id). */
export function toolCallReplyTemplates(toolCall: ToolCallForReply): ToolCallReplyTemplates {
  const conversationId = toolCall.conversation_id ?? '';
  const toolCallId = toolCall.tool_call_id ?? '';
  const hasToolCallId = toolCallId !== '';
  const call = `${toolCall.name}(${compactArguments(toolCall.arguments)})`;

  return [
    {
      kind: 'tool_result',
      title: 'conversation.tool_result',
      note: hasToolCallId
        ? 'Tools registry: the PAL uses this output; set status "error" to report a failure.'
        : 'This tool call carried no tool_call_id, so the persona predates the tools registry; fill one in only if you know it.',
      recommended: hasToolCallId,
      message: buildToolResult(conversationId, toolCallId, { result: TOOL_RESULT_PLACEHOLDER }),
    },
    {
      kind: 'echo_text',
      title: 'conversation.echo (text)',
      note: 'Older pattern: the replica speaks the result verbatim; the LLM is bypassed.',
      recommended: false,
      message: buildEchoText(conversationId, TOOL_RESULT_PLACEHOLDER),
    },
    {
      kind: 'append_llm_context',
      title: 'conversation.append_llm_context',
      note: 'Older pattern: the LLM gets the result as context and words the answer itself.',
      recommended: !hasToolCallId,
      message: buildAppendContext(conversationId, `Result of the tool call ${call}: ${TOOL_RESULT_PLACEHOLDER}`),
    },
  ];
}

/** Arguments as compact JSON for a sentence; unparseable strings are shown as they came. */
function compactArguments(toolArguments: unknown): string {
  let text: string;
  if (typeof toolArguments === 'string') {
    try {
      text = JSON.stringify(JSON.parse(toolArguments)) ?? toolArguments;
    } catch {
      text = toolArguments;
    }
  } else {
    try {
      text = JSON.stringify(toolArguments) ?? '';
    } catch {
      text = '';
    }
  }
  return text.length > MAX_ARGUMENTS_IN_TEXT ? `${text.slice(0, MAX_ARGUMENTS_IN_TEXT)}…` : text;
}

/**
 * The replies worth offering for a received tool call: none for Magic Canvas control tools (the canvas handles
 * them; a tool_result would be unexpected), the usual three otherwise, also for perception tool calls (a
 * `conversation.tool_result` answers perception tools delivered by app-message too, protocol §8).
 */
export function offeredToolCallReplies(toolCall: ToolCallForReply): ToolCallReplyTemplate[] {
  if (isCanvasControlTool(toolCall.name)) return [];
  return toolCallReplyTemplates(toolCall);
}
