/** "Names seen": every event_type of the session with counts, marked documented / legacy / variant / undocumented / unknown. */
import { insightsFor, revealEvent } from '../problems/insights-model';
import type { PanelStore } from '../store';
import '../problems/problems.css';

const STANDING_BADGE = {
  documented: 'badge-green',
  legacy: 'badge-orange',
  variant: 'badge-yellow',
  undocumented: 'badge-purple',
  unknown: 'badge-red',
} as const;

export function NamesView({ store }: { store: PanelStore }) {
  const model = insightsFor(store);
  const names = model.names.value;
  const overflow = model.insights.names.overflow;
  return (
    <div class="objectives" data-testid="names">
      {names.length === 0 ? (
        <div class="text-secondary">No app-messages yet.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>event_type</th>
              <th>Count</th>
              <th>In</th>
              <th>Out</th>
              <th>Standing</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name.eventType} data-testid="name-row" data-standing={name.standing}>
                <td class="mono">
                  <button
                    type="button"
                    class="toolbar-button has-label mono"
                    title="Show the first event with this name"
                    onClick={() => revealEvent(store, name.firstEventId)}
                  >
                    {name.eventType || '(none)'}
                  </button>
                </td>
                <td data-testid="name-count">{name.count}</td>
                <td>{name.incoming}</td>
                <td>{name.outgoing}</td>
                <td>
                  <span class={`badge ${STANDING_BADGE[name.standing]}`}>{name.standing}</span>
                </td>
                <td class="text-secondary">
                  {name.canonical ? `→ ${name.canonical}` : ''}
                  {name.canonical && name.note ? ' · ' : ''}
                  {name.note ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {overflow > 0 && <div class="text-secondary">{overflow} events with further names were not listed.</div>}
    </div>
  );
}
