// Golden SQL per check type and dialect (Dataform-style). Regenerate after an intended change
// with `UPDATE_GOLDEN=1 npx vitest run test/golden` and review the diff.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { dialects } from '../../src/dialects/registry.js';
import { compile } from '../../src/plan/compile.js';
import { goldenAsOf, goldenCases, goldenVars } from './cases.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function goldenText(type: string, dialect: (typeof dialects)[number]): string {
  const plan = compile(goldenCases[type], { dialect, asOf: goldenAsOf, vars: goldenVars, defaultProject: 'nba-props-platform' });
  return plan.queries
    .map((q) => {
      const params = q.params.map((p) => `\n-- @${p.name} ${p.type} ${JSON.stringify(p.value)}`).join('');
      return `-- ${q.id} ${q.kind}: ${q.checks.map((c) => c.id).join(', ')}${params}\n${q.sql};\n`;
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
        if (update || !existsSync(file)) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, actual);
        }
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
