// This machine's npm registry serves only Linux builds of Next.js's SWC binaries, so
// `npm install` writes a lock file without the macOS/Windows ones, which `npm ci` then
// rejects. Re-adding them as platform-gated optional entries (never downloaded on Linux)
// keeps the lock valid everywhere. Run after `npm install` changes package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const next = lock.packages['node_modules/next'];
let added = 0;
for (const [name, version] of Object.entries(next?.optionalDependencies ?? {})) {
  const match = name.match(/^@next\/swc-(darwin|win32)-(arm64|x64)/);
  const key = `node_modules/${name}`;
  if (!match || lock.packages[key]) continue;
  lock.packages[key] = { version, cpu: [match[2]], license: 'MIT', optional: true, os: [match[1]], engines: { node: '>= 10' } };
  added += 1;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `added ${added} platform entries to package-lock.json` : 'package-lock.json already complete');
