#!/usr/bin/env node
// The `vigil` command: loads the TypeScript CLI through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../../tsconfig.json', import.meta.url).pathname });
const { run } = await import('./vigil.ts');
await run(process.argv.slice(2));
