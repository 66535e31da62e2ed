import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { AppError } from '@/server/errors/app-error';
import type { ArtifactStore, PutOptions, StoredArtifact } from './artifact-store';

function assertDigest(sha256: string) {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('bad_request', 'An artifact digest is 64 lower-case hex characters.');
}

/** Artifacts under `<root>/sha256/<ab>/<digest>`, written to a staging file and renamed into place. */
export class LocalArtifactStore implements ArtifactStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    assertDigest(sha256);
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  async put(body: AsyncIterable<Uint8Array>, options: PutOptions): Promise<StoredArtifact> {
    assertDigest(options.expectedSha256);
    const staging = path.join(this.root, 'staging');
    await mkdir(staging, { recursive: true });
    const staged = path.join(staging, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const out = createWriteStream(staged, { flags: 'wx' });
    try {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > options.maxBytes) {
          throw new AppError('payload_too_large', `The artifact is larger than the ${options.maxBytes}-byte limit.`);
        }
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      const sha256 = hash.digest('hex');
      if (sha256 !== options.expectedSha256) {
        throw new AppError('unprocessable', `The uploaded bytes hash to ${sha256}, not the declared ${options.expectedSha256}.`);
      }
      if (size === 0) throw new AppError('unprocessable', 'The artifact is empty.');
      await options.check?.(staged);
      const existing = await this.stat(sha256);
      if (existing) return { sha256, size, created: false };
      const final = this.pathOf(sha256);
      await mkdir(path.dirname(final), { recursive: true });
      await rename(staged, final);
      return { sha256, size, created: true };
    } finally {
      // Nothing partial stays behind, whatever happened above: wait for the stream to close
      // (it may still be opening the file) before removing it.
      if (!out.closed) {
        out.destroy();
        await once(out, 'close').catch(() => {});
      }
      await rm(staged, { force: true });
    }
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.pathOf(sha256))).size };
    } catch {
      return null;
    }
  }

  read(sha256: string) {
    return createReadStream(this.pathOf(sha256));
  }

  async withLocalFile<T>(sha256: string, consume: (file: string) => Promise<T>): Promise<T> {
    return consume(this.pathOf(sha256));
  }
}
