// `npm run demo`: the incident is caught, repaired, and the gate opens; the command's verdict.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemoStory } from '../../src/demo/story.js';

describe('the demo story', () => {
  it('closes the gate on the incident, names 2026-01-03, and opens it after the repair', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-story-'));
    cpSync('checks', path.join(dir, 'checks'), { recursive: true });
    cpSync('suites', path.join(dir, 'suites'), { recursive: true });
    writeFileSync(
      path.join(dir, 'checks.config.yaml'),
      "version: 1\ntarget: local\ntargets:\n  local:\n    engine: duckdb\n    path: demo.duckdb\nvars: { season_start: '2021-10-01' }\ntimezone: America/New_York\n",
    );
    const said: string[] = [];
    const shown: number[] = [];
    const result = await runDemoStory({
      configPath: path.join(dir, 'checks.config.yaml'),
      say: (text) => said.push(text),
      show: (report) => shown.push(report.exit_code),
    });
    expect(result.problems).toEqual([]);
    expect(result.behaved).toBe(true);
    expect(shown).toEqual([1, 0]);
    expect(said.join('\n')).toContain('2026-01-03: 2 of 16 team rows');
    expect(Object.values(result.before.failing_partitions).flat()).toContain('2026-01-03');
  });
});
