/** The form of each interaction. Values live in ComposerState; the message is built from them by forms.ts. */
import type { ComponentChildren } from 'preact';
import {
  DOCUMENTED_SENSITIVITY_LEVELS,
  TOOL_RESULT_STATUSES,
  UNDOCUMENTED_SENSITIVITY_LEVELS,
  type SensitivityLevel,
  type ToolResultStatus,
} from '../../protocol/interactions';
import type { FormKind, FormValues, SensitivityField, ToolOutputKind } from './forms';
import { JsonErrorLine } from './JsonErrorLine';
import type { ComposerState } from './state';

export function Field(props: { label: string; hint?: string; htmlFor?: string; children: ComponentChildren }) {
  return (
    <div class="composer-field">
      <label class="composer-field-label" for={props.htmlFor}>
        {props.label}
      </label>
      <div class="composer-field-control">
        {props.children}
        {props.hint && <div class="composer-hint">{props.hint}</div>}
      </div>
    </div>
  );
}

type TextKey = { [K in keyof FormValues]: FormValues[K] extends string ? K : never }[keyof FormValues];

function TextArea({
  state,
  name,
  rows = 4,
  placeholder,
}: {
  state: ComposerState;
  name: TextKey;
  rows?: number;
  placeholder?: string;
}) {
  return (
    <textarea
      id={`composer-${name}`}
      class="composer-control composer-textarea"
      rows={rows}
      spellcheck={false}
      placeholder={placeholder}
      value={state.values.value[name]}
      onInput={(event) => state.setValues({ [name]: event.currentTarget.value })}
      data-testid={`field-${name}`}
    />
  );
}

function TextInput({
  state,
  name,
  placeholder,
  mono,
}: {
  state: ComposerState;
  name: TextKey;
  placeholder?: string;
  mono?: boolean;
}) {
  return (
    <input
      id={`composer-${name}`}
      type="text"
      class={mono ? 'composer-control mono' : 'composer-control'}
      spellcheck={false}
      autocomplete="off"
      placeholder={placeholder}
      value={state.values.value[name]}
      onInput={(event) => state.setValues({ [name]: event.currentTarget.value })}
      data-testid={`field-${name}`}
    />
  );
}

const SENSITIVITY_OPTIONS: ReadonlyArray<{ value: SensitivityLevel; label: string }> = [
  ...DOCUMENTED_SENSITIVITY_LEVELS.map((level) => ({ value: level, label: level })),
  ...UNDOCUMENTED_SENSITIVITY_LEVELS.map((level) => ({ value: level, label: `${level} (undocumented)` })),
];

const SENSITIVITY_FIELDS: ReadonlyArray<{ value: SensitivityField; label: string; hint: string }> = [
  {
    value: 'pause',
    label: 'participant_pause_sensitivity',
    hint: "How long the replica waits through a user's pause (turn_taking_patience).",
  },
  {
    value: 'interrupt',
    label: 'participant_interrupt_sensitivity',
    hint: 'How easily the user can interrupt (replica_interruptibility).',
  },
];

function SensitivityFieldSelect({ state }: { state: ComposerState }) {
  return (
    <select
      id="composer-sensitivityField"
      class="composer-control mono"
      value={state.values.value.sensitivityField}
      onChange={(event) => {
        const chosen = SENSITIVITY_FIELDS.find((option) => option.value === event.currentTarget.value);
        if (chosen) state.setValues({ sensitivityField: chosen.value });
      }}
      data-testid="field-sensitivityField"
    >
      {SENSITIVITY_FIELDS.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function SensitivitySelect({ state, name }: { state: ComposerState; name: 'sensitivityLevel' }) {
  return (
    <select
      id={`composer-${name}`}
      class="composer-control"
      value={state.values.value[name]}
      onChange={(event) => {
        const chosen = SENSITIVITY_OPTIONS.find((option) => option.value === event.currentTarget.value);
        if (chosen) state.setValues({ [name]: chosen.value });
      }}
      data-testid={`field-${name}`}
    >
      {SENSITIVITY_OPTIONS.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

export function FormFields({ state, kind }: { state: ComposerState; kind: FormKind }) {
  const values = state.values.value;
  switch (kind) {
    case 'respond':
      return (
        <Field
          label="text"
          htmlFor="composer-respondText"
          hint="Treated as if the user had said it; goes through the LLM."
        >
          <TextArea state={state} name="respondText" placeholder="Can you explain the refund policy again?" />
        </Field>
      );
    case 'echo_text':
      return (
        <>
          <Field
            label="text"
            htmlFor="composer-echoText"
            hint="The replica speaks exactly this (through TTS); the LLM is bypassed."
          >
            <TextArea state={state} name="echoText" placeholder="Welcome back! Shall we pick up where we left off?" />
          </Field>
          <Field label="inference_id" htmlFor="composer-echoInferenceId" hint="Optional; leave empty to omit it.">
            <TextInput state={state} name="echoInferenceId" mono placeholder="(omitted)" />
          </Field>
          <Field label="done" htmlFor="composer-echoDone">
            <label class="checkbox composer-checkbox">
              <input
                id="composer-echoDone"
                type="checkbox"
                checked={values.echoDone}
                onChange={(event) => state.setValues({ echoDone: event.currentTarget.checked })}
                data-testid="field-echoDone"
              />
              <span>last part of the utterance</span>
            </label>
          </Field>
        </>
      );
    case 'interrupt':
      return <p class="composer-note">No properties: stops the replica while it is speaking.</p>;
    case 'overwrite_context':
      return (
        <Field
          label="context"
          htmlFor="composer-overwriteContext"
          hint="Replaces the persona's conversational_context."
        >
          <TextArea state={state} name="overwriteContext" rows={6} placeholder="The user is now on step 3 (billing)." />
        </Field>
      );
    case 'append_context':
      return (
        <>
          <Field label="context" htmlFor="composer-appendContext" hint="Appended to the conversational_context.">
            <TextArea
              state={state}
              name="appendContext"
              rows={6}
              placeholder="Lookup result: order #4471 shipped yesterday."
            />
          </Field>
          <Field
            label="job_status"
            htmlFor="composer-appendJobStatus"
            hint='Optional; "completed" is the only value in the newest docs (meaning undocumented). Empty = omitted.'
          >
            <input
              id="composer-appendJobStatus"
              type="text"
              class="composer-control mono"
              list="composer-job-statuses"
              spellcheck={false}
              autocomplete="off"
              placeholder="(omitted)"
              value={values.appendJobStatus}
              onInput={(event) => state.setValues({ appendJobStatus: event.currentTarget.value })}
              data-testid="field-appendJobStatus"
            />
            <datalist id="composer-job-statuses">
              <option value="completed" />
            </datalist>
          </Field>
        </>
      );
    case 'sensitivity':
      // One key per message (newest docs); change the other one with a second send.
      return (
        <>
          <Field
            label="setting"
            htmlFor="composer-sensitivityField"
            hint={`${SENSITIVITY_FIELDS.find((f) => f.value === values.sensitivityField)?.hint ?? ''} One setting per message, as the newest docs require.`}
          >
            <SensitivityFieldSelect state={state} />
          </Field>
          <Field
            label="level"
            htmlFor="composer-sensitivityLevel"
            hint="Docs: low | medium | high; the rest come from the cvi-ui types only."
          >
            <SensitivitySelect state={state} name="sensitivityLevel" />
          </Field>
        </>
      );
    case 'tool_result':
      return <ToolResultFields state={state} />;
    case 'objective_confirm':
      return (
        <Field
          label="objective_name"
          htmlFor="composer-objectiveName"
          hint="The objective a conversation.objective.pending named (manual confirmation). Tavus has not documented this payload; apps send the name."
        >
          <TextInput state={state} name="objectiveName" placeholder="e.g. confirm_identity" mono />
        </Field>
      );
  }
}

function ToolResultFields({ state }: { state: ComposerState }) {
  const values = state.values.value;
  const built = state.built.value;
  const recentCalls = state.traffic.value.toolCalls;
  const replyTo = state.replyTo.value;
  const answering =
    replyTo?.toolCallId === values.toolCallId
      ? replyTo.toolName
      : recentCalls.find((call) => call.toolCallId === values.toolCallId && values.toolCallId !== '')?.name;
  return (
    <>
      {answering !== undefined && (
        <div class="composer-hint text-secondary" data-testid="composer-reply-to">
          Answers the tool call <span class="mono">{answering || '(unnamed tool)'}</span>
        </div>
      )}
      <Field label="tool_call_id" htmlFor="composer-toolCallId" hint="From the conversation.tool_call this answers.">
        <div class="composer-row">
          <TextInput state={state} name="toolCallId" mono placeholder="call_01HZX3K9" />
          {recentCalls.length > 0 && (
            <select
              class="composer-control composer-narrow"
              title="Tool calls seen in the traffic, most recent first"
              value=""
              onChange={(event) => {
                if (event.currentTarget.value) state.setValues({ toolCallId: event.currentTarget.value });
              }}
              data-testid="composer-tool-call-picker"
            >
              <option value="">{recentCalls.length} seen…</option>
              {recentCalls.map((call) => (
                <option key={call.toolCallId} value={call.toolCallId}>
                  {call.name ? `${call.name} · ` : ''}
                  {call.toolCallId}
                </option>
              ))}
            </select>
          )}
        </div>
      </Field>
      <Field label="output" htmlFor="composer-toolOutput">
        <div class="composer-row composer-radios" role="radiogroup" aria-label="Output type">
          {(['json', 'text'] as const satisfies readonly ToolOutputKind[]).map((kind) => (
            <label key={kind} class="checkbox composer-checkbox">
              <input
                type="radio"
                name="composer-tool-output-kind"
                checked={values.toolOutputKind === kind}
                onChange={() => state.setValues({ toolOutputKind: kind })}
                data-testid={`field-toolOutputKind-${kind}`}
              />
              <span>{kind === 'json' ? 'JSON object' : 'Text'}</span>
            </label>
          ))}
        </div>
        <TextArea state={state} name="toolOutput" rows={6} />
        {!built.ok && built.field === 'toolOutput' && (
          <JsonErrorLine
            message={built.error}
            text={values.toolOutput}
            syntax={built.syntax}
            targetId="composer-toolOutput"
          />
        )}
      </Field>
      <Field label="status" htmlFor="composer-toolStatus" hint='"error" makes the PAL acknowledge the failure.'>
        <select
          id="composer-toolStatus"
          class="composer-control"
          value={values.toolStatus}
          onChange={(event) => {
            const status = TOOL_RESULT_STATUSES.find((s) => s === event.currentTarget.value);
            if (status) state.setValues({ toolStatus: status satisfies ToolResultStatus });
          }}
          data-testid="field-toolStatus"
        >
          {TOOL_RESULT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
