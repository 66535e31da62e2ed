// Entry module of a drift worker thread. Under Node 20 a worker does not inherit tsx's module
// hooks for its entry file, so this plain module registers tsx inside the thread (with the
// project's tsconfig, for the @/ alias, whatever the working directory) and then imports the
// TypeScript thread body. A compiled .js body skips the registration.
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';

const { threadModule } = workerData;
if (typeof threadModule !== 'string') throw new Error('drift thread started without workerData.threadModule');
if (threadModule.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
}
await import(threadModule);
