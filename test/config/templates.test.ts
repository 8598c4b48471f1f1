import { describe, expect, test } from 'vitest';
import { findTemplateRefs, replaceTemplateRefs, templateProblems } from '../../src/config/templates.js';

describe('findTemplateRefs', () => {
  test('finds vars and as_of, with or without spaces inside the braces', () => {
    const text = "d >= '{{ var.season_start }}' and d < '{{as_of}}' and t = {{var.team}}";
    expect(findTemplateRefs(text)).toEqual([
      { kind: 'var', name: 'season_start', index: 6, length: 22 },
      { kind: 'as_of', name: 'as_of', index: 39, length: 9 },
      { kind: 'var', name: 'team', index: 58, length: 12 },
    ]);
  });

  test('text without templates has none', () => {
    expect(findTemplateRefs('a > 0 and b = "{x}"')).toEqual([]);
  });

  test('replaceTemplateRefs substitutes every reference and keeps the rest', () => {
    const out = replaceTemplateRefs("d >= '{{ var.a }}' and d < '{{ as_of }}'", (ref) => (ref.kind === 'as_of' ? '2024-01-02' : `<${ref.name}>`));
    expect(out).toBe("d >= '<a>' and d < '2024-01-02'");
  });
});

describe('templateProblems', () => {
  const vars = new Set(['season_start']);

  test('known variables and as_of are fine', () => {
    expect(templateProblems('{{ var.season_start }} {{ as_of }}', vars)).toEqual([]);
  });

  test('an unknown variable is reported with a suggestion and where to define it', () => {
    const [problem, ...rest] = templateProblems('x {{ var.season_strt }}', vars);
    expect(rest).toEqual([]);
    expect(problem!.index).toBe(2);
    expect(problem!.message).toBe(
      'unknown variable "season_strt" in {{ var.season_strt }} (did you mean "season_start"?); define it under vars: in checks.config.yaml or pass --var season_strt=VALUE (defined: season_start)',
    );
  });

  test('other content and unclosed braces are reported', () => {
    expect(templateProblems('{{ today }} and {{ var.season_start }}', vars).map((p) => p.message)).toEqual([
      'unsupported template {{ today }}; write {{ var.NAME }} or {{ as_of }}',
    ]);
    expect(templateProblems('a {{ var.season_start', vars)).toEqual([
      { index: 2, message: 'unclosed "{{" (no matching "}}"); write {{ var.NAME }} or {{ as_of }}' },
    ]);
  });

  test('without known variable names, only the syntax is checked', () => {
    expect(templateProblems('{{ var.anything }}', undefined)).toEqual([]);
  });
});
