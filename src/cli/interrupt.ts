// Ctrl-C and SIGTERM during a command that talks to the warehouse.
import { EXIT } from '../run/exit-code.js';

/**
 * Ctrl-C / SIGTERM while `work` runs: the first one aborts the signal (running queries are
 * cancelled, a report of what finished is written, exit 130); a second one exits at once.
 */
export async function withInterruption<T>(work: (signal: AbortSignal) => Promise<T>, interrupt?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(interrupt?.reason);
  if (interrupt?.aborted) onInterrupt();
  interrupt?.addEventListener('abort', onInterrupt, { once: true });
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`dq: ${name} again: exiting without waiting\n`);
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`dq: ${name}: cancelling the running queries and writing the report (again to quit at once)\n`);
    controller.abort(new Error(`${name} received`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    interrupt?.removeEventListener('abort', onInterrupt);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
