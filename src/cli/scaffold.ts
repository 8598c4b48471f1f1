// The files `dq init` writes: a DuckDB project that passes `dq validate` once its warehouse file
// exists. Each YAML file starts with a yaml-language-server modeline pointing at the JSON Schema
// published in the dqgate package (docs/schema/), where `npm install -D dqgate` puts it.

/** Where the published schemas are, relative to the project folder, in an npm install. */
export const SCHEMA_DIR = 'node_modules/dqgate/docs/schema';

/** The DuckDB file the scaffold's target points at, relative to the project folder. */
export const WAREHOUSE = 'warehouse.duckdb';

export const GITIGNORE_ENTRIES = ['.dq/', 'reports/'];

const modeline = (fromFolder: string, schema: string) =>
  `# yaml-language-server: $schema=${fromFolder === '.' ? '' : '../'}${SCHEMA_DIR}/${schema}\n`;

/** Path (relative to the project folder, `/`-separated) → text. */
export function scaffoldFiles(): Record<string, string> {
  return {
    'checks.config.yaml':
      modeline('.', 'config.schema.json') +
      `# dqgate project: the warehouses to check (targets), variables, time zone. See the dqgate README.
version: 1
target: local
targets:
  local:
    engine: duckdb
    # The DuckDB file to check (opened read-only), relative to this file. Per environment:
    # path: "{{ env.DQ_WAREHOUSE }}"
    path: ${WAREHOUSE}
timezone: UTC
`,
    'checks/example.yaml':
      modeline('checks', 'check-file.schema.json') +
      `# The checks on one table: this file's checks have ids example.<name>.
table: main.example
checks:
  - row_count: { min: 1 }
  - not_null: id
`,
    'suites/default.yaml':
      modeline('suites', 'suite.schema.json') +
      `# Run it with: dq run default
description: every check of the project
select: ['*']
`,
  };
}
