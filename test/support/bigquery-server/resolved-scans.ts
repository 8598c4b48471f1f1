// What a statement reads, from the analyzer's resolved statement (AnyResolvedStatementProto, with
// unused columns pruned): every table scan with the columns it uses, and the constant predicates
// on its columns that BigQuery can prune partitions with — `=`, `<`, `<=`, `>`, `>=`, BETWEEN
// and IN against literals or query parameters (a cast of one counts), top-level conjuncts of a
// WHERE that sits above the scan with only filters, projections, joins and orderings between.
// A comparison with any other constant expression (a function of constants, such as
// `TIMESTAMP(@from, 'America/New_York')`) is a filter BigQuery accepts for partition elimination
// (require_partition_filter is met) but one this server does not evaluate: it prunes nothing, so
// its bytes are an upper bound. Anything else (subqueries, functions of the column, filters above
// an aggregate, a window function or a LIMIT) leaves the scan reading all its partitions.
import type { RestQueryParameter } from './translate.js';

/** A constant a partition column is compared with: its UTC day, and whether it is that day's midnight. */
export interface PruningConstant {
  /** DATE constants compare as days; TIMESTAMP / DATETIME ones as instants within a day. */
  kind: 'date' | 'instant';
  day: string;
  midnight: boolean;
}

/** `opaque`: compared with a constant expression this server does not evaluate (prunes nothing). */
export type PruningOp = '=' | '<' | '<=' | '>' | '>=' | 'in' | 'opaque';

export interface PruningPredicate {
  op: PruningOp;
  values: PruningConstant[];
}

export interface TableScanRead {
  /** `dataset.table` as served (the catalog's full name). */
  table: string;
  /** The columns the statement uses, as named in the table. */
  columns: string[];
  /** Constant predicates by column name (lower-case). */
  predicates: Map<string, PruningPredicate[]>;
}

type Json = Record<string, any>;

/** The concrete node under the proto's oneof wrappers: `{ resolvedXNode: {...}, node: 'resolvedXNode' }`. */
function concrete(value: unknown): { kind: string; body: Json } | undefined {
  let kind: string | undefined;
  let body = value as Json;
  while (body && typeof body === 'object' && typeof body.node === 'string' && body[body.node] && typeof body[body.node] === 'object') {
    kind = body.node;
    body = body[body.node];
  }
  return kind ? { kind, body } : undefined;
}

/**
 * Every concrete node in a resolved tree, depth first. Collected into an array, not yielded by a
 * recursive generator: every job's billing walks its trees, and a nested `yield*` costs each node
 * a step per level above it.
 */
function nodes(value: unknown, into: { kind: string; body: Json }[] = []): { kind: string; body: Json }[] {
  if (!value || typeof value !== 'object') return into;
  const node = concrete(value);
  if (node) {
    into.push(node);
    for (const child of Object.values(node.body)) nodes(child, into);
    return into;
  }
  for (const child of Object.values(value as Json)) nodes(child, into);
  return into;
}

/** protobuf.js Long ({low, high}) or number → number. */
function long(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  const v = value as { low: number; high: number };
  return v.high * 2 ** 32 + (v.low >>> 0);
}

const columnsOf = (scan: Json): Json[] => (scan.parent?.columnList ?? []) as Json[];

/** Scans a filter above `scan` can be pushed into: through filters, projections, joins, orderings. */
function reachableTableScans(scan: unknown): Json[] {
  const node = concrete(scan);
  if (!node) return [];
  switch (node.kind) {
    case 'resolvedTableScanNode':
      return [node.body];
    case 'resolvedFilterScanNode':
    case 'resolvedProjectScanNode':
    case 'resolvedOrderByScanNode':
      return reachableTableScans(node.body.inputScan);
    case 'resolvedJoinScanNode':
      return [...reachableTableScans(node.body.leftScan), ...reachableTableScans(node.body.rightScan)];
    default:
      return [];
  }
}

const TYPE_DATE = 10;
const TYPE_TIMESTAMP = 19;
const TYPE_DATETIME = 21;
const TYPE_STRING = 8;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A DATE / TIMESTAMP / DATETIME written as text (a parameter's value, a cast string). */
function constantFromText(text: string, typeKind: number): PruningConstant | undefined {
  if (typeKind === TYPE_DATE) return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { kind: 'date', day: text, midnight: true } : undefined;
  if (typeKind !== TYPE_TIMESTAMP && typeKind !== TYPE_DATETIME) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const [, date, hh = '00', mi = '00', ss = '00', fraction = '', zone] = m;
  let offset = '+00:00';
  if (typeKind === TYPE_TIMESTAMP && zone && !/^(Z|UTC)$/i.test(zone)) offset = zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${date}T${hh}:${mi}:${ss}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  const micros = fraction ? Number(fraction.slice(1).padEnd(6, '0').slice(0, 6)) : 0;
  return { kind: 'instant', day: dayOf(ms), midnight: ms % 86_400_000 === 0 && micros === 0 };
}

/** A literal's value (ValueProto) as a pruning constant. */
function constantFromLiteral(value: Json | undefined, typeKind: number): PruningConstant | undefined {
  if (!value) return undefined;
  if (value.dateValue !== undefined) return { kind: 'date', day: dayOf(Number(value.dateValue) * 86_400_000), midnight: true };
  if (value.timestampValue) {
    const seconds = long(value.timestampValue.seconds ?? 0);
    const nanos = Number(value.timestampValue.nanos ?? 0);
    return { kind: 'instant', day: dayOf(seconds * 1000), midnight: seconds % 86_400 === 0 && nanos === 0 };
  }
  if (value.datetimeValue) {
    // Bit field: year(14) month(4) day(5) hour(5) minute(6) second(6), low bits last.
    const bits = BigInt(long(value.datetimeValue.bitFieldDatetimeSeconds ?? 0));
    const field = (shift: bigint, width: bigint) => Number((bits >> shift) & ((1n << width) - 1n));
    const day = `${String(field(26n, 14n)).padStart(4, '0')}-${String(field(22n, 4n)).padStart(2, '0')}-${String(field(17n, 5n)).padStart(2, '0')}`;
    const midnight = field(0n, 17n) === 0 && Number(value.datetimeValue.nanos ?? 0) === 0;
    return { kind: 'instant', day, midnight };
  }
  if (value.stringValue !== undefined) return constantFromText(String(value.stringValue), typeKind);
  return undefined;
}

/** The REST parameter a resolved parameter names (named: by name; positional: 1-based position). */
function parameterValue(node: Json, parameters: RestQueryParameter[]): string | undefined {
  const name = typeof node.name === 'string' && node.name !== '' ? node.name.toLowerCase() : undefined;
  const parameter = name ? parameters.find((p) => (p.name ?? '').toLowerCase() === name) : parameters[long(node.position ?? 0) - 1];
  const value = parameter?.parameterValue?.value;
  return value === undefined || value === null ? undefined : String(value);
}

/** An expression's value when it is a literal or a parameter (or a cast of one), of the column's type. */
function constant(expression: unknown, parameters: RestQueryParameter[], typeKind: number): PruningConstant | undefined {
  const node = concrete(expression);
  if (!node) return undefined;
  switch (node.kind) {
    case 'resolvedLiteralNode':
      return constantFromLiteral(node.body.value?.value, typeKind);
    case 'resolvedParameterNode': {
      const text = parameterValue(node.body, parameters);
      return text === undefined ? undefined : constantFromText(text, typeKind);
    }
    case 'resolvedCastNode': {
      const inner = concrete(node.body.expr);
      const innerType = Number(inner?.body.parent?.type?.typeKind ?? 0);
      // Only casts that keep the value: STRING → the column's type, or the type itself.
      if (innerType !== TYPE_STRING && innerType !== typeKind) return undefined;
      return constant(node.body.expr, parameters, innerType === TYPE_STRING ? typeKind : innerType);
    }
    default:
      return undefined;
  }
}

/** A constant expression: no column of the query and no subquery anywhere in it. */
function isConstantExpression(expression: unknown): boolean {
  if (!concrete(expression)) return false;
  return !nodes(expression).some((node) => node.kind === 'resolvedColumnRefNode' || node.kind === 'resolvedSubqueryExprNode');
}

const OPAQUE: PruningPredicate = { op: 'opaque', values: [] };

const COMPARISONS: Record<string, PruningOp> = {
  '$equal': '=',
  '$less': '<',
  '$less_or_equal': '<=',
  '$greater': '>',
  '$greater_or_equal': '>=',
};
const FLIPPED: Record<string, PruningOp> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

interface ColumnRef {
  id: number;
  typeKind: number;
}

function columnRef(expression: unknown): ColumnRef | undefined {
  const node = concrete(expression);
  if (node?.kind !== 'resolvedColumnRefNode' || node.body.isCorrelated) return undefined;
  return { id: long(node.body.column?.columnId), typeKind: Number(node.body.column?.type?.typeKind ?? 0) };
}

/** Top-level conjuncts of a filter expression that compare a column with constants. */
function conjunctPredicates(expression: unknown, parameters: RestQueryParameter[]): { column: number; predicate: PruningPredicate }[] {
  const node = concrete(expression);
  if (node?.kind !== 'resolvedFunctionCallNode') return [];
  const name = String(node.body.parent?.function?.name ?? '').replace(/^ZetaSQL:/, '');
  const args = (node.body.parent?.argumentList ?? []) as unknown[];
  if (name === '$and') return args.flatMap((a) => conjunctPredicates(a, parameters));
  const values = (list: unknown[], typeKind: number) => {
    const out = list.map((a) => constant(a, parameters, typeKind));
    return out.every((c): c is PruningConstant => c !== undefined) ? out : undefined;
  };
  if (name in COMPARISONS && args.length === 2) {
    for (const [col, other, flip] of [
      [args[0], args[1], false],
      [args[1], args[0], true],
    ] as const) {
      const ref = columnRef(col);
      const value = ref && constant(other, parameters, ref.typeKind);
      if (ref && value) {
        const op = COMPARISONS[name]!;
        return [{ column: ref.id, predicate: { op: flip ? FLIPPED[op]! : op, values: [value] } }];
      }
      if (ref && isConstantExpression(other)) return [{ column: ref.id, predicate: OPAQUE }];
    }
    return [];
  }
  const ref = columnRef(args[0]);
  if (!ref) return [];
  if (name === '$between' && args.length === 3) {
    const bounds = values(args.slice(1), ref.typeKind);
    if (bounds) {
      return [
        { column: ref.id, predicate: { op: '>=', values: [bounds[0]!] } },
        { column: ref.id, predicate: { op: '<=', values: [bounds[1]!] } },
      ];
    }
    return args.slice(1).every(isConstantExpression) ? [{ column: ref.id, predicate: OPAQUE }] : [];
  }
  if (name === '$in' && args.length >= 2) {
    const list = values(args.slice(1), ref.typeKind);
    if (list) return [{ column: ref.id, predicate: { op: 'in', values: list } }];
    return args.slice(1).every(isConstantExpression) ? [{ column: ref.id, predicate: OPAQUE }] : [];
  }
  return [];
}

/** The table scans of resolved statements, with their columns and pruning predicates. */
export function tableScanReads(statements: unknown[], parameters: RestQueryParameter[]): TableScanRead[] {
  const reads = new Map<Json, TableScanRead>();
  const owner = new Map<number, { read: TableScanRead; column: string }>();
  const all = statements.map((statement) => nodes(statement));
  for (const statementNodes of all) {
    for (const node of statementNodes) {
      if (node.kind !== 'resolvedTableScanNode' || reads.has(node.body)) continue;
      const table = String(node.body.table?.fullName ?? '');
      const read: TableScanRead = { table, columns: columnsOf(node.body).map((c) => String(c.name)), predicates: new Map() };
      reads.set(node.body, read);
      for (const c of columnsOf(node.body)) owner.set(long(c.columnId), { read, column: String(c.name).toLowerCase() });
    }
  }
  for (const statementNodes of all) {
    for (const node of statementNodes) {
      if (node.kind !== 'resolvedFilterScanNode') continue;
      const below = new Set(reachableTableScans(node.body.inputScan).map((scan) => reads.get(scan)));
      for (const { column, predicate } of conjunctPredicates(node.body.filterExpr, parameters)) {
        const target = owner.get(column);
        if (!target || !below.has(target.read)) continue;
        const list = target.read.predicates.get(target.column) ?? [];
        list.push(predicate);
        target.read.predicates.set(target.column, list);
      }
    }
  }
  // Served tables are named dataset.table; the INFORMATION_SCHEMA views only by their own name
  // (the analyzer's default full name): metadata, no table bytes.
  return [...reads.values()].filter((r) => r.table.includes('.'));
}
