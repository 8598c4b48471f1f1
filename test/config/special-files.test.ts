// A project file that is not a regular file is refused without being read. A named pipe (FIFO)
// in checks/ is opened without waiting for a writer: the load ends with the issue, instead of
// waiting forever on the pipe.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { fakeTypes } from './fake-types.js';
import { lines, writeProject } from './project.js';

describe.skipIf(process.platform === 'win32')('special files in a project', () => {
  it('a named pipe in checks/ is "not a regular file", and the load does not wait for a writer', async () => {
    const cwd = await writeProject({ 'checks/t.yaml': 'table: a.b\nchecks:\n  - row_count: 1\n' });
    execFileSync('mkfifo', [path.join(cwd, 'checks', 'pipe.yaml')]);
    const error = await loadProject({ cwd, checkTypes: fakeTypes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(lines((error as ConfigError).issues)).toEqual(['checks/pipe.yaml: not a regular file']);
  }, 10_000);
});
