// main() imports a command's module only when argv names the command (start-up, see main.ts);
// help and usage errors still see every command.
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../src/cli/main.js';
import { dq } from '../e2e/cli.js';
import { makeProject } from '../e2e/fixture.js';

describe('commands loaded on demand', () => {
  it('--help lists every command with its description', async () => {
    const cwd = await makeProject({}, { warehouse: false });
    const help = await dq(cwd, ['--help']);
    expect(help.code).toBe(0);
    // Each command on its own line with the start of its description (commander wraps the rest).
    for (const [name, words] of [
      ['run', 'run the selected checks'],
      ['compile', 'print the SQL of every query'],
      ['validate', 'check the config, the check files'],
      ['list', 'list the checks that `run` would run'],
      ['demo', 'the demo warehouse that replays'],
    ]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${name}( \\S+)* {2,}${words}`));
    }
  });

  it('a misspelt command is a usage error (exit 3) that suggests the right one', async () => {
    const cwd = await makeProject({}, { warehouse: false });
    const result = await dq(cwd, ['valdate']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/unknown command 'valdate'[\s\S]*Did you mean validate\?/);
  });

  it('a command named anywhere in argv is loaded with its options; --version alone loads none', () => {
    expect(commandsFor(['run', '--select', 'x', 'audit'])).toEqual(['run']);
    expect(commandsFor(['--config', 'c.yaml', 'validate', '--dry-run'])).toEqual(['validate']);
    expect(commandsFor(['help', 'compile'])).toEqual(['compile']);
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor(['-V'])).toEqual([]);
    expect(commandsFor([])).toEqual(['run', 'compile', 'validate', 'list', 'demo', 'diff', 'history', 'init']);
    expect(commandsFor(['--help'])).toEqual(['run', 'compile', 'validate', 'list', 'demo', 'diff', 'history', 'init']);
  });
});
