// Run by write.test.ts in separate processes: writes one run's reports, as `dq run` would.
// argv: <reports root> <run id> <started_at>
// Plain JavaScript on the built dist/ (write.test.ts rebuilds it first when a source is newer,
// test/e2e/built-bin.ts): a node start-up instead of a tsx one, which compiled the sources anew
// in every process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_FORMATS, renderers } from '../../dist/reports/formats.js';
import { writeReportFiles } from '../../dist/reports/write.js';

const [root, id, startedAt] = process.argv.slice(2);
const report = JSON.parse(readFileSync(new URL('../fixtures/reports/incident.json', import.meta.url), 'utf8'));
report.run_id = id;
report.started_at = startedAt;
report.finished_at = startedAt;
await writeReportFiles(report, { outDir: join(root, id), latestDir: join(root, 'latest'), formats: [...FILE_FORMATS], renderers });
