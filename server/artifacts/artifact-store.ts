import type { Readable } from 'node:stream';

export interface StoredArtifact {
  sha256: string;
  size: number;
  /** False when the store already held these bytes (uploads are idempotent). */
  created: boolean;
}

export interface PutOptions {
  expectedSha256: string;
  maxBytes: number;
  /** Runs on the fully staged bytes before they become visible; throw to reject. */
  check?: (stagedPath: string) => Promise<void>;
}

/**
 * Content-addressed artifact storage. The local directory store is the default; an object
 * store implements the same four calls.
 */
export interface ArtifactStore {
  put(body: AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredArtifact>;
  stat(sha256: string): Promise<{ size: number } | null>;
  read(sha256: string): Readable;
  /** A local file holding the artifact for `consume` (a download for remote stores). */
  withLocalFile<T>(sha256: string, consume: (path: string) => Promise<T>): Promise<T>;
}

export const DEFAULT_MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;

export function maxArtifactBytes(): number {
  const configured = Number(process.env.VIGIL_MAX_ARTIFACT_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_ARTIFACT_BYTES;
}
