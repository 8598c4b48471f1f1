import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/run/report.js';
import { failingPartitionLines, failingPartitions } from '../../src/run/partitions.js';
import { spec } from '../support/checks.js';

const check = spec('coverage', { column: 'u', min: 0.9 }, { name: 'c', partition: 'd', groupBy: ['d'] });
const report = (status: CheckReport['status']) =>
  ({
    id: check.id,
    table: 'main.t',
    status,
    failing_groups: [
      { key: { d: '2026-01-03' }, value: 0.1 },
      { key: { d: '2026-01-01' }, value: null, reason: 'missing' },
      { key: { d: '2026-01-03' }, value: 0.2 },
    ],
  }) as unknown as CheckReport;

describe('failing partitions', () => {
  it('lists the dates of failing checks, sorted and unique, as `<table> <date>` lines', () => {
    const partitions = failingPartitions([check], [report('fail')]);
    expect(partitions).toEqual({ 'main.t': ['2026-01-01', '2026-01-03'] });
    expect(failingPartitionLines(partitions)).toBe('main.t 2026-01-01\nmain.t 2026-01-03\n');
  });

  it('includes warnings only when warnings close the gate (--fail-on warn)', () => {
    expect(failingPartitions([check], [report('warn')])).toEqual({});
    expect(failingPartitions([check], [report('warn')], 'warn')).toEqual({ 'main.t': ['2026-01-01', '2026-01-03'] });
  });
});
