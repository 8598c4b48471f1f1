// A merged statement's outcome (plan/merge.ts) split back into one outcome per part, each as the
// part's query would have answered alone: its rows (those whose discriminator names it, in any
// order), with its own column names and the engine's values untouched. The measures then read
// them as they read any batch. An answer that cannot be split (a row of no part, a missing
// column) is an error for every check of the statement, never a part with fewer rows.
import { IncompleteAnswerError } from '../checks/shared.js';
import type { Row } from '../engines/engine.js';
import { PART_COLUMN, partColumn, type QueryPart } from '../plan/merge.js';
import type { QueryOutcome } from './execute.js';

export function partOutcomes(outcome: QueryOutcome): QueryOutcome[] {
  const parts = outcome.query.parts;
  if (!parts) return [outcome];
  const each = (part: QueryPart, rows: Row[], error = outcome.error): QueryOutcome => ({
    ...outcome,
    query: part,
    rows,
    ...(error ? { error } : {}),
  });
  if (outcome.error) return parts.map((part) => each(part, []));
  try {
    const split = splitRows(outcome.rows, parts);
    return parts.map((part, i) => each(part, split[i]!));
  } catch (error) {
    return parts.map((part) => each(part, [], error as Error));
  }
}

function splitRows(rows: Row[], parts: QueryPart[]): Row[][] {
  const split: Row[][] = parts.map(() => []);
  for (const row of rows) {
    const tag = row[PART_COLUMN];
    // Engines read the small INT64 as a number; anything else names no part.
    const n = typeof tag === 'number' && Number.isInteger(tag) ? tag : NaN;
    const part = parts[n - 1];
    if (!part) throw new IncompleteAnswerError(`a row of the merged statement has ${PART_COLUMN} ${JSON.stringify(tag)}`);
    const own: Row = {};
    part.columns.forEach((column, k) => {
      const name = partColumn(n, k + 1);
      if (!Object.hasOwn(row, name)) throw new IncompleteAnswerError(`the merged statement has no column ${name}`);
      own[column] = row[name]!;
    });
    split[n - 1]!.push(own);
  }
  return split;
}
