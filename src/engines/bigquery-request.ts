// What a query job is created with: job ids, labels and named parameters.
import { randomUUID } from 'node:crypto';
import { QueryError, type QueryParameter } from './engine.js';

/** BigQuery's limit on label keys and values. */
const LABEL_MAX = 63;
const MAX_LABELS = 64;

/** Lowercase, characters outside [a-z0-9_-] replaced by `_`, at most 63 characters. */
export function sanitiseLabelPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, LABEL_MAX);
}

/**
 * Labels as BigQuery accepts them: keys and values sanitised (a key must also start with a
 * letter, so `l_` is put before one that does not; an empty key is dropped); at most 64 labels;
 * when two keys sanitise to the same text the first one wins.
 */
export function sanitiseLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, rawValue] of Object.entries(labels)) {
    let key = sanitiseLabelPart(rawKey);
    if (key === '') continue;
    if (!/^[a-z]/.test(key)) key = sanitiseLabelPart(`l_${key}`);
    if (key in out) continue;
    if (Object.keys(out).length >= MAX_LABELS) break;
    out[key] = sanitiseLabelPart(String(rawValue));
  }
  return out;
}

/** A job id for one attempt of query `queryId`: dqgate_<id>_<uuid>, [A-Za-z0-9_-] only. */
export function newJobId(queryId: string): string {
  const id = queryId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return `dqgate_${id}_${randomUUID().replace(/-/g, '')}`;
}

/** Something with the client's date helper (BigQuery instance or class). */
export interface DateHelper {
  date(value: string): unknown;
}

export interface ClientParams {
  params: Record<string, unknown>;
  types: Record<string, string>;
}

function invalid(message: string): QueryError {
  return new QueryError(message, { reason: 'invalidParameter', transient: false });
}

/**
 * Engine parameters → the client's `params` + `types`. Values are sent as BigQuery's REST API
 * carries them, as text: INT64 exactly (no double on the way), FLOAT64 including NaN/Infinity
 * (JSON has no literal for them), BOOL as true/false. DATE goes through the client's date helper: the client
 * silently drops a plain string given with type DATE, and BigQuery then reads NULL.
 */
export function toClientParams(parameters: readonly QueryParameter[], helper: DateHelper): ClientParams | undefined {
  if (parameters.length === 0) return undefined;
  const params: Record<string, unknown> = {};
  const types: Record<string, string> = {};
  for (const p of parameters) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) throw invalid(`Invalid query parameter name: ${p.name}`);
    if (p.name in params) throw invalid(`Duplicate query parameter: ${p.name}`);
    const v = p.value;
    switch (p.type) {
      case 'STRING':
        params[p.name] = String(v);
        break;
      case 'INT64': {
        const text = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '') : String(v).trim();
        if (!/^[-+]?\d+$/.test(text)) throw invalid(`Query parameter ${p.name}: ${String(v)} is not an exact INT64`);
        const big = BigInt(text);
        if (big > 9223372036854775807n || big < -9223372036854775808n) throw invalid(`Query parameter ${p.name}: ${text} is out of INT64 range`);
        params[p.name] = big.toString();
        break;
      }
      case 'FLOAT64': {
        const n = typeof v === 'number' ? v : Number(String(v).trim());
        if (typeof v === 'boolean' || (Number.isNaN(n) && String(v).trim() !== 'NaN')) {
          throw invalid(`Query parameter ${p.name}: ${String(v)} is not a FLOAT64`);
        }
        params[p.name] = String(n);
        break;
      }
      case 'BOOL': {
        const text = String(v).toLowerCase();
        if (text !== 'true' && text !== 'false') throw invalid(`Query parameter ${p.name}: ${String(v)} is not a BOOL`);
        params[p.name] = text;
        break;
      }
      case 'DATE': {
        const text = String(v);
        if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw invalid(`Query parameter ${p.name}: ${text} is not a YYYY-MM-DD date`);
        params[p.name] = helper.date(text);
        break;
      }
      default:
        throw invalid(`Unsupported query parameter type for ${p.name}: ${String((p as { type: unknown }).type)}`);
    }
    types[p.name] = p.type;
  }
  return { params, types };
}
