// Docs that must stay true to the code (ESLint-style: a registered type without docs fails).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCheckTypeReference } from '../src/checks/reference.js';
import { checkTypes } from '../src/checks/registry.js';
import { loadProject } from '../src/config/load.js';

describe('docs', () => {
  it('docs/check-types.md is generated from the registry (npm run docs)', () => {
    expect(readFileSync('docs/check-types.md', 'utf8')).toBe(renderCheckTypeReference(checkTypes));
  });

  it('every registered check type has a docs line and an example in the check language guide', () => {
    const guide = readFileSync('docs/check-language.md', 'utf8');
    for (const type of checkTypes) {
      expect(type.summary.length, type.type).toBeGreaterThan(20);
      expect(guide, `docs/check-language.md has no example of ${type.type}`).toMatch(new RegExp(`^\\s*-? ?(name: .*\\n\\s*)?${type.type}:`, 'm'));
    }
  });
});

describe('docs/check-language.md examples', () => {
  const guide = readFileSync('docs/check-language.md', 'utf8');
  const blocks = [...guide.matchAll(/```yaml\n(table:[\s\S]*?)```/g)].map((m) => m[1]);

  it('has check file examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i loads without a configuration error', async (_i, block) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dqgate-docs-'));
    mkdirSync(path.join(dir, 'checks'));
    writeFileSync(path.join(dir, 'checks.config.yaml'), readFileSync('checks.config.yaml', 'utf8'));
    writeFileSync(path.join(dir, 'checks', 'example.yaml'), block);
    // Examples may depend on the example project's checks.
    for (const file of ['team_offense_game_summary.yaml', 'nbac_schedule.yaml']) {
      if (block.includes('depends_on')) writeFileSync(path.join(dir, 'checks', file), readFileSync(path.join('checks', file), 'utf8'));
    }
    await expect(loadProject({ cwd: dir })).resolves.toBeDefined();
  });
});
