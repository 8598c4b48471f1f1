// `dq init [folder]`: scaffolds a project (see scaffold.ts). Never overwrites: when any file it
// would write exists, it writes nothing and exits 3 naming them. .gitignore is not overwritten
// either: the entries it lacks are appended (it is created when missing).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { commandLineIssue, ConfigError } from '../../config/errors.js';
import { GITIGNORE_ENTRIES, scaffoldFiles, WAREHOUSE } from '../scaffold.js';

const INIT_EXIT_HELP = `
Exit codes:
  0  the project was written
  2  a file could not be written, or dq itself failed
  3  a file it would write already exists: nothing was written
`;

export function registerInit(program: Command): Command {
  return program
    .command('init')
    .description('scaffold a project: checks.config.yaml (a DuckDB target), a check file, a suite, .gitignore entries')
    .argument('[folder]', 'the project folder (created when missing)', '.')
    .addHelpText('after', INIT_EXIT_HELP)
    .action(async (folder: string) => {
      const root = path.resolve(folder);
      const files = scaffoldFiles();
      const existing = Object.keys(files).filter((file) => existsSync(path.join(root, file)));
      if (existing.length > 0) {
        throw new ConfigError(
          existing.map((file) => commandLineIssue(`${path.join(root, file)} already exists; dq init never overwrites a file (nothing was written)`)),
        );
      }
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(root, file)), { recursive: true });
        // 'wx': a file created meanwhile is not overwritten either.
        await writeFile(path.join(root, file), text, { flag: 'wx' });
      }
      const added = await addGitignoreEntries(path.join(root, '.gitignore'));
      const shown = path.relative(process.cwd(), root) || '.';
      process.stdout.write(
        `created in ${shown}: ${Object.keys(files).join(', ')}\n` +
          (added.length > 0 ? `.gitignore: added ${added.join(', ')}\n` : '') +
          `next:\n` +
          `  1. point targets.local.path in checks.config.yaml at your DuckDB file (now ${WAREHOUSE}, which dq validate\n` +
          `     requires to exist; an empty one: duckdb ${WAREHOUSE} "select 1")\n` +
          `  2. write your table and its checks in checks/example.yaml (your editor completes them from the schema)\n` +
          `  3. dq validate, then dq run default\n`,
      );
    });
}

/** Appends the entries .gitignore lacks; returns them. */
async function addGitignoreEntries(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = GITIGNORE_ENTRIES.filter((entry) => !present.has(entry) && !present.has(entry.replace(/\/$/, '')));
  if (missing.length === 0) return [];
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${separator}${missing.join('\n')}\n`);
  return missing;
}
