import { sign } from 'node:crypto';
import { bodyMatcher } from './audit-search';
import { checkpointStatement } from './checkpoint';
import { EXPORT_FORMAT, manifestLine, type CheckpointLine, type EventLine, type HeaderLine, type ManifestLine, type ManifestStatement } from './export-format';
import { chainHash } from './hash-chain';
import type { SigningKey } from './signing-key';

// What a forger with the export file and an Ed25519 key of their own can do: edit, cut and
// reorder lines, recompute every later hash, re-sign checkpoints and the manifest. The
// verification tests run these real forgeries; only a pinned key stops them.

export type ExportLine = HeaderLine | CheckpointLine | EventLine | ManifestLine;

export function parseLines(lines: string[]): ExportLine[] {
  return lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as ExportLine);
}

export function stringify(lines: ExportLine[]): string[] {
  return lines.map((l) => JSON.stringify(l));
}

export const eventsOf = (lines: ExportLine[]) => lines.filter((l): l is EventLine => l.type === 'event');

/**
 * Makes a tampered file self-consistent again, as a forger would: every event's hashes are
 * recomputed from the first event's previous hash, each checkpoint is re-signed over the new
 * head at its sequence with `key`, and a fresh manifest describing the file is signed with `key`.
 */
export function reforge(lines: ExportLine[], key: SigningKey, manifestEdits: Partial<ManifestStatement> = {}): ExportLine[] {
  const header = lines.find((l): l is HeaderLine => l.type === 'header')!;
  const events = eventsOf(lines);
  let prev: Buffer = events[0] ? Buffer.from(events[0].prevHash, 'hex') : Buffer.alloc(32);
  const heads = new Map<number, string>();
  for (const event of events) {
    event.prevHash = prev.toString('hex');
    prev = chainHash(prev, event.body);
    event.hash = prev.toString('hex');
    heads.set(event.seq, event.hash);
  }
  const checkpoints = lines.filter((l): l is CheckpointLine => l.type === 'checkpoint');
  for (const cp of checkpoints) {
    const headHash = heads.get(cp.seq) ?? cp.headHash;
    cp.headHash = headHash;
    cp.statement = checkpointStatement({ keyId: key.keyId, seq: cp.seq, headHash, signedAt: new Date().toISOString() });
    cp.signature = sign(null, Buffer.from(cp.statement, 'utf8'), key.privateKey).toString('base64');
    cp.publicKey = key.publicKeyPem;
  }
  const matches = bodyMatcher(header.filters);
  const statement: ManifestStatement = {
    format: EXPORT_FORMAT,
    keyId: key.keyId,
    exportedAt: header.exportedAt,
    exportedBy: 'forger',
    filters: header.filters,
    firstSeq: events[0]?.seq ?? null,
    lastSeq: events.at(-1)?.seq ?? null,
    startPrevHash: events[0]?.prevHash ?? null,
    headHash: events.at(-1)?.hash ?? null,
    events: events.length,
    matching: events.filter((e) => !matches || matches(e.body)).length,
    checkpoints: checkpoints.map((cp) => cp.seq),
    ...manifestEdits,
  };
  const manifest = JSON.parse(manifestLine(statement, key)) as ManifestLine;
  return [...lines.filter((l) => l.type !== 'manifest'), manifest];
}

/** Edits the genuine manifest's statement without being able to re-sign it. */
export function editManifest(lines: ExportLine[], edits: Partial<ManifestStatement>): ExportLine[] {
  return lines.map((l) => (l.type === 'manifest' ? { ...l, statement: JSON.stringify({ ...(JSON.parse(l.statement) as ManifestStatement), ...edits }) } : l));
}
