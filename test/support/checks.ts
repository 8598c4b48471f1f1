// Building CheckSpecs in tests without YAML: the shape loadProject produces.
import type { CheckSpec } from '../../src/config/types.js';

export function spec(type: string, args: Record<string, unknown>, extra: Partial<CheckSpec> = {}): CheckSpec {
  const name = extra.name ?? `${type}_${Object.keys(args).length}`;
  return {
    id: `t.${name}`,
    name,
    file: 'checks/t.yaml',
    table: 'main.t',
    type,
    args,
    tags: [],
    severity: 'error',
    minRows: 1,
    pos: { file: 'checks/t.yaml', line: 1, column: 1 },
    ...extra,
  };
}
