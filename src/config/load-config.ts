// checks.config.yaml: version, targets (engine-specific keys), vars, timezone, formats, reports.
// `{{ env.NAME }}` references are resolved first (env-templates.ts), so everything after sees values.
import path from 'node:path';
import { resolveEnvTemplates, type Env } from './env-templates.js';
import { commandLineIssue, type ConfigIssue } from './errors.js';
import type { IssueList } from './issues.js';
import { configSchema, ENGINES, targetSchemas } from './schema.js';
import { didYouMean, listOf } from './suggest.js';
import { convertBytes, convertDuration, type Converted } from './thresholds.js';
import type { ProjectConfig, TargetConfig, VarValue } from './types.js';
import { validateInto } from './validate.js';
import { YamlSource, type Path } from './yaml-source.js';

export const DEFAULT_TIMEZONE = 'UTC';

export interface LoadedConfig {
  /** Undefined when the config has problems. */
  config?: ProjectConfig;
  /**
   * Variable names templates may use (config vars and --var overrides); undefined when the config
   * could not be read, so unknown-variable errors are not reported against a config we cannot see.
   */
  varNames?: Set<string>;
  /** The engines of the targets that could be read: templates are checked for each. */
  engines?: TargetConfig['engine'][];
}

type Raw = Record<string, unknown>;

/** Converters for engine keys written as sizes or durations. */
const CONVERTED_KEYS: Record<string, (value: unknown) => Converted> = {
  maximum_bytes_billed: convertBytes,
  budget: convertBytes,
  job_timeout: convertDuration,
};
/** Engine keys holding paths, resolved against the project root. */
const PATH_KEYS = new Set(['path', 'keyFilename']);

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export async function loadConfig(
  configFile: string,
  root: string,
  cliVars: Readonly<Record<string, string>>,
  issues: IssueList,
  env: Env = process.env,
): Promise<LoadedConfig> {
  const file = path.relative(root, configFile).split(path.sep).join('/');
  issues.declare(file);
  const source = await YamlSource.read(configFile, file, issues);
  if (!source) return {};
  const raw = resolveEnvTemplates(source.value, source, env, issues);
  const ctx = { source, toYaml: (p: Path) => p };
  const before = issues.size;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.add(source.pos([]), 'expected a mapping with version: 1 and targets:');
    return {};
  }
  validateInto(configSchema('load'), raw, ctx, issues);
  const data = raw as Raw;

  const targets: Record<string, TargetConfig> = {};
  const rawTargets = isRecord(data.targets) ? data.targets : {};
  for (const [name, target] of Object.entries(rawTargets)) {
    if (!isRecord(target) || !(ENGINES as readonly unknown[]).includes(target.engine)) continue; // reported above
    const engine = target.engine as TargetConfig['engine'];
    validateInto(targetSchemas('load')[engine], target, { source, toYaml: (p) => ['targets', name, ...p], label: ['targets', name] }, issues);
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(target)) {
      if (key === 'engine') continue;
      const convert = CONVERTED_KEYS[key];
      if (convert) {
        const converted = convert(value);
        if (converted.ok) options[key] = converted.value;
        else issues.add(source.pos(['targets', name, key]), `targets.${name}.${key}: ${converted.message}`);
      } else if (PATH_KEYS.has(key) && typeof value === 'string') {
        options[key] = value === ':memory:' ? value : path.resolve(root, value);
      } else {
        options[key] = value;
      }
    }
    targets[name] = { name, engine, options };
  }

  const targetNames = Object.keys(rawTargets);
  let target = typeof data.target === 'string' ? data.target : undefined;
  if (target !== undefined && targetNames.length > 0 && !targetNames.includes(target)) {
    issues.add(
      source.pos(['target']),
      `target: "${target}" is not a defined target${didYouMean(target, targetNames)}; defined targets: ${targetNames.join(', ')}`,
    );
  }
  if (data.target === undefined && targetNames.length > 1) {
    issues.add(source.pos([]), `missing required key "target": name the default target (one of ${targetNames.join(', ')})`);
  }
  target ??= targetNames[0];

  const timezone = typeof data.timezone === 'string' ? data.timezone : DEFAULT_TIMEZONE;
  if (typeof data.timezone === 'string' && !isValidTimeZone(timezone)) {
    issues.add(
      source.pos(['timezone']),
      `timezone: "${timezone}" is not an IANA time zone; write one like America/New_York, Europe/London or UTC`,
    );
  }

  // Vars we cannot read: do not report template variables or --var names as unknown against a guess.
  const varsReadable = data.vars === undefined || isRecord(data.vars);
  const declared = declaredVars(data.vars);
  const overridden = varsReadable ? overrideVars(declared.vars, cliVars, declared.secret) : { vars: declared.vars, issues: [] };
  const vars = overridden.vars;
  for (const issue of overridden.issues) issues.push(issue);
  const varNames = varsReadable ? new Set(Object.keys(vars)) : undefined;
  const engines = [...new Set(Object.values(targets).map((t) => t.engine))];
  if (issues.size > before || target === undefined) return { varNames, engines };

  const config: ProjectConfig = { version: 1, target, targets, vars, timezone };
  if (declared.secret.length > 0) config.secretVars = declared.secret;
  if (Array.isArray(data.formats)) config.formats = data.formats as string[];
  if (isRecord(data.reports) && typeof data.reports.keep === 'number') config.reports = { keep: data.reports.keep };
  if (typeof data.samples === 'number') config.samples = data.samples;
  if (data.history === false) config.history = false;
  else if (isRecord(data.history)) {
    const { target: historyTarget, dataset } = data.history;
    config.history = { required: data.history.required === true };
    if (typeof data.history.keep_days === 'number') config.history.keepDays = data.history.keep_days;
    if ((historyTarget === undefined) !== (dataset === undefined)) {
      issues.add(source.pos(['history']), 'history: a BigQuery store needs both target (a bigquery target) and dataset');
      return { varNames, engines };
    }
    if (typeof historyTarget === 'string' && typeof dataset === 'string') {
      const engine = targets[historyTarget]?.engine;
      if (engine !== 'bigquery') {
        const what = engine === undefined ? 'is not a defined target' : `is a ${engine} target`;
        issues.add(source.pos(['history', 'target']), `history.target: "${historyTarget}" ${what}; the history store's target is a bigquery one`);
        return { varNames, engines };
      }
      config.history = { ...config.history, target: historyTarget, dataset };
    }
  }
  return { config, varNames, engines };
}

/** The values of `vars:` (short form `name: value`, long form `name: { value, secret }`) and the secret names. */
function declaredVars(raw: unknown): { vars: Record<string, VarValue>; secret: string[] } {
  const vars: Record<string, VarValue> = {};
  const secret: string[] = [];
  if (!isRecord(raw)) return { vars, secret };
  for (const [name, entry] of Object.entries(raw)) {
    if (isRecord(entry)) {
      vars[name] = entry.value as VarValue;
      if (entry.secret === true) secret.push(name);
    } else {
      vars[name] = entry as VarValue;
    }
  }
  return { vars, secret };
}

/**
 * --var text over the config's vars, each typed like the value it overrides. Only declared
 * variables can be set: a misspelt --var must not be silently ignored. A secret's value is never
 * repeated in a message.
 */
export function overrideVars(
  vars: Record<string, VarValue>,
  overrides: Record<string, string>,
  secretVars: readonly string[] = [],
): { vars: Record<string, VarValue>; issues: ConfigIssue[] } {
  const merged = { ...vars };
  const issues: ConfigIssue[] = [];
  for (const [name, text] of Object.entries(overrides)) {
    const shown = `--var ${name}=${secretVars.includes(name) ? '***' : text}`;
    if (!Object.hasOwn(vars, name)) {
      issues.push(
        commandLineIssue(
          `${shown}: the project declares no variable "${name}"${didYouMean(name, Object.keys(vars))}; ` +
            `declare it under vars: in checks.config.yaml (declared: ${listOf(Object.keys(vars).sort())})`,
        ),
      );
      continue;
    }
    const typed = typedOverride(text, vars[name], secretVars.includes(name));
    if (typed.ok) merged[name] = typed.value;
    else issues.push(commandLineIssue(`${shown}: ${typed.message}`));
  }
  return { vars: merged, issues };
}

/**
 * A --var value is text; when it overrides a config var that is a number or a boolean it takes
 * that type (`--var min_minutes=15` stays a number), so the SQL compares like with like — on
 * BigQuery, where vars are typed query parameters, `minutes > @var_min_minutes` needs an INT64.
 */
export function typedOverride(
  text: string,
  declared: VarValue | undefined,
  secret = false,
): { ok: true; value: VarValue } | { ok: false; message: string } {
  const shown = secret ? '***' : String(declared);
  if (typeof declared === 'number') {
    // Plain decimals only: Number() would also read 0x10, 0b1 and 1e3.
    const n = Number(text);
    return /^-?(\d+(\.\d*)?|\.\d+)$/.test(text.trim()) && Number.isFinite(n)
      ? { ok: true, value: n }
      : { ok: false, message: `expected a number, as the config's value ${shown} is` };
  }
  if (typeof declared === 'boolean') {
    if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
    return { ok: false, message: `expected true or false, as the config's value ${shown} is` };
  }
  return { ok: true, value: text };
}

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
