// The benchmark's BigQuery bytes (bench/bigquery-bytes.ts) compare dq's batched plan with "each
// referenced column read once". That comparison is only worth something if it can come out equal:
// a plan of one aggregate scan reads each of its columns once, so its bytes must equal the
// once-per-column figure exactly, while one query per check reads the shared columns again.
import { describe, expect, it } from 'vitest';
import { measureBytes } from '../../bench/bigquery-bytes.js';
import { suiteChecks } from '../../bench/suites.js';
import { skipWithoutAnalyzer } from '../support/analyzer/skip.js';

// The row-level checks of the 16-check suite: dq batches them into one aggregate query.
const rowLevel = suiteChecks(16).filter((c) => c.hand.kind === 'scan');
const yaml = `table: bench.events\nchecks:\n${rowLevel.map((c) => `  - name: ${c.name}\n    ${c.yaml}\n`).join('')}`;

describe.skipIf(skipWithoutAnalyzer('the benchmark bytes test'))('benchmark bytes on the BigQuery test server', () => {
  it('a plan of one aggregate scan bills exactly each referenced column once; one query per check bills more', async () => {
    const [bytes] = await measureBytes(2000, [{ name: 'row_level', yaml }]);
    expect(bytes.checks).toBe(rowLevel.length);
    expect(bytes.batchedQueries).toBe(1);
    expect(bytes.perCheckQueries).toBe(rowLevel.length);
    expect(bytes.columns).toEqual(['user_id', 'event_date', 'event_type', 'country', 'amount', 'quantity', 'email']);
    expect(bytes.onceBytes).toBeGreaterThan(0);
    expect(bytes.batchedBytes).toBe(bytes.onceBytes);
    expect(bytes.perCheckBytes).toBeGreaterThan(bytes.batchedBytes);
  });
});
