import { sign } from 'node:crypto';
import type { AuditSearch } from './audit-schemas';
import { canonicalJson } from './canonical-json';
import type { SigningKey } from './signing-key';

// The JSON Lines export, line by line. Pure, so the exporter, the verifier's tests and the
// benchmark all write exactly the same bytes.

export const EXPORT_FORMAT = 'vigil-audit-export/2';

export const EXPORT_HASHING = 'sha256(prev_hash || utf8(body)); genesis prev_hash = 32 zero bytes; bodies are RFC 8785 canonical JSON';

/**
 * What the server signs at the end of an export. The verifier recomputes every field from
 * the file, so nothing can be cut, added or re-filtered without breaking the signature.
 */
export interface ManifestStatement {
  format: typeof EXPORT_FORMAT;
  keyId: string;
  exportedAt: string;
  exportedBy: string;
  filters: AuditSearch;
  firstSeq: number | null;
  lastSeq: number | null;
  /** The first event's previous hash: the genesis hash, or the head of the checkpoint just before it. */
  startPrevHash: string | null;
  headHash: string | null;
  events: number;
  /** Events in the range that match the filters (the range also holds the ones between them). */
  matching: number;
  /** Sequence numbers of the checkpoint lines, in order. */
  checkpoints: number[];
}

export interface HeaderLine {
  type: 'header';
  format: string;
  exportedAt: string;
  filters: AuditSearch;
  hashing: string;
  verify: string;
}

export interface CheckpointLine {
  type: 'checkpoint';
  seq: number;
  headHash: string;
  statement: string;
  signature: string;
  publicKey: string;
}

export interface EventLine {
  type: 'event';
  seq: number;
  prevHash: string;
  hash: string;
  body: string;
}

export interface ManifestLine {
  type: 'manifest';
  statement: string;
  signature: string;
  publicKey: string;
}

export function headerLine(exportedAt: string, filters: AuditSearch): string {
  const header: HeaderLine = {
    type: 'header',
    format: EXPORT_FORMAT,
    exportedAt,
    filters,
    hashing: EXPORT_HASHING,
    verify: 'vigil audit verify FILE --fingerprint HEX, with the fingerprint from the audit page (never from this file); the signed manifest is the last line',
  };
  return JSON.stringify(header);
}

export function checkpointLine(cp: { seq: number; headHash: Uint8Array; statement: string; signature: string; publicKey: string }): string {
  const line: CheckpointLine = { type: 'checkpoint', seq: cp.seq, headHash: Buffer.from(cp.headHash).toString('hex'), statement: cp.statement, signature: cp.signature, publicKey: cp.publicKey };
  return JSON.stringify(line);
}

export function eventLine(row: { seq: number; prevHash: Uint8Array; hash: Uint8Array; body: string }): string {
  const line: EventLine = { type: 'event', seq: row.seq, prevHash: Buffer.from(row.prevHash).toString('hex'), hash: Buffer.from(row.hash).toString('hex'), body: row.body };
  return JSON.stringify(line);
}

export function manifestLine(statement: ManifestStatement, key: SigningKey): string {
  const text = canonicalJson(statement);
  const line: ManifestLine = { type: 'manifest', statement: text, signature: sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64'), publicKey: key.publicKeyPem };
  return JSON.stringify(line);
}
