import path from 'node:path';
import { dataDir } from '@/server/config/data-dir';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';

let store: ArtifactStore | null = null;

/** The configured store: VIGIL_ARTIFACT_DIR, else `<data dir>/artifacts`. Shared by web and workers. */
export function artifactStore(): ArtifactStore {
  store ??= new LocalArtifactStore(path.resolve(/*turbopackIgnore: true*/ process.env.VIGIL_ARTIFACT_DIR ?? path.join(dataDir(), 'artifacts')));
  return store;
}
