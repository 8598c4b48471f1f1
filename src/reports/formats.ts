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

export const renderers: Record<string, Renderer> = {
  json: (report) => ({ file: 'report.json', content: JSON.stringify(report, null, 2) + '\n' }),
  junit: (report) => ({ file: 'junit.xml', content: renderJUnit(report) }),
  markdown: (report) => ({ file: 'report.md', content: renderMarkdown(report) }),
  html: (report) => ({ file: 'report.html', content: renderHtml(report) }),
};

/** Names of the file formats, in docs order. */
export const FILE_FORMATS: readonly string[] = Object.keys(renderers);
