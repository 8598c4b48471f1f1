// The validators `npm run build` compiles ahead of time (src/config/precompile.ts) must report
// exactly what ajv.compile reports at run time: the loader's messages and file:line:col positions
// are built from these error objects (keyword, paths, params, data, parentSchema).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../src/checks/types.js';
import { loaderSchemas } from '../../src/config/loader-schemas.js';
import { validatorModule } from '../../src/config/precompile.js';
import { AJV_OPTIONS } from '../../src/config/validate.js';

let precompiled: ReadonlyMap<string, ValidateFunction>;
let file: string;
beforeAll(async () => {
  // Inside the repository, so the module's require('ajv/dist/runtime/…') resolves as in dist/.
  const dir = path.join(process.cwd(), 'node_modules', '.cache', 'dqgate-test');
  mkdirSync(dir, { recursive: true });
  file = path.join(dir, `validators-${process.pid}.mjs`);
  writeFileSync(file, validatorModule());
  precompiled = ((await import(pathToFileURL(file).href)) as { bySchemaText: ReadonlyMap<string, ValidateFunction> }).bySchemaText;
});
afterAll(() => rmSync(file, { force: true }));

/** Values shaped like what the schema expects: its own keys (and a stray one) with any JSON values, nested once. */
function documents(schema: JsonSchema): fc.Arbitrary<unknown> {
  const keys = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
  const key = fc.constantFrom(...keys, 'bogus', 'tagz');
  const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.oneof(key, fc.string()), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }));
  return fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(key, value, { maxKeys: 6 }));
}

describe('precompiled loader validators', () => {
  const schemas = loaderSchemas();

  it('cover every schema the loader validates with', () => {
    for (const schema of schemas) expect(precompiled.has(JSON.stringify(schema))).toBe(true);
  });

  it.each(schemas.map((schema, i) => [i, schema] as const))('schema %i: same verdict and same errors as ajv.compile', (_i, schema) => {
    const runtime = new Ajv(AJV_OPTIONS).compile(schema);
    const ahead = precompiled.get(JSON.stringify(schema))!;
    let invalid = 0;
    fc.assert(
      fc.property(documents(schema), (doc) => {
        const ok = runtime(doc);
        expect(ahead(doc)).toBe(ok);
        expect(ahead.errors ?? null).toEqual(runtime.errors ?? null);
        if (!ok) invalid++;
      }),
      { numRuns: 60 },
    );
    expect(invalid).toBeGreaterThan(0); // the comparison saw errors, not only valid documents
  });
});
