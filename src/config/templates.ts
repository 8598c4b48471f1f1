// `{{ var.NAME }}` and `{{ as_of }}` in filters, expressions and queries. The loader validates
// them; the compiler substitutes them using the same parsing (findTemplateRefs / replaceTemplateRefs).
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

export const VAR_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
const VAR_REF = /^var\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/;
const HINT = 'write {{ var.NAME }} or {{ as_of }}';

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
    else problems.push({ index: open, message: `unsupported template ${text.slice(open, close + 2)}; ${HINT}` });
    from = close + 2;
  }
  return { refs, problems };
}

/** The template references in `text`, in order (unparseable ones left out; the loader rejects them). */
export function findTemplateRefs(text: string): TemplateRef[] {
  return scanTemplate(text).refs;
}

/** Replaces every reference with `render(ref)`; text outside `{{ }}` is kept as is. */
export function replaceTemplateRefs(text: string, render: (ref: TemplateRef) => string): string {
  let out = '';
  let at = 0;
  for (const ref of findTemplateRefs(text)) {
    out += text.slice(at, ref.index) + render(ref);
    at = ref.index + ref.length;
  }
  return out + text.slice(at);
}

/** Problems in `text` given the defined variable names (undefined: variables unknown, skip that check). */
export function templateProblems(text: string, varNames: ReadonlySet<string> | undefined): TemplateProblem[] {
  const { refs, problems } = scanTemplate(text);
  if (varNames) {
    for (const ref of refs) {
      if (ref.kind === 'var' && !varNames.has(ref.name)) {
        const close = closest(ref.name, varNames);
        problems.push({
          index: ref.index,
          message:
            `unknown variable "${ref.name}" in ${text.slice(ref.index, ref.index + ref.length)}` +
            (close ? ` (did you mean "${close}"?)` : '') +
            `; define it under vars: in checks.config.yaml or pass --var ${ref.name}=VALUE` +
            (varNames.size > 0 ? ` (defined: ${[...varNames].sort().join(', ')})` : ''),
        });
      }
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}
