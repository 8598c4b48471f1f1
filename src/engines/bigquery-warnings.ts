// Library warnings that must not reach dq's console.
//
// When the BigQuery client looks for application default credentials, google-auth-library asks
// gcp-metadata whether this is a Google Cloud machine. gcp-metadata probes the metadata server
// and, when the probe fails in a way it does not recognise (offline: "All promises were rejected",
// a proxy answering 500), calls process.emitWarning(…, 'MetadataLookupWarning'), which Node
// prints on stderr in the middle of dq's output. The probe's answer is used all the same (not on
// GCP), and a missing credential surfaces as the error of every query that needed it, so the
// warning only adds noise. Exactly that warning type is dropped, at process.emitWarning; every
// other warning goes through unchanged. DQ_DEBUG=1 lets it through too.
const SILENCED = 'MetadataLookupWarning';

let installed = false;

function warningType(warning: string | Error, typeOrOptions: unknown): string | undefined {
  if (typeof typeOrOptions === 'string') return typeOrOptions;
  if (typeOrOptions && typeof typeOrOptions === 'object' && typeof (typeOrOptions as { type?: unknown }).type === 'string') {
    return (typeOrOptions as { type: string }).type;
  }
  return warning instanceof Error ? warning.name : undefined;
}

/** Drops gcp-metadata's MetadataLookupWarning for the rest of the process; idempotent. */
export function silenceMetadataLookupWarnings(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    if (warningType(warning, rest[0]) === SILENCED && !process.env.DQ_DEBUG) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
}
