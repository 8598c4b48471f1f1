// `change:` / `anomaly:` judged stage by stage ("upstream first"): the history of every check
// that reads it is read once per run, starting before the first stage (while the engine opens and
// the plan is dry-run), and each stage's checks are judged right after that stage, before the next
// stage looks at their statuses. So a check that fails by its history blocks its downstream checks
// like any other failure (or, in audit mode, marks them), a store that cannot be read makes such a
// check an error that blocks too, and "not enough history" is a warning, which does not block.
import { readsHistory } from '../config/history-thresholds.js';
import type { CheckSpec } from '../config/types.js';
import type { CheckReport } from '../run/report.js';
import { historiesFor, type CheckHistories, type HistoryReader, type HistoryScope } from './check-history.js';
import { historyDepth, judgeHistory } from './judge.js';

/**
 * Replaces, in `reports`, the reports of a stage's checks that read history with their judged
 * ones; every check of `stage` has its report.
 */
export type StageJudge = (stage: readonly CheckSpec[], reports: Map<string, CheckReport>) => Promise<void>;

/**
 * Starts reading the history of the checks that compare with it (none: nothing is read) and
 * returns the judge of each stage. The reading never rejects: a reader that fails, or none
 * (history off), makes those checks errors (historiesFor).
 */
export function stageJudge(checks: readonly CheckSpec[], reader: HistoryReader | undefined, scope: HistoryScope): StageJudge {
  const overTime = checks.filter(readsHistory);
  if (overTime.length === 0) return async () => undefined;
  const histories: Promise<CheckHistories | Error> = historiesFor(
    overTime.map((c) => ({ id: c.id, depth: historyDepth(c) })),
    reader,
    scope,
  );
  return async (stage, reports) => {
    const judged = stage.filter(readsHistory);
    // A stage without such checks does not wait for the store.
    if (judged.length === 0) return;
    const recorded = await histories;
    for (const check of judged) {
      const history = recorded instanceof Error ? recorded : (recorded.get(check.id) ?? []);
      reports.set(check.id, judgeHistory(check, reports.get(check.id)!, history));
    }
  };
}
