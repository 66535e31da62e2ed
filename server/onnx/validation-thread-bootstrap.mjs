// Entry module of the validation worker thread. Under Node 20 a worker does not get tsx's
// module hooks for its entry file, not even with `--import tsx` in its execArgv (the thread
// fails with ERR_UNKNOWN_FILE_EXTENSION), so this plain module registers tsx inside the thread
// and then imports the TypeScript thread body. Compiled .js bodies skip the registration.
import { workerData } from 'node:worker_threads';

const { threadModule } = workerData;
if (typeof threadModule !== 'string') throw new Error('validation thread started without workerData.threadModule');
if (threadModule.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(threadModule);
