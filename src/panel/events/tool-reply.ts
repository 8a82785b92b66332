/**
 * The replies "Reply" offers on a received tool call, as composer form drafts: tool_result with its tool_call_id
 * (and the tool named above the form), or the older echo / append_llm_context patterns. Forms, not raw JSON, so
 * nothing holds a `"<result>"` placeholder that could be sent by mistake.
 */
import { importedFrom, type LogEvent } from '../../log';
import { offeredToolCallReplies, TOOL_RESULT_PLACEHOLDER, type ToolCallForReply } from '../../protocol/interactions';
import { DEFAULT_FORM_VALUES } from '../composer/forms';
import type { ComposerDraft } from '../store';

export interface ToolReplyOption {
  /** "Reply: tool_result". */
  label: string;
  /** When and why to use it. */
  title: string;
  recommended: boolean;
  draft: ComposerDraft;
}

const LABELS: Record<string, string> = {
  tool_result: 'Reply: tool_result',
  echo_text: 'Reply: echo',
  append_llm_context: 'Reply: append context',
};

/** Replies for a tool call event, the recommended one first; none for other events and Magic Canvas tools. */
export function toolReplyOptions(event: LogEvent): ToolReplyOption[] {
  if (event.kind !== 'tool_call' && event.kind !== 'perception_tool_call') return [];
  const c = event.classified;
  if (!c) return [];
  const call: ToolCallForReply = { name: c.toolName ?? '', arguments: c.toolArguments };
  if (c.toolCallId) call.tool_call_id = c.toolCallId;
  if (c.conversationId) call.conversation_id = c.conversationId;
  const toolName = c.toolName ?? '';
  const toolCallId = c.toolCallId ?? '';
  // An imported row's call is not this session's: let the composer pick the live one.
  const target = importedFrom(event) === undefined ? { callId: event.callId } : {};
  return offeredToolCallReplies(call)
    .map((template): ToolReplyOption => {
      const base = { label: LABELS[template.kind] ?? template.title, title: `${template.title}: ${template.note}` };
      switch (template.kind) {
        case 'tool_result':
          return {
            ...base,
            recommended: template.recommended,
            draft: {
              form: 'tool_result',
              values: {
                toolCallId,
                toolOutputKind: DEFAULT_FORM_VALUES.toolOutputKind,
                toolOutput: DEFAULT_FORM_VALUES.toolOutput,
                toolStatus: 'success',
              },
              ...target,
              replyTo: { toolName, toolCallId },
            },
          };
        case 'echo_text':
          return {
            ...base,
            recommended: template.recommended,
            draft: { form: 'echo_text', values: { echoText: '', echoInferenceId: '', echoDone: true }, ...target },
          };
        case 'append_llm_context':
          return {
            ...base,
            recommended: template.recommended,
            draft: {
              form: 'append_context',
              // The sentence naming the call, ready for the result to be typed after it.
              values: {
                appendContext: template.message.properties.context.replace(TOOL_RESULT_PLACEHOLDER, ''),
                appendJobStatus: '',
              },
              ...target,
            },
          };
      }
    })
    .sort((a, b) => Number(b.recommended) - Number(a.recommended));
}
