// The samples query on generated data: for any rows, DuckDB returns exactly the top N offending
// values by row count (ties by the value's JSON text, as the query orders them), each with its
// true count and the smallest key text among its rows: recomputed here in plain TypeScript.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/config/types.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import { compileSamples } from '../../src/plan/samples.js';
import { memoryDuckDbForFile } from '../support/memory-duckdb.js';

const db = memoryDuckDbForFile('CREATE SCHEMA t;');

const check = (limit: number): { check: CheckSpec; limit: number } => ({
  check: {
    id: 'events.status_values',
    name: 'status_values',
    file: 'checks/events.yaml',
    table: 't.p',
    type: 'accepted_values',
    args: { column: 'status', values: ['ok'], mostly: 1 },
    tags: [],
    severity: 'error',
    minRows: 1,
    pos: { file: 'checks/events.yaml', line: 1, column: 1 },
    rowKey: ['id'],
  },
  limit,
});

const text = (v: string) => `'${v.replace(/'/g, "''")}'`;

describe('the samples query', () => {
  it('returns the N most frequent offending values with their counts and their smallest key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.constantFrom('ok', 'a', 'b', 'B', 'a"b', "it's", 'x\\y', ' a', 'é'), { nil: null }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        async (statuses, limit) => {
          const rows = statuses.map((status, i) => ({ id: (i * 7) % 41, status }));
          await db.connection.run('DROP TABLE IF EXISTS t.p; CREATE TABLE t.p (id BIGINT, status VARCHAR)');
          if (rows.length) await db.connection.run(`INSERT INTO t.p VALUES ${rows.map((r) => `(${r.id}, ${r.status === null ? 'NULL' : text(r.status)})`).join(', ')}`);
          const [query] = compileSamples([check(limit)], { dialect: duckdb, asOf: '2026-01-10', vars: {} });
          const answer = (await db.connection.runAndReadAll(query!.sql)).getRowObjectsJS();
          const got = answer.map((r) => ({ value: JSON.parse(String(r.sample_value)).value, rows: Number(r.n), key: JSON.parse(String(r.sample_key)) }));

          const byValue = new Map<string, number[]>();
          for (const r of rows) if (r.status !== null && r.status !== 'ok') byValue.set(r.status, [...(byValue.get(r.status) ?? []), r.id]);
          const valueText = (v: string) => JSON.stringify({ value: v });
          const keyText = (id: number) => JSON.stringify({ id });
          const expected = [...byValue]
            .sort((a, b) => b[1].length - a[1].length || (valueText(a[0]) < valueText(b[0]) ? -1 : 1))
            .slice(0, limit)
            .map(([value, ids]) => ({ value, rows: ids.length, key: JSON.parse(ids.map(keyText).sort()[0]!) }));
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
