/**
 * Objectives and readiness: a strip with each objective's state (pending → activated → completed), a table of their
 * steps over time with output variables, and per call when the replica became ready (joined / first heartbeat /
 * first speech) so "when is it safe to send" is visible. Event references select the event in Events.
 */
import type { ObjectiveState } from '../../log/objectives';
import type { CallReadiness, ReadinessMark } from '../../log/readiness';
import { formatClockTime } from '../ui/format';
import { insightsFor, revealEvent } from '../problems/insights-model';
import type { PanelStore } from '../store';
import '../problems/problems.css';

export function ObjectivesView({ store }: { store: PanelStore }) {
  const model = insightsFor(store);
  const objectives = model.objectives.value;
  const readiness = model.readiness.value;
  return (
    <div class="objectives" data-testid="objectives">
      <h3>Readiness</h3>
      {readiness.length === 0 ? (
        <div class="text-secondary" data-testid="readiness-empty">
          No sign of the replica yet (no join, heartbeat or replica speech). Messages sent now are lost.
        </div>
      ) : (
        <ReadinessTable store={store} calls={readiness} />
      )}
      <h3>Objectives</h3>
      {objectives.length === 0 ? (
        <div class="text-secondary" data-testid="objectives-empty">
          No objective events yet (conversation.objective.pending / activated / completed).
        </div>
      ) : (
        <>
          <div class="objectives-strip" data-testid="objectives-strip">
            {objectives.map((o) => (
              <span
                key={`${o.callId}:${o.name}`}
                class="objective-chip"
                data-status={o.status}
                data-testid="objective-chip"
                title={o.awaitingConfirm ? 'pending: waiting for conversation.objective.confirm' : o.status}
              >
                {o.name} · <b>{o.status}</b>
                {o.awaitingConfirm ? ' (awaiting confirm)' : ''}
              </span>
            ))}
          </div>
          <ObjectivesTable store={store} objectives={objectives} />
        </>
      )}
    </div>
  );
}

function EventLink({ store, id, label }: { store: PanelStore; id: number; label: string }) {
  return (
    <button
      type="button"
      class="toolbar-button has-label"
      title={`Show event #${id} in Events`}
      onClick={() => revealEvent(store, id)}
    >
      {label}
    </button>
  );
}

function Mark({ store, mark }: { store: PanelStore; mark: ReadinessMark | undefined }) {
  if (!mark) return <span class="text-secondary">—</span>;
  return <EventLink store={store} id={mark.eventId} label={`${formatClockTime(mark.at)} #${mark.eventId}`} />;
}

function ReadinessTable({ store, calls }: { store: PanelStore; calls: CallReadiness[] }) {
  return (
    <table data-testid="readiness">
      <thead>
        <tr>
          <th>Call</th>
          <th>Ready</th>
          <th>Replica joined</th>
          <th>First heartbeat</th>
          <th>First replica speech</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((call) => (
          <tr key={call.callId}>
            <td class="mono">{call.callId}</td>
            <td data-testid="readiness-ready">{call.ready ? `by ${call.ready.signal}` : 'not yet'}</td>
            <td>
              <Mark store={store} mark={call.joined} />
            </td>
            <td>
              <Mark store={store} mark={call.firstHeartbeat} />
            </td>
            <td>
              <Mark store={store} mark={call.firstReplicaSpeech} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ObjectivesTable({ store, objectives }: { store: PanelStore; objectives: ObjectiveState[] }) {
  return (
    <table data-testid="objectives-table">
      <thead>
        <tr>
          <th>Objective</th>
          <th>State</th>
          <th>Steps</th>
          <th>Output variables</th>
        </tr>
      </thead>
      <tbody>
        {objectives.map((o) => (
          <tr key={`${o.callId}:${o.name}`} data-testid="objective-row" data-status={o.status}>
            <td class="mono">{o.name}</td>
            <td>{o.status}</td>
            <td>
              {o.steps.map((step) => (
                <EventLink
                  key={step.eventId}
                  store={store}
                  id={step.eventId}
                  label={`${step.phase} ${formatClockTime(step.at)}`}
                />
              ))}
            </td>
            <td class="mono" data-testid="objective-outputs">
              {o.outputVariables ? JSON.stringify(o.outputVariables) : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
