// The package: compiled code only, and exactly the entry points docs/library.md documents.
// (.ci/package-smoke.sh installs the packed tarball and runs the README snippet from it.)
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const LIBRARY_DOC = readFileSync('docs/library.md', 'utf8');

/** `| \`dqgate/engines\` | …` rows of the entry-point table → './engines'. */
const documented = [...LIBRARY_DOC.matchAll(/^\| `(dqgate[^`]*)`/gm)].map((m) => m[1]!.replace(/^dqgate/, '.'));

describe('package.json', () => {
  it('exports exactly the documented entry points (plus package.json)', () => {
    expect(documented).toEqual(['.', './engines', './demo', './report.schema.json']);
    expect(Object.keys(pkg.exports).sort()).toEqual([...documented, './package.json'].sort());
  });

  it('each code entry point is compiled from a source file and has typings', () => {
    for (const [key, target] of Object.entries<any>(pkg.exports)) {
      if (typeof target === 'string') {
        expect(existsSync(target), key).toBe(true); // shipped as is: the schema, package.json
        continue;
      }
      expect(target.import, key).toMatch(/^\.\/dist\/.*\.js$/);
      expect(target.types, key).toBe(target.import.replace(/\.js$/, '.d.ts'));
      expect(existsSync(target.import.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts')), key).toBe(true);
    }
  });

  it('runs the compiled CLI and ships no sources; TypeScript tooling is for development only', () => {
    expect(pkg.bin).toEqual({ dq: 'bin/dq.js' });
    expect(readFileSync('bin/dq.js', 'utf8')).toMatch(/^import '\.\.\/dist\/cli\/dq\.js';$/m);
    expect(pkg.files).toContain('dist');
    expect(pkg.files).not.toContain('src');
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json && node scripts/build-validators.mjs'); // + precompiled validators
    for (const tool of ['tsx', 'typescript', 'esbuild']) expect(Object.keys(pkg.dependencies)).not.toContain(tool);
    expect(JSON.parse(readFileSync('tsconfig.build.json', 'utf8')).compilerOptions).toMatchObject({ outDir: 'dist', rootDir: 'src', declaration: true });
  });
});
