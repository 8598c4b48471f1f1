// `{{ var.NAME }}` and `{{ as_of }}` in filters, expressions and queries. This is the one parser
// of template references: the loader reports their problems (templateProblems), and the compiler
// (plan/templates.ts) substitutes the references placeTemplates finds, each according to what
// surrounds it in the dialect's SQL — code, a string literal, a quoted name or a comment.
import type { Dialect } from '../dialects/dialect.js';
import { spanAt, sqlSpans, type SqlSpan } from '../dialects/lexer.js';
import { closest } from './suggest.js';

export interface TemplateRef {
  kind: 'var' | 'as_of';
  /** The variable name; `as_of` for `{{ as_of }}`. */
  name: string;
  /** Offset of the opening `{{` in the text. */
  index: number;
  /** Length of the whole `{{ ... }}`. */
  length: number;
}

export interface TemplateProblem {
  index: number;
  message: string;
}

/** What templates are checked against when a project loads. */
export interface TemplateScope {
  /** Defined variable names; undefined when unknown (the config could not be read). */
  varNames?: ReadonlySet<string>;
  /** The dialects of the project's targets, which the templates must compile for. */
  dialects?: readonly Pick<Dialect, 'name' | 'quoting'>[];
}

/** Where a reference sits in one dialect's SQL, and so how it is substituted. */
export type TemplateSite =
  /** Outside quotes: the value becomes a literal or a query parameter. */
  | { ref: TemplateRef; place: 'code' }
  /**
   * Inside a string literal whose content can be escaped: the value's text is escaped for it;
   * `whole` when the literal is exactly this reference (it may become a query parameter).
   */
  | { ref: TemplateRef; place: 'string'; span: SqlSpan; whole: boolean }
  /** Inside a comment: left as written (nothing is inserted). */
  | { ref: TemplateRef; place: 'comment'; span: SqlSpan };

export const VAR_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
const VAR_REF = /^var\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/;
const HINT = 'write {{ var.NAME }} or {{ as_of }}';
const ENV_REF = /^env\s*\.\s*[A-Za-z_][A-Za-z0-9_]*$/;
/** Check files are untrusted (docs/security.md): they must not read secrets out of the environment. */
const ENV_HINT =
  'check files cannot read the environment; set a variable from it in checks.config.yaml (vars: { NAME: "{{ env.NAME }}" }) and write {{ var.NAME }}';

/** Every template reference in `text`, plus what cannot be parsed (unknown content, unclosed braces). */
export function scanTemplate(text: string): { refs: TemplateRef[]; problems: TemplateProblem[] } {
  const refs: TemplateRef[] = [];
  const problems: TemplateProblem[] = [];
  let from = 0;
  for (let open = text.indexOf('{{', from); open !== -1; open = text.indexOf('{{', from)) {
    const close = text.indexOf('}}', open + 2);
    if (close === -1) {
      problems.push({ index: open, message: `unclosed "{{" (no matching "}}"); ${HINT}` });
      break;
    }
    const inner = text.slice(open + 2, close).trim();
    const length = close + 2 - open;
    const varMatch = VAR_REF.exec(inner);
    if (varMatch) refs.push({ kind: 'var', name: varMatch[1]!, index: open, length });
    else if (inner === 'as_of') refs.push({ kind: 'as_of', name: 'as_of', index: open, length });
    else if (ENV_REF.test(inner)) problems.push({ index: open, message: `${text.slice(open, close + 2)}: ${ENV_HINT}` });
    else problems.push({ index: open, message: `unsupported template ${text.slice(open, close + 2)}; ${HINT}` });
    from = close + 2;
  }
  return { refs, problems };
}

const ENGINE_NAMES: Record<Dialect['name'], string> = { duckdb: 'DuckDB', bigquery: 'BigQuery' };

/** Characters a value must not touch in code: they would join it to a name or a number (`1.{{ }}`), or make `@@`. */
const JOINS = /[A-Za-z0-9_$@.]/;

/**
 * A typed literal (`DATE '...'`, `TIMESTAMP '...'`, ...) takes a quoted string only, never a
 * query parameter: such a literal keeps its value inline, escaped. So does a literal glued to a
 * name (`N'...'`).
 */
const BEFORE_TYPED_LITERAL = /(?:\b(?:DATE|DATETIME|TIME|TIMESTAMP|NUMERIC|BIGNUMERIC|BIGDECIMAL|DECIMAL|JSON|INTERVAL|RANGE\s*<[^>]*>)\s*|[A-Za-z0-9_])$/i;

/** Backslashes right before `index` in the span's content: an odd count escapes the `{{`. */
function escapedByBackslash(text: string, span: SqlSpan, index: number): boolean {
  let n = 0;
  for (let i = index - 1; i >= span.contentStart && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/**
 * Where each reference of `text` sits in the SQL of `dialect`, and the problems that stop it
 * from being substituted there: syntax (as scanTemplate), and references that no value can fill
 * safely — inside a quoted name ("a template cannot be an identifier"), inside a literal whose
 * content cannot be escaped (raw, dollar-quoted, bytes), right after an escaping backslash, or
 * in code touching a name or number it would merge with.
 */
export function placeTemplates(
  text: string,
  dialect: Pick<Dialect, 'name' | 'quoting'>,
): { sites: TemplateSite[]; problems: TemplateProblem[] } {
  const { refs, problems } = scanTemplate(text);
  const sites: TemplateSite[] = [];
  if (refs.length === 0) return { sites, problems };
  const spans = sqlSpans(text, dialect.quoting);
  const engine = ENGINE_NAMES[dialect.name];
  for (const ref of refs) {
    const written = text.slice(ref.index, ref.index + ref.length);
    const refuse = (why: string) => problems.push({ index: ref.index, message: `${written} ${why}` });
    const span = spanAt(spans, ref.index);
    if (!span) {
      // E{{ var.x }} would make the literal an E'...' string, 1{{ var.x }} another number.
      const touching = [text[ref.index - 1], text[ref.index + ref.length]].find((c) => c !== undefined && JOINS.test(c));
      if (touching) refuse(`touches "${touching}": a template is a value of its own; separate it from names and numbers with a space or an operator`);
      else sites.push({ ref, place: 'code' });
    } else if (span.form.kind === 'comment') sites.push({ ref, place: 'comment', span });
    else if (span.form.kind === 'identifier') {
      refuse(
        `is inside ${span.form.label}, a quoted name on ${engine}: a template cannot be an identifier ` +
          `(its value is a literal); for a string write '${written}'`,
      );
    } else if (!span.form.escapeValue) {
      refuse(`is inside ${span.form.label} on ${engine}, where a value cannot be escaped; write it in a '...' string`);
    } else if (span.form.backslash && escapedByBackslash(text, span, ref.index)) {
      refuse(`follows a backslash on ${engine}, which would escape the inserted value; remove the backslash`);
    } else {
      const whole =
        span.form.parameter === true &&
        span.contentStart === ref.index &&
        span.contentEnd === ref.index + ref.length &&
        span.end > span.contentEnd &&
        !BEFORE_TYPED_LITERAL.test(text.slice(0, span.start));
      sites.push({ ref, place: 'string', span, whole });
    }
  }
  return { sites, problems: problems.sort((a, b) => a.index - b.index) };
}

/**
 * Problems in `text` given the defined variable names (undefined: variables unknown, skip that
 * check) and the dialects it will be compiled for (the project's target engines).
 */
export function templateProblems(
  text: string,
  varNames: ReadonlySet<string> | undefined,
  dialects: readonly Pick<Dialect, 'name' | 'quoting'>[] = [],
): TemplateProblem[] {
  const { refs, problems } = scanTemplate(text);
  const seen = new Set(problems.map((p) => `${p.index}\u0000${p.message}`));
  for (const dialect of dialects) {
    for (const problem of placeTemplates(text, dialect).problems) {
      const key = `${problem.index}\u0000${problem.message}`;
      if (!seen.has(key)) problems.push(problem);
      seen.add(key);
    }
  }
  if (varNames) {
    for (const ref of refs) {
      if (ref.kind === 'var' && !varNames.has(ref.name)) {
        const close = closest(ref.name, varNames);
        problems.push({
          index: ref.index,
          message:
            `unknown variable "${ref.name}" in ${text.slice(ref.index, ref.index + ref.length)}` +
            (close ? ` (did you mean "${close}"?)` : '') +
            `; declare it under vars: in checks.config.yaml` +
            (varNames.size > 0 ? ` (defined: ${[...varNames].sort().join(', ')})` : ''),
        });
      }
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}
