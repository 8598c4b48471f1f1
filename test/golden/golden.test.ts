// Golden SQL per check type and dialect (Dataform-style). Regenerate after an intended change
// with `UPDATE_GOLDEN=1 npx vitest run test/golden` and review the diff; a missing golden file
// fails. Every BigQuery golden is analyzed by the GoogleSQL analyzer, every DuckDB golden runs
// on a small DuckDB fixture (fixture.ts).
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlParser from 'node-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { formatSql } from '../../src/dialects/format-sql.js';
import { dialects } from '../../src/dialects/registry.js';
import { compile } from '../../src/plan/compile.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';
import { analyzerProblem } from '../support/bigquery-server/analyzer.js';
import { DuckDbWarehouse } from '../support/bigquery-server/duckdb.js';
import { goldenAsOf, goldenCases, goldenVars } from './cases.js';
import { goldenFixtureSql, goldenStatements } from './fixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function goldenText(type: string, dialect: (typeof dialects)[number]): string {
  const plan = compile(goldenCases[type], { dialect, asOf: goldenAsOf, vars: goldenVars, defaultProject: 'nba-props-platform' });
  return plan.queries
    .map((q) => {
      const params = q.params.map((p) => `\n-- @${p.name} ${p.type} ${JSON.stringify(p.value)}`).join('');
      // Compared formatted, so a golden reads as SQL (runs send it compact).
      return `-- ${q.id} ${q.kind}: ${q.checks.map((c) => c.id).join(', ')}${params}\n${formatSql(q.sql, dialect)};\n`;
    })
    .join('\n');
}

describe('golden SQL', () => {
  it('has a golden case for every registered check type', () => {
    expect(checkTypes.map((t) => t.type).filter((t) => !goldenCases[t])).toEqual([]);
  });

  for (const dialect of dialects) {
    for (const type of Object.keys(goldenCases)) {
      it(`${dialect.name}: ${type}`, () => {
        const file = path.join(here, dialect.name, `${type}.sql`);
        const actual = goldenText(type, dialect);
        if (update) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, actual);
        }
        expect(existsSync(file), `${path.relative(process.cwd(), file)} is missing: write it with UPDATE_GOLDEN=1 and review it`).toBe(true);
        expect(actual).toBe(readFileSync(file, 'utf8'));
      });
    }
  }

  const { Parser } = sqlParser;
  const parser = new Parser();
  for (const type of Object.keys(goldenCases)) {
    it(`bigquery golden for ${type} parses with a BigQuery grammar`, () => {
      const sql = readFileSync(path.join(here, 'bigquery', `${type}.sql`), 'utf8');
      for (const statement of sql.split(/;\n/).map((s) => s.replace(/^--.*$/gm, '').trim()).filter(Boolean)) {
        expect(() => parser.astify(statement, { database: 'bigquery' })).not.toThrow();
      }
    });
  }
});

const goldenFile = (dialect: string, type: string) => readFileSync(path.join(here, dialect, `${type}.sql`), 'utf8');

describe.skipIf(skipWithoutAnalyzer('the analysis of the BigQuery goldens'))('BigQuery goldens, as the GoogleSQL analyzer sees them', () => {
  let warehouse: DuckDbWarehouse;
  beforeAll(async () => {
    warehouse = await DuckDbWarehouse.create();
    await warehouse.exec(goldenFixtureSql);
  });
  afterAll(() => warehouse?.close());

  for (const type of Object.keys(goldenCases)) {
    it(`bigquery golden for ${type} is accepted by the analyzer`, async () => {
      const problems: string[] = [];
      for (const statement of goldenStatements(goldenFile('bigquery', type))) {
        const problem = await analyzerProblem(warehouse, {
          sql: statement.sql,
          projectId: 'nba-props-platform',
          location: 'US',
          queryParameters: statement.params.map((p) => ({ name: p.name, parameterType: { type: p.type }, parameterValue: { value: String(p.value) } })),
        });
        if (problem) problems.push(`${statement.header}: ${problem.message}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('DuckDB goldens, run on a small fixture', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    await connection.run(goldenFixtureSql);
  });
  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
  });

  for (const type of Object.keys(goldenCases)) {
    it(`duckdb golden for ${type} runs`, async () => {
      const problems: string[] = [];
      for (const statement of goldenStatements(goldenFile('duckdb', type))) {
        expect(statement.params).toEqual([]);
        await connection.run(statement.sql).catch((e: Error) => problems.push(`${statement.header}: ${e.message}`));
      }
      expect(problems).toEqual([]);
    });
  }
});
