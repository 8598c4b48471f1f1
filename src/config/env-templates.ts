// `{{ env.NAME }}` in checks.config.yaml: per-environment values and secrets (a project, a
// warehouse path, an API key) taken from the environment when the project loads. Allowed in every
// string value of a target (except `engine`) and in variable values; anywhere else, and any other
// `{{ ... }}` in the config, is a configuration error: nothing is ever left for a later stage to
// read as a literal file name or project. Check files cannot read the environment (they are
// untrusted, docs/security.md).
import type { IssueList } from './issues.js';
import { pathLabel, type Path, type YamlSource } from './yaml-source.js';

/** The environment variables the config may read; undefined is unset. */
export type Env = Readonly<Record<string, string | undefined>>;

const ENV_REF = /^env\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/;
const WHERE = 'write {{ env.NAME }} in a target value or a variable value';

/** Whether `{{ env.NAME }}` may be written at `path` of the config. */
export function envAllowedAt(path: Path): boolean {
  if (path[0] === 'targets') return path.length >= 3 && path[2] !== 'engine';
  // vars.NAME, or vars.NAME.value in the long form
  return path[0] === 'vars' && (path.length === 2 || (path.length === 3 && path[2] === 'value'));
}

/**
 * The config with every `{{ env.NAME }}` replaced by the variable's value. Unset variables,
 * references where they are not allowed and any other template are issues located at the
 * reference; the value is then returned as written (loading fails on the issues anyway).
 */
export function resolveEnvTemplates(value: unknown, source: YamlSource, env: Env, issues: IssueList, path: Path = []): unknown {
  if (typeof value === 'string') return resolveString(value, source, env, issues, path);
  // Unquoted, `{{ env.X }}` is a YAML flow mapping: say so rather than "expected a string".
  const written = path.length > 0 && value !== null && typeof value === 'object' ? source.textAt(path) : undefined;
  if (written?.startsWith('{{')) {
    issues.add(source.pos(path), `${pathLabel(path)}: write the template in quotes, "${written}": unquoted, YAML reads {{ ... }} as a mapping`);
    return written;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnvTemplates(item, source, env, issues, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveEnvTemplates(item, source, env, issues, [...path, key])]),
    );
  }
  return value;
}

function resolveString(text: string, source: YamlSource, env: Env, issues: IssueList, path: Path): string {
  let out = '';
  let at = 0;
  for (let open = text.indexOf('{{', at); open !== -1; open = text.indexOf('{{', at)) {
    const problem = (message: string) => issues.add(source.posInString(path, open), `${pathLabel(path)}: ${message}`);
    const close = text.indexOf('}}', open + 2);
    if (close === -1) {
      problem(`unclosed "{{" (no matching "}}"); ${WHERE}`);
      return text;
    }
    const written = text.slice(open, close + 2);
    const match = ENV_REF.exec(text.slice(open + 2, close).trim());
    out += text.slice(at, open);
    at = close + 2;
    const resolved = match ? env[match[1]!] : undefined;
    if (!match) problem(`unsupported template ${written}; the config reads only environment variables: ${WHERE}`);
    else if (!envAllowedAt(path)) problem(`${written} is not allowed here; ${WHERE}`);
    else if (resolved === undefined) problem(`environment variable ${match[1]!} is not set (${written})`);
    // A reference with a problem stays as written: loading fails on the issue, not on an empty value.
    out += resolved !== undefined && match && envAllowedAt(path) ? resolved : written;
  }
  return out + text.slice(at);
}
