// Data built for samples: t.events rows defined here in TypeScript (the oracle) and inserted as
// SQL that DuckDB and the BigQuery test server both run, and the samples each check should list,
// recomputed from the rows in plain TypeScript.

export interface Event {
  id: number;
  day: string;
  status: string;
  score: number | null;
  code: string;
  ref: number;
  amount: number | null;
}

const ESC = '\u001b';

/** 60 events on 6 days; every kind of bad value on known ids, with distinct frequencies. */
export const EVENTS: Event[] = Array.from({ length: 60 }, (_, i) => {
  const id = i + 1;
  return {
    id,
    day: `2026-01-0${((id - 1) % 6) + 1}`,
    // cancelled ×8, refundd ×6, a value with an escape sequence ×4
    status: id % 10 === 0 ? 'refundd' : id % 7 === 0 ? 'cancelled' : id % 13 === 0 ? `x${ESC}[31m<b>` : ['new', 'paid', 'shipped'][id % 3]!,
    // -1 ×6, 150 ×5, 999 ×3, NULL ×2; else the id (inside 0..100)
    score: id % 23 === 0 ? null : id % 9 === 0 ? -1 : id % 11 === 0 ? 150 : id % 17 === 0 ? 999 : id,
    // bad-12 ×3, bad-0 ×2 (duplicates, not matching ^C[0-9]+$); else C<id>
    code: id % 12 === 0 ? `bad-${id % 24}` : `C${id}`,
    // 22 ×4 and 21 ×3 are not in t.refs (1..20)
    ref: id % 8 === 0 ? 21 + ((id / 8) % 2) : (id % 20) + 1,
    amount: id % 19 === 0 ? null : id * 2,
  };
});

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlValue = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlText(v));

export const EVENTS_SQL = `
CREATE SCHEMA t;
CREATE TABLE t.events (id BIGINT, day DATE, status VARCHAR, score DOUBLE, code VARCHAR, ref BIGINT, amount BIGINT);
INSERT INTO t.events VALUES ${EVENTS.map((e) => `(${e.id}, DATE '${e.day}', ${[e.status, e.score, e.code, e.ref, e.amount].map(sqlValue).join(', ')})`).join(', ')};
CREATE TABLE t.refs AS SELECT range AS ref FROM range(1, 21);
`;

export const EVENT_CHECKS = `table: t.events
partition: day
key: [id]
checks:
  - name: status_values
    accepted_values: { column: status, values: [new, paid, shipped] }
  - name: status_late
    accepted_values: { column: status, values: [new, paid, shipped] }
    where: id > 30
    key: [day, id]
  - name: status_quiet
    accepted_values: { column: status, values: [new, paid, shipped] }
    samples: 0
  - name: status_any
    accepted_values: { column: status, values: [new, paid, shipped, refundd, cancelled, "x\\e[31m<b>"] }
  - name: score_range
    between: { column: score, min_value: 0, max_value: 100 }
    samples: 2
  - name: code_pattern
    regex: { column: code, pattern: '^C[0-9]+$' }
  - name: code_unique
    unique: code
  - name: ref_found
    relationships: { column: ref, to: t.refs, field: ref }
  - name: amount_present
    not_null: amount
    samples: 2
  - name: score_positive
    condition: score >= 0
`;

export interface ExpectedSample {
  value?: unknown;
  rows: number;
  key?: Record<string, unknown>;
}

/** The key a sample shows: that of the row whose key JSON text is smallest (MIN over the key text). */
function firstKey(rows: Event[], columns: (keyof Event)[]): Record<string, unknown> {
  const keys = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
  return keys.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))[0]!;
}

/**
 * Offending values, most frequent first, `limit` of them, with one row's key. Ties go by the
 * value's JSON text (`{"value":...}`, as the query orders them); exact for strings and integers.
 */
export function expectedValues(rows: Event[], value: (e: Event) => unknown, limit: number, key: (keyof Event)[] = ['id'], minRows = 1): ExpectedSample[] {
  const byValue = new Map<string, Event[]>();
  for (const r of rows) byValue.set(JSON.stringify(value(r)), [...(byValue.get(JSON.stringify(value(r))) ?? []), r]);
  return [...byValue]
    .filter(([, held]) => held.length >= minRows)
    .sort((a, b) => b[1].length - a[1].length || (`{"value":${a[0]}}` < `{"value":${b[0]}}` ? -1 : 1))
    .slice(0, limit)
    .map(([text, held]) => ({ value: JSON.parse(text), rows: held.length, key: firstKey(held, key) }));
}

/** Offending rows listed by key: one each, by key text. */
export function expectedRows(rows: Event[], limit: number): ExpectedSample[] {
  return rows
    .map((r) => ({ id: r.id }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    .slice(0, limit)
    .map((key) => ({ rows: 1, key }));
}

const ACCEPTED = ['new', 'paid', 'shipped'];

/** What every check of EVENT_CHECKS should list on `rows` (the rows its run reads). */
export function expectedEventSamples(rows: Event[]): Record<string, ExpectedSample[]> {
  const refs = new Set(Array.from({ length: 20 }, (_, i) => i + 1));
  const codeCounts = new Map<string, number>();
  for (const r of rows) codeCounts.set(r.code, (codeCounts.get(r.code) ?? 0) + 1);
  return {
    status_values: expectedValues(rows.filter((r) => !ACCEPTED.includes(r.status)), (r) => r.status, 5),
    status_late: expectedValues(rows.filter((r) => r.id > 30 && !ACCEPTED.includes(r.status)), (r) => r.status, 5, ['day', 'id']),
    score_range: expectedValues(rows.filter((r) => r.score !== null && (r.score < 0 || r.score > 100)), (r) => r.score, 2),
    code_pattern: expectedValues(rows.filter((r) => !/^C[0-9]+$/.test(r.code)), (r) => r.code, 5),
    code_unique: expectedValues(rows, (r) => r.code, 5, ['id'], 2),
    ref_found: expectedValues(rows.filter((r) => !refs.has(r.ref)), (r) => r.ref, 5),
    amount_present: expectedRows(rows.filter((r) => r.amount === null), 2),
    // NULL scores do not hold the condition either.
    score_positive: expectedRows(rows.filter((r) => r.score === null || r.score < 0), 5),
  };
}

/**
 * Checks of the types whose offending rows depend on other rows (sequential, ranges, equality),
 * and not_accepted_values, on the same events. equality reads all of t.refs, so a run limited by
 * --from/--to must leave it out (select the others).
 */
export const SET_TYPE_CHECKS = `table: t.events
partition: day
key: [id]
checks:
  - name: status_refused
    not_accepted_values: { column: status, values: [refundd, cancelled] }
  - name: amount_steps
    sequential: { column: amount, interval: 2 }
  - name: ref_steps
    sequential: { column: ref, group_by: day }
  - name: ref_repeats
    sequential: ref
  - name: id_amount_ranges
    ranges: { lower: id, upper: amount, partition_by: day }
  - name: refs_equal
    equality: { to: t.refs, compare: [ref] }
`;

/**
 * Offending values that are objects (sample_value is the object's JSON text, which orders ties),
 * most frequent first, `limit` of them, with the id of one row (the smallest key text).
 */
export function expectedObjects(rows: Event[], value: (e: Event) => Record<string, unknown>, limit: number): ExpectedSample[] {
  const byValue = new Map<string, Event[]>();
  for (const r of rows) byValue.set(JSON.stringify(value(r)), [...(byValue.get(JSON.stringify(value(r))) ?? []), r]);
  return [...byValue]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([text, held]) => ({ value: JSON.parse(text), rows: held.length, key: firstKey(held, ['id']) }));
}

/** Rows that break a sequence: per group, in value order (ties by id), each not `interval` after the one before. */
function sequenceBreaks(rows: Event[], value: (e: Event) => number | null, group: (e: Event) => string, interval: number): Event[] {
  const groups = new Map<string, Event[]>();
  for (const r of rows) if (value(r) !== null) groups.set(group(r), [...(groups.get(group(r)) ?? []), r]);
  return [...groups.values()].flatMap((held) => {
    const sorted = [...held].sort((a, b) => value(a)! - value(b)! || a.id - b.id);
    return sorted.filter((r, i) => i > 0 && value(r) !== value(sorted[i - 1]!)! + interval);
  });
}

/** Rows whose range [id, amount] breaks the rules (gaps and zero-length ranges allowed) in its day. */
function rangeViolations(rows: Event[]): Event[] {
  const out = rows.filter((r) => r.amount === null);
  const days = new Set(rows.map((r) => r.day));
  for (const day of days) {
    const sorted = rows.filter((r) => r.day === day && r.amount !== null).sort((a, b) => a.id - b.id || a.amount! - b.amount!);
    sorted.forEach((r, i) => {
      const next = sorted[i + 1];
      if (!(r.id <= r.amount!) || (next !== undefined && r.amount! > next.id)) out.push(r);
    });
  }
  return out;
}

/** What every check of SET_TYPE_CHECKS should list on `rows` (t.refs holds 1..20 once each). */
export function expectedSetTypeSamples(rows: Event[]): Record<string, ExpectedSample[]> {
  const refCounts = new Map<number, number>();
  for (const r of rows) refCounts.set(r.ref, (refCounts.get(r.ref) ?? 0) + 1);
  const inRefs = (ref: number) => (ref >= 1 && ref <= 20 ? 1 : 0);
  return {
    status_refused: expectedValues(rows.filter((r) => ['refundd', 'cancelled'].includes(r.status)), (r) => r.status, 5),
    amount_steps: expectedValues(sequenceBreaks(rows, (r) => r.amount, () => '', 2), (r) => r.amount, 5),
    // Every value is held more than once: all rows of a value but the first by id repeat it.
    ref_repeats: expectedValues(sequenceBreaks(rows, (r) => r.ref, () => '', 1), (r) => r.ref, 5),
    ref_steps: expectedObjects(sequenceBreaks(rows, (r) => r.ref, (r) => r.day, 1), (r) => ({ day: r.day, ref: r.ref }), 5),
    id_amount_ranges: expectedObjects(rangeViolations(rows), (r) => ({ day: r.day, id: r.id, amount: r.amount }), 5),
    refs_equal: expectedObjects(rows.filter((r) => refCounts.get(r.ref) !== inRefs(r.ref)), (r) => ({ ref: r.ref }), 5),
  };
}
