// A merged statement's rows split back per batch (run/parts.ts): each part gets its own rows,
// under its own column names, values untouched, whatever the row order; an answer that cannot
// be split is an error for every part, never a part with fewer rows.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/engines/engine.js';
import type { PlannedQuery } from '../../src/plan/compile.js';
import type { QueryPart } from '../../src/plan/merge.js';
import type { QueryOutcome } from '../../src/run/execute.js';
import { partOutcomes } from '../../src/run/parts.js';

const part = (kind: string, columns: string[], checks: string[]): QueryPart => ({
  id: 'q1',
  kind,
  table: 't',
  sql: `SELECT ${kind}`,
  params: [],
  checks: checks.map((id) => ({ id, key: 'c1' })),
  groupBy: kind === 'grouped' ? ['day'] : [],
  columns,
});

const parts = [part('aggregate', ['c1__rows', 'c1__value'], ['a']), part('grouped', ['day', 'c1__rows'], ['b']), part('group_counts', ['check_key', 'value'], ['c'])];
const statement: PlannedQuery = { id: 'q1', kind: 'table', table: 't', sql: 'WITH ...', params: [], checks: parts.flatMap((p) => p.checks), groupBy: [], parts };

/** A row of the merged statement: part `n`'s values, NULL in every other part's columns. */
function row(n: number, values: Row): Row {
  const out: Row = { dq_part: n };
  parts.forEach((p, i) => p.columns.forEach((c, k) => (out[`p${i + 1}_${k + 1}`] = i + 1 === n ? (values[c] ?? null) : null)));
  return out;
}

const outcome = (rows: Row[], error?: Error): QueryOutcome => ({ query: statement, rows, durationMs: 5, stats: {}, ...(error ? { error } : {}) });

describe('partOutcomes', () => {
  it('gives each part its rows, in any order, under its own names, values untouched', () => {
    const rows = [
      row(3, { check_key: 'c1', value: 2 }),
      row(2, { day: '2026-01-02', c1__rows: '9007199254740993' }),
      row(1, { c1__rows: 6, c1__value: Number.NaN }),
      row(2, { day: null, c1__rows: 0 }),
    ];
    const split = partOutcomes(outcome(rows));
    expect(split.map((o) => [o.query.kind, o.query.id, o.error])).toEqual([
      ['aggregate', 'q1', undefined],
      ['grouped', 'q1', undefined],
      ['group_counts', 'q1', undefined],
    ]);
    expect(split.map((o) => o.rows)).toEqual([
      [{ c1__rows: 6, c1__value: Number.NaN }],
      [
        { day: '2026-01-02', c1__rows: '9007199254740993' },
        { day: null, c1__rows: 0 },
      ],
      [{ check_key: 'c1', value: 2 }],
    ]);
    expect(split[1]!.query.groupBy).toEqual(['day']);
  });

  it('a part without rows gets none (its measure says what that means)', () => {
    const split = partOutcomes(outcome([row(1, { c1__rows: 1, c1__value: 1 })]));
    expect(split.map((o) => o.rows.length)).toEqual([1, 0, 0]);
  });

  it.each([
    ['a row of no part', [row(1, { c1__rows: 1, c1__value: 1 }), { ...row(1, {}), dq_part: 4 }]],
    ['a discriminator that is no number', [{ ...row(2, { day: '2026-01-01', c1__rows: 1 }), dq_part: '2' }]],
    ['a missing column', [(({ p2_2: _, ...rest }) => rest)(row(2, { day: '2026-01-01', c1__rows: 1 }))]],
  ])('%s is an error for every part', (_, rows) => {
    const split = partOutcomes(outcome(rows as Row[]));
    expect(split).toHaveLength(3);
    for (const o of split) {
      expect(o.rows).toEqual([]);
      expect(o.error?.message).toMatch(/^incomplete answer: /);
    }
  });

  it('the statement’s error is every part’s', () => {
    const error = new Error('boom');
    expect(partOutcomes(outcome([], error)).map((o) => [o.query.kind, o.error])).toEqual([
      ['aggregate', error],
      ['grouped', error],
      ['group_counts', error],
    ]);
  });

  it('a query without parts is its own outcome', () => {
    const single = { ...outcome([{ c1__rows: 1 }]), query: parts[0]! };
    expect(partOutcomes(single)).toEqual([single]);
  });
});
