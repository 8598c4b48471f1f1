// Samples of failed and warned row-level checks: one query per table, a UNION ALL of one
// top-N subquery per check (its most frequent offending values, each with its row count and one
// row's `key:` columns). The rows are the check's own: file and check `where`, --from/--to and
// `window:` apply as in its check query. What counts as offending comes from the check type
// (CheckType.samples); every piece of SQL in it is sealed like the rest of the check.
import { and } from '../checks/shared.js';
import type { CheckType, RenderContext, SampleSpec } from '../checks/types.js';
import type { CheckSpec } from '../config/types.js';
import { checkFilters, checkTypeOf, renderContext, type CompileOptions, type PlannedQuery } from './compile.js';
import { ParameterSet } from './params.js';
import { checkKey } from './render.js';

/** Samples listed per check when neither the check, its file nor the config says. */
export const DEFAULT_SAMPLES = 5;

/** A check with samples to list, and how many. */
export interface SampleRequest {
  check: CheckSpec;
  limit: number;
}

/** The type's sample rows of a check, or undefined when it has none to list. */
export function sampleSpec(type: CheckType, check: CheckSpec, ctx: RenderContext): SampleSpec | undefined {
  const spec = type.samples?.(check, ctx);
  // Rows without a value to show are listed by their key: without one, there is nothing to list.
  if (!spec || (spec.value === null && !check.rowKey?.length)) return undefined;
  return spec;
}

/**
 * What a check's sample_value holds: `none` (rows listed by key), `scalar` (`{"value": x}`) or
 * `object` (a composite value, column by column); undefined when the check lists no samples.
 */
export function sampleValueShape(check: CheckSpec, options: CompileOptions): 'none' | 'scalar' | 'object' | undefined {
  const type = checkTypeOf(check);
  const spec = type.samples ? sampleSpec(type, check, renderContext(options)) : undefined;
  if (!spec) return undefined;
  return spec.value === null ? 'none' : typeof spec.value === 'string' ? 'scalar' : 'object';
}

/**
 * One statement per table (or per check, when `perCheck`: a table's statement failed and each
 * check is tried alone), in the order the tables first appear.
 */
export function compileSamples(requests: SampleRequest[], options: CompileOptions, perCheck = false): PlannedQuery[] {
  const byTable = new Map<string, SampleRequest[]>();
  for (const r of requests) {
    const key = perCheck ? r.check.id : r.check.table;
    byTable.set(key, [...(byTable.get(key) ?? []), r]);
  }
  const first = options.firstQueryNumber ?? 1;
  return [...byTable.values()].map((group, i) => {
    const params = new ParameterSet();
    const ctx = renderContext(options, params);
    const selects = group.map((r, j) => sampleSelect(r, ctx, options, checkKey(j)));
    const sql = selects.join(' UNION ALL ');
    return {
      id: `q${first + i}`,
      kind: 'samples',
      table: group[0]!.check.table,
      sql,
      params: params.referencedIn(sql),
      checks: group.map((r, j) => ({ id: r.check.id, key: checkKey(j) })),
      groupBy: [],
    };
  });
}

/**
 * `(SELECT '<key>' AS check_key, sample_value, sample_key, n FROM (...) ORDER BY n DESC, ... LIMIT N)`:
 * sample_value and sample_key are JSON object text (exact numbers), n a count.
 */
function sampleSelect(request: SampleRequest, ctx: RenderContext, options: CompileOptions, key: string): string {
  const { check, limit } = request;
  const d = ctx.dialect;
  // Its rows only: the grouping and expected partitions of its check query play no part here.
  const { tableFilters, checkFilter } = checkFilters(check, ctx, options);
  const spec = sampleSpec(checkTypeOf(check), check, ctx);
  if (!spec) throw new Error(`${check.id} has no samples to list`);
  const noText = d.castString('NULL');
  const keyNames = check.rowKey ?? [];
  // Rows of the type's own shape carry the key columns under aliases no column of theirs takes.
  const keys = keyNames.map((name, i) => ({ expr: ctx.column(name), alias: spec.rows ? `key${i}` : ctx.column(name) }));
  const rowKey = keys.length ? d.jsonObject(keyNames.map((name, i) => ({ name, expr: keys[i]!.alias }))) : noText;
  // A JSON object: `{"value": ...}` for one expression, the columns themselves for several (see sampleValueShape).
  const value =
    spec.value === null
      ? noText
      : typeof spec.value === 'string'
        ? d.jsonObject([{ name: 'value', expr: spec.value }])
        : d.jsonObject(Object.entries(spec.value).map(([name, expr]) => ({ name, expr })));
  const filter = and(...tableFilters, checkFilter);
  const rows = spec.rows
    ? `SELECT ${value} AS v, ${rowKey} AS k FROM (${spec.rows(filter, keys)}) AS sample_rows WHERE ${spec.offending}`
    : `SELECT ${value} AS v, ${rowKey} AS k FROM ${ctx.table(check.table)} WHERE ${and(filter, spec.offending)}`;
  // Rows without a value are listed one key at a time; values keep one of their rows' keys.
  const grouped =
    spec.value === null
      ? `SELECT v AS sample_value, k AS sample_key, COUNT(*) AS n FROM (${rows}) AS offending GROUP BY v, k`
      : `SELECT v AS sample_value, MIN(k) AS sample_key, COUNT(*) AS n FROM (${rows}) AS offending GROUP BY v`;
  const having = spec.minRows !== undefined ? ` HAVING COUNT(*) >= ${spec.minRows}` : '';
  return (
    `(SELECT ${d.stringLiteral(key)} AS check_key, sample_value, sample_key, n FROM (${grouped}${having}) AS counted ` +
    `ORDER BY n DESC, sample_value, sample_key LIMIT ${limit})`
  );
}
