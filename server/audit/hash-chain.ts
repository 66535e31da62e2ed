import { hash } from 'node:crypto';

// Pure hash-chain logic, mirrored by the SQL function audit_append().
export const GENESIS_HASH = Buffer.alloc(32);

export function chainHash(prevHash: Uint8Array, body: string): Buffer {
  // One buffer and the one-shot hash: verifying a million events spends much of its time here.
  const input = Buffer.allocUnsafe(prevHash.length + Buffer.byteLength(body, 'utf8'));
  input.set(prevHash);
  input.write(body, prevHash.length, 'utf8');
  return hash('sha256', input, 'buffer');
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
    if (row.seq !== this.expectedSeq) {
      return this.fail(
        row,
        row.seq > this.expectedSeq ? `sequence ${this.expectedSeq} is missing (next row is ${row.seq})` : `sequence ${row.seq} appears out of order`,
      );
    }
    if (!this.prevHash.equals(row.prevHash)) {
      return this.fail(row, `sequence ${row.seq} does not link to the hash of sequence ${row.seq - 1}`);
    }
    const recomputed = chainHash(this.prevHash, row.body);
    if (!recomputed.equals(row.hash)) {
      return this.fail(row, `sequence ${row.seq} was altered: its body no longer matches its hash`);
    }
    this.prevHash = recomputed;
    this.expectedSeq += 1;
    this.checked += 1;
    return true;
  }

  private fail(row: ChainRow, reason: string): false {
    this.firstBreak = { seq: Math.min(row.seq, this.expectedSeq), reason };
    return false;
  }
}
