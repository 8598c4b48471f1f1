// The benchmark suites (16, 50 and 200 checks on bench.events) and their two baselines, from one
// list of checks. Each check is written three times, by hand: as dq YAML, as its part of the
// hand-optimised single statement (bench/project/hand/sN.sql), and as one SELECT of its own (the
// per-check baseline, as dbt runs tests). None of the SQL comes from dq's compiler, so a
// disagreement between the three is a finding, not an echo.
//   npx tsx bench/suites.ts      (re-writes bench/project/checks/*.yaml and bench/project/hand/*.sql)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AS_OF, BENCH_DIR, EVENTS_TABLE } from './generate.js';

export const SUITE_SIZES = [16, 50, 200] as const;
export const PROJECT_DIR = path.join(BENCH_DIR, 'project');
const T = EVENTS_TABLE;

/** How the hand-written statement computes a check's value. */
export type Hand =
  /** Aggregates over the table: they go into the one shared scan; `where` becomes FILTER clauses. */
  | { kind: 'scan'; value: (a: Aggregates) => string; where?: string }
  /**
   * An aggregate over the groups' row counts under `where` (the column named `n`; 0 for a group
   * with no rows under it, which does not exist for the check). One GROUP BY per key set, shared.
   */
  | { kind: 'groups'; by: string[]; where?: string; value: (n: string) => string }
  /** Rows per day judged against the trailing median (volume), over the shared daily counts. */
  | { kind: 'volume'; by: string; lookback: number; minRatio: number }
  /** A scalar subquery of its own (sql, schema). */
  | { kind: 'scalar'; sql: string };

/**
 * Aggregates under a check's `where`: count(arg) of the rows where `pass` also holds, and any
 * aggregate `open` + arg + `)` (e.g. `avg(`, `count(DISTINCT `). Written as COUNT(CASE WHEN ...)
 * rather than FILTER clauses: DuckDB evaluates the CASE form ~30% faster on a wide scan.
 */
export interface Aggregates {
  count(arg: string, pass?: string): string;
  agg(open: string, arg: string): string;
}

export interface BenchCheck {
  name: string;
  /** The check's YAML mapping after `name:` (type key and options, where). */
  yaml: string;
  hand: Hand;
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const share = (pass: string, of: string) => `CAST(${pass} AS DOUBLE) / ${of}`;
const whereYaml = (where?: string) => (where ? `\n    where: ${JSON.stringify(where)}` : '');
const and = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' AND ');

// Check builders: each returns the three forms of one check.
const rowCount = (name: string, min: number, where?: string): BenchCheck => ({
  name,
  yaml: `row_count: { min: ${min} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => a.count('*') },
});
const notNull = (name: string, column: string, mostly: string, where?: string): BenchCheck => ({
  name,
  yaml: `not_null: { column: ${column}, mostly: ${mostly} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => share(a.count(column), a.count('*')) },
});
const coverage = (name: string, column: string, min: string, where?: string): BenchCheck => ({
  name,
  yaml: `coverage: { column: ${column}, min: ${min} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => share(a.count(column), a.count('*')) },
});
const accepted = (name: string, column: string, values: string[], mostly: string, where?: string): BenchCheck => ({
  name,
  yaml: `accepted_values: { column: ${column}, values: [${values.join(', ')}], mostly: ${mostly} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => share(a.count('*', `${column} IN (${values.map(q).join(', ')})`), a.count(column)) },
});
const between = (name: string, column: string, min: number, max: number, mostly: string, where?: string): BenchCheck => ({
  name,
  yaml: `between: { column: ${column}, min_value: ${min}, max_value: ${max}, mostly: ${mostly} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => share(a.count('*', `${column} BETWEEN ${min} AND ${max}`), a.count(column)) },
});
const regex = (name: string, column: string, pattern: string, mostly: string, where?: string): BenchCheck => ({
  name,
  yaml: `regex: { column: ${column}, pattern: ${q(pattern)}, mostly: ${mostly} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => share(a.count('*', `regexp_matches(${column}, ${q(pattern)})`), a.count(column)) },
});
const condition = (name: string, expression: string, mostly: string, where?: string): BenchCheck => ({
  name,
  yaml: `condition: { expression: ${JSON.stringify(expression)}, mostly: ${mostly} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => share(a.count('*', expression), a.count('*')) },
});
// The metric's expression is one aggregate, `open` + arg + `)`.
const metric = (name: string, [open, arg]: [string, string], min: number, max: number, where?: string): BenchCheck => ({
  name,
  yaml: `metric: { expression: ${JSON.stringify(`${open}${arg})`)}, min: ${min}, max: ${max} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => a.agg(open, arg) },
});
// A DATE's age at --as-of in seconds (dq counts a date as a whole day).
const freshness = (name: string, column: string, maxAge: string, where?: string): BenchCheck => ({
  name,
  yaml: `freshness: { column: ${column}, max_age: ${maxAge} }${whereYaml(where)}`,
  hand: { kind: 'scan', where, value: (a) => `(DATE '${AS_OF}' - ${a.agg('max(', column)}) * 86400` },
});
// unique ignores rows with a NULL key part; the value is the number of key values seen twice or more.
const unique = (name: string, by: string[], where?: string): BenchCheck => ({
  name,
  yaml: `unique: [${by.join(', ')}]${whereYaml(where)}`,
  hand: { kind: 'groups', by, where: and(where, ...by.map((c) => `${c} IS NOT NULL`)), value: (n) => `count(*) FILTER (WHERE ${n} > 1)` },
});
// rows_per_group counts NULL as a group; the value is the number of groups outside the bounds.
const rowsPerGroup = (name: string, by: string[], bounds: { min?: number; max?: number }, where?: string): BenchCheck => ({
  name,
  yaml: `rows_per_group: { by: [${by.join(', ')}]${bounds.min !== undefined ? `, min: ${bounds.min}` : ''}${bounds.max !== undefined ? `, max: ${bounds.max}` : ''} }${whereYaml(where)}`,
  hand: {
    kind: 'groups',
    by,
    where,
    value: (n) =>
      `count(*) FILTER (WHERE ${n} > 0 AND (${[bounds.min !== undefined ? `${n} < ${bounds.min}` : '', bounds.max !== undefined ? `${n} > ${bounds.max}` : ''].filter(Boolean).join(' OR ')}))`,
  },
});
const volume = (name: string, by: string, lookback: number, minRatio: number): BenchCheck => ({
  name,
  yaml: `volume: { by: ${by}, lookback: ${lookback}, min_ratio: ${minRatio} }`,
  hand: { kind: 'volume', by, lookback, minRatio },
});
const sql = (name: string, query: string): BenchCheck => ({
  name,
  yaml: `sql: ${JSON.stringify(query)}`,
  hand: { kind: 'scalar', sql: `(SELECT count(*) FROM (${query}) AS offending)` },
});
// schema: the number of listed columns missing or of another type (DuckDB names for the check's BigQuery ones).
const schema = (name: string, columns: Record<string, [bigQuery: string, duckDb: string]>): BenchCheck => ({
  name,
  yaml: `schema: { columns: { ${Object.entries(columns).map(([c, [bq]]) => `${c}: ${bq}`).join(', ')} } }`,
  hand: {
    kind: 'scalar',
    sql:
      `(SELECT ${Object.keys(columns).length} - count(*) FROM duckdb_columns() WHERE schema_name = 'bench' AND table_name = 'events' AND (` +
      Object.entries(columns).map(([c, [, duck]]) => `(column_name = ${q(c)} AND data_type = ${q(duck)})`).join(' OR ') +
      '))',
  },
});

/** The 16 checks: every check type that applies to one table (reconcile and relationships need two). */
const BASE: BenchCheck[] = [
  rowCount('rows', 1000),
  unique('event_id_unique', ['event_id']),
  notNull('user_id_not_null', 'user_id', '95%'),
  coverage('amount_coverage', 'amount', '90%'),
  accepted('event_type_values', 'event_type', ['view', 'click', 'cart', 'purchase', 'refund'], '100%'),
  between('amount_range', 'amount', 0, 1000, '95%'),
  regex('email_format', 'email', '^[a-z0-9]+@example[.]com$', '98%'),
  condition('quantity_sane', 'quantity >= 0 AND quantity < 10', '100%'),
  rowsPerGroup('events_per_user_day', ['user_id', 'event_date'], { max: 20 }),
  volume('daily_volume', 'event_date', 14, 0.5),
  freshness('fresh', 'event_date', '3 days'),
  metric('average_amount', ['avg(', 'amount'], 0, 1000),
  sql('no_future_timestamps', `SELECT event_id FROM ${T} WHERE event_ts > '${AS_OF} 00:00:00'`),
  schema('columns', { event_id: ['INT64', 'BIGINT'], event_date: ['DATE', 'DATE'], amount: ['FLOAT64', 'DOUBLE'], email: ['STRING', 'VARCHAR'] }),
  unique('session_unique', ['user_id', 'event_date', 'session_id']),
  accepted('country_values', 'country', ['US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'CA', 'AU'], '90%'),
];

const DEVICES = ['ios', 'android', 'web'];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'CA', 'AU'];
const NULLABLE = ['user_id', 'event_type', 'country', 'amount', 'email'];
const AGGREGATES: [string, string][] = [
  ['avg(', 'amount'], ['sum(', 'quantity'], ['max(', 'amount'], ['min(', 'amount'], ['avg(', 'quantity'], ['count(DISTINCT ', 'country'], ['min(', 'quantity'],
];

/**
 * Check number `j` (0-based) after the base 16: a fixed cycle of 20 shapes over the columns, so
 * the larger suites keep the mix of a real project (mostly row-level checks in the shared scan,
 * one in ten a grouped check, most grouped checks sharing a key set with another).
 */
function variant(j: number): BenchCheck {
  const device = DEVICES[j % DEVICES.length];
  const country = COUNTRIES[j % COUNTRIES.length];
  const column = NULLABLE[j % NULLABLE.length];
  const day = `2024-${String((j % 12) + 1).padStart(2, '0')}-01`;
  const n = `v${String(j).padStart(3, '0')}`;
  switch (j % 20) {
    case 0: return notNull(`${n}_not_null_${column}`, column, '90%', `device = '${device}'`);
    case 1: return between(`${n}_amount_range`, 'amount', -(j % 20), 900 + j, '80%', `country = '${country}'`);
    case 2: return accepted(`${n}_device_values`, 'device', DEVICES.slice(0, 2 + (j % 2)), '50%');
    case 3: return regex(`${n}_session_format`, 'session_id', `^S[0-${(j % 9) + 1}][0-9]{5}$`, '10%');
    case 4: return condition(`${n}_quantity_max`, `quantity <= ${(j % 9) + 1}`, '10%', `event_date >= DATE '${day}'`);
    case 5: return metric(`${n}_metric`, AGGREGATES[j % AGGREGATES.length], -1e12, 1e12, `device = '${device}'`);
    case 6: return rowCount(`${n}_rows_since`, 1, `event_date >= DATE '${day}'`);
    case 7: return coverage(`${n}_coverage_${column}`, column, '50%', `country = '${country}'`);
    case 8: return rowsPerGroup(`${n}_rows_per_day`, ['event_date'], { min: 1 + (j % 5), max: 100000 - j });
    case 9: return accepted(`${n}_country_values`, 'country', COUNTRIES.slice(0, 3 + (j % 7)), '10%', `device = '${device}'`);
    case 10: return between(`${n}_quantity_range`, 'quantity', j % 3, 5 + (j % 5), '10%');
    case 11: return condition(`${n}_refund_amount`, `event_type <> 'refund' OR amount >= ${j % 50}`, '10%');
    case 12: return freshness(`${n}_fresh`, 'event_date', `${3 + (j % 5)} days`, `device = '${device}'`);
    case 13: return notNull(`${n}_email_not_null`, 'email', '90%', `event_date >= DATE '${day}'`);
    case 14: return regex(`${n}_email_domain`, 'email', `@example[.]com$`, '90%', `country = '${country}'`);
    case 15: return metric(`${n}_test_share`, ['avg(', 'CASE WHEN is_test THEN 1 ELSE 0 END'], 0, 0.1, `device = '${device}'`);
    case 16: return rowsPerGroup(`${n}_events_per_user_day`, ['user_id', 'event_date'], { max: 10 + (j % 7) });
    case 17: return unique(`${n}_event_id_unique_since`, ['event_id'], `event_date >= DATE '${day}'`);
    case 18: return volume(`${n}_daily_volume`, 'event_date', 7 + (j % 3) * 7, 0.5 + (j % 4) / 10);
    default: return rowCount(`${n}_test_rows`, 0, `is_test AND device = '${device}'`);
  }
}

export function suiteChecks(size: number): BenchCheck[] {
  return [...BASE, ...Array.from({ length: Math.max(0, size - BASE.length) }, (_, j) => variant(j))].slice(0, size);
}

export function suiteYaml(size: number): string {
  return (
    `# The ${size}-check benchmark suite. Generated by bench/suites.ts, with its hand-written baseline\n` +
    `# (bench/project/hand/s${size}.sql) and per-check baseline: change the checks there.\n` +
    `table: ${T}\nchecks:\n` +
    suiteChecks(size).map((c) => `  - name: ${c.name}\n    ${c.yaml}\n`).join('')
  );
}

function aggregatesUnder(where?: string): Aggregates {
  const when = (condition: string | undefined, arg: string) => (condition ? `CASE WHEN ${condition} THEN ${arg} END` : arg);
  return {
    count: (arg, pass) => `count(${when(and(where && `(${where})`, pass && `(${pass})`) || undefined, arg === '*' && (where || pass) ? '1' : arg)})`,
    agg: (open, arg) => `${open}${when(where, arg)})`,
  };
}

function volumeValue(counts: string, lookback: number, minRatio: number): string {
  // dq judges a day only with at least min(3, lookback) earlier days in its lookback.
  return (
    `(SELECT count(*) FILTER (WHERE history >= ${Math.min(3, lookback)} AND n < ${minRatio} * trailing_median) FROM ` +
    `(SELECT n, median(n) OVER w AS trailing_median, count(*) OVER w AS history FROM ${counts} ` +
    `WINDOW w AS (ORDER BY p ROWS BETWEEN ${lookback} PRECEDING AND 1 PRECEDING)) AS judged)`
  );
}

/**
 * The hand-optimised statement: one row, a column per check (named as the check). Row-level
 * checks share one scan; grouped checks share one GROUP BY per key set, whatever their filters
 * (a row count per filter, as FILTER columns), read by one aggregate; volume checks read the day
 * counts of that grouping.
 */
export function handSql(size: number): string {
  interface Grouping {
    name: string;
    by: string[];
    /** Row count column per filter ('' for none). */
    counts: Map<string, string>;
    values: string[];
  }
  const scan: string[] = [];
  const groupings = new Map<string, Grouping>();
  const outer: string[] = [];
  const countColumn = (by: string[], where = '') => {
    const key = JSON.stringify(by);
    if (!groupings.has(key)) groupings.set(key, { name: `g${groupings.size + 1}`, by, counts: new Map(), values: [] });
    const g = groupings.get(key)!;
    if (!g.counts.has(where)) g.counts.set(where, `n${g.counts.size + 1}`);
    return { g, n: g.counts.get(where)! };
  };
  for (const c of suiteChecks(size)) {
    const h = c.hand;
    if (h.kind === 'scan') {
      scan.push(`${h.value(aggregatesUnder(h.where))} AS ${c.name}`);
      outer.push(`s.${c.name}`);
    } else if (h.kind === 'groups') {
      const { g, n } = countColumn(h.by, h.where);
      g.values.push(`${h.value(n)} AS ${c.name}`);
      outer.push(`${g.name}v.${c.name}`);
    } else if (h.kind === 'volume') {
      // The day counts: the grouping's groups with rows, the NULL day left out.
      const { g, n } = countColumn([h.by], `${h.by} IS NOT NULL`);
      const days = `(SELECT ${h.by} AS p, ${n} AS n FROM ${g.name} WHERE ${n} > 0)`;
      outer.push(`${volumeValue(days, h.lookback, h.minRatio)} AS ${c.name}`);
    } else outer.push(`${h.sql} AS ${c.name}`);
  }
  const ctes = [...groupings.values()].flatMap((g) => {
    const cols = g.by.join(', ');
    // A grouping read under one filter only filters its rows instead.
    const [only] = g.counts.size === 1 ? [...g.counts.keys()] : [''];
    const counts = [...g.counts].map(([where, n]) => `count(*)${where && !only ? ` FILTER (WHERE ${where})` : ''} AS ${n}`);
    const list = [`${g.name} AS (SELECT ${cols}, ${counts.join(', ')} FROM ${T}${only ? ` WHERE ${only}` : ''} GROUP BY ${cols})`];
    if (g.values.length > 0) list.push(`${g.name}v AS (SELECT ${g.values.join(', ')} FROM ${g.name})`);
    return list;
  });
  const from = ['s', ...[...groupings.values()].filter((g) => g.values.length > 0).map((g) => `${g.name}v`)];
  return (
    `-- The ${size}-check suite in one hand-optimised statement: a column per check, same values as dq's\n` +
    `-- report metrics. Generated by bench/suites.ts from its hand-written per-type templates.\n` +
    `WITH s AS (SELECT\n  ${scan.join(',\n  ')}\nFROM ${T})${ctes.length ? ',\n' : '\n'}${ctes.join(',\n')}\n` +
    `SELECT\n  ${outer.join(',\n  ')}\nFROM ${from.join(', ')};\n`
  );
}

/** One SELECT per check, returning its value as `v`: the per-check baseline. */
export function perCheckSql(size: number): { name: string; sql: string }[] {
  return suiteChecks(size).map((c) => {
    const h = c.hand;
    const groups = (by: string[], where?: string, p = '') =>
      `(SELECT ${by.join(', ')}${p}, count(*) AS n FROM ${T}${where ? ` WHERE ${where}` : ''} GROUP BY ${by.join(', ')})`;
    if (h.kind === 'scan') return { name: c.name, sql: `SELECT ${h.value(aggregatesUnder(h.where))} AS v FROM ${T}` };
    if (h.kind === 'groups') return { name: c.name, sql: `SELECT ${h.value('n')} AS v FROM ${groups(h.by, h.where)} AS g` };
    if (h.kind === 'volume') {
      const counts = `counts`;
      return { name: c.name, sql: `WITH ${counts} AS ${groups([h.by], `${h.by} IS NOT NULL`, `, ${h.by} AS p`)} SELECT ${volumeValue(counts, h.lookback, h.minRatio)} AS v` };
    }
    return { name: c.name, sql: `SELECT ${h.sql} AS v` };
  });
}

export const handSqlPath = (size: number) => path.join(PROJECT_DIR, 'hand', `s${size}.sql`);

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(path.join(PROJECT_DIR, 'hand'), { recursive: true });
  for (const size of SUITE_SIZES) {
    writeFileSync(path.join(PROJECT_DIR, 'checks', `s${size}.yaml`), suiteYaml(size));
    writeFileSync(handSqlPath(size), handSql(size));
    writeFileSync(path.join(PROJECT_DIR, 'suites', `s${size}.yaml`), `description: the ${size}-check benchmark suite\nselect: ['file:s${size}']\nfail_on: error\n`);
  }
}
