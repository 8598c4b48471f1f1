// @duckdb/node-api, loaded with require(). It is a CommonJS package of ~180 files: imported from
// an ES module, Node 20 routes each of its nested require() calls through the ES module loader,
// which costs several times what the CommonJS loader does for the same files (measured: 193 ms
// CPU and 480 ms wall against 73 ms and 151 ms; bench/README.md, fixed cost). Same package, same
// objects: everything in dq that uses DuckDB takes it from here. Types come from `import type`.
import { createRequire } from 'node:module';
import type * as NodeApi from '@duckdb/node-api';

export const duckdbApi: typeof NodeApi = createRequire(import.meta.url)('@duckdb/node-api') as typeof NodeApi;
