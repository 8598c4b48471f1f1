// The file reporters by format name, as `--format` and the config's `formats:` name them.
// (console is not a file; the CLI prints it separately.)
import type { RunReport } from '../run/report.js';
import { renderHtml } from './html.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** One rendered report file: its name inside the run folder and its text. */
export interface RenderedFile {
  file: string;
  content: string;
}

export type Renderer = (report: RunReport) => RenderedFile;

/** The file each format writes in a run folder. */
export const REPORT_FILES = { json: 'report.json', junit: 'junit.xml', markdown: 'report.md', html: 'report.html' } as const;

/** Every name a report file may have. */
export const REPORT_FILE_NAMES: ReadonlySet<string> = new Set<string>(Object.values(REPORT_FILES));

export const renderers: Record<string, Renderer> = {
  json: (report) => ({ file: REPORT_FILES.json, content: JSON.stringify(report, null, 2) + '\n' }),
  junit: (report) => ({ file: REPORT_FILES.junit, content: renderJUnit(report) }),
  markdown: (report) => ({ file: REPORT_FILES.markdown, content: renderMarkdown(report) }),
  html: (report) => ({ file: REPORT_FILES.html, content: renderHtml(report) }),
};

/** Names of the file formats, in docs order. */
export const FILE_FORMATS: readonly string[] = Object.keys(renderers);
