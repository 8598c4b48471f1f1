// The DuckDB engine refuses a result with two columns of one name: read as row objects, the
// first would silently stand in for the second. dq's own SQL never repeats a name, so a repeat
// means a fragment made a column of its own (DuckDB's unnest of a struct names its columns).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryError, type Engine } from '../../src/engines/engine.js';
import { createDuckDbEngine } from '../../src/engines/duckdb.js';

let engine: Engine;
beforeAll(async () => {
  engine = await createDuckDbEngine({ path: ':memory:' });
});
afterAll(() => engine.close());

describe('DuckDB results with a repeated column name', () => {
  it('are an error naming the column, not a row where the first one wins', async () => {
    const sql = "SELECT 92 AS c1__rows, (unnest({'c2__rows': 0})) AS c1__value, 92 AS c2__rows";
    const error = await engine.execute({ id: 'q1', sql, params: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toBe('the result has two columns named c2__rows; refusing to read it');
  });

  it('leave results with distinct names as they were', async () => {
    const { rows } = await engine.execute({ id: 'q1', sql: 'SELECT 92 AS c1__rows, 0 AS c2__rows', params: [] });
    expect(rows).toEqual([{ c1__rows: 92, c2__rows: 0 }]);
  });
});
