// Build step after tsc (npm run build): writes dist/config/validators.generated.js, the loader's
// JSON Schemas compiled ahead of time, so `dq validate` neither loads nor runs ajv's compiler.
// See src/config/precompile.ts and src/config/validate.ts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const { validatorModule } = await import(path.join(dist, 'config', 'precompile.js'));
writeFileSync(path.join(dist, 'config', 'validators.generated.js'), validatorModule());
console.log('build-validators: wrote dist/config/validators.generated.js');
