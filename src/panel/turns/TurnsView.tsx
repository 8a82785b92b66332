/** One block per conversation turn: its latencies on top, a waterfall of its events below. */
import { useState } from 'preact/hooks';
import type { Latency, LogEvent, Turn } from '../../log';
import { formatDuration } from '../ui/format';
import { kindStyle } from '../ui/kinds';
import type { PanelStore } from '../store';

const TURNS_PAGE = 100;
const EVENTS_PER_TURN = 150;

export function TurnsView({ store }: { store: PanelStore }) {
  const turns = store.turns.value;
  const [shown, setShown] = useState(TURNS_PAGE);
  if (turns.length === 0)
    return (
      <div class="empty-state text-secondary" data-testid="turns-empty">
        No turns yet. Turns group events by <code>turn_idx</code>; they appear once the replica and the user start
        talking.
      </div>
    );
  const visible = turns.slice(Math.max(0, turns.length - shown));
  return (
    <div class="turns" data-testid="turns">
      {visible.length < turns.length && (
        <button type="button" class="toolbar-button has-label turns-more" onClick={() => setShown(shown + TURNS_PAGE)}>
          Show {Math.min(TURNS_PAGE, turns.length - visible.length)} older turns ({turns.length - visible.length}{' '}
          hidden)
        </button>
      )}
      {visible.map((turn) => (
        <TurnBlock key={`${turn.callId}:${turn.turnIdx}`} store={store} turn={turn} />
      ))}
    </div>
  );
}

function LatencyChip({ label, latency }: { label: string; latency: Latency | undefined }) {
  if (!latency) return null;
  const tavus = latency.tavusMs === undefined ? '' : ` (Tavus clock ${formatDuration(latency.tavusMs)})`;
  return (
    <span class="chip" title={`${label}: ${formatDuration(latency.ms)} by receive time${tavus}`}>
      {label} <b>{formatDuration(latency.ms)}</b>
    </span>
  );
}

function TurnBlock({ store, turn }: { store: PanelStore; turn: Turn }) {
  const events = turn.eventIds
    .slice(0, EVENTS_PER_TURN)
    .map((id) => store.log.get(id))
    .filter((e): e is LogEvent => e !== undefined);
  const start = turn.firstReceivedAt;
  const span = Math.max(1, turn.lastReceivedAt - start);
  const { latencies } = turn;
  return (
    <section class={`turn ${turn.state === 'open' ? 'turn-open' : ''}`} data-testid="turn">
      <header class="turn-header">
        <b>Turn {turn.turnIdx}</b>
        <span class={`badge ${turn.state === 'open' ? 'badge-blue' : 'badge-grey'}`}>
          {turn.state === 'open' ? 'running' : 'done'}
        </span>
        {turn.interrupted && <span class="badge badge-orange">interrupted</span>}
        <span class="text-secondary">
          {formatDuration(turn.lastReceivedAt - start)} · {turn.eventIds.length} events
        </span>
        <LatencyChip label="user stop → replica start" latency={latencies.userStopToReplicaStart} />
        <LatencyChip label="respond → first replica event" latency={latencies.respondToFirstReplica} />
        {latencies.toolCalls.map((t) => (
          <span
            class="chip"
            key={t.callEventId}
            title={t.matchedBy ? `matched by ${t.matchedBy}` : 'no reply seen yet'}
          >
            tool {t.name ?? '?'} → reply <b>{t.ms === undefined ? 'waiting' : formatDuration(t.ms)}</b>
          </span>
        ))}
        {latencies.utterances
          .filter((u) => typeof u.durationS === 'number')
          .map((u) => (
            <span class="chip" key={u.eventId}>
              {u.role ?? '?'} spoke <b>{formatDuration((u.durationS as number) * 1000)}</b>
              {u.interrupted ? ' (interrupted)' : ''}
            </span>
          ))}
      </header>
      {(turn.userText || turn.replicaGeneratedText || turn.replicaSpokenText) && (
        <div class="turn-text">
          {turn.userText && (
            <div>
              <span class="text-secondary">user:</span> {turn.userText}
            </div>
          )}
          {turn.replicaSpokenText && (
            <div>
              <span class="text-secondary">replica said:</span> {turn.replicaSpokenText}
            </div>
          )}
          {turn.replicaGeneratedText && turn.replicaGeneratedText !== turn.replicaSpokenText && (
            <div>
              <span class="text-secondary">replica meant:</span> {turn.replicaGeneratedText}
            </div>
          )}
        </div>
      )}
      <div class="waterfall">
        {events.map((e) => {
          const offset = ((e.receivedAt - start) / span) * 100;
          return (
            <button
              type="button"
              key={e.id}
              class={`waterfall-row ${store.selectedId.value === e.id ? 'selected' : ''}`}
              onClick={() => {
                store.select(e.id, true);
                store.tab.value = 'events';
              }}
            >
              <span class="waterfall-label">
                <span class={`badge badge-${kindStyle(e.kind).badge}`}>{kindStyle(e.kind).label}</span>
                <span class="mono text-secondary">+{formatDuration(e.receivedAt - start)}</span>
                <span class="waterfall-summary">{e.summary}</span>
              </span>
              <span class="waterfall-track">
                <span
                  class={`waterfall-mark badge-${kindStyle(e.kind).badge}`}
                  style={{ left: `${offset.toFixed(2)}%` }}
                />
              </span>
            </button>
          );
        })}
        {turn.eventIds.length > events.length && (
          <div class="text-secondary">
            +{turn.eventIds.length - events.length} more events (see the Events tab, filter turn:{turn.turnIdx})
          </div>
        )}
      </div>
    </section>
  );
}
