// Run by write.test.ts in separate processes: writes one run's reports, as `dq run` would.
// argv: <reports root> <run id> <started_at>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_FORMATS, renderers } from '../../src/reports/formats.js';
import { writeReportFiles } from '../../src/reports/write.js';
import type { RunReport } from '../../src/run/report.js';

const [root, id, startedAt] = process.argv.slice(2) as [string, string, string];
const report = JSON.parse(readFileSync(new URL('../fixtures/reports/incident.json', import.meta.url), 'utf8')) as RunReport;
report.run_id = id;
report.started_at = startedAt;
report.finished_at = startedAt;
await writeReportFiles(report, { outDir: join(root, id), latestDir: join(root, 'latest'), formats: [...FILE_FORMATS], renderers });
