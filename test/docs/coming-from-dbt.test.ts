// docs/coming-from-dbt.md maps dbt tests to native dq checks: every dq example names a check type
// the registry has, and loads as written (the loader's schema checks its arguments).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkTypes, findCheckType } from '../../src/checks/registry.js';
import { loadProject } from '../../src/config/load.js';
import { writeProject } from '../config/project.js';

interface Mapping {
  section: string;
  dbt: string;
  dq: string;
}

const doc = readFileSync('docs/coming-from-dbt.md', 'utf8');

/** The table rows under each `##` heading: | `dbt test` | `dbt yaml` | `dq yaml` | notes |. */
function mappings(): Mapping[] {
  const out: Mapping[] = [];
  let section = '';
  for (const line of doc.split('\n')) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const cells = /^\| `([^`]+)` \| [^|]* \| `([^`]+)` \|/.exec(line);
    if (cells) out.push({ section, dbt: cells[1]!, dq: cells[2]! });
  }
  return out;
}

/** The check type key of a dq example (`row_count: { ... }` → row_count). */
const typeOf = (example: string) => /^([a-z_]+):/.exec(example)?.[1];

const DBT_UTILS = [
  'equal_rowcount',
  'fewer_rows_than',
  'equality',
  'expression_is_true',
  'recency',
  'at_least_one',
  'not_constant',
  'not_empty_string',
  'cardinality_equality',
  'not_null_proportion',
  'not_accepted_values',
  'relationships_where',
  'mutually_exclusive_ranges',
  'sequential_values',
  'unique_combination_of_columns',
  'accepted_range',
];

async function loads(example: string): Promise<string | undefined> {
  const cwd = await writeProject({ 'checks/t.yaml': `table: nba_analytics.team_offense_game_summary\nchecks:\n  - ${example}\n` });
  return loadProject({ cwd, checkTypes }).then(
    (p) => (p.checks.length === 1 ? undefined : `${p.checks.length} checks`),
    (e: Error) => e.message,
  );
}

describe('docs/coming-from-dbt.md', () => {
  const rows = mappings();

  it('maps every dbt built-in and dbt-utils generic test, once each', () => {
    expect(rows.filter((r) => r.section === 'dbt built-in tests').map((r) => r.dbt)).toEqual(['not_null', 'unique', 'accepted_values', 'relationships']);
    expect(rows.filter((r) => r.section === 'dbt-utils generic tests').map((r) => r.dbt).sort()).toEqual([...DBT_UTILS].sort());
    expect(rows.filter((r) => r.section === 'dbt-expectations').length).toBeGreaterThanOrEqual(10);
  });

  it('every dq example names one check type of the registry', () => {
    const unknown = rows.map((r) => [r.dbt, typeOf(r.dq)] as const).filter(([, type]) => !type || (!findCheckType(type)));
    expect(unknown).toEqual([]);
  });

  for (const row of mappings()) {
    it(`${row.dbt}: its example loads`, async () => {
      expect(await loads(row.dq)).toBeUndefined();
    });
  }
});
