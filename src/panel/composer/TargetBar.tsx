/** Where the message goes: the call (only hooked calls can send), the recipient, and the conversation_id to use. */
import type { ComposerState } from './state';
import { callLabel } from './target';

export function TargetBar({ state }: { state: ComposerState }) {
  const calls = state.store.calls.value;
  const call = state.call.value;
  const traffic = state.traffic.value;
  const typedConversation = state.conversationIdTyped.value;
  const replicaSession = traffic.sessionIds[0];

  return (
    <div class="composer-target" role="group" aria-label="Target">
      <label class="composer-target-item">
        <span class="composer-target-label">Call</span>
        <select
          class="composer-control"
          value={call?.callId ?? ''}
          disabled={calls.length === 0}
          onChange={(event) => (state.wantedCallId.value = event.currentTarget.value || undefined)}
          data-testid="composer-call"
        >
          {calls.length === 0 && <option value="">no call found</option>}
          {calls.map((known) => (
            <option key={known.callId} value={known.callId} title={`${known.callId}\n${known.frameUrl}`}>
              {callLabel(known)}
            </option>
          ))}
        </select>
      </label>
      {call && (!call.canSend || call.found === 'sniffed') && (
        <span
          class="composer-pill composer-pill-readonly"
          title="Seen only through daily-js's iframe messages: no call object to send with."
        >
          read-only
        </span>
      )}
      <label class="composer-target-item">
        <span class="composer-target-label" title="Daily's sendAppMessage recipient">
          To
        </span>
        <input
          class="composer-control mono composer-recipient"
          type="text"
          spellcheck={false}
          autocomplete="off"
          list="composer-recipients"
          value={state.recipient.value}
          onInput={(event) => (state.recipient.value = event.currentTarget.value)}
          data-testid="composer-recipient"
        />
        <datalist id="composer-recipients">
          <option value="*">everyone</option>
          {traffic.sessionIds.map((id) => (
            <option key={id} value={id}>
              sender of incoming events
            </option>
          ))}
        </datalist>
      </label>
      {replicaSession && state.recipient.value.trim() !== replicaSession && (
        <button
          type="button"
          class="composer-link"
          title={`The replica's session id is the fromId of the events it sends: ${replicaSession}`}
          onClick={() => (state.recipient.value = replicaSession)}
        >
          to replica only
        </button>
      )}
      {state.recipient.value.trim() !== '*' && (
        <button
          type="button"
          class="composer-link"
          title="Broadcast, as the Tavus docs do"
          onClick={() => (state.recipient.value = '*')}
        >
          to everyone
        </button>
      )}
      <label class="composer-target-item composer-target-grow">
        <span class="composer-target-label">conversation_id</span>
        <input
          class="composer-control mono composer-conversation"
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder="not seen in the traffic yet"
          value={state.conversationId.value}
          onInput={(event) => (state.conversationIdTyped.value = event.currentTarget.value)}
          data-testid="composer-conversation-id"
        />
      </label>
      {traffic.conversationIds.length > 1 && (
        <select
          class="composer-control"
          title="conversation_ids seen in the traffic, most recent first"
          value=""
          onChange={(event) => {
            if (event.currentTarget.value) state.conversationIdTyped.value = event.currentTarget.value;
          }}
          data-testid="composer-conversation-picker"
        >
          <option value="">{traffic.conversationIds.length} seen…</option>
          {traffic.conversationIds.map((id, index) => (
            <option key={id} value={id}>
              {id}
              {index === 0 ? ' (latest)' : ''}
            </option>
          ))}
        </select>
      )}
      {typedConversation !== undefined && (
        <button
          type="button"
          class="composer-link"
          title="Use the most recent conversation_id seen in the traffic again"
          onClick={() => (state.conversationIdTyped.value = undefined)}
        >
          follow traffic
        </button>
      )}
    </div>
  );
}
