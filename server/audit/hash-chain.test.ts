import { describe, expect, it } from 'vitest';
import { chainHash, ChainVerifier, GENESIS_HASH, type ChainRow } from './hash-chain';

function buildChain(bodies: string[]): ChainRow[] {
  let prev: Buffer = GENESIS_HASH;
  return bodies.map((body, i) => {
    const hash = chainHash(prev, body);
    const row = { seq: i + 1, body, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

function verify(rows: ChainRow[]) {
  const verifier = new ChainVerifier();
  for (const row of rows) if (!verifier.push(row)) break;
  return verifier;
}

describe('hash chain', () => {
  const rows = buildChain(['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);

  it('hash is SHA-256 over the previous hash then the body bytes', () => {
    // Digest computed independently: (head -c 32 /dev/zero; printf '{"a":1}') | sha256sum
    expect(Buffer.from(rows[0]!.hash).toString('hex')).toBe('b06a229070741292512e8760f470dd7a4c46ccfdf253df781d88dabe58c1ccb1');
  });

  it('accepts an intact chain and reports its head', () => {
    const v = verify(rows);
    expect(v.firstBreak).toBeNull();
    expect(v.checked).toBe(4);
    expect(v.headSeq).toBe(4);
    expect(v.headHash.equals(rows[3]!.hash)).toBe(true);
  });

  it('names the sequence number of an altered body', () => {
    const tampered = rows.map((r) => (r.seq === 3 ? { ...r, body: '{"a":33}' } : r));
    expect(verify(tampered).firstBreak).toEqual({ seq: 3, reason: expect.stringContaining('altered') });
  });

  it('names a missing sequence number', () => {
    const gap = rows.filter((r) => r.seq !== 2);
    expect(verify(gap).firstBreak).toEqual({ seq: 2, reason: expect.stringContaining('missing') });
  });

  it('detects a row whose hash was recomputed but whose successor still links to the old hash', () => {
    const forged = rows.map((r) => (r.seq === 2 ? { ...r, body: '{"a":22}', hash: chainHash(r.prevHash, '{"a":22}') } : r));
    expect(verify(forged).firstBreak).toEqual({ seq: 3, reason: expect.stringContaining('does not link') });
  });

  it('can resume from a trusted checkpoint', () => {
    const verifier = new ChainVerifier({ seq: 2, hash: rows[1]!.hash });
    expect(verifier.push(rows[2]!)).toBe(true);
    expect(verifier.push(rows[3]!)).toBe(true);
    expect(verifier.headSeq).toBe(4);
  });
});
