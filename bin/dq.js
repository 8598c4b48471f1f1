#!/usr/bin/env node
// The `dq` command: the compiled CLI in dist/ (built by `npm run build`, and by `prepare` on
// install from a clone or `prepack` before `npm pack`). Development runs the sources: `npm run dq`.
import '../dist/cli/dq.js';
