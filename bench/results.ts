// bench/results.md from the measurements of bench/run.ts: medians, ratios, the issue's targets.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from './generate.js';
import type { SuiteBytes } from './bigquery-bytes.js';

export interface Sample {
  wallMs: number;
  rssKb: number | null;
  queries: number;
  /** Baselines: time from opening the warehouse to the last answer, inside the process. */
  insideMs: number | null;
  /** dq: report.json invocation.timings_ms. */
  phases: Record<string, number | null> | null;
}

export interface Cell {
  rows: number;
  checks: number;
  samples: Record<string, Sample[]>;
}

export interface Results {
  started: Date;
  command: string;
  runs: number;
  loadBefore: number;
  loadAfter: number;
  cells: Cell[];
  compile: { checks: number; ms: number; queries: number };
  bigQuery: { rows: number; suites: SuiteBytes[] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const of = (samples: Sample[], pick: (s: Sample) => number | null) => {
  const xs = samples.map(pick).filter((x): x is number => x !== null);
  return xs.length === samples.length ? median(xs) : null;
};
const ms = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x).toLocaleString('en-US')}`);
const mb = (kb: number | null) => (kb === null ? 'n/a' : `${Math.round(kb / 1024).toLocaleString('en-US')}`);
const ratio = (a: number | null, b: number | null) => (a === null || b === null ? 'n/a' : `${(a / b).toFixed(2)}×`);
const rowsLabel = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

/** The issue's figures (issue 14, before the set-query and single-compile work): dq / hand, dq / per-check. */
const ISSUE: Record<string, [number, number]> = {
  '1000000/16': [3.23, 2.78],
  '10000000/16': [1.46, 1.32],
  '10000000/50': [1.27, 0.98],
  '10000000/200': [1.18, 0.66],
  '50000000/200': [1.06, 0.63],
};

function machine(): string {
  const duck = JSON.parse(readFileSync(path.join(BENCH_DIR, '..', 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')).version;
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, @duckdb/node-api ${duck}`;
}

/** The issue's targets against this run's figures: met / not met, and by how much. */
function targets(r: Results): string[] {
  const lines = ['| target | measured | |', '|---|---|---|'];
  const cell = (rows: number, checks: number) => r.cells.find((c) => c.rows === rows && c.checks === checks);
  const wall = (c: Cell, name: string) => of(c.samples[name], (s) => s.wallMs)!;
  const verdict = (value: number, limit: number) => (value <= limit ? 'met' : `not met: ${((value / limit - 1) * 100).toFixed(0)}% over`);
  for (const [checks, limit] of [[16, 1.1], [200, 1.05]] as const) {
    const c = cell(10_000_000, checks);
    if (!c) lines.push(`| dq / hand ≤ ${limit} at 10M rows, ${checks} checks | not measured in this run | |`);
    else {
      const x = wall(c, 'dq') / wall(c, 'hand');
      lines.push(`| dq / hand ≤ ${limit} at 10M rows, ${checks} checks | ${x.toFixed(2)}× | ${verdict(x, limit)} |`);
    }
  }
  const big = r.cells.filter((c) => c.rows >= 1_000_000);
  if (big.length === 0) lines.push('| never slower than per-check from 1M rows | not measured in this run (no cell ≥ 1M rows) | |');
  else {
    const worst = big.map((c) => ({ c, x: wall(c, 'dq') / wall(c, 'per-check') })).sort((a, b) => b.x - a.x)[0];
    lines.push(`| dq / per-check ≤ 1 at every size from 1M rows | worst ${worst.x.toFixed(2)}× (${rowsLabel(worst.c.rows)} × ${worst.c.checks}) | ${verdict(worst.x, 1)} |`);
  }
  const rss = r.cells
    .map((c) => ({ c, x: (of(c.samples.dq, (s) => s.rssKb) ?? NaN) / (of(c.samples.hand, (s) => s.rssKb) ?? NaN) }))
    .filter((e) => Number.isFinite(e.x))
    .sort((a, b) => b.x - a.x)[0];
  lines.push(rss ? `| peak RSS dq / hand ≤ 1.2 | worst ${rss.x.toFixed(2)}× (${rowsLabel(rss.c.rows)} × ${rss.c.checks}) | ${verdict(rss.x, 1.2)} |` : '| peak RSS dq / hand ≤ 1.2 | not measured (no /usr/bin/time) | |');
  lines.push(`| \`dq compile\` of 2,000 checks < 0.5 s | ${(r.compile.ms / 1000).toFixed(2)} s | ${verdict(r.compile.ms, 500)} |`);
  const once = r.bigQuery.suites.filter((s) => s.batchedBytes !== s.onceBytes);
  lines.push(
    `| BigQuery: batched plan reads each referenced column once per table | ${once.length === 0 ? 'every suite' : once.map((s) => `s${s.checks}: ${(s.batchedBytes / s.onceBytes).toFixed(2)}× the once-per-column bytes`).join(', ')} | ${once.length === 0 ? 'met' : 'not met'} |`,
  );
  return lines;
}

export function renderResults(r: Results): string {
  const small = r.cells.some((c) => c.rows < 1_000_000) || r.runs < 3 || !r.cells.some((c) => c.rows >= 10_000_000);
  const out: string[] = [
    '# Benchmark results',
    '',
    small
      ? '**A small run** (under 1M rows, no 10M-row cell, or fewer than 3 rounds), for checking the instrument: the ratios below are not the issue\'s figures. Re-run `npm run bench` on a quiet machine for those.'
      : 'Full run.',
    '',
    `- Date: ${r.started.toISOString().slice(0, 16).replace('T', ' ')} UTC; command: \`${r.command}\` (after \`npm run build\`)`,
    `- Machine: ${machine()}`,
    `- Load average (1 min) before / after: ${r.loadBefore.toFixed(1)} / ${r.loadAfter.toFixed(1)}${r.loadBefore > os.cpus().length ? ' (a shared, busy machine: absolute times are high, and noisy)' : ''}`,
    `- Medians of ${r.runs} paired round(s): each round runs dq, hand and per-check one after the other, the order reversed every other round. Each is a fresh process: \`node dist/cli/dq.js run sN --no-history --no-samples --format json\` (the baselines compute the checks' values only, not samples), and \`node bench/baseline.mjs\` (@duckdb/node-api, read-only) for hand and per-check. dq, hand and per-check gave the same value for every check before timing (bench/agree.ts).`,
    '',
    '## Whole process',
    '',
    '| rows | checks | dq ms | hand ms | per-check ms | dq / hand | dq / per-check | queries dq / hand / per-check | peak RSS MB dq / hand / per-check | RSS dq / hand | issue: dq / hand, dq / per-check |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of r.cells) {
    const w = (name: string) => of(c.samples[name], (s) => s.wallMs);
    const rss = (name: string) => of(c.samples[name], (s) => s.rssKb);
    const q = (name: string) => c.samples[name][0].queries;
    out.push(
      `| ${rowsLabel(c.rows)} | ${c.checks} | ${ms(w('dq'))} | ${ms(w('hand'))} | ${ms(w('per-check'))} | ${ratio(w('dq'), w('hand'))} | ${ratio(w('dq'), w('per-check'))} | ${q('dq')} / ${q('hand')} / ${q('per-check')} | ${mb(rss('dq'))} / ${mb(rss('hand'))} / ${mb(rss('per-check'))} | ${ratio(rss('dq'), rss('hand'))} | ${ISSUE[`${c.rows}/${c.checks}`]?.map((x) => `${x.toFixed(2)}×`).join(', ') ?? ''} |`,
    );
  }
  out.push(
    '',
    '## Inside the run',
    '',
    "dq's phases from report.json `invocation.timings_ms`; hand and per-check from opening the warehouse to the last answer, in their process.",
    '',
    '| rows | checks | load | plan | dry_run | execute | drill_down | samples | report | hand | per-check | dq execute / hand |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const c of r.cells) {
    const phase = (name: string) => of(c.samples.dq, (s) => s.phases?.[name] ?? null);
    const hand = of(c.samples.hand, (s) => s.insideMs);
    out.push(
      `| ${rowsLabel(c.rows)} | ${c.checks} | ${['load', 'plan', 'dry_run', 'execute', 'drill_down', 'samples', 'report'].map((p) => ms(phase(p))).join(' | ')} | ${ms(hand)} | ${ms(of(c.samples['per-check'], (s) => s.insideMs))} | ${ratio(phase('execute'), hand)} |`,
    );
  }
  out.push(
    '',
    '## Compile only',
    '',
    `\`dq compile\` of ${r.compile.checks.toLocaleString('en-US')} checks (the suites' cycle of check shapes, one file, on the smallest warehouse), whole process, median: ${ms(r.compile.ms)} ms, ${r.compile.queries} queries.`,
    '',
    '## Bytes on BigQuery',
    '',
    `Dry runs on the BigQuery test server (test/support/bigquery-server: billing by the columns each query reads), ${r.bigQuery.rows.toLocaleString('en-US')} generated rows. "Once" is every column the batched plan's generated queries reference read once, plus the suite's own \`sql\` queries (billed as written in both plans).`,
    '',
    '| checks | batched queries | batched bytes | per-check queries | per-check bytes | per-check / batched | once | batched / once |',
    '|---|---|---|---|---|---|---|---|',
    ...r.bigQuery.suites.map(
      (s) =>
        `| ${s.checks} | ${s.batchedQueries} | ${s.batchedBytes.toLocaleString('en-US')} | ${s.perCheckQueries} | ${s.perCheckBytes.toLocaleString('en-US')} | ${(s.perCheckBytes / s.batchedBytes).toFixed(1)}× | ${s.onceBytes.toLocaleString('en-US')} | ${(s.batchedBytes / s.onceBytes).toFixed(2)}× |`,
    ),
    '',
    '## Targets (issue 14)',
    '',
    ...targets(r),
    '',
    'Why a target is missed, measured statement by statement and phase by phase: bench/README.md, "Where the gaps in bench/results.md come from".',
    '',
  );
  return out.join('\n');
}
