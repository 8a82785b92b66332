/**
 * The Turns tab: the latency table across turns on top, then one block per turn (its latencies, what was said, a
 * waterfall of its events) with the sends made between turns in blocks of their own, in call order.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BetweenTurns, Latency, LogEvent, Turn } from '../../log';
import {
  DEFAULT_LATENCY_THRESHOLDS,
  LATENCY_METRICS,
  LATENCY_TITLES,
  latencyRows,
  slowMetrics,
  turnKey,
  validThresholds,
  type LatencyColumn,
  type LatencySort,
  type LatencyThresholds,
} from '../../log/latency';
import { formatDuration } from '../ui/format';
import { readPreference, usePersistentState, writePreference } from '../persist';
import type { PanelStore } from '../store';
import { LatencyTable } from './LatencyTable';
import { Waterfall } from './Waterfall';
import './turns.css';

const TURNS_PAGE = 100;
const EVENTS_PER_BLOCK = 300;

type Block = { type: 'turn'; key: string; turn: Turn } | { type: 'between'; key: string; between: BetweenTurns };

/** Turns by call then turn_idx, each call's between-turns blocks after the turn they follow. */
function blocksOf(turns: readonly Turn[], between: readonly BetweenTurns[]): Block[] {
  const byCall = new Map<string, BetweenTurns[]>();
  for (const b of between) byCall.set(b.callId, [...(byCall.get(b.callId) ?? []), b]);
  const out: Block[] = [];
  const placed = new Set<BetweenTurns>();
  const flushBefore = (callId: string, turnIdx: number | undefined) => {
    for (const b of byCall.get(callId) ?? []) {
      if (placed.has(b)) continue;
      if (turnIdx === undefined || b.afterTurn === undefined || b.afterTurn < turnIdx) {
        placed.add(b);
        out.push({ type: 'between', key: `between:${b.callId}:${b.eventIds[0]}`, between: b });
      }
    }
  };
  let lastCall: string | undefined;
  for (const turn of turns) {
    if (lastCall !== undefined && lastCall !== turn.callId) flushBefore(lastCall, undefined);
    flushBefore(turn.callId, turn.turnIdx);
    out.push({ type: 'turn', key: turnKey(turn.callId, turn.turnIdx), turn });
    lastCall = turn.callId;
  }
  for (const callId of byCall.keys()) flushBefore(callId, undefined);
  return out;
}

function blockSpan(block: Block): number {
  const b = block.type === 'turn' ? block.turn : block.between;
  return Math.max(1, b.lastReceivedAt - b.firstReceivedAt);
}

const SORT_COLUMNS: readonly LatencyColumn[] = ['turn', ...LATENCY_METRICS];

function storedSort(): LatencySort {
  const value = readPreference<{ column?: unknown; descending?: unknown }>('turns.sort', {});
  const column = SORT_COLUMNS.find((c) => c === value.column);
  return column ? { column, descending: value.descending === true } : { column: 'turn', descending: false };
}

export function TurnsView({ store }: { store: PanelStore }) {
  const turns = store.turns.value;
  void store.revision.value;
  const between = store.log.betweenTurns(store.callFilter.value);
  const [shown, setShown] = useState(TURNS_PAGE);
  const [scale, setScale] = usePersistentState<'turn' | 'shared'>('turns.scale', 'turn');
  const [tableOpen, setTableOpen] = usePersistentState('turns.table', true);
  const [sort, setSortState] = useState<LatencySort>(storedSort);
  const [thresholds, setThresholdsState] = useState<LatencyThresholds>(() =>
    validThresholds(readPreference<object>('turns.thresholds', DEFAULT_LATENCY_THRESHOLDS)),
  );
  const [jumpTo, setJumpTo] = useState<{ key: string; at: number } | undefined>(undefined);
  const listRef = useRef<HTMLDivElement | null>(null);

  const blocks = blocksOf(turns, between);
  const visible = blocks.slice(Math.max(0, blocks.length - shown));
  const sharedSpan = scale === 'shared' ? Math.max(1, ...visible.map(blockSpan)) : undefined;

  useEffect(() => {
    if (!jumpTo) return;
    const target = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-block-key]') ?? [])].find(
      (el) => el.dataset.blockKey === jumpTo.key,
    );
    target?.scrollIntoView?.({ block: 'start' });
    target?.focus({ preventScroll: true });
  }, [jumpTo]);

  if (blocks.length === 0)
    return (
      <div class="empty-state text-secondary" data-testid="turns-empty">
        No turns yet. Turns group events by <code>turn_idx</code>; they appear once the replica and the user start
        talking.
      </div>
    );

  const jump = (key: string) => {
    const index = blocks.findIndex((b) => b.key === key);
    if (index >= 0 && index < blocks.length - shown) setShown(blocks.length - index);
    setJumpTo({ key, at: Date.now() });
  };
  const rows = latencyRows(turns);
  const calls = new Set(turns.map((t) => t.callId));

  return (
    <div class="turns tv" data-testid="turns" ref={listRef}>
      <section class="tv-latency">
        <header class="tv-bar">
          <button
            type="button"
            class="toolbar-button has-label tv-toggle"
            aria-expanded={tableOpen}
            data-testid="latency-toggle"
            onClick={() => setTableOpen(!tableOpen)}
          >
            <span aria-hidden="true">{tableOpen ? '▾' : '▸'}</span> Latency by turn
          </button>
          <span class="tv-scale" role="group" aria-label="Waterfall scale">
            <span class="text-secondary">Waterfall scale:</span>
            <button
              type="button"
              class="toolbar-button has-label"
              aria-pressed={scale === 'turn'}
              data-testid="scale-turn"
              title="Each waterfall spans its own block"
              onClick={() => setScale('turn')}
            >
              per turn
            </button>
            <button
              type="button"
              class="toolbar-button has-label"
              aria-pressed={scale === 'shared'}
              data-testid="scale-shared"
              title="One time scale for every block, so lengths compare across turns"
              onClick={() => setScale('shared')}
            >
              same for all
            </button>
          </span>
        </header>
        {tableOpen && rows.length > 0 && (
          <LatencyTable
            rows={rows}
            sort={sort}
            onSort={(next) => {
              setSortState(next);
              writePreference('turns.sort', next);
            }}
            thresholds={thresholds}
            onThresholds={(next) => {
              setThresholdsState(next);
              writePreference('turns.thresholds', next);
            }}
            onJump={jump}
            showCall={calls.size > 1}
          />
        )}
      </section>
      {visible.length < blocks.length && (
        <button type="button" class="toolbar-button has-label turns-more" onClick={() => setShown(shown + TURNS_PAGE)}>
          Show {Math.min(TURNS_PAGE, blocks.length - visible.length)} older blocks ({blocks.length - visible.length}{' '}
          hidden)
        </button>
      )}
      {visible.map((block) =>
        block.type === 'turn' ? (
          <TurnBlock
            key={block.key}
            store={store}
            turn={block.turn}
            spanMs={sharedSpan}
            thresholds={thresholds}
            highlighted={jumpTo?.key === block.key}
          />
        ) : (
          <BetweenBlock key={block.key} store={store} between={block.between} spanMs={sharedSpan} />
        ),
      )}
    </div>
  );
}

function LatencyChip({ label, latency, slow }: { label: string; latency: Latency | undefined; slow: boolean }) {
  if (!latency) return null;
  const tavus = latency.tavusMs === undefined ? '' : ` (Tavus clock ${formatDuration(latency.tavusMs)})`;
  return (
    <span
      class={`chip${slow ? ' chip-slow' : ''}`}
      title={`${label}: ${formatDuration(latency.ms)} by receive time${tavus}${slow ? ' · over the threshold' : ''}`}
    >
      {label} <b>{formatDuration(latency.ms)}</b>
    </span>
  );
}

function eventsOf(store: PanelStore, ids: readonly number[]): LogEvent[] {
  return ids
    .slice(0, EVENTS_PER_BLOCK)
    .map((id) => store.log.get(id))
    .filter((e): e is LogEvent => e !== undefined);
}

function selectEvent(store: PanelStore, id: number): void {
  store.select(id, true);
  store.tab.value = 'events';
}

function TurnBlock({
  store,
  turn,
  spanMs,
  thresholds,
  highlighted,
}: {
  store: PanelStore;
  turn: Turn;
  spanMs: number | undefined;
  thresholds: LatencyThresholds;
  highlighted: boolean;
}) {
  const events = eventsOf(store, turn.eventIds);
  const { latencies } = turn;
  const [row] = latencyRows([turn]);
  const slow = slowMetrics(row!, thresholds);
  const toolLimit = thresholds.toolReply;
  const slowSpans = new Set<string>();
  if (slow.includes('userStopToReplicaStart')) slowSpans.add('user-stop');
  if (slow.includes('respondToFirstReplica')) slowSpans.add('respond');
  for (const t of latencies.toolCalls)
    if (toolLimit !== undefined && t.ms !== undefined && t.ms > toolLimit) slowSpans.add(`tool:${t.callEventId}`);
  const key = turnKey(turn.callId, turn.turnIdx);
  const duration = turn.lastReceivedAt - turn.firstReceivedAt;
  return (
    <section
      class={`turn${turn.state === 'open' ? ' turn-open' : ''}${slow.length > 0 ? ' turn-slow' : ''}${highlighted ? ' turn-highlighted' : ''}`}
      data-testid="turn"
      data-block-key={key}
      tabIndex={-1}
      aria-label={`Turn ${turn.turnIdx}`}
    >
      <header class="turn-header">
        <b>Turn {turn.turnIdx}</b>
        <span class={`badge ${turn.state === 'done' ? 'badge-grey' : 'badge-blue'}`}>
          {turn.state === 'done' ? 'done' : turn.state === 'running' ? 'running' : 'open'}
        </span>
        {turn.interrupted && <span class="badge badge-orange">interrupted</span>}
        {slow.length > 0 && (
          <span class="badge badge-red" title={slow.map((m) => LATENCY_TITLES[m]).join(', ')}>
            slow
          </span>
        )}
        <span class="text-secondary">
          {formatDuration(duration)} · {turn.eventIds.length} events
        </span>
        <LatencyChip
          label="user stop → replica start"
          latency={latencies.userStopToReplicaStart}
          slow={slow.includes('userStopToReplicaStart')}
        />
        <LatencyChip
          label="respond → first replica event"
          latency={latencies.respondToFirstReplica}
          slow={slow.includes('respondToFirstReplica')}
        />
        {latencies.toolCalls.map((t) => (
          <span
            class={`chip${slowSpans.has(`tool:${t.callEventId}`) || (t.ms === undefined && toolLimit !== undefined) ? ' chip-slow' : ''}`}
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
      <Waterfall
        events={events}
        turn={turn}
        start={turn.firstReceivedAt}
        end={turn.lastReceivedAt}
        spanMs={spanMs ?? Math.max(1, duration)}
        selectedId={store.selectedId.value}
        slowSpans={slowSpans}
        onSelect={(id) => selectEvent(store, id)}
      />
      {turn.eventIds.length > events.length && (
        <div class="text-secondary tv-more">
          +{turn.eventIds.length - events.length} more events (see the Events tab, filter turn:{turn.turnIdx})
        </div>
      )}
    </section>
  );
}

function BetweenBlock({
  store,
  between,
  spanMs,
}: {
  store: PanelStore;
  between: BetweenTurns;
  spanMs: number | undefined;
}) {
  const events = eventsOf(store, between.eventIds);
  const duration = between.lastReceivedAt - between.firstReceivedAt;
  const sends = events.filter((e) => e.dir === 'out');
  const kinds = [...new Set(sends.map((e) => e.eventType || e.kind))];
  return (
    <section
      class="turn turn-between"
      data-testid="between-turns"
      data-block-key={`between:${between.callId}:${between.eventIds[0]}`}
      tabIndex={-1}
    >
      <header class="turn-header">
        <b>Between turns</b>
        <span class="text-secondary">
          {between.afterTurn === undefined ? 'before the first turn' : `after turn ${between.afterTurn}`} ·{' '}
          {formatDuration(duration)} · {between.eventIds.length} events
        </span>
        <span class="text-secondary tv-sends" title="Sends made after the replica finished a turn">
          {kinds.join(', ')}
        </span>
      </header>
      <Waterfall
        events={events}
        turn={undefined}
        start={between.firstReceivedAt}
        end={between.lastReceivedAt}
        spanMs={spanMs ?? Math.max(1, duration)}
        selectedId={store.selectedId.value}
        slowSpans={new Set()}
        onSelect={(id) => selectEvent(store, id)}
      />
    </section>
  );
}
