// What one `dq` invocation shares between main() and its commands: the exit code a command
// decides (instead of process.exitCode, so main() can be called again in-process), and what an
// embedder or a test may inject: the engine factory and a signal that interrupts like SIGTERM.
import type { EngineFactory } from '../engines/open.js';
import { EXIT } from '../run/exit-code.js';

export interface CliContext {
  exitCode: number;
  /** Opens a target's engine; default openEngine. */
  openEngine?: EngineFactory;
  /** Aborting it interrupts the command as SIGINT / SIGTERM do. */
  interrupt?: AbortSignal;
  /** The command line after `dq`, for the run record. */
  argv?: string[];
}

export type CliOptions = Pick<CliContext, 'openEngine' | 'interrupt'>;

export function newCliContext(options: CliOptions = {}): CliContext {
  return { exitCode: EXIT.pass, ...options };
}
