// Writes the published JSON Schemas (docs/schema/*.schema.json) from the registered check types.
//   npx tsx scripts/write-schemas.ts          write them
//   npx tsx scripts/write-schemas.ts --check  exit 1 when they are out of date
// test/config/schema.test.ts fails when the committed files differ from what this writes.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTypes } from '../src/checks/registry.js';
import { renderSchemaFiles } from '../src/config/schema.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'schema');
const check = process.argv.includes('--check');
const stale: string[] = [];

await mkdir(dir, { recursive: true });
for (const [name, text] of Object.entries(renderSchemaFiles(checkTypes))) {
  const file = path.join(dir, name);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) continue;
  if (check) stale.push(name);
  else {
    await writeFile(file, text);
    console.log(`wrote docs/schema/${name}`);
  }
}
if (stale.length > 0) {
  console.error(`out of date: ${stale.join(', ')}; run npx tsx scripts/write-schemas.ts`);
  process.exit(1);
}
