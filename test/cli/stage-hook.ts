// For vi.mock factories: a module's exports with one function wrapped so that a test can act
// (throw, interrupt) when a stage of `dq run` calls it. Imports nothing from src/, so a factory can
// load it (`await import('./stage-hook.js')`) while the mocked module itself is being resolved.

/** `actual` with `actual[name]` calling `hook()` first on every call (a throw from it is the call's throw). */
export function hookExport<M extends object, K extends keyof M>(actual: M, name: K, hook: () => void): M {
  const original = actual[name] as (...args: unknown[]) => unknown;
  return {
    ...actual,
    [name]: (...args: unknown[]) => {
      hook();
      return original(...args);
    },
  };
}
