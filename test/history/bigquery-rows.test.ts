// The BigQuery store's rows are decoded as the schema promises or not at all: a missing column,
// a NULL where the schema says REQUIRED, or a value of another type is an error, never a default.
import { describe, expect, it } from 'vitest';
import { boolean, numberOrNull, runSummary } from '../../src/history/store-rows.js';

const RUN = {
  seq: 1, run_id: 'r1', started_at: '2026-01-10T08:00:00.000Z', finished_at: '2026-01-10T08:00:01.000Z', suite: null,
  select_json: '["orders"]', exclude_json: '[]', target: 'prod', engine: 'bigquery', as_of: '2026-01-10', from_date: null,
  to_date: null, exit_code: 1, status: 'fail', selection: '{}',
};

describe('rows read back from the BigQuery store', () => {
  it('decodes a whole row', () => {
    expect(runSummary(RUN)).toMatchObject({ run_id: 'r1', select: ['orders'], exclude: [], exit_code: 1, suite: null, from: null });
  });

  it('refuses a missing column, a NULL in a required one, and a value of another type', () => {
    const { exit_code: _, ...withoutExit } = RUN;
    expect(() => runSummary(withoutExit)).toThrow(/no column exit_code/);
    expect(() => runSummary({ ...RUN, exit_code: null })).toThrow(/exit_code is null, not a whole number/);
    expect(() => runSummary({ ...RUN, run_id: null })).toThrow(/run_id is null, not text/);
    expect(() => runSummary({ ...RUN, status: 0 })).toThrow(/status is 0, not text/);
    expect(() => runSummary({ ...RUN, select_json: '{"a":1}' })).toThrow(/select_json .* not a JSON list of text/);
    expect(() => numberOrNull({ value: '12' }, 'value')).toThrow(/not a number/);
    expect(() => boolean({ partitions_complete: null }, 'partitions_complete')).toThrow(/not true or false/);
    expect(numberOrNull({ value: null }, 'value')).toBeNull();
  });
});
