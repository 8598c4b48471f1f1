// Writes the docs generated from the registered check types: the published JSON Schemas
// (docs/schema/*.schema.json) and the check type reference (docs/check-types.md).
//   npm run docs                               write them
//   npx tsx scripts/write-docs.ts --check      exit 1 when they are out of date
// test/config/schema.test.ts and test/docs.test.ts fail when the committed files differ.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTypes } from '../src/checks/registry.js';
import { renderCheckTypeReference } from '../src/checks/reference.js';
import { renderSchemaFiles } from '../src/config/schema.js';

const docs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs');
const check = process.argv.includes('--check');
const stale: string[] = [];

const generated: Record<string, string> = {
  ...Object.fromEntries(Object.entries(renderSchemaFiles(checkTypes)).map(([name, text]) => [`schema/${name}`, text])),
  'check-types.md': renderCheckTypeReference(checkTypes),
};
await mkdir(path.join(docs, 'schema'), { recursive: true });
for (const [name, text] of Object.entries(generated)) {
  const file = path.join(docs, name);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) continue;
  if (check) stale.push(name);
  else {
    await writeFile(file, text);
    console.log(`wrote docs/${name}`);
  }
}
if (stale.length > 0) {
  console.error(`out of date: ${stale.join(', ')}; run npm run docs`);
  process.exit(1);
}
