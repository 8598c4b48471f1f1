// What the module wrappers of stage-faults.test.ts do when a stage of `dq run` calls them: throw
// (`fault.stage`, crash-exit.cases.ts) or interrupt (`phase.name`, signals.cases.ts). Imports
// nothing from src/, so a vi.mock factory can load it while the mocked module is being resolved.

/** The stage whose wrapper throws ('load', 'compile', 'post', 'console'; '' for none). */
export const fault = { stage: '' };

/** The stage whose wrapper calls `interrupt` ('load', 'compile'; '' for none). */
export const phase = { name: '', interrupt: () => {} };
