// The process behind `dq`: main() decides the exit code; this file only ends the process with it.
import { EXIT } from '../run/exit-code.js';
import { main } from './main.js';
import { oneLine } from './one-line.js';

// A crash that escapes every command (a rejection nobody awaited) must not end in Node's exit 1,
// which a pipeline reads as "checks failed": dq failed, the gate cannot be trusted.
const crash = (error: unknown) => {
  process.stderr.write(`dq: ${oneLine(String((error as Error)?.message ?? error))}\n`);
  process.exit(EXIT.error);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

// main() never throws; a failure to load a command module still ends in exit 2, not Node's 1.
const code = await main(process.argv).catch(crash);
// Interrupted: the report is written; engine calls still being cancelled (a BigQuery request in
// flight) must not keep the process alive past it.
if (code === EXIT.interrupted) process.exit(code);
process.exitCode = code;
