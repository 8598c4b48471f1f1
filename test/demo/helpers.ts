import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEMO_TABLES as TABLES, PERIOD_SQL } from '../../src/demo/model.js';

export { TABLES };

export interface ReadOnlyDb {
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** First column of the first row, as a number. */
  value(sql: string): Promise<number>;
  close(): void;
}

export async function openReadOnly(path: string): Promise<ReadOnlyDb> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  return {
    rows,
    async value(sql) {
      const [row] = await rows(sql);
      return Number(Object.values(row ?? {})[0]);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Per table: row count and an order-independent sum of row hashes (every column counts). */
export async function fingerprint(path: string): Promise<Record<string, string>> {
  const db = await openReadOnly(path);
  try {
    const result: Record<string, string> = {};
    for (const table of TABLES) {
      const [row] = await db.rows(`SELECT count(*) AS n, sum(hash(t)::HUGEINT) AS h FROM ${table} t`);
      result[table] = `${String(row!.n)}:${String(row!.h)}`;
    }
    return result;
  } finally {
    db.close();
  }
}

/** usage_rate coverage (0..1) of minutes > 0 rows since 2021-10-01, per seed period and overall ('all'). */
export async function coverageByPeriod(db: ReadOnlyDb): Promise<Record<string, number>> {
  const rows = await db.rows(`
    SELECT coalesce(${PERIOD_SQL}, 'all') AS period, count(usage_rate) / count(*) AS coverage
    FROM nba_analytics.player_game_summary
    WHERE game_date >= DATE '2021-10-01' AND minutes_played > 0
    GROUP BY ROLLUP (${PERIOD_SQL})`);
  return Object.fromEntries(rows.map((r) => [String(r.period), Number(r.coverage)]));
}

export function makeTempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dqgate-demo-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
