// Compiling with the tables' types (what a run learns before it compiles): literals follow their
// column's type or are configuration errors at the check; partition columns of every day type
// are bounded in their own type and read as days in the config's time zone.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { bigquery } from '../../src/dialects/bigquery.js';
import { duckdb } from '../../src/dialects/duckdb.js';
import type { TableInfo } from '../../src/engines/engine.js';
import { compile, type CompileOptions } from '../../src/plan/compile.js';
import { spec } from '../support/checks.js';

const EVENTS: TableInfo = {
  columns: [
    { name: 'ts', type: 'TIMESTAMP' },
    { name: 'dt', type: 'DATETIME' },
    { name: 'd', type: 'DATE' },
    { name: 'status', type: 'INT64' },
    { name: 'code', type: 'STRING' },
    { name: 'amount', type: 'FLOAT64' },
    { name: 'flag', type: 'BOOL' },
  ],
};
const INGESTED: TableInfo = { columns: [{ name: 'code', type: 'STRING' }], partitioning: { type: 'DAY', requirePartitionFilter: true } };
const tables = new Map([
  ['shop.events', EVENTS],
  ['shop.ingested', INGESTED],
]);
const options: CompileOptions = { dialect: bigquery, asOf: '2026-01-10', vars: {}, defaultProject: 'p', timeZone: 'America/New_York', tables };
const T = { table: 'shop.events' };

// The formatted SQL on one line, so expectations read as the predicates they are.
const sqlOf = (check: ReturnType<typeof spec>, o: Partial<CompileOptions> = {}) =>
  compile([check], { ...options, ...o })
    .queries.map((q) => q.sql)
    .join('\n')
    .replace(/\s+/g, ' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')');
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('literals follow the column type', () => {
  it("accepted_values ['1', '2'] on an INT64 column are numbers; [1, 2] on a STRING column are text", () => {
    expect(sqlOf(spec('accepted_values', { column: 'status', values: ['1', '2'], mostly: 1 }, T))).toContain('`status` IN (1, 2)');
    expect(sqlOf(spec('accepted_values', { column: 'code', values: [1, 2], mostly: 1 }, T))).toContain("`code` IN ('1', '2')");
    expect(sqlOf(spec('accepted_values', { column: 'flag', values: ['true'], mostly: 1 }, T))).toContain('`flag` IN (TRUE)');
    expect(sqlOf(spec('accepted_values', { column: 'd', values: ['2026-01-03'], mostly: 1 }, T))).toContain("`d` IN (DATE '2026-01-03')");
  });

  it('without the types (dq compile) values are rendered as written', () => {
    expect(sqlOf(spec('accepted_values', { column: 'status', values: ['1', '2'], mostly: 1 }, T), { tables: undefined })).toContain("`status` IN ('1', '2')");
  });

  it("a value that cannot be compared with its column is a configuration error at the check's file, line and column", () => {
    const check = spec('accepted_values', { column: 'status', values: ['1', 'abc'], mostly: 1 }, { ...T, pos: { file: 'checks/shop.yaml', line: 7, column: 5 } });
    const error = configError(() => compile([check], options));
    expect(error.issues).toHaveLength(1);
    expect(error.message).toMatch(/^checks\/shop\.yaml:7:5: t\.accepted_values_3: accepted value "abc" cannot be compared with status, a INT64 column of shop\.events/);
  });

  it('an impossible date on a DATE column is a configuration error at the check, not an exception', () => {
    for (const bad of ['2025-13-01', '2025-02-30', '2025-00-10']) {
      const check = spec('accepted_values', { column: 'd', values: [bad], mostly: 1 }, { ...T, pos: { file: 'checks/shop.yaml', line: 9, column: 5 } });
      const error = configError(() => compile([check], options));
      expect(error.message).toMatch(new RegExp(`^checks/shop\\.yaml:9:5: .*"${bad}" cannot be compared with d, a DATE column`));
    }
  });

  it('between bounds: numbers on a number column, refused as numbers on a STRING (they would order as text)', () => {
    expect(sqlOf(spec('between', { column: 'status', min_value: '0', max_value: 100, strict_min: false, strict_max: false, mostly: 1 }, T))).toContain(
      '`status` >= 0',
    );
    expect(configError(() => sqlOf(spec('between', { column: 'code', min_value: 0, max_value: 100, strict_min: false, strict_max: false, mostly: 1 }, T))).message).toMatch(
      /min_value 0 cannot be compared with code, a STRING column .*orders as text/,
    );
  });

  it('regex matches a STRING as it is and an INT64 by its digits; other types are refused', () => {
    expect(sqlOf(spec('regex', { column: 'code', pattern: '^a', mostly: 1 }, T))).toContain("REGEXP_CONTAINS(`code`, '^a')");
    expect(sqlOf(spec('regex', { column: 'status', pattern: '^1', mostly: 1 }, T))).toContain('REGEXP_CONTAINS(CAST(`status` AS STRING)');
    expect(configError(() => sqlOf(spec('regex', { column: 'amount', pattern: '^1', mostly: 1 }, T))).message).toMatch(/regex needs a STRING \(or INT64\) column; amount .* is FLOAT64/);
  });

  it('grouping by a FLOAT64 column (unique, rows_per_group, group_by) is refused at the check', () => {
    for (const check of [
      spec('unique', { columns: ['amount'] }, T),
      spec('rows_per_group', { by: ['amount'], min: 1 }, T),
      spec('not_null', { column: 'code', mostly: 1 }, { ...T, groupBy: ['amount'] }),
    ]) {
      expect(configError(() => compile([check], options)).message).toMatch(/cannot group by amount, a FLOAT64 column of shop\.events/);
    }
  });
});

describe('partition columns of every day type', () => {
  const win = { ...T, window: { days: 3 } as const };

  it('a TIMESTAMP partition is bounded from midnight in the config zone to before the next midnight, and grouped by its date there', () => {
    const sql = sqlOf(spec('coverage', { column: 'code', min: 0.9 }, { ...win, partition: 'ts', groupBy: ['ts'], expectedPartitions: { calendar: 'daily' } }));
    expect(sql).toContain("`ts` >= TIMESTAMP(@window_start_3d, 'America/New_York')");
    expect(sql).toContain("`ts` < TIMESTAMP(DATE_ADD(@as_of, INTERVAL 1 DAY), 'America/New_York')");
    expect(sql).toContain("DATE(`ts`, 'America/New_York') AS `ts`");
    expect(sql).not.toMatch(/`ts` BETWEEN/);
  });

  it('a DATETIME partition keeps the whole last day (no midnight cut-off) on both dialects', () => {
    expect(sqlOf(spec('row_count', { min: 1 }, { ...T, partition: 'dt' }), { range: { to: '2026-01-09' } })).toContain(
      '`dt` < DATETIME(DATE_ADD(@to_date, INTERVAL 1 DAY))',
    );
    expect(sqlOf(spec('row_count', { min: 1 }, { ...T, partition: 'dt' }), { dialect: duckdb, range: { to: '2026-01-09' } })).toContain(
      `"dt" < CAST(CAST(DATE '2026-01-09' + INTERVAL 1 DAY AS DATE) AS TIMESTAMP)`,
    );
  });

  it('window: { last: N } lists the days of a TIMESTAMP partition, matched by date', () => {
    const sql = sqlOf(spec('not_null', { column: 'code', mostly: 1 }, { ...T, partition: 'ts', window: { last: 2 } }));
    expect(sql).toContain("SELECT DISTINCT DATE(`ts`, 'America/New_York') AS __expected_partition");
    expect(sql).toContain("DATE(`ts`, 'America/New_York') IN (SELECT");
  });

  it('ingestion time: _PARTITIONDATE is a DATE, _PARTITIONTIME a TIMESTAMP read in UTC days', () => {
    expect(sqlOf(spec('row_count', { min: 1 }, { table: 'shop.ingested', partition: '_PARTITIONDATE', window: { days: 2 } }))).toContain(
      '`_PARTITIONDATE` BETWEEN @window_start_2d AND @as_of',
    );
    expect(sqlOf(spec('row_count', { min: 1 }, { table: 'shop.ingested', partition: '_PARTITIONTIME', window: { days: 2 } }))).toContain(
      "`_PARTITIONTIME` >= TIMESTAMP(@window_start_2d, 'UTC')",
    );
  });

  it('a partition column that is not a date or time is a configuration error', () => {
    expect(configError(() => sqlOf(spec('row_count', { min: 1 }, { ...win, partition: 'code' }))).message).toMatch(
      /partition column code of shop\.events is STRING; dq reads partitions as days/,
    );
  });
});
