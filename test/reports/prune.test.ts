// pruneRunFolders: which folders of reports/ retention may remove.
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneRunFolders } from '../../src/reports/prune.js';
import { RUN_MANIFEST } from '../../src/reports/write.js';

/** reports/ with complete run folders finished `ageMinutes` ago each. */
function reports(runs: Record<string, number>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dq-prune-'));
  for (const [name, ageMinutes] of Object.entries(runs)) {
    mkdirSync(path.join(root, name));
    writeFileSync(path.join(root, name, RUN_MANIFEST), JSON.stringify({ run_id: name }));
    const t = new Date(Date.now() - ageMinutes * 60_000);
    utimesSync(path.join(root, name), t, t);
  }
  return root;
}

const A = '20261201T010000Z-aaaaaa';
const B = '20261201T020000Z-bbbbbb';
const C = '20261201T030000Z-cccccc';
const D = '20261201T040000Z-dddddd';

describe('pruneRunFolders', () => {
  it('keeps the N that finished last (not the N that started last)', async () => {
    // B started before C but finished after it (a long run).
    const root = reports({ [A]: 40, [B]: 5, [C]: 20, [D]: 10 });
    expect((await pruneRunFolders(root, { keep: 2, protect: [] })).sort()).toEqual([A, C]);
    expect(readdirSync(root).sort()).toEqual([B, D]);
  });

  it("never removes latest's target or a protected folder, whatever their age", async () => {
    const root = reports({ [A]: 40, [B]: 30, [C]: 20, [D]: 10 });
    symlinkSync(A, path.join(root, 'latest'));
    await pruneRunFolders(root, { keep: 1, protect: [path.join(root, B)] });
    expect(readdirSync(root).sort()).toEqual([A, B, D, 'latest']);
  });

  it('leaves alone what is not a complete dq run folder: other names, folders without a manifest, temps, files', async () => {
    const root = reports({ [C]: 20, [D]: 10 });
    mkdirSync(path.join(root, 'archive'));
    mkdirSync(path.join(root, '20200101T000000Z-eeeeee')); // a run id, no manifest: another writer's, or stale.ts's to judge
    mkdirSync(path.join(root, `.${A}.123.0123456789ab.tmp`));
    writeFileSync(path.join(root, '20200101T000000Z-ffffff'), 'a file');
    // An --out folder named like a run id: its manifest holds another run's id.
    mkdirSync(path.join(root, '20200101T000000Z-aaaaaa'));
    writeFileSync(path.join(root, '20200101T000000Z-aaaaaa', RUN_MANIFEST), JSON.stringify({ run_id: A }));
    await pruneRunFolders(root, { keep: 1, protect: [] });
    expect(readdirSync(root).sort()).toEqual(
      [`.${A}.123.0123456789ab.tmp`, '20200101T000000Z-aaaaaa', '20200101T000000Z-eeeeee', '20200101T000000Z-ffffff', D, 'archive'].sort(),
    );
  });

  it('refuses a keep that is not a whole number ≥ 1 (no default count)', async () => {
    const root = reports({ [A]: 1 });
    for (const keep of [0, -1, 1.5, Number.NaN]) await expect(pruneRunFolders(root, { keep, protect: [] })).rejects.toThrow(RangeError);
    expect(readdirSync(root)).toEqual([A]);
  });
});
