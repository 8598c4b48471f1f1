// An engine factory for runs on damaged answers: the engine the target opens (the fixture's
// DuckDB), with the rows of every answer passed through `rewrite`. Only name, execute and close
// are passed on (no dry run), as the tests that prove what a run makes of such answers need.
import type { Engine, Row } from '../../src/engines/engine.js';
import { openEngine, type EngineFactory } from '../../src/engines/open.js';

export function rewrittenAnswers(rewrite: (rows: Row[]) => Row[]): EngineFactory {
  return async (target, context) => {
    const engine = await openEngine(target, context);
    return {
      name: engine.name,
      execute: async (request) => {
        const result = await engine.execute(request);
        return { ...result, rows: rewrite(result.rows) };
      },
      close: () => engine.close(),
    } satisfies Engine;
  };
}
