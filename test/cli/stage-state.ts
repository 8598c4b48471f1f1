// What the module wrappers of test/wrapped-modules.test.ts do when a stage of dq calls them: throw
// (`fault.stage`, crash-exit.cases.ts), interrupt (`phase.name`, signals.cases.ts), or read a
// stored run back as missing (`unreadable`, ../history/diff-unreadable-run.cases.ts). Imports
// nothing from src/, so a vi.mock factory can load it while the mocked module is being resolved.

/** The stage whose wrapper throws ('load', 'compile', 'post', 'console'; '' for none). */
export const fault = { stage: '' };

/** The stage whose wrapper calls `interrupt` ('load', 'compile'; '' for none). */
export const phase = { name: '', interrupt: () => {} };

/** Run ids the history store lists but reads back as missing (empty: reads as stored). */
export const unreadable = new Set<string>();
