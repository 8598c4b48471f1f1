// JSON Schemas (draft-07) for checks.config.yaml, check files and suite files, built from the
// registered check types. Two modes:
//   'publish' – the schemas in docs/schema/ for editors (yaml-language-server): complete, with
//               threshold values described in the form they are written (45%, 2 days, 20 GB);
//   'load'    – what the loader validates with ajv, in parts so errors stay precise: threshold
//               values are left open there and checked by thresholds.ts with better messages.
import { HISTORY_CHECK_KEYS, historyCheckProperties } from './history-thresholds.js';
import { PARTITION_CHECK_KEYS, partitionCheckProperties, partitionFileProperties } from './partition-schema.js';
import type { ArgKind, CheckType, JsonSchema } from '../checks/types.js';
import { VAR_NAME_PATTERN } from './templates.js';

export type SchemaMode = 'load' | 'publish';

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** Check names, file stems, target names. */
export const NAME_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_-]*$';
export const TAG_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.-]*$';
/** `schema.table` or `[project.]dataset.table`. */
export const TABLE_PATTERN = '^[^.\\s`"\']+(\\.[^.\\s`"\']+){1,2}$';
export const BIGQUERY_LABEL_KEY_PATTERN = '^[a-z][a-z0-9_-]{0,62}$';
export const PERCENT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$';
export const DURATION_PATTERN =
  '^(\\s*\\d+(\\.\\d+)?\\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\\s*,?)+\\s*$';
export const CALENDAR_SPAN_PATTERN = '^\\s*\\d+\\s*(mo|months?|q|quarters?|y|yrs?|years?)\\s*$';
export const BYTES_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([kKmMgGtTpP][iI]?)?[bB]\\s*$';

/** What a value must look like, for error messages about a failed `pattern`. */
export const PATTERN_HINTS: Record<string, string> = {
  [NAME_PATTERN]: 'letters, digits, _ and - (not starting with -)',
  [TAG_PATTERN]: 'letters, digits, _, - and . (no spaces)',
  [TABLE_PATTERN]: 'a table name like dataset.table, schema.table or project.dataset.table',
  [BIGQUERY_LABEL_KEY_PATTERN]: 'a BigQuery label key: lowercase letters, digits, _ and -, starting with a letter',
  [VAR_NAME_PATTERN]: 'letters, digits and _ (not starting with a digit)',
  [PERCENT_PATTERN]: 'a percentage like 45%',
  [DURATION_PATTERN]: 'a duration like 2 days, 6 hours, 30 minutes',
  [BYTES_PATTERN]: 'a size like 20 GB',
};

export const REPORT_FORMATS = ['console', 'json', 'junit', 'markdown', 'html'] as const;
export const ENGINES = ['duckdb', 'bigquery'] as const;
export const SEVERITIES = ['error', 'warn'] as const;
/** Keys every check item may have besides its one type key. */
export const COMMON_CHECK_KEYS = ['name', 'description', 'where', 'severity', 'warn', 'tags', 'min_rows', 'samples', 'key', ...PARTITION_CHECK_KEYS, ...HISTORY_CHECK_KEYS] as const;

/** `samples: N`: offending values a failed or warned row-level check lists (0: none, for sensitive data). */
export const samplesSchema = (where: string): JsonSchema => ({
  description: `Offending values (with their row counts) listed for a failed or warned row-level check, ${where}; 0 lists none. Default 5.`,
  type: 'integer',
  minimum: 0,
  maximum: 100,
});

/** `key: [game_id, player_lookup]`: the columns that find a row, shown with each sample. */
export const rowKeySchema = (where: string): JsonSchema => ({
  description: `Columns that identify a row (${where}); each sample shows them for one of its rows, so a person can find it.`,
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', minLength: 1 },
});

const KIND_TEXT: Record<ArgKind, string> = {
  share: 'A share: a percentage like 45% or 4.5%, or a fraction 0..1 like 0.45.',
  count: 'A whole number, 0 or more.',
  number: 'A number.',
  duration: 'A duration like 2 days, 6 hours, 30 minutes, 90 seconds or 1 week.',
  age: 'A duration like 2 days or 6 hours, or whole calendar months, quarters or years like 3 months, 1 quarter, 1 year.',
};

/** How a value of `kind` is written in YAML. */
export function kindSchema(kind: ArgKind): JsonSchema {
  switch (kind) {
    case 'share':
      return {
        description: KIND_TEXT.share,
        anyOf: [
          { type: 'number', minimum: 0, maximum: 1 },
          { type: 'string', pattern: PERCENT_PATTERN },
        ],
      };
    case 'count':
      return { description: KIND_TEXT.count, type: 'integer', minimum: 0 };
    case 'number':
      return { description: KIND_TEXT.number, type: 'number' };
    case 'duration':
      return { description: KIND_TEXT.duration, type: 'string', pattern: DURATION_PATTERN };
    case 'age':
      return { description: KIND_TEXT.age, type: 'string', anyOf: [{ pattern: DURATION_PATTERN }, { pattern: CALENDAR_SPAN_PATTERN }] };
  }
}

function bytesSchema(mode: SchemaMode, description: string): JsonSchema {
  if (mode === 'load') return {};
  return {
    description: `${description} A number of bytes, or a size like 20 GB (KB/MB/GB/TB are powers of 1000; KiB/MiB/GiB/TiB powers of 1024).`,
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: BYTES_PATTERN },
    ],
  };
}

function durationSchema(mode: SchemaMode, description: string): JsonSchema {
  return mode === 'load' ? {} : { ...kindSchema('duration'), description: `${description} ${KIND_TEXT.duration}` };
}

const tagsSchema: JsonSchema = {
  description: 'Tags for selecting checks (tag:NAME in suites and --select).',
  type: 'array',
  items: { type: 'string', pattern: TAG_PATTERN },
};

const whereSchema = (what: string): JsonSchema => ({
  description: `SQL filter applied to ${what}. May use {{ var.NAME }} and {{ as_of }}.`,
  type: 'string',
  minLength: 1,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutMeta(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = structuredClone(schema);
  return rest;
}

/** Every argument name a type's argsSchema mentions, at the top level or in its anyOf/oneOf/allOf branches. */
export function argNames(type: CheckType): string[] {
  const names = new Set<string>();
  const add = (schema: unknown) => {
    if (isObject(schema) && isObject(schema.properties)) for (const name of Object.keys(schema.properties)) names.add(name);
  };
  add(type.argsSchema);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = type.argsSchema[key];
    if (Array.isArray(branches)) branches.forEach(add);
  }
  for (const name of Object.keys(type.argKinds)) names.add(name);
  return [...names];
}

/**
 * The arguments object of `type`: its argsSchema with additionalProperties forced false, every
 * argument it mentions listed in `properties`, and threshold arguments (argKinds) replaced by
 * their written form ('publish') or left open for thresholds.ts ('load').
 */
export function argsSchema(type: CheckType, mode: SchemaMode): JsonSchema {
  const schema = withoutMeta(type.argsSchema);
  const declared = isObject(schema.properties) ? schema.properties : {};
  const properties: Record<string, unknown> = {};
  for (const name of argNames(type)) {
    const original = declared[name] ?? {};
    const kind = type.argKinds[name];
    if (kind === undefined) properties[name] = original;
    else if (mode === 'load') properties[name] = {};
    else {
      const description = isObject(original) && typeof original.description === 'string' ? original.description : undefined;
      // A count the type bounds itself (volume.lookback ≥ 1) keeps that bound for editors too.
      const bounds =
        kind === 'count' && isObject(original)
          ? Object.fromEntries(['minimum', 'maximum'].filter((k) => typeof original[k] === 'number').map((k) => [k, original[k]]))
          : {};
      const kindText =
        typeof bounds.minimum === 'number' ? KIND_TEXT[kind].replace('0 or more', `${bounds.minimum} or more`) : KIND_TEXT[kind];
      const sentence = description ? `${description.replace(/[.:;]?$/, '.')} ${kindText}` : undefined;
      properties[name] = { ...kindSchema(kind), ...(sentence ? { description: sentence } : {}), ...bounds };
    }
  }
  const result: JsonSchema = { ...schema, type: 'object', properties, additionalProperties: false };
  // The loader merges defaults before validating, so a defaulted argument is never missing.
  if (mode === 'publish' && Array.isArray(schema.required)) {
    const required = (schema.required as string[]).filter((name) => !Object.hasOwn(type.defaults, name));
    if (required.length > 0) result.required = required;
    else delete result.required;
  }
  return result;
}

/** `warn:` of a check of `type`: only its warnKeys, written like the arguments. */
export function warnSchema(type: CheckType, mode: SchemaMode): JsonSchema {
  const args = argsSchema(type, mode);
  const argProps = args.properties as Record<string, unknown>;
  return {
    description: `Stricter thresholds that only warn (${type.warnKeys.join(', ')}).`,
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: Object.fromEntries(type.warnKeys.map((key) => [key, argProps[key] ?? {}])),
  };
}

/** The keys every check item may have besides its type key. `warn` is per type, so only given with a type. */
export function commonCheckProperties(mode: SchemaMode, type?: CheckType): Record<string, JsonSchema> {
  const properties: Record<string, JsonSchema> = {
    name: {
      description: 'Check name, unique in the file; the check id is <file stem>.<name>. Default: <type>_<column(s)>.',
      type: 'string',
      pattern: NAME_PATTERN,
    },
    description: { description: 'What the check protects, for reports.', type: 'string' },
    where: whereSchema("this check's rows (on top of the file's where)"),
    severity: { description: 'error (default) fails the gate; warn only warns.', enum: [...SEVERITIES] },
    warn: { type: 'object' },
    tags: tagsSchema,
    min_rows: {
      description: 'The check fails when fewer rows are evaluated (default 1).',
      type: 'integer',
      minimum: 0,
    },
    samples: samplesSchema('for this check'),
    key: rowKeySchema("this check's; default the file's `key`"),
    ...partitionCheckProperties(),
    ...historyCheckProperties(),
  };
  if (type) {
    if (type.warnKeys.length > 0) properties.warn = warnSchema(type, mode);
    else delete properties.warn;
  }
  return properties;
}

/** How a type's value may be written: the arguments object, the shorthand for its mainArg, or nothing. */
function typeValueSchema(type: CheckType): JsonSchema {
  const args = argsSchema(type, 'publish');
  const forms: JsonSchema[] = [args];
  const main = type.mainArg ? (args.properties as Record<string, unknown>)[type.mainArg] : undefined;
  if (isObject(main) && main.type !== 'object') {
    forms.push(main);
    if (main.type === 'array' && isObject(main.items)) forms.push(main.items);
  }
  const required = args.required;
  if (!Array.isArray(required) || required.length === 0) forms.push({ type: 'null' });
  return forms.length === 1 ? { description: type.summary, ...args } : { description: type.summary, anyOf: forms };
}

/** Published: one check item of `type`. */
function checkItemSchema(type: CheckType): JsonSchema {
  return {
    description: type.summary,
    type: 'object',
    required: [type.type],
    additionalProperties: false,
    properties: { [type.type]: typeValueSchema(type), ...commonCheckProperties('publish', type) },
  };
}

const FILE_DOC = 'A dqgate check file: the checks on one table.';

/**
 * The check file. 'load': the file level only (items are validated one by one by the loader);
 * 'publish': complete, each item anyOf {one type key + common keys}.
 */
export function checkFileSchema(types: readonly CheckType[], mode: SchemaMode): JsonSchema {
  const item: JsonSchema | boolean =
    mode === 'load'
      ? {}
      : types.length === 0
        ? false
        : { anyOf: types.map((t) => ({ $ref: `#/definitions/check_${t.type}` })) };
  const schema: JsonSchema = {
    type: 'object',
    required: ['table', 'checks'],
    additionalProperties: false,
    properties: {
      table: { description: 'The table checked: dataset.table, schema.table or project.dataset.table.', type: 'string', pattern: TABLE_PATTERN },
      where: whereSchema('every check in this file'),
      tags: { ...tagsSchema, description: 'Tags given to every check in this file.' },
      samples: samplesSchema('for every check in this file'),
      key: rowKeySchema('for every check in this file'),
      ...partitionFileProperties(),
      checks: {
        description: 'The checks. Each item has exactly one check type key.',
        type: 'array',
        minItems: 1,
        items: item,
      },
    },
  };
  if (mode === 'load') return schema;
  return {
    $schema: DRAFT_07,
    title: 'dqgate check file',
    description: FILE_DOC,
    ...schema,
    definitions: Object.fromEntries(types.map((t) => [`check_${t.type}`, checkItemSchema(t)])),
  };
}

/** Engine-specific target keys. */
export function targetSchemas(mode: SchemaMode): Record<(typeof ENGINES)[number], JsonSchema> {
  return {
    duckdb: {
      description: 'A DuckDB database.',
      type: 'object',
      required: ['engine', 'path'],
      additionalProperties: false,
      properties: {
        engine: { const: 'duckdb' },
        path: {
          description: "Database file, relative to this config file's folder, or ':memory:'.",
          type: 'string',
          minLength: 1,
        },
      },
    },
    bigquery: {
      description: 'A Google BigQuery project.',
      type: 'object',
      required: ['engine', 'project'],
      additionalProperties: false,
      properties: {
        engine: { const: 'bigquery' },
        project: { description: 'Project that runs (and pays for) the queries; the default project of table names.', type: 'string', minLength: 1 },
        location: { description: 'Dataset location, e.g. US or EU.', type: 'string', minLength: 1 },
        maximum_bytes_billed: bytesSchema(mode, 'Per-query limit: a query that would bill more fails.'),
        budget: bytesSchema(mode, 'Per-run limit on the bytes all queries together may bill.'),
        labels: {
          description: 'Job labels.',
          type: 'object',
          propertyNames: { pattern: BIGQUERY_LABEL_KEY_PATTERN },
          additionalProperties: { type: 'string', maxLength: 63 },
        },
        concurrency: { description: 'Queries run at the same time.', type: 'integer', minimum: 1 },
        job_timeout: durationSchema(mode, 'A query running longer is cancelled.'),
        keyFilename: {
          description: "Service account key file, relative to this config file's folder (default: application default credentials).",
          type: 'string',
          minLength: 1,
        },
      },
    },
  };
}

const varValueSchema: JsonSchema = { type: ['string', 'number', 'boolean'] };

export function configSchema(mode: SchemaMode): JsonSchema {
  const targets = targetSchemas(mode);
  const schema: JsonSchema = {
    type: 'object',
    required: ['version', 'targets'],
    additionalProperties: false,
    properties: {
      version: { description: 'Config format version.', const: 1 },
      target: { description: 'The default target (--target overrides). Optional when only one target is defined.', type: 'string' },
      targets: {
        description: 'Named warehouses to run against. Every string value but engine may read the environment: {{ env.NAME }}.',
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: NAME_PATTERN },
        // Loading checks the engine first, then that engine's keys (clearer errors than anyOf).
        additionalProperties:
          mode === 'load'
            ? { type: 'object', required: ['engine'], properties: { engine: { enum: [...ENGINES] } } }
            : { anyOf: [targets.duckdb, targets.bigquery] },
      },
      vars: {
        description:
          'Values for {{ var.NAME }} in filters and queries (--var NAME=VALUE overrides; only declared variables may be set). ' +
          'A value may read the environment: {{ env.NAME }}. Long form { value: ..., secret: true }: the value is shown as *** in run reports.',
        type: 'object',
        propertyNames: { pattern: VAR_NAME_PATTERN },
        // if/then/else rather than anyOf: a mistake in the long form is reported as such.
        additionalProperties: {
          if: { type: 'object' },
          then: {
            type: 'object',
            required: ['value'],
            additionalProperties: false,
            properties: {
              value: varValueSchema,
              secret: { description: 'Redact the value (***) in run reports and every output of dq.', type: 'boolean' },
              description: { type: 'string' },
            },
          },
          else: varValueSchema,
        },
      },
      reports: {
        description: 'Report folders under reports/.',
        type: 'object',
        additionalProperties: false,
        properties: {
          keep: { description: 'Keep the newest N run folders; older ones are removed after a successful write.', type: 'integer', minimum: 1 },
        },
      },
      history: {
        description:
          'The results store (.dq/history.duckdb, or a BigQuery dataset with target and dataset): false turns it off; required: true makes a run that cannot record itself exit 2; ' +
          'keep_days: N removes runs older than N days from the embedded store after each recorded run; on a BigQuery dataset it sets the tables\' partition expiration.',
        oneOf: [
          { const: false },
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              required: { type: 'boolean' },
              keep_days: { type: 'integer', minimum: 1 },
              target: { description: 'A bigquery target whose project holds the history dataset.', type: 'string', minLength: 1 },
              dataset: { description: 'The BigQuery dataset of the results store (created if missing).', type: 'string', pattern: '^\\w{1,1024}$' },
            },
          },
        ],
      },
      timezone: { description: 'IANA time zone of the default --as-of (today there). Default UTC.', type: 'string', minLength: 1 },
      samples: samplesSchema('for every check of the project (--no-samples: none)'),
      formats: {
        description: 'Default report formats.',
        type: 'array',
        uniqueItems: true,
        items: { enum: [...REPORT_FORMATS] },
      },
    },
  };
  if (mode === 'load') return schema;
  return { $schema: DRAFT_07, title: 'dqgate checks.config.yaml', description: 'dqgate project configuration.', ...schema };
}

const selectorList: JsonSchema = {
  anyOf: [
    { type: 'array', items: { type: 'string', minLength: 1 } },
    { type: 'string', minLength: 1 },
  ],
};

export function suiteSchema(mode: SchemaMode): JsonSchema {
  const schema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      description: { type: 'string' },
      select: {
        description:
          'Checks in the suite (default: all): check ids, globs on ids (player_game_summary.*), tag:NAME, table:dataset.table, file:NAME.',
        ...selectorList,
      },
      exclude: { description: 'Checks left out, with the same selectors as select.', ...selectorList },
      fail_on: { description: 'error (default): only failed error checks fail the run; warn: warnings fail it too.', enum: ['error', 'warn'] },
      block: {
        description:
          'true (default): a check whose upstream check (depends_on) did not pass is skipped. false (an audit): it is evaluated anyway and marked "upstream failed: <id>"; the exit code rules do not change.',
        type: 'boolean',
      },
    },
  };
  if (mode === 'load') return schema;
  return { $schema: DRAFT_07, title: 'dqgate suite', description: 'A named selection of checks (suites/<name>.yaml).', ...schema };
}

/** The files published in docs/schema/, as written there. */
export function renderSchemaFiles(types: readonly CheckType[]): Record<string, string> {
  const text = (schema: JsonSchema) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'check-file.schema.json': text(checkFileSchema(types, 'publish')),
    'config.schema.json': text(configSchema('publish')),
    'suite.schema.json': text(suiteSchema('publish')),
  };
}
