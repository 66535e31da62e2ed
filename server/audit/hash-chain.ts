import { createHash } from 'node:crypto';

// Pure hash-chain logic, mirrored by the SQL function audit_append().
export const GENESIS_HASH = Buffer.alloc(32);

export function chainHash(prevHash: Uint8Array, body: string): Buffer {
  return createHash('sha256').update(prevHash).update(Buffer.from(body, 'utf8')).digest();
}

export interface ChainRow {
  seq: number;
  body: string;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Walks rows in sequence order, one at a time, so a log of any size can be verified in
 * constant memory. Reports the first broken or missing sequence number.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: Buffer;
  checked = 0;
  firstBreak: ChainBreak | null = null;

  constructor(start: { seq: number; hash: Uint8Array } = { seq: 0, hash: GENESIS_HASH }) {
    this.expectedSeq = start.seq + 1;
    this.prevHash = Buffer.from(start.hash);
  }

  get headSeq(): number {
    return this.expectedSeq - 1;
  }

  get headHash(): Buffer {
    return this.prevHash;
  }

  /** Returns false once the chain is broken; later rows are not judged. */
  push(row: ChainRow): boolean {
    if (this.firstBreak) return false;
    const fail = (reason: string) => {
      this.firstBreak = { seq: Math.min(row.seq, this.expectedSeq), reason };
      return false;
    };
    if (row.seq !== this.expectedSeq) {
      return fail(
        row.seq > this.expectedSeq
          ? `sequence ${this.expectedSeq} is missing (next row is ${row.seq})`
          : `sequence ${row.seq} appears out of order`,
      );
    }
    if (!this.prevHash.equals(Buffer.from(row.prevHash))) {
      return fail(`sequence ${row.seq} does not link to the hash of sequence ${row.seq - 1}`);
    }
    const recomputed = chainHash(this.prevHash, row.body);
    if (!recomputed.equals(Buffer.from(row.hash))) {
      return fail(`sequence ${row.seq} was altered: its body no longer matches its hash`);
    }
    this.prevHash = recomputed;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }
}
