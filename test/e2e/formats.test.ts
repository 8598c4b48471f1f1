// dq run --format console,json,junit,markdown,html: all five, and the GitHub job summary.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dq } from './cli.js';
import { makeProject } from './fixture.js';

describe('report formats from the command line', () => {
  it('writes json, junit, markdown and html into one run folder, prints the console, appends the job summary', async () => {
    const cwd = await makeProject({
      'checks/orders.yaml': 'table: shop.orders\nchecks:\n  - row_count: 90\n  - coverage: { column: amount, min: 90% }\n',
    });
    const summary = path.join(cwd, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const result = await dq(cwd, ['run', '--as-of', '2026-01-10', '--format', 'console,json,junit,markdown,html'], { GITHUB_STEP_SUMMARY: summary });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+orders\.coverage_amount/);
    const [run] = readdirSync(path.join(cwd, 'reports')).filter((d) => d !== 'latest');
    expect(readdirSync(path.join(cwd, 'reports', run)).filter((f) => !f.startsWith('.')).sort()).toEqual([
      'junit.xml',
      'report.html',
      'report.json',
      'report.md',
    ]);
    for (const file of ['report.json', 'junit.xml', 'report.md', 'report.html']) expect(result.stdout).toContain(`report: reports/${run}/${file}`);
    const markdown = readFileSync(path.join(cwd, 'reports', run, 'report.md'), 'utf8');
    const appended = readFileSync(summary, 'utf8');
    expect(appended.startsWith('# earlier step\n')).toBe(true);
    expect(appended.endsWith(markdown)).toBe(true);
  });
});
