// Unit tests of the BigQuery engine's helpers: value normalisation, labels, parameters,
// error classification and backoff.
import { BigQuery } from '@google-cloud/bigquery';
import { describe, expect, it } from 'vitest';
import { backoffDelay, classify } from '../../src/engines/bigquery-errors.js';
import { newJobId, sanitiseLabels, toClientParams } from '../../src/engines/bigquery-request.js';
import {
  canonicalDecimal,
  datetimeValue,
  decimalValue,
  integerValue,
  normaliseRows,
  timestampValue,
} from '../../src/engines/bigquery-values.js';
import { QueryError } from '../../src/engines/engine.js';

describe('integerValue', () => {
  it.each([
    ['0', 0],
    ['-17', -17],
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['9007199254740992', '9007199254740992'],
    ['9007199254740993', '9007199254740993'],
    ['-9223372036854775808', '-9223372036854775808'],
    ['+0042', 42],
  ])('%s → %j', (text, value) => {
    expect(integerValue(text)).toBe(value);
  });

  it('refuses non-integers', () => {
    expect(() => integerValue('1.5')).toThrow(TypeError);
  });
});

describe('decimals', () => {
  it.each([
    ['1.500000000', '1.5'],
    ['-0.000', '0'],
    ['007.10', '7.1'],
    ['1e21', '1000000000000000000000'],
    ['1.5e-7', '0.00000015'],
    ['.5', '0.5'],
  ])('canonicalDecimal(%s) = %s', (text, canonical) => {
    expect(canonicalDecimal(text)).toBe(canonical);
  });

  it.each([
    ['1.5', 1.5],
    ['0.1', 0.1],
    ['-0.0', 0],
    ['123456789.123456789', '123456789.123456789'],
    ['12345678901234567890.123456789', '12345678901234567890.123456789'],
    ['9007199254740993', '9007199254740993'],
    ['100000000000000000000', 100000000000000000000],
    ['0.000000001', 1e-9],
  ])('decimalValue(%s) = %j', (text, value) => {
    expect(decimalValue(text)).toBe(value);
  });
});

describe('dates and times', () => {
  it.each([
    ['2024-01-02T03:04:05.123456000Z', '2024-01-02T03:04:05.123456Z'],
    ['2024-01-02T03:04:05.000Z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.120000000Z', '2024-01-02T03:04:05.120Z'],
    ['2024-01-02 03:04:05+00', '2024-01-02T03:04:05.000Z'],
  ])('timestampValue(%s) = %s', (text, iso) => {
    expect(timestampValue(text)).toBe(iso);
  });

  it.each([
    ['2024-01-02T03:04:05', '2024-01-02T03:04:05'],
    ['2024-01-02 03:04:05.500000', '2024-01-02T03:04:05.5'],
    ['2024-1-2', '2024-01-02T00:00:00'],
  ])('datetimeValue(%s) = %s', (text, iso) => {
    expect(datetimeValue(text)).toBe(iso);
  });
});

describe('normaliseRows', () => {
  it('converts client values by the schema, records and arrays included', () => {
    const row = {
      i: BigQuery.int('9223372036854775807'),
      small: BigQuery.int('12'),
      n: { c: [1, 2, 5], e: 0, s: 1, toFixed: () => '1.25' },
      f: 0.5,
      b: true,
      d: BigQuery.date('2024-02-29'),
      dt: BigQuery.datetime('2024-02-29T10:11:12.250000'),
      ts: BigQuery.timestamp('2024-02-29T10:11:12.000001Z'),
      t: BigQuery.time('10:11:12'),
      bytes: Buffer.from('hi'),
      j: '{"a":12345678901234567890}',
      rec: { k: BigQuery.int('3'), tags: ['x', 'y'] },
      list: [BigQuery.int('1'), BigQuery.int('9007199254740993')],
      missing: null,
    };
    const fields = [
      { name: 'i', type: 'INTEGER' },
      { name: 'small', type: 'INTEGER' },
      { name: 'n', type: 'NUMERIC' },
      { name: 'f', type: 'FLOAT' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 'd', type: 'DATE' },
      { name: 'dt', type: 'DATETIME' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 't', type: 'TIME' },
      { name: 'bytes', type: 'BYTES' },
      { name: 'j', type: 'JSON' },
      { name: 'rec', type: 'RECORD', fields: [{ name: 'k', type: 'INTEGER' }, { name: 'tags', type: 'STRING', mode: 'REPEATED' }] },
      { name: 'list', type: 'INTEGER', mode: 'REPEATED' },
      { name: 'missing', type: 'STRING' },
    ];
    expect(normaliseRows([row], fields)).toEqual([
      {
        i: '9223372036854775807',
        small: 12,
        n: 1.25,
        f: 0.5,
        b: true,
        d: '2024-02-29',
        dt: '2024-02-29T10:11:12.25',
        ts: '2024-02-29T10:11:12.000001Z',
        t: '10:11:12',
        bytes: 'aGk=',
        j: '{"a":12345678901234567890}',
        rec: { k: 3, tags: ['x', 'y'] },
        list: [1, '9007199254740993'],
        missing: null,
      },
    ]);
  });

  it('refuses an INT64 that already lost precision (client without wrapIntegers)', () => {
    expect(() => normaliseRows([{ i: 2 ** 60 }], [{ name: 'i', type: 'INTEGER' }])).toThrow(/lost precision/);
  });
});

describe('labels and job ids', () => {
  it('sanitises keys and values to BigQuery label rules', () => {
    const labels = sanitiseLabels({
      Team: 'Data Quality',
      'cost-center': 'DQ/42',
      '1st': 'x',
      ['k'.repeat(80)]: 'v'.repeat(80),
      '': 'dropped',
      TEAM: 'duplicate after lowercasing',
    });
    expect(labels).toEqual({
      team: 'data_quality',
      'cost-center': 'dq_42',
      l_1st: 'x',
      ['k'.repeat(63)]: 'v'.repeat(63),
    });
    for (const [k, v] of Object.entries(labels)) {
      expect(k).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
      expect(v).toMatch(/^[a-z0-9_-]{0,63}$/);
    }
  });

  it('makes job ids from the query id', () => {
    expect(newJobId('orders/q 1')).toMatch(/^dqgate_orders_q_1_[0-9a-f]{32}$/);
    expect(newJobId('q')).not.toBe(newJobId('q'));
  });
});

describe('toClientParams', () => {
  const helper = new BigQuery({ projectId: 'p' });

  it('sends DATE through the date helper and numbers as exact text', () => {
    const out = toClientParams(
      [
        { name: 'd', type: 'DATE', value: '2024-01-02' },
        { name: 'i', type: 'INT64', value: '9007199254740993' },
        { name: 'f', type: 'FLOAT64', value: 0.1 },
        { name: 'b', type: 'BOOL', value: true },
        { name: 's', type: 'STRING', value: 'x' },
      ],
      helper,
    )!;
    expect(out.types).toEqual({ d: 'DATE', i: 'INT64', f: 'FLOAT64', b: 'BOOL', s: 'STRING' });
    expect(out.params.d).toEqual(BigQuery.date('2024-01-02'));
    expect(out.params).toMatchObject({ i: '9007199254740993', f: '0.1', b: 'true', s: 'x' });
    expect(toClientParams([], helper)).toBeUndefined();
  });

  it.each([
    [{ name: 'x', type: 'INT64' as const, value: 2 ** 60 }],
    [{ name: 'x', type: 'INT64' as const, value: '9223372036854775808' }],
    [{ name: 'x', type: 'DATE' as const, value: '2024-1-2' }],
    [{ name: 'x', type: 'BOOL' as const, value: 'yes' }],
    [{ name: 'bad-name', type: 'STRING' as const, value: 'x' }],
  ])('refuses %j', (param) => {
    expect(() => toClientParams([param], helper)).toThrow(QueryError);
  });
});

describe('classify and backoff', () => {
  it.each([
    [{ code: 503, errors: [{ reason: 'backendError', message: 'm' }] }, true],
    [{ code: 429, errors: [] }, true],
    [{ code: 408, errors: [] }, true],
    [{ code: 403, errors: [{ reason: 'rateLimitExceeded', message: 'm' }] }, true],
    [{ code: 403, errors: [{ reason: 'quotaExceeded', message: 'm' }] }, false],
    [{ code: 403, errors: [{ reason: 'accessDenied', message: 'm' }] }, false],
    [{ code: 400, errors: [{ reason: 'invalidQuery', message: 'm' }] }, false],
    [{ code: 404, errors: [{ reason: 'notFound', message: 'm' }] }, false],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, true],
  ])('%j transient: %s', (error, transient) => {
    expect(classify(Object.assign(new Error('x'), error)).transient).toBe(transient);
  });

  it('recognises a job that failed at insert time as job-level', () => {
    const c = classify(
      Object.assign(new Error('Backend error'), {
        errors: [{ reason: 'backendError', message: 'Backend error' }],
        response: { status: { state: 'DONE', errorResult: { reason: 'backendError', message: 'Backend error' } } },
      }),
    );
    expect(c).toMatchObject({ jobLevel: true, transient: true, reason: 'backendError', message: 'Backend error' });
  });

  it('draws full-jitter delays below an exponential, capped ceiling', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100, 1000, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(0);
  });
});
