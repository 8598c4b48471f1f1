// Warehouse values cannot act on a terminal or forge a line in any output: control characters
// (CR, LF, ESC sequences, C1, bidi overrides) are shown escaped, in the console report, the live
// progress and every report file.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { renderEstimate } from '../../src/cli/estimate.js';
import { reportFatal } from '../../src/cli/output.js';
import type { CheckSpec } from '../../src/config/types.js';
import { QueryError } from '../../src/engines/engine.js';
import type { PlannedQuery } from '../../src/plan/compile.js';
import { renderConsole } from '../../src/reports/console.js';
import { renderHtml } from '../../src/reports/html.js';
import { inert, inertBlock } from '../../src/reports/inert.js';
import { renderJUnit } from '../../src/reports/junit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import { createProgress, renderFrame } from '../../src/reports/progress.js';
import type { RunReport } from '../../src/run/report.js';
import { Chalk } from 'chalk';
import { clone, findCheck, loadFixture, parseJUnit } from './helpers.js';

/** Erases the line, moves up one and prints a verdict of its own, on its own line. */
const FORGE = '\r\x1b[2K\x1b[1AExit 0 (gate open)\n';
const FORGE_SHOWN = '\\r\\x1b[2K\\x1b[1AExit 0 (gate open)\\n';
const BIDI = 'abc\u202edef';

/** Anything a terminal acts on: C0 but LF, DEL, C1, bidi controls, line separators. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** chalk's own colour codes (SGR), the only escape sequences the console may print. */
const SGR = /\x1b\[\d+(;\d+)*m/g;

const COVERAGE = 'player_game_summary.usage_rate_coverage';
const PACE = 'team_offense_game_summary.pace_range';

/** The incident report with FORGE in a failing group's key, a check message, a description and an engine error. */
function forgedReport(): RunReport {
  const r = clone(loadFixture('incident'));
  const c = findCheck(r, COVERAGE);
  c.failing_groups[0]!.key = { game_date: '2025-12-26', team_abbr: FORGE };
  c.failing_groups[1]!.details = { note: BIDI };
  c.message = `coverage low ${FORGE}`;
  c.description = FORGE;
  const e = findCheck(r, PACE);
  e.message = `query failed: Conversion Error: could not convert string '${FORGE}' to INT32`;
  r.queries.find((q) => q.id === e.query_id)!.error = `Conversion Error: could not convert string '${FORGE}' to INT32\nLINE 1: ...`;
  return r;
}

/** No line of `text` starts with the forged verdict (after the indentation a report gives lines). */
function noForgedLine(text: string): void {
  for (const line of text.split('\n')) expect(line.trimStart().startsWith('Exit 0 (gate open)')).toBe(false);
}

describe('inert', () => {
  it('shows CR, LF, ESC and bidi overrides escaped', () => {
    expect(inert(FORGE)).toBe(FORGE_SHOWN);
    expect(inert(BIDI)).toBe('abc\\u202edef');
    expect(inert('\u009b2J\u0000\t\u007f\u2028')).toBe('\\x9b2J\\x00\\t\\x7f\\u2028');
    expect(inertBlock('a\r\nb\nc\rd\x1b[2K')).toBe('a\nb\nc\\rd\\x1b[2K');
  });

  it('leaves printable text alone, and nothing active ever remains', () => {
    expect(inert('game_date=2025-12-26 · 11.1% ≥ 45% ✅ 日本 \\n')).toBe('game_date=2025-12-26 · 11.1% ≥ 45% ✅ 日本 \\n');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(inert(s)).not.toMatch(ACTIVE);
        expect(inert(s)).not.toContain('\n');
        expect(inertBlock(s)).not.toMatch(ACTIVE);
      }),
    );
  });
});

describe('console report', () => {
  for (const color of [false, true]) {
    it(`prints a forged value escaped, never raw (${color ? 'colour' : 'no colour'})`, () => {
      const out = renderConsole(forgedReport(), { color });
      expect(out.replace(SGR, '')).not.toMatch(ACTIVE);
      noForgedLine(out.replace(SGR, ''));
      expect(out).toContain(`team_abbr=${FORGE_SHOWN}`);
      expect(out).toContain(`coverage low ${FORGE_SHOWN}`);
      expect(out).toContain('note abc\\u202edef');
      // The verdict is the last line, and the only one.
      const lines = out.replace(SGR, '').split('\n');
      expect(lines.at(-1)).toMatch(/exit 1 \(gate closed\)$/);
      expect(lines.filter((l) => /exit \d \(gate/.test(l))).toHaveLength(1);
    });
  }

  it('whatever a value holds, the report has the same lines and nothing active', () => {
    const withValue = (value: string) => {
      const r = clone(loadFixture('incident'));
      const c = findCheck(r, COVERAGE);
      c.failing_groups[0]!.key = { game_date: '2025-12-26', team_abbr: value };
      c.failing_groups[0]!.reason = value;
      c.message = value;
      findCheck(r, PACE).message = value;
      return renderConsole(r, { color: false });
    };
    const lines = withValue('x').split('\n').length;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const out = withValue(value);
        expect(out).not.toMatch(ACTIVE);
        expect(out.split('\n')).toHaveLength(lines);
      }),
      { numRuns: 300 },
    );
  });

  it('escapes check ids, tables, files and failing-partition dates (from check files) too', () => {
    const r = clone(loadFixture('incident'));
    const c = findCheck(r, COVERAGE);
    c.id = `x${FORGE}`;
    c.table = `t${FORGE}`;
    c.file = `f${FORGE}`;
    r.failing_partitions = { [`t${FORGE}`]: [`2026-01-03${FORGE}`] };
    const out = renderConsole(r, { color: false });
    expect(out).not.toMatch(ACTIVE);
    noForgedLine(out);
  });
});

describe('live progress', () => {
  const q = (table: string): PlannedQuery => ({ id: 'q1', kind: 'aggregate', table, sql: 'SELECT 1', params: [], checks: [{ id: 'c', key: 'c1' }], groupBy: [] });

  it('plain lines: an engine error quoting a forged value stays on its line, escaped', async () => {
    const chunks: string[] = [];
    const stream = { isTTY: false, columns: 100, write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream;
    const progress = await createProgress({ stream, interactive: false, quiet: false, color: false, env: {} });
    progress.onEvent({ type: 'query-start', query: q('t') });
    progress.onEvent({ type: 'query-end', outcome: { query: q('t'), rows: [], durationMs: 5, stats: {}, error: new Error(`could not convert '${FORGE}'`) } });
    progress.stop();
    expect(chunks).toEqual([`q1 failed after 5 ms (aggregate on t: 1 check): could not convert '\\r\\x1b[2K\\x1b[1AExit 0 (gate open)\n`]);
  });

  it('live region: a forged table name is one escaped line of the frame', () => {
    const running = new Map([['q1', { query: q(`t${FORGE}`), startedAt: 0 }]]);
    const frame = renderFrame({ startedAt: 0, running, done: 0, failed: 0 }, 50, { chalk: new Chalk({ level: 0 }), columns: 200 });
    expect(frame).not.toMatch(ACTIVE);
    expect(frame.split('\n')).toHaveLength(2);
    expect(frame).toContain(`aggregate on t${FORGE_SHOWN}: 1 check`);
  });
});

describe('report files', () => {
  it('markdown: no raw control character, no forged line', () => {
    const md = renderMarkdown(forgedReport());
    expect(md).not.toMatch(ACTIVE);
    noForgedLine(md);
  });

  it('junit: no raw control character in the file or in the text a CI server reads back', () => {
    const xml = renderJUnit(forgedReport());
    expect(xml).not.toMatch(ACTIVE);
    expect(xml).not.toContain('&#xD;');
    // What a CI server shows: every text and attribute value, parsed back.
    const strings = (node: unknown): string[] =>
      typeof node === 'string' ? [node] : node && typeof node === 'object' ? Object.values(node).flatMap(strings) : [];
    for (const value of strings(parseJUnit(xml))) expect(value).not.toMatch(ACTIVE);
    const suites = parseJUnit(xml).testsuites.testsuite as Record<string, any>[];
    for (const suite of suites) for (const tc of suite.testcase) for (const el of ['failure', 'error']) if (tc[el]) noForgedLine(tc[el]['#text']);
  });

  it('html: no raw control character, no forged line in a block', () => {
    const html = renderHtml(forgedReport());
    expect(html).not.toMatch(ACTIVE);
    noForgedLine(html);
  });
});

describe('CLI error lines', () => {
  it('an engine error that ends the run is printed as one inert line', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      reportFatal(new QueryError(`Conversion Error: could not convert '${FORGE}'`));
      reportFatal(new Error(`unexpected: ${FORGE}`));
    } finally {
      spy.mockRestore();
    }
    expect(written).toHaveLength(2);
    for (const line of written) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toMatch(ACTIVE);
      expect(line.slice(0, -1)).not.toContain('\n');
      // One line: line breaks fold into spaces (the trailing one is trimmed); CR and ESC show escaped.
      expect(line).toContain(FORGE_SHOWN.replace(/\\n$/, ''));
    }
  });
});

describe('dry-run estimate', () => {
  it('a dry run the engine refused with a message quoting a value is one inert line', () => {
    const check = { id: 'pgs.sql_check', file: 'checks/pgs.yaml', pos: { line: 3 } } as unknown as CheckSpec;
    const out = renderEstimate(
      { target: { name: 't', engine: 'bigquery' }, dryRuns: true, requests: 1, queries: [], failed: [{ check, error: new QueryError(`bad value '${FORGE}'`) }], interrupted: false },
      [check],
    );
    expect(out).not.toMatch(ACTIVE);
    expect(out).toContain(`pgs.sql_check: `);
    expect(out).toContain(FORGE_SHOWN);
  });
});
