import { isDeepStrictEqual } from 'node:util';
import type { AuditSearch } from './audit-schemas';
import { bodyMatcher } from './audit-search';
import { signedStatementValid } from './checkpoint';
import { EXPORT_FORMAT, type CheckpointLine, type EventLine, type HeaderLine, type ManifestLine, type ManifestStatement } from './export-format';
import { ChainVerifier, type ChainBreak } from './hash-chain';
import { publicKeyFingerprint } from './key-fingerprint';

export interface ExportVerification {
  /** Everything holds and every signature is by a pinned key: the file is what Vigil exported. */
  ok: boolean;
  /** Everything holds, whoever signed it. Without a pin this is all that can be proved. */
  consistent: boolean;
  /** Whether the caller pinned a key (--fingerprint / --public-key). */
  pinned: boolean;
  /** Fingerprints of the keys that signed checkpoints or the manifest in this file. */
  signers: string[];
  events: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** How the first event is anchored: the genesis hash, or a signed checkpoint just before it. */
  anchor: 'genesis' | 'checkpoint' | null;
  filters: AuditSearch | null;
  /** Events in the range matching the signed filters, counted from the verified bodies. */
  matching: number;
  exportedAt: string | null;
  exportedBy: string | null;
  firstBreak: ChainBreak | null;
  checkpoints: { checked: number; problems: { seq: number; reason: string }[] };
  /** Structure, anchoring, manifest and pinning problems, in plain words. */
  problems: string[];
}

interface Parsed {
  type?: unknown;
}

const MAX_PROBLEMS = 50;

/**
 * Checks an audit export offline. Integrity: every link and hash, gaps, every checkpoint's
 * Ed25519 signature and that its signed head matches the chain, that the first event chains
 * to the genesis hash or to a signed checkpoint, that a signed checkpoint covers the last
 * event, and that the signed manifest (the last line) agrees with everything in the file.
 * Origin: only a pinned key proves who signed; keys inside the file prove nothing, since a
 * forger can re-sign a recomputed chain with a key of their own.
 *
 * Fed line by line, synchronously, in constant memory (the checkpoints aside).
 */
export class ExportVerifier {
  private readonly problems: string[] = [];
  private readonly cpProblems: { seq: number; reason: string }[] = [];
  private readonly signers = new Set<string>();
  private header: HeaderLine | null = null;
  private manifest: ManifestLine | null = null;
  private readonly checkpoints = new Map<number, { headHash: string; matched: boolean }>();
  private readonly checkpointOrder: number[] = [];
  private checked = 0;
  private chain: ChainVerifier | null = null;
  private firstSeq: number | null = null;
  private firstPrevHash: string | null = null;
  private anchor: ExportVerification['anchor'] = null;
  private matches: ((body: string) => boolean) | null = null;
  private matching = 0;
  private lineNo = 0;
  private seenContent = false;
  private unsupported = false;

  constructor(private readonly pinnedFingerprints: readonly string[] = []) {}

  private problem(text: string) {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(text);
  }

  private signedBy(pem: string) {
    try {
      this.signers.add(publicKeyFingerprint(pem));
    } catch {
      // Not a key: its signature fails on its own.
    }
  }

  line(raw: string): void {
    this.lineNo += 1;
    if (this.unsupported || !raw.trim()) return;
    let line: Parsed;
    try {
      line = JSON.parse(raw) as Parsed;
    } catch {
      this.problem(`line ${this.lineNo} is not JSON (cut or edited)`);
      return;
    }
    if (this.manifest) this.problem(`line ${this.lineNo} comes after the signed manifest, which must be the last line`);
    const first = !this.seenContent;
    this.seenContent = true;
    if (first && line.type === 'manifest' && !('statement' in line)) {
      this.problem('this export is in the old format (an unsigned manifest first), which proves nothing about its origin or its ends: export it again');
      this.unsupported = true;
      return;
    }
    if (line.type === 'event') this.event(line as EventLine);
    else if (line.type === 'checkpoint') this.checkpoint(line as CheckpointLine);
    else if (line.type === 'header') {
      if (!first) this.problem(`line ${this.lineNo}: the header must be the first line`);
      this.header = line as HeaderLine;
      if (this.header.format !== EXPORT_FORMAT) this.problem(`the file is in format ${String(this.header.format)}, not ${EXPORT_FORMAT}: export it again with this version`);
      this.matches = bodyMatcher(this.header.filters ?? {});
    } else if (line.type === 'manifest') {
      this.manifest = line as ManifestLine;
      this.signedBy(String(this.manifest.publicKey));
    } else this.problem(`line ${this.lineNo} has an unknown type`);
  }

  private checkpoint(cp: CheckpointLine) {
    this.checked += 1;
    if (this.chain) this.problem(`line ${this.lineNo}: checkpoint ${cp.seq} comes after the events; checkpoints precede them`);
    this.signedBy(String(cp.publicKey));
    const reason = checkpointProblem(cp);
    if (reason) this.cpProblems.push({ seq: Number(cp.seq), reason });
    else if (this.checkpoints.has(cp.seq)) this.cpProblems.push({ seq: cp.seq, reason: 'appears twice' });
    else {
      this.checkpoints.set(cp.seq, { headHash: cp.headHash, matched: false });
      this.checkpointOrder.push(cp.seq);
    }
  }

  private event(event: EventLine) {
    if (typeof event.seq !== 'number' || typeof event.body !== 'string' || typeof event.prevHash !== 'string' || typeof event.hash !== 'string') {
      this.problem(`line ${this.lineNo} is not a well-formed event`);
      return;
    }
    this.chain ??= this.start(event);
    if (!this.chain.push({ seq: event.seq, body: event.body, prevHash: Buffer.from(event.prevHash, 'hex'), hash: Buffer.from(event.hash, 'hex') })) return;
    const signed = this.checkpoints.get(event.seq);
    if (signed) {
      if (signed.headHash === event.hash) signed.matched = true;
      else this.cpProblems.push({ seq: event.seq, reason: 'the chain head at this sequence differs from the signed one' });
    }
    if (!this.matches || this.matches(event.body)) this.matching += 1;
  }

  /** The chain starts at the genesis hash or at the signed checkpoint just before the first event. */
  private start(event: EventLine): ChainVerifier {
    this.firstSeq = event.seq;
    this.firstPrevHash = event.prevHash;
    if (event.seq === 1) {
      this.anchor = 'genesis';
      return new ChainVerifier();
    }
    const before = this.checkpoints.get(event.seq - 1);
    if (before) {
      this.anchor = 'checkpoint';
      before.matched = true;
      return new ChainVerifier({ seq: event.seq - 1, hash: Buffer.from(before.headHash, 'hex') });
    }
    this.problem(`the first event (sequence ${event.seq}) is not anchored: there is no signed checkpoint at sequence ${event.seq - 1} for it to chain to, so events before it may have been cut`);
    return new ChainVerifier({ seq: event.seq - 1, hash: Buffer.from(event.prevHash, 'hex') });
  }

  result(): ExportVerification {
    const { chain, checkpoints, firstSeq, header } = this;
    const firstBreak = chain?.firstBreak ?? null;
    const events = chain?.checked ?? 0;
    const lastSeq = chain && events > 0 ? chain.headSeq : null;
    if (!header && !this.unsupported) this.problem('the header line is missing');

    // Both ends anchored: a signed head at the last event; the start was judged at the first event.
    if (chain && !firstBreak && lastSeq !== null && !checkpoints.get(lastSeq)?.matched) {
      this.problem(`no signed checkpoint covers the last event (sequence ${lastSeq}), so events after it may have been cut`);
    }
    for (const seq of this.checkpointOrder) {
      if (checkpoints.get(seq)!.matched || firstBreak) continue;
      this.cpProblems.push({ seq, reason: firstSeq === null || seq < firstSeq - 1 || seq > (lastSeq ?? 0) ? 'lies outside the exported range' : 'was not reached by the chain' });
    }

    const statement = this.unsupported ? null : manifestStatement(this.manifest, (text) => this.problem(text));
    if (statement) {
      const expect = <K extends keyof ManifestStatement>(field: K, actual: ManifestStatement[K], what: string) => {
        if (!isDeepStrictEqual(statement[field], actual)) this.problem(`the signed manifest says ${what} ${JSON.stringify(statement[field])}, the file has ${JSON.stringify(actual)}`);
      };
      if (statement.format !== EXPORT_FORMAT) this.problem(`the signed manifest is for format ${String(statement.format)}`);
      expect('firstSeq', firstSeq, 'the export starts at');
      expect('lastSeq', lastSeq, 'the export ends at');
      expect('events', events, 'the number of events is');
      expect('startPrevHash', this.firstPrevHash, 'the first previous hash is');
      expect('headHash', chain && events > 0 ? chain.headHash.toString('hex') : null, 'the head hash is');
      expect('checkpoints', this.checkpointOrder, 'the checkpoints are');
      if (header) {
        expect('filters', header.filters, 'the filters are');
        expect('exportedAt', header.exportedAt, 'it was exported at');
        expect('matching', this.matching, 'the number of events matching the filters is');
      }
    }

    const pins = new Set(this.pinnedFingerprints.map((f) => f.toLowerCase()));
    for (const signer of this.signers) {
      if (pins.size > 0 && !pins.has(signer)) this.problem(`signed by key ${signer}, which is not pinned: not Vigil's signature`);
    }
    const consistent = !firstBreak && this.cpProblems.length === 0 && this.problems.length === 0;
    return {
      ok: consistent && pins.size > 0,
      consistent,
      pinned: pins.size > 0,
      signers: [...this.signers],
      events,
      firstSeq,
      lastSeq,
      anchor: this.anchor,
      filters: statement?.filters ?? null,
      matching: this.matching,
      exportedAt: statement?.exportedAt ?? null,
      exportedBy: statement?.exportedBy ?? null,
      firstBreak,
      checkpoints: { checked: this.checked, problems: this.cpProblems },
      problems: this.problems,
    };
  }
}

/** Verifies an export given as lines, or as batches of lines (a file reader's chunks). */
export async function verifyAuditExport(lines: AsyncIterable<string | string[]> | Iterable<string | string[]>, pinnedFingerprints: readonly string[] = []): Promise<ExportVerification> {
  const verifier = new ExportVerifier(pinnedFingerprints);
  for await (const item of lines) {
    if (typeof item === 'string') verifier.line(item);
    else for (const line of item) verifier.line(line);
  }
  return verifier.result();
}

/** Why a checkpoint line cannot be trusted as it stands, or null. */
function checkpointProblem(cp: CheckpointLine): string | null {
  if (typeof cp.seq !== 'number' || typeof cp.statement !== 'string' || typeof cp.signature !== 'string' || typeof cp.publicKey !== 'string') return 'is not well-formed';
  if (!signedStatementValid(cp.statement, cp.signature, cp.publicKey)) return 'signature is invalid';
  let signed: { seq?: unknown; headHash?: unknown };
  try {
    signed = JSON.parse(cp.statement) as typeof signed;
  } catch {
    return 'its signed statement is not JSON';
  }
  if (signed.seq !== cp.seq || signed.headHash !== cp.headHash) return 'differs from its signed statement';
  return null;
}

/** The manifest's signed statement, or null with the reason recorded. */
function manifestStatement(manifest: ManifestLine | null, problem: (text: string) => void): ManifestStatement | null {
  if (!manifest) {
    problem('the signed manifest (the last line) is missing: the file was cut short');
    return null;
  }
  if (typeof manifest.statement !== 'string' || !signedStatementValid(manifest.statement, String(manifest.signature), String(manifest.publicKey))) {
    problem('the manifest signature is invalid');
    return null;
  }
  try {
    return JSON.parse(manifest.statement) as ManifestStatement;
  } catch {
    problem('the signed manifest is not JSON');
    return null;
  }
}
