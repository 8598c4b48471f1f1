// `change:` and `anomaly:` on a check (issue 13): thresholds on the check's metric against its
// own recorded history. Their schemas (common keys of every check item) and their reading into
// the CheckSpec; the comparison itself is src/history/judge.ts.
import type { JsonSchema } from '../checks/types.js';
import type { IssueList } from './issues.js';
import type { AnomalyThreshold, ChangeThreshold } from './types.js';
import type { Path, YamlSource } from './yaml-source.js';

/** Below this many earlier values an anomaly threshold warns "not enough history", never passes. */
export const MIN_ANOMALY_HISTORY = 5;
export const DEFAULT_ANOMALY_HISTORY = 14;
export const DEFAULT_SENSITIVITY = 3;

/** A percentage of any size (a rise can be 300%); a bare number would be ambiguous (20 or 20%?). */
const CHANGE_PERCENT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$';
const percent: JsonSchema = { description: 'A percentage like 20%, of the baseline.', type: 'string', pattern: CHANGE_PERCENT_PATTERN };

export const changeSchema: JsonSchema = {
  description:
    'The metric against its own history: vs: previous (the previous recorded run) or median_of: N (the median of the N previous runs); ' +
    'max_drop / max_rise: the largest change allowed, as a percentage of that baseline. Too little history warns, never passes.',
  type: 'object',
  additionalProperties: false,
  properties: {
    vs: { enum: ['previous'] },
    median_of: { type: 'integer', minimum: 1, maximum: 1000 },
    max_drop: percent,
    max_rise: percent,
  },
};

export const anomalySchema: JsonSchema = {
  description:
    `The metric is an anomaly when its robust z-score |x - median| / (1.4826 * MAD) over the last \`history\` runs (default ${DEFAULT_ANOMALY_HISTORY}) ` +
    `is above \`sensitivity\` (default ${DEFAULT_SENSITIVITY}). Fewer than ${MIN_ANOMALY_HISTORY} earlier values warn "not enough history".`,
  type: 'object',
  additionalProperties: false,
  properties: {
    history: { type: 'integer', minimum: MIN_ANOMALY_HISTORY, maximum: 1000 },
    sensitivity: { type: 'number', exclusiveMinimum: 0 },
  },
};

export const HISTORY_CHECK_KEYS = ['change', 'anomaly'] as const;

export function historyCheckProperties(): Record<string, JsonSchema> {
  return { change: changeSchema, anomaly: anomalySchema };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `20%` → 0.2; undefined when absent or not a percentage (the schema reports that). */
function share(value: unknown): number | undefined {
  if (typeof value !== 'string' || !new RegExp(CHANGE_PERCENT_PATTERN).test(value)) return undefined;
  return Number((Number(value.replace('%', '').trim()) / 100).toPrecision(12));
}

/**
 * The item's `change:` and `anomaly:` as the CheckSpec holds them. The schema has validated
 * their shapes already (commonSchema); what it cannot say is reported here.
 */
export function readHistoryThresholds(
  item: Record<string, unknown>,
  itemPath: Path,
  source: YamlSource,
  issues: IssueList,
): { change?: ChangeThreshold; anomaly?: AnomalyThreshold } {
  const out: { change?: ChangeThreshold; anomaly?: AnomalyThreshold } = {};
  if (isRecord(item.change)) {
    const c = item.change;
    const at = source.keyPos([...itemPath, 'change']);
    const maxDrop = share(c.max_drop);
    const maxRise = share(c.max_rise);
    if (c.vs !== undefined && c.median_of !== undefined) {
      issues.add(at, 'change: write vs: previous or median_of: N, not both');
    } else if (c.max_drop === undefined && c.max_rise === undefined) {
      issues.add(at, 'change: needs max_drop or max_rise (or both): a change threshold without a limit cannot fail');
    } else if ((c.max_drop === undefined || maxDrop !== undefined) && (c.max_rise === undefined || maxRise !== undefined)) {
      out.change = {
        baseline: typeof c.median_of === 'number' ? { medianOf: c.median_of } : 'previous',
        ...(maxDrop !== undefined ? { maxDrop } : {}),
        ...(maxRise !== undefined ? { maxRise } : {}),
      };
    }
  }
  if (isRecord(item.anomaly)) {
    const a = item.anomaly;
    const history = typeof a.history === 'number' && Number.isInteger(a.history) && a.history >= MIN_ANOMALY_HISTORY ? a.history : undefined;
    const sensitivity = typeof a.sensitivity === 'number' && a.sensitivity > 0 ? a.sensitivity : undefined;
    if ((a.history === undefined || history !== undefined) && (a.sensitivity === undefined || sensitivity !== undefined)) {
      out.anomaly = { history: history ?? DEFAULT_ANOMALY_HISTORY, sensitivity: sensitivity ?? DEFAULT_SENSITIVITY };
    }
  }
  return out;
}

/** The check compares its metric with the history store: it cannot run with history off. */
export function readsHistory(check: { change?: ChangeThreshold; anomaly?: AnomalyThreshold }): boolean {
  return check.change !== undefined || check.anomaly !== undefined;
}

/** Why a check reading history cannot run when recording is off (`history: false`, `--no-history`). */
export function historyOffMessage(checkId: string, off: string): string {
  return `${checkId}: change:/anomaly: compare the metric with the history store, which ${off} turns off; remove one or the other`;
}
