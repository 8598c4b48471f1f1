// The run's engine, opened while the check files load. Once checks.config.yaml is read, the
// target's warehouse is known: DuckDB opens it (reads the file, starts its threads) off the main
// thread while the check files are parsed on it. run() then takes that engine instead of opening
// one, and closes it as any other; one that run() never takes (the project did not load, a usage
// error, an interrupt) is closed by discard(). Only engines in OPENS_LOCALLY start early: a
// configuration error must not have reached a network. An opening that fails is reported when
// run() takes it, exactly as if run() had opened it then.
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import type { Engine } from '../engines/engine.js';
import { loadEngineCode, OPENS_LOCALLY, type EngineFactory } from '../engines/open.js';

export interface EarlyEngine {
  /**
   * For LoadOptions.onConfig: loads the engine's code, then starts opening the target's engine
   * (the config's, or `--target`'s) and returns: the loader parses the check files while it opens.
   */
  start(config: ProjectConfig): Promise<void>;
  /** The factory for run(): the engine opened early, once, for that same target; else `open`'s. */
  open: EngineFactory;
  /** Closes the engine opened early unless run() took it. Never throws. */
  discard(): Promise<void>;
}

export function earlyEngine(targetFlag: string | undefined, open: EngineFactory): EarlyEngine {
  let early: { target: TargetConfig; engine: Promise<Engine> } | undefined;
  return {
    async start(config) {
      const target = config.targets[targetFlag ?? config.target];
      if (!target || !OPENS_LOCALLY.has(target.engine)) return;
      // On the main thread, as it would be later: the opening itself (DuckDB reading the file and
      // starting its threads) then runs off it while the check files are parsed. An engine whose
      // code does not load fails when it is opened, as it would have without this.
      await loadEngineCode(target.engine).catch(() => undefined);
      // A factory that throws instead of rejecting fails the same way, when run() takes it.
      const engine = (async () => open(target, {}))();
      // Handled here so that a failure waits, unreported, for run() to take it.
      engine.catch(() => undefined);
      early = { target, engine };
    },
    async open(target, context) {
      if (early?.target !== target) return open(target, context);
      const { engine } = early;
      early = undefined;
      return engine;
    },
    async discard() {
      const left = early;
      early = undefined;
      await left?.engine.then(
        (engine) => engine.close(),
        () => undefined,
      ).catch(() => undefined);
    },
  };
}
