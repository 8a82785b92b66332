/** The detail pane of the selected event: payload tree, raw text, timing, and every linked event one click away. */
import { useState } from 'preact/hooks';
import { importedFrom, type LogEvent } from '../../log';
import { EchoInspector } from '../echo/EchoInspector';
import { toSendAppMessageSnippet } from '../../protocol/interactions';
import { JsonTree, type JsonTreeLink } from '../ui/JsonTree';
import { Tabs } from '../ui/Tabs';
import { ToolbarButton } from '../ui/Toolbar';
import { copyText } from '../ui/clipboard';
import { formatBytes, formatClockTime, formatDuration } from '../ui/format';
import { insightsFor } from '../problems/insights-model';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';
import { warningsOf } from './EventTable';
import { payloadJson, type PayloadText } from './payload-json';
import { filterTerm } from './row-menu';
import { toolCallsFor, toolCallStatusText } from './tool-call-status';
import { toolReplyOptions } from './tool-reply';

export { payloadJson } from './payload-json';

type DetailTab = 'payload' | 'raw' | 'timing' | 'links';

export function DetailPane({ store }: { store: PanelStore }) {
  const event = store.selected.value;
  const [tab, setTab] = useState<DetailTab>('payload');
  const [feedback, setFeedback] = useState<Feedback | undefined>(undefined);
  if (!event) return <div class="detail-empty text-secondary">Select an event to see its details.</div>;

  // Every action reports what happened; nothing it does may throw into preact (a throw there shows nothing).
  const report = (text: string, error = false) => {
    setFeedback({ text, error });
    if (!error) setTimeout(() => setFeedback((now) => (now?.text === text ? undefined : now)), 2500);
  };
  const act = (label: string, run: () => void | Promise<void>) => {
    const fail = (error: unknown) => report(`${label} failed: ${errorText(error)}`, true);
    try {
      const pending = run();
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
  const copy = (label: string, text: () => PayloadText) =>
    act(`Copy ${label}`, async () => {
      const { json, note } = text();
      const ok = await copyText(json);
      if (ok) report(`${label} copied${note ? ` (${note})` : ''}`);
      else report(`Copy ${label} failed: the clipboard refused (DevTools had no focus?)`, true);
    });
  const file = importedFrom(event);
  const canResend = event.dir === 'out' && event.parsed;
  const toolReplies = toolReplyOptions(event);
  const tracker = toolCallsFor(store).value.tracker;
  const status = tracker.statusOf(event, Date.now());
  // A waiting call's age is live: re-render on the panel's one-second clock.
  const now = status?.state === 'waiting' ? insightsFor(store).now.value : 0;
  const liveStatus = status?.state === 'waiting' ? tracker.statusOf(event, Math.max(now, Date.now())) : status;
  const answeredCall = event.kind === 'tool_result' ? tracker.callAnsweredBy(event.id) : undefined;
  const addFilter = (term: string) => {
    const current = store.filterText.value.trim();
    if (!current.split(/\s+/).includes(term)) store.filterText.value = current === '' ? term : `${current} ${term}`;
  };
  const linkFor = (key: string, value: unknown): JsonTreeLink | undefined => {
    if (typeof value !== 'string' || value === '') return undefined;
    if (key === 'inference_id')
      return { title: `Filter by inference_id ${value}`, onActivate: () => addFilter(filterTerm('inference', value)) };
    if (key === 'tool_call_id') {
      const related = status?.state === 'answered' ? status.replyId : answeredCall;
      if (related !== undefined)
        return {
          title:
            event.kind === 'tool_result' ? 'Select the tool call this answers' : 'Select the reply to this tool call',
          onActivate: () => store.select(related, true),
        };
      return { title: `Filter by ${value}`, onActivate: () => addFilter(JSON.stringify(value)) };
    }
    return undefined;
  };

  return (
    <div class="detail" data-testid="detail">
      <Tabs<DetailTab>
        ariaLabel="Event details"
        idPrefix="detail"
        tabs={[
          { id: 'payload', title: 'Payload' },
          { id: 'raw', title: 'Raw' },
          { id: 'timing', title: 'Timing' },
          { id: 'links', title: 'Links', badge: linkCount(store, event) || undefined },
        ]}
        selectedId={tab}
        onSelect={setTab}
        trailing={<ToolbarButton title="Close details" icon="close" onClick={() => (store.detailOpen.value = false)} />}
      />
      <div class="detail-actions toolbar">
        <span class={`badge badge-${kindStyle(event.kind).badge}`}>{kindStyle(event.kind).label}</span>
        <span class="detail-type mono" title={event.eventType}>
          {event.eventType || '(no event_type)'}
        </span>
        <ToolbarButton
          title="Copy the payload as JSON"
          icon="copy"
          label="JSON"
          onClick={() => copy('JSON', () => payloadJson(event))}
        />
        {event.parsed && (
          <ToolbarButton
            title="Copy as a call.sendAppMessage(...) snippet"
            icon="copy"
            label="Snippet"
            onClick={() =>
              copy('Snippet', () => ({
                json: toSendAppMessageSnippet(
                  event.data,
                  event.record.kind === 'app-message' ? (event.record.to ?? '*') : '*',
                ),
              }))
            }
          />
        )}
        {canResend && (
          <ToolbarButton
            title="Open in the composer to edit and send again"
            icon="send"
            label="Edit & resend"
            data-testid="edit-resend"
            onClick={() =>
              act('Edit & resend', () => {
                const { json } = payloadJson(event);
                // An imported row's call is not this session's: let the composer pick the live one.
                store.composerDraft.value = { json, ...(file === undefined ? { callId: event.callId } : {}) };
                store.tab.value = 'composer';
              })
            }
          />
        )}
        {toolReplies.map((reply) => (
          <ToolbarButton
            key={reply.label}
            title={reply.title}
            icon="send"
            label={reply.label}
            data-testid="tool-reply"
            onClick={() =>
              act(reply.label, () => {
                store.composerDraft.value = reply.draft;
                store.tab.value = 'composer';
              })
            }
          />
        ))}
        {liveStatus && (
          <span class={`tool-status tool-status-${liveStatus.state}`} data-testid="detail-tool-status">
            {toolCallStatusText(liveStatus, formatDuration)}
          </span>
        )}
        {liveStatus?.state === 'answered' && (
          <button
            type="button"
            class="link"
            title="Select the reply"
            onClick={() => store.select(liveStatus.replyId, true)}
          >
            show reply
          </button>
        )}
        {answeredCall !== undefined && (
          <button
            type="button"
            class="link"
            title="Select the tool call this answers"
            data-testid="detail-answered-call"
            onClick={() => store.select(answeredCall, true)}
          >
            answers tool call #{store.log.get(answeredCall)?.seq ?? ''}
          </button>
        )}
        {feedback && (
          <span
            class={feedback.error ? 'detail-copied message-error' : 'text-secondary detail-copied'}
            role={feedback.error ? 'alert' : 'status'}
            data-testid="detail-feedback"
          >
            {feedback.text}
          </span>
        )}
      </div>
      {file !== undefined && (
        <div class="message-info detail-imported" data-testid="detail-imported">
          Imported from {file}: not part of this session
          {store.importedFiles.value.get(file)?.redacted ? ' (redacted: text and media replaced, counts kept)' : ''}.
        </div>
      )}
      {warningsOf(event).length > 0 && (
        <div class="message-warning detail-warnings">
          {warningsOf(event).join(' · ')}
          {event.problems.length > 0 && (
            <ul>
              {event.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="detail-body">
        {tab === 'payload' &&
          (event.parsed ? (
            <JsonTree
              key={event.id}
              value={event.data}
              rootName="data"
              initialExpandDepth={2}
              onCopy={(text) => copy('Value', () => ({ json: text }))}
              linkFor={linkFor}
              parseStringKeys={event.kind === 'tool_call' || event.kind === 'perception_tool_call' ? ['arguments'] : []}
            />
          ) : (
            <pre class="mono detail-raw">{event.payloadText}</pre>
          ))}
        {tab === 'raw' && (
          <pre class="mono detail-raw" data-testid="detail-raw">
            {event.payloadText}
          </pre>
        )}
        {tab === 'timing' && <Timing event={event} />}
        {tab === 'timing' && <EchoInspector store={store} event={event} />}
        {tab === 'links' && <Links store={store} event={event} />}
      </div>
    </div>
  );
}

interface Feedback {
  text: string;
  error: boolean;
}

function errorText(error: unknown): string {
  if (error instanceof RangeError) return 'the payload is nested too deeply for this action';
  return error instanceof Error ? error.message : String(error);
}

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <tr>
      <th>{label}</th>
      <td>{children}</td>
    </tr>
  );
}

function Timing({ event }: { event: LogEvent }) {
  const ts = event.timestamp;
  return (
    <table class="kv mono">
      <tbody>
        <Row label="Received">{`${formatClockTime(event.receivedAt)}  (${new Date(event.receivedAt).toISOString()})`}</Row>
        <Row label="Tavus timestamp">{ts === undefined ? '–' : `${formatClockTime(ts * 1000)}  (${ts})`}</Row>
        <Row label="Skew (received − Tavus)">
          {ts === undefined ? '–' : formatDuration(event.receivedAt - ts * 1000)}
        </Row>
        <Row label="Seq">{event.seq ?? '–'}</Row>
        <Row label="Turn">{event.turn ?? '–'}</Row>
        <Row label="Inference">{event.inferenceId ?? '–'}</Row>
        <Row label="Call">{event.callId}</Row>
        <Row label="Frame">{String(event.frameId)}</Row>
        <Row label="Captured by">{event.record.via}</Row>
        {event.record.kind === 'app-message' && (
          <>
            <Row label="Direction">
              {event.record.origin === 'replay'
                ? `${event.record.dir} (↻ replay: played into the page by a DevTools replay, not sent by the replica)`
                : `${event.record.dir} (${event.record.origin})`}
            </Row>
            <Row label="Size">{`${formatBytes(event.record.size)} (${event.record.size} chars, Daily's count)`}</Row>
            {event.record.fromId && <Row label="From session">{event.record.fromId}</Row>}
            {event.record.to && <Row label="To">{JSON.stringify(event.record.to)}</Row>}
            {event.record.sendError && <Row label="Send error">{event.record.sendError}</Row>}
          </>
        )}
      </tbody>
    </table>
  );
}

function linkCount(store: PanelStore, event: LogEvent): number {
  return store.log.inferenceGroup(event.id).length + store.log.twins(event.id).length;
}

function LinkList({
  store,
  title,
  events,
  current,
}: {
  store: PanelStore;
  title: string;
  events: LogEvent[];
  current: number;
}) {
  if (events.length === 0) return null;
  return (
    <section class="links">
      <h4>{title}</h4>
      <ul>
        {events.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              class={`link ${e.id === current ? 'current' : ''}`}
              onClick={() => store.select(e.id, true)}
            >
              <span class={`badge badge-${kindStyle(e.kind).badge}`}>{kindStyle(e.kind).label}</span>
              <span class="mono">{e.seq !== undefined ? `#${e.seq}` : ''}</span>
              <span>{e.summary}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Links({ store, event }: { store: PanelStore; event: LogEvent }) {
  const inference = store.log.inferenceGroup(event.id);
  const twins = store.log.twins(event.id);
  const stream = store.log.stream(event.id);
  const chunks = stream
    ? stream.chunkIds.map((id) => store.log.get(id)).filter((e): e is LogEvent => e !== undefined)
    : [];
  const turn =
    event.turn === undefined
      ? undefined
      : store.turns.value.find((t) => t.turnIdx === event.turn && t.callId === event.callId);
  const turnEvents = turn
    ? turn.eventIds.map((id) => store.log.get(id)).filter((e): e is LogEvent => e !== undefined)
    : [];
  return (
    <div class="links-pane">
      {stream && stream.type === 'utterance' && stream.isInterrupted && (
        <div class="message-warning">
          <div>Generated: {stream.generatedText ?? '(no conversation.utterance seen)'}</div>
          <div>Spoken: {stream.spokenText ?? stream.speech}</div>
        </div>
      )}
      <LinkList
        store={store}
        title={`Same inference_id (${event.inferenceId ?? '–'})`}
        events={inference}
        current={event.id}
      />
      <LinkList store={store} title="Twins (sent twice on purpose)" events={twins} current={event.id} />
      <LinkList store={store} title={`Stream chunks (${chunks.length})`} events={chunks} current={event.id} />
      <LinkList store={store} title={`Turn ${event.turn ?? ''}`} events={turnEvents} current={event.id} />
      {inference.length + twins.length + chunks.length + turnEvents.length === 0 && (
        <div class="text-secondary">No linked events (no inference_id or turn).</div>
      )}
    </div>
  );
}
