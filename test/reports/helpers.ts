// Shared by the reporter tests: the fixture reports and small report variants.
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import type { CheckReport, RunReport } from '../../src/run/report.js';

/** A parsed XML element: attributes as `@_name`, children by tag. */
export type El = Record<string, any>;

/**
 * XML checked well-formed and parsed with attributes and values kept as text; `arrayTags` are
 * always arrays, even when one element stands alone.
 */
export function parseXml(xml: string, arrayTags: string[], options: { trimValues?: boolean; htmlEntities?: boolean } = {}): El {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    ...options,
    isArray: (name) => arrayTags.includes(name),
  });
  return parser.parse(xml) as El;
}

/** junit.xml, checked well-formed and parsed with attributes kept as text. */
export function parseJUnit(xml: string): El {
  return parseXml(xml, ['testsuite', 'testcase', 'property'], { trimValues: false });
}

export function loadFixture(name: 'incident' | 'passing'): RunReport {
  return JSON.parse(readFileSync(new URL(`../fixtures/reports/${name}.json`, import.meta.url), 'utf8')) as RunReport;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function findCheck(report: RunReport, id: string): CheckReport {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

/** Warehouse text that must stay text in every format. */
export const HOSTILE = `<script>alert(1)</script>&"'|\`x\`]]>`;

/** The incident report with hostile warehouse values in names, keys, details, messages and SQL. */
export function hostileReport(): RunReport {
  const r = clone(loadFixture('incident'));
  const c = findCheck(r, 'player_game_summary.usage_rate_coverage');
  c.message = `coverage ${HOSTILE} < 45%`;
  c.description = HOSTILE;
  c.failing_groups[0]!.key = { game_date: '2025-12-26', team_abbr: HOSTILE };
  c.failing_groups[1]!.details = { note: HOSTILE };
  const q = r.queries.find((x) => x.id === c.query_id)!;
  q.sql = `SELECT '${HOSTILE}' AS x`;
  const e = findCheck(r, 'team_offense_game_summary.pace_range');
  e.message = `query failed: ${HOSTILE}`;
  r.run_id = `run-${HOSTILE}`;
  return r;
}
