/**
 * Latencies of every turn in one table: sortable by any column (click a header), turns over a threshold marked,
 * thresholds settable; a row click jumps to the turn's block.
 */
import { useState } from 'preact/hooks';
import {
  LATENCY_METRICS,
  LATENCY_TITLES,
  metricValue,
  parseThreshold,
  slowMetrics,
  sortLatencyRows,
  type LatencyColumn,
  type LatencyMetric,
  type LatencyRow,
  type LatencySort,
  type LatencyThresholds,
} from '../../log/latency';
import { formatDuration } from '../ui/format';

const COLUMNS: readonly LatencyColumn[] = ['turn', ...LATENCY_METRICS];

function cellText(row: LatencyRow, column: LatencyMetric): string {
  const value = metricValue(row, column);
  if (value === undefined) return '–';
  if (value === Infinity) return row.toolReply === undefined ? 'waiting' : `${formatDuration(row.toolReply)} + waiting`;
  return formatDuration(value);
}

export function LatencyTable({
  rows,
  sort,
  onSort,
  thresholds,
  onThresholds,
  onJump,
  showCall,
}: {
  rows: readonly LatencyRow[];
  sort: LatencySort;
  onSort: (sort: LatencySort) => void;
  thresholds: LatencyThresholds;
  onThresholds: (thresholds: LatencyThresholds) => void;
  onJump: (key: string) => void;
  /** Several calls: the turn column names the call too. */
  showCall: boolean;
}) {
  const sorted = sortLatencyRows(rows, sort);
  const slowCount = rows.filter((row) => slowMetrics(row, thresholds).length > 0).length;
  return (
    <div class="lt" data-testid="latency-table">
      <table class="lt-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.column === column;
              return (
                <th
                  key={column}
                  scope="col"
                  aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                  class={column === 'turn' ? 'lt-turn' : 'lt-metric'}
                >
                  <button
                    type="button"
                    class="lt-sort"
                    data-column={column}
                    title={`Sort by ${LATENCY_TITLES[column]}`}
                    onClick={() =>
                      onSort({
                        column,
                        // A new column starts with the slowest first (what one looks for); the turn column in order.
                        descending: active ? !sort.descending : column !== 'turn',
                      })
                    }
                  >
                    {LATENCY_TITLES[column]}
                    <span class="lt-arrow" aria-hidden="true">
                      {active ? (sort.descending ? '▼' : '▲') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => {
            const slow = slowMetrics(row, thresholds);
            return (
              <tr
                key={row.key}
                class={`lt-row${slow.length > 0 ? ' lt-slow' : ''}`}
                data-testid="latency-row"
                data-turn-key={row.key}
                tabIndex={0}
                title="Show this turn"
                onClick={() => onJump(row.key)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onJump(row.key);
                  }
                }}
              >
                <td class="lt-turn">
                  {showCall ? `${row.callId} · ` : ''}
                  {row.turnIdx}
                </td>
                {LATENCY_METRICS.map((metric) => (
                  <td
                    key={metric}
                    class={`lt-metric${slow.includes(metric) ? ' lt-over' : ''}`}
                    title={
                      slow.includes(metric) ? `over the threshold of ${formatDuration(thresholds[metric]!)}` : undefined
                    }
                  >
                    {cellText(row, metric)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <ThresholdEditor thresholds={thresholds} onThresholds={onThresholds} slowCount={slowCount} />
    </div>
  );
}

function ThresholdEditor({
  thresholds,
  onThresholds,
  slowCount,
}: {
  thresholds: LatencyThresholds;
  onThresholds: (thresholds: LatencyThresholds) => void;
  slowCount: number;
}) {
  const [invalid, setInvalid] = useState<ReadonlySet<LatencyMetric>>(new Set());
  return (
    <details class="lt-thresholds">
      <summary>
        Slow-turn thresholds ·{' '}
        <span data-testid="slow-count">
          {slowCount} slow turn{slowCount === 1 ? '' : 's'}
        </span>
      </summary>
      <div class="lt-threshold-fields">
        {LATENCY_METRICS.map((metric) => (
          <label key={metric} class="lt-threshold">
            <span>{LATENCY_TITLES[metric]}</span>
            <input
              type="text"
              class="toolbar-input"
              data-testid={`threshold-${metric}`}
              placeholder="off"
              aria-invalid={invalid.has(metric)}
              value={thresholds[metric] === undefined ? '' : `${thresholds[metric]} ms`}
              onChange={(event) => {
                const parsed = parseThreshold(event.currentTarget.value);
                const next = new Set(invalid);
                if (!parsed) next.add(metric);
                else {
                  next.delete(metric);
                  const updated = { ...thresholds };
                  if (parsed.ms === undefined) delete updated[metric];
                  else updated[metric] = parsed.ms;
                  onThresholds(updated);
                }
                setInvalid(next);
              }}
            />
            {invalid.has(metric) && (
              <span class="lt-invalid" role="alert">
                a duration, like 1500, 1.5 s or 800 ms
              </span>
            )}
          </label>
        ))}
      </div>
    </details>
  );
}
