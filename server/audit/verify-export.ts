import { checkpointSignatureValid } from './checkpoint';
import { ChainVerifier, type ChainBreak } from './hash-chain';

export interface ExportVerification {
  ok: boolean;
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** True when the export starts at sequence 1, so the chain is anchored at the genesis hash. */
  complete: boolean;
  firstBreak: ChainBreak | null;
  checkpoints: { checked: number; problems: { seq: number; reason: string }[] };
  manifestProblems: string[];
}

interface ManifestLine {
  firstSeq: number | null;
  lastSeq: number | null;
  headHash: string | null;
  checkpoints: number;
}

interface EventLine {
  type: 'event';
  seq: number;
  prevHash: string;
  hash: string;
  body: string;
}

interface CheckpointLine {
  type: 'checkpoint';
  seq: number;
  headHash: string;
  statement: string;
  signature: string;
  publicKey: string;
}

/**
 * Checks an audit export offline, with nothing but the file: every link and hash, gaps,
 * every checkpoint's Ed25519 signature and that its head matches the chain, and that the
 * manifest agrees with the content. A partial export (not from sequence 1) is checked from
 * its first row's previous hash, which then has to be trusted.
 */
export async function verifyAuditExport(lines: AsyncIterable<string> | Iterable<string>): Promise<ExportVerification> {
  let manifest: ManifestLine | null = null;
  let verifier: ChainVerifier | null = null;
  let firstSeq: number | null = null;
  const heads = new Map<number, string>();
  const checkpoints: CheckpointLine[] = [];
  const manifestProblems: string[] = [];
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo += 1;
    if (!raw.trim()) continue;
    let line: { type?: string } & Record<string, unknown>;
    try {
      line = JSON.parse(raw) as typeof line;
    } catch {
      manifestProblems.push(`line ${lineNo} is not JSON`);
      continue;
    }
    if (line.type === 'manifest') manifest = line as unknown as ManifestLine;
    else if (line.type === 'checkpoint') checkpoints.push(line as unknown as CheckpointLine);
    else if (line.type === 'event') {
      const event = line as unknown as EventLine;
      if (!verifier) {
        firstSeq = event.seq;
        verifier = new ChainVerifier({ seq: event.seq - 1, hash: Buffer.from(event.prevHash, 'hex') });
      }
      if (verifier.push({ seq: event.seq, body: event.body, prevHash: Buffer.from(event.prevHash, 'hex'), hash: Buffer.from(event.hash, 'hex') })) {
        heads.set(event.seq, event.hash);
      }
    } else manifestProblems.push(`line ${lineNo} has an unknown type`);
  }
  const lastSeq = verifier && verifier.checked > 0 ? verifier.headSeq : null;
  if (!manifest) manifestProblems.push('the manifest line is missing');
  else if (verifier && !verifier.firstBreak) {
    if (manifest.firstSeq !== firstSeq) manifestProblems.push(`the manifest says the export starts at ${manifest.firstSeq}, the file at ${firstSeq}`);
    if (manifest.lastSeq !== lastSeq) manifestProblems.push(`the manifest says the export ends at ${manifest.lastSeq}, the file at ${lastSeq}: events were removed or added`);
    if (manifest.headHash !== verifier.headHash.toString('hex')) manifestProblems.push('the manifest head hash differs from the chain');
    if (manifest.checkpoints !== checkpoints.length) manifestProblems.push(`the manifest lists ${manifest.checkpoints} checkpoints, the file has ${checkpoints.length}`);
  }
  const problems: { seq: number; reason: string }[] = [];
  for (const cp of checkpoints) {
    if (!checkpointSignatureValid(cp.statement, cp.signature, cp.publicKey)) problems.push({ seq: cp.seq, reason: 'signature is invalid' });
    else if ((JSON.parse(cp.statement) as { seq: number; headHash: string }).headHash !== cp.headHash) problems.push({ seq: cp.seq, reason: 'differs from its signed statement' });
    else if (heads.has(cp.seq) && heads.get(cp.seq) !== cp.headHash) problems.push({ seq: cp.seq, reason: 'the chain head at this sequence differs from the signed one' });
    else if (!heads.has(cp.seq) && !verifier?.firstBreak) problems.push({ seq: cp.seq, reason: 'the signed sequence is missing from the export' });
  }
  const firstBreak = verifier?.firstBreak ?? null;
  return {
    ok: !firstBreak && problems.length === 0 && manifestProblems.length === 0,
    events: verifier?.checked ?? 0,
    firstSeq,
    lastSeq,
    complete: firstSeq === 1,
    firstBreak,
    checkpoints: { checked: checkpoints.length, problems },
    manifestProblems,
  };
}
