// Loads and validates a dqgate project: checks.config.yaml, checks/*.yaml, suites/*.yaml.
// Every problem in every file is collected and thrown as one ConfigError (exit code 3).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkTypes as registeredCheckTypes } from '../checks/registry.js';
import type { CheckType } from '../checks/types.js';
import { dialectFor } from '../dialects/registry.js';
import { commandLineIssue, ConfigError } from './errors.js';
import { IssueList } from './issues.js';
import { historyOffMessage, readsHistory } from './history-thresholds.js';
import { loadChecks } from './load-checks.js';
import type { Env } from './env-templates.js';
import { loadConfig } from './load-config.js';
import { loadSuites } from './load-suites.js';
import { VAR_NAME_PATTERN } from './templates.js';
import type { Project } from './types.js';

export const DEFAULT_CONFIG_FILE = 'checks.config.yaml';

export interface LoadOptions {
  /** Config file, relative to `cwd` or absolute. Default `./checks.config.yaml`. */
  configPath?: string;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** `--var NAME=VALUE` overrides; they replace config vars of the same name. */
  vars?: Record<string, string>;
  /** Default: the registry's checkTypes. */
  checkTypes?: readonly CheckType[];
  /** What `{{ env.NAME }}` in checks.config.yaml reads; default `process.env`. */
  env?: Env;
}

/** Loads the project; throws ConfigError listing every issue found. */
export async function loadProject(options: LoadOptions = {}): Promise<Project> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const configFile = path.resolve(cwd, options.configPath ?? DEFAULT_CONFIG_FILE);
  const root = path.dirname(configFile);
  const cliVars = options.vars ?? {};
  const issues = new IssueList();

  const namedVars: Record<string, string> = {};
  for (const [name, value] of Object.entries(cliVars)) {
    if (new RegExp(VAR_NAME_PATTERN).test(name)) namedVars[name] = value;
    else issues.push(commandLineIssue(`--var ${name}: a variable name uses letters, digits and _ (not starting with a digit)`));
  }
  if (!(await isFile(configFile))) {
    // No config file: the project root is a guess, so there is nothing else to read.
    throw new ConfigError([
      ...issues.sorted(),
      commandLineIssue(`config file not found: ${configFile} (run dq in the folder holding ${DEFAULT_CONFIG_FILE}, or pass --config PATH)`),
    ]);
  }
  const { config, varNames, engines } = await loadConfig(configFile, root, namedVars, issues, options.env ?? process.env);
  const dialects = engines?.map((engine) => dialectFor(engine));
  const checks = await loadChecks(root, { types: options.checkTypes ?? registeredCheckTypes, varNames, dialects }, issues);
  const suites = await loadSuites(root, checks.refs, checks.complete, issues);
  if (config?.history === false) {
    for (const check of checks.checks) if (readsHistory(check)) issues.add(check.pos, historyOffMessage(check.id, 'history: false'));
  }
  issues.throwIfAny();
  if (!config) throw new Error('loadConfig returned no config and no issue'); // cannot happen
  return { root, configFile, config, checks: checks.checks, suites };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
