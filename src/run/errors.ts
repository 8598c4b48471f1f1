// How a query's failure reads in the report: the engine's own message, and its reason code
// (BigQuery's invalidQuery, notFound, bytesBilledLimitExceeded, timeout, ...) when it has one.
import { QueryError } from '../engines/engine.js';

/** Reasons whose message already says everything. */
const SELF_EXPLAINING = new Set(['interrupted', 'refused']);

export function describeError(error: Error): string {
  const message = error.message || String(error);
  if (!(error instanceof QueryError) || !error.reason || SELF_EXPLAINING.has(error.reason) || message.includes(error.reason)) {
    return message;
  }
  return `${message} (reason: ${error.reason})`;
}

/**
 * A message for one line of the report: every run of white space (line breaks included) folds
 * into one space. The text stays as it is otherwise; the reporters make it inert when they print it.
 */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Failures that say nothing about one check of a batch (the warehouse was slow, busy, out of
 * budget, or the run was stopped): re-running the batch check by check would only repeat them,
 * N times over. Anything else may come from one broken check, and is isolated.
 */
const NOT_CHECK_SPECIFIC = new Set([
  'interrupted',
  'cancelled',
  'closed',
  'timeout',
  'stopped',
  'bytesBilledLimitExceeded',
  'quotaExceeded',
  'billingNotEnabled',
  'billingTierLimitExceeded',
  // A short or malformed answer (bigquery-answers.ts) is the transport's, not a check's.
  'incompleteAnswer',
]);

export function isCheckSpecific(error: Error): boolean {
  if (!(error instanceof QueryError)) return true;
  return !error.transient && !(error.reason !== undefined && NOT_CHECK_SPECIFIC.has(error.reason));
}
