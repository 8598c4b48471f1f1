// Every check type dqgate knows, in docs order. Adding a type = one file + one line here.
import { acceptedValues } from './accepted-values.js';
import { between } from './between.js';
import { condition } from './condition.js';
import { coverage } from './coverage.js';
import { distinctCount } from './distinct-count.js';
import { equality } from './equality.js';
import { freshness } from './freshness.js';
import { metric } from './metric.js';
import { notAcceptedValues } from './not-accepted-values.js';
import { notNull } from './not-null.js';
import { ranges } from './ranges.js';
import { reconcile } from './reconcile.js';
import { regex } from './regex.js';
import { relationships } from './relationships.js';
import { rowCount } from './row-count.js';
import { rowsPerGroup } from './rows-per-group.js';
import { schema } from './schema.js';
import { sequential } from './sequential.js';
import { sql } from './sql.js';
import type { CheckType } from './types.js';
import { unique } from './unique.js';
import { volume } from './volume.js';

export const checkTypes: readonly CheckType[] = [
  rowCount,
  notNull,
  coverage,
  unique,
  distinctCount,
  acceptedValues,
  notAcceptedValues,
  between,
  regex,
  condition,
  relationships,
  rowsPerGroup,
  reconcile,
  sequential,
  ranges,
  equality,
  volume,
  freshness,
  metric,
  sql,
  schema,
];

export function findCheckType(type: string): CheckType | undefined {
  return checkTypes.find((t) => t.type === type);
}
