// What one `dq` invocation shares between main() and its commands: the exit code a command
// decides (instead of process.exitCode, so main() can be called again in-process), and the
// engine factory (tests inject faulty or slow engines through it).
import type { EngineFactory } from '../engines/open.js';
import { EXIT } from '../run/exit-code.js';

export interface CliContext {
  exitCode: number;
  /** Opens a target's engine; default openEngine. */
  openEngine?: EngineFactory;
}

export function newCliContext(options: { openEngine?: EngineFactory } = {}): CliContext {
  return { exitCode: EXIT.pass, ...options };
}
