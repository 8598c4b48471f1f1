// Every JSON Schema the loader validates with, for the given check types: what
// scripts/build-validators.mjs compiles ahead of time (see validate.ts).
import { checkTypes } from '../checks/registry.js';
import type { CheckType, JsonSchema } from '../checks/types.js';
import { commonSchema, schemasOf } from './load-check-item.js';
import { checkFileSchema, configSchema, suiteSchema, targetSchemas } from './schema.js';

export function loaderSchemas(types: readonly CheckType[] = checkTypes): JsonSchema[] {
  return [
    configSchema('load'),
    ...Object.values(targetSchemas('load')),
    suiteSchema('load'),
    checkFileSchema(types, 'load'),
    commonSchema,
    ...types.flatMap((type) => [schemasOf(type).args, schemasOf(type).warn]),
  ];
}
