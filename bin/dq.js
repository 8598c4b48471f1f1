#!/usr/bin/env node
// The `dq` command: runs the TypeScript sources through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/dq.ts');
