import path from 'node:path';

/** Where the embedded database, generated keys and artifacts live by default. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.VIGIL_DATA_DIR ?? path.join(process.cwd(), '.vigil'));
}
