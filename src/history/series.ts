// `dq history CHECK`: a check's metric over recorded runs, and for grouped checks each
// partition's value, oldest run first; rendered as a small table with a sparkline, or JSON.
import { inert } from '../reports/inert.js';
import { formatValue } from '../run/format.js';
import type { MetricUnit } from '../run/report.js';
import type { RunRecord } from './records.js';
import { keyLabel } from './render-diff.js';

export interface SeriesPoint {
  run_id: string;
  started_at: string;
  status: string;
  value: number | null;
}

export interface CheckSeries {
  check_id: string;
  metric: string | null;
  unit: string | null;
  /** The unit of the partitions' values (the check's group metric), when they have values. */
  partition_unit: string | null;
  /** Oldest first; runs that did not include the check are left out. */
  points: SeriesPoint[];
  /** Per partition key (JSON text): the value in each point's run, null where it had none. */
  partitions: { key: string; values: (number | null)[]; statuses: (string | null)[] }[];
}

/** `runs` newest first (as the store lists them). */
export function checkSeries(checkId: string, runs: readonly RunRecord[]): CheckSeries {
  const withCheck = [...runs].reverse().flatMap((run) => {
    const check = run.checks.find((c) => c.check_id === checkId);
    return check ? [{ run, check }] : [];
  });
  const last = withCheck.at(-1)?.check;
  // Each run's partitions by key (the first of a key): a check can hold thousands.
  const byKey = withCheck.map(({ check }) => new Map([...check.partitions].reverse().map((p) => [p.key, p])));
  const keys = [...new Set(byKey.flatMap((m) => [...m.keys()]))].sort();
  return {
    check_id: checkId,
    metric: last?.metric_name ?? null,
    unit: last?.metric_unit ?? null,
    partition_unit: last?.partition_unit ?? last?.metric_unit ?? null,
    points: withCheck.map(({ run, check }) => ({ run_id: run.run_id, started_at: run.started_at, status: check.status, value: check.metric_value })),
    partitions: keys.map((key) => {
      const found = byKey.map((m) => m.get(key));
      return { key, values: found.map((p) => p?.value ?? null), statuses: found.map((p) => p?.status ?? null) };
    }),
  };
}

const BARS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled between the series' min and max; a space for no value. */
export function sparkline(values: readonly (number | null)[]): string {
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (numbers.length === 0) return values.map(() => ' ').join('');
  const min = Math.min(...numbers);
  const span = Math.max(...numbers) - min;
  return values.map((v) => (v === null || !Number.isFinite(v) ? ' ' : BARS[span === 0 ? 3 : Math.round(((v - min) / span) * (BARS.length - 1))])).join('');
}

/** At most this many partitions in the console; JSON has them all. */
const SHOWN_PARTITIONS = 30;

export function renderSeriesConsole(series: CheckSeries): string {
  const unit = (series.unit ?? 'number') as MetricUnit;
  const lines = [`${series.check_id}: ${series.metric ?? 'metric'} over ${series.points.length} runs  ${sparkline(series.points.map((p) => p.value))}`];
  for (const p of series.points) lines.push(`  ${p.started_at}  ${p.run_id}  ${p.status.padEnd(7)} ${formatValue(p.value, unit)}`);
  const partitionUnit = (series.partition_unit ?? 'number') as MetricUnit;
  if (series.partitions.length > 0) {
    // Failing partitions of the newest run first, then the rest by key.
    const newest = series.points.length - 1;
    const ranked = [...series.partitions].sort((a, b) => Number(b.statuses[newest] === 'fail') - Number(a.statuses[newest] === 'fail') || a.key.localeCompare(b.key));
    lines.push(`partitions (${series.partitions.length}):`);
    for (const p of ranked.slice(0, SHOWN_PARTITIONS)) {
      lines.push(`  ${keyLabel(p.key).padEnd(12)} ${sparkline(p.values)}  ${formatValue(p.values[newest] ?? null, partitionUnit)} ${p.statuses[newest] ?? 'absent'}`);
    }
    if (ranked.length > SHOWN_PARTITIONS) lines.push(`  … and ${ranked.length - SHOWN_PARTITIONS} more (--format json lists all)`);
  }
  return lines.map(inert).join('\n');
}
