// freshness max_age: a duration (seconds) or a calendar span of months, quarters or years.
import { describe, expect, test } from 'vitest';
import { checkTypes } from '../../src/checks/registry.js';
import { convertAge } from '../../src/config/thresholds.js';
import { lines, load, loadIssues } from './project.js';

const HEAD = 'table: nba_analytics.team_offense_game_summary\nchecks:\n';
const files = (checks: string) => ({ 'checks/t.yaml': `${HEAD}${checks}` });

describe('age limits', () => {
  test('calendar spans convert to whole months; durations to seconds', () => {
    expect(convertAge('3 months')).toEqual({ ok: true, value: { months: 3 } });
    expect(convertAge('1 quarter')).toEqual({ ok: true, value: { months: 3 } });
    expect(convertAge('2 years')).toEqual({ ok: true, value: { months: 24 } });
    expect(convertAge('2 days')).toEqual({ ok: true, value: 172800 });
    expect(convertAge('30 m')).toEqual({ ok: true, value: 1800 });
    expect(convertAge('1.5 months').ok).toBe(false);
    expect(convertAge('1 month 2 days').ok).toBe(false);
  });

  test('a freshness check loads either form', async () => {
    const project = await load(
      files('  - freshness: { column: game_date, max_age: 1 quarter }\n  - freshness: { column: game_date, max_age: 2 days, ignore_time: true }\n'),
      { checkTypes },
    );
    expect(project.checks.map((c) => c.args.max_age)).toEqual([{ months: 3 }, 172800]);
  });

  test('warn and fail ages in different forms, or a looser calendar warn, are refused', async () => {
    expect(lines(await loadIssues(files('  - freshness: { column: game_date, max_age: 3 months }\n    warn: { max_age: 20 days }\n'), { checkTypes }))).toEqual([
      'checks/t.yaml:4:22: warn.max_age: 20 days and max_age 3 months must both be calendar spans (months, quarters, years) or both durations',
    ]);
    expect(lines(await loadIssues(files('  - freshness: { column: game_date, max_age: 1 month }\n    warn: { max_age: 1 year }\n'), { checkTypes }))).toEqual([
      'checks/t.yaml:4:22: warn.max_age: 1 year is looser than max_age 1 month: a warn threshold must be stricter than the fail threshold (a value between them fails; it never warns)',
    ]);
  });
});
