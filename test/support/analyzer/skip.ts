// Tests that need the analyzer skip, loudly, when it is not installed, and fail instead when
// DQ_REQUIRE_ANALYZER=1 (as .ci/run sets it).
import { ANALYZER_MISSING, analyzerInstalled, analyzerRequired } from './analyzer.js';

/** True when `what` must be skipped for want of the analyzer; prints why. */
export function skipWithoutAnalyzer(what: string): boolean {
  if (analyzerInstalled() || analyzerRequired()) return false;
  console.warn(`\n*** ${ANALYZER_MISSING} — skipping ${what} (set DQ_REQUIRE_ANALYZER=1 to fail instead) ***\n`);
  return true;
}
