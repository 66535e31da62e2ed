import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { parseFingerprint, publicKeyFingerprint } from '@/server/audit/key-fingerprint';
import { verifyAuditExport, type ExportVerification } from '@/server/audit/verify-export';
import { ApiError } from './api-client';
import { fileLineBatches } from './file-lines';

export const AUDIT_USAGE = `  vigil audit export --out FILE [--format jsonl|csv] [--from ISO-TIME] [--to ISO-TIME] [--actor TEXT]
                    [--action NAME] [--target-type TYPE] [--target-id ID]             (token with audit:read)
  vigil audit verify FILE (--fingerprint HEX | --public-key PEM-FILE)...             (offline: reads only the file)
                    exit 0 verified and signed by a pinned key, 1 failed, 3 consistent but no key pinned`;

/** Exit code when an export is internally consistent but no key was pinned: not proof of origin. */
export const EXIT_UNPINNED = 3;

export class AuditUsageError extends Error {}

export interface ExportOptions {
  format?: string;
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** Streams `GET /api/v1/audit/export` into a file (needs a token with audit:read). */
export async function exportAudit(baseUrl: string, token: string, file: string, options: ExportOptions): Promise<void> {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/api/v1/audit/export`);
  for (const [key, value] of Object.entries(options)) if (value) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((error: Error) => {
    throw new ApiError(0, 'unreachable', `Cannot reach Vigil at ${baseUrl}: ${error.message}`);
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, body.code ?? 'error', body.message ?? response.statusText);
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(file));
}

/** Verifies an export file offline: nothing but the file and the pinned keys are read. */
export async function verifyAuditFile(file: string, pinnedFingerprints: readonly string[] = []): Promise<ExportVerification> {
  return verifyAuditExport(fileLineBatches(file), pinnedFingerprints);
}

export function describeVerification(report: ExportVerification): string {
  const range = `${report.events} (sequence ${report.firstSeq ?? '–'} to ${report.lastSeq ?? '–'})`;
  const anchor = report.anchor === 'genesis' ? ', anchored at the genesis hash' : report.anchor === 'checkpoint' ? ', anchored at a signed checkpoint' : '';
  const lines = [
    report.ok
      ? 'Audit export verified: intact, and signed by the pinned key.'
      : report.consistent
        ? 'UNPINNED: the export is internally consistent, which proves nothing about who made it. Anyone can rebuild a consistent file with a key of their own; pin Vigil\'s key with --fingerprint HEX (from the audit page or GET /api/v1/audit/public-key) or --public-key FILE.'
        : 'Audit export FAILED verification.',
    `  events: ${range}${anchor}`,
    `  matching the filters ${JSON.stringify(report.filters ?? {})}: ${report.matching}`,
    `  signed checkpoints: ${report.checkpoints.checked} checked`,
    `  signed by: ${report.signers.join(', ') || '(no signature)'}`,
  ];
  if (report.exportedAt) lines.push(`  exported at ${report.exportedAt} by ${report.exportedBy}`);
  if (report.firstBreak) lines.push(`  first break at sequence ${report.firstBreak.seq}: ${report.firstBreak.reason}`);
  for (const p of report.checkpoints.problems) lines.push(`  checkpoint ${p.seq}: ${p.reason}`);
  for (const p of report.problems) lines.push(`  problem: ${p}`);
  return lines.join('\n');
}

function pinsFrom(fingerprints: string[], publicKeyFiles: string[]): string[] {
  const pins = fingerprints.map((text) => {
    const hex = parseFingerprint(text);
    if (!hex) throw new AuditUsageError(`--fingerprint must be 64 hex digits (SHA-256 of the raw Ed25519 key), not '${text}'.`);
    return hex;
  });
  for (const file of publicKeyFiles) {
    try {
      pins.push(publicKeyFingerprint(readFileSync(file, 'utf8')));
    } catch (error) {
      throw new AuditUsageError(`--public-key ${file}: not an Ed25519 public key in PEM (${(error as Error).message}).`);
    }
  }
  return pins;
}

/** `vigil audit export|verify …`; returns the exit code. */
export async function auditCommand(command: string | undefined, args: string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  if (command === 'verify') {
    const { values, positionals } = parseArgs({
      args,
      options: { file: { type: 'string' }, fingerprint: { type: 'string', multiple: true }, 'public-key': { type: 'string', multiple: true } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > (values.file ? 0 : 1)) throw new AuditUsageError('Give one export file.');
    const file = values.file ?? positionals[0];
    if (!file) throw new AuditUsageError('Missing the export file.');
    const report = await verifyAuditFile(file, pinsFrom(values.fingerprint ?? [], values['public-key'] ?? []));
    out(describeVerification(report));
    return report.ok ? 0 : report.consistent ? EXIT_UNPINNED : 1;
  }
  if (command === 'export') {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string' }, format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, actor: { type: 'string' },
        action: { type: 'string' }, 'target-type': { type: 'string' }, 'target-id': { type: 'string' },
      },
      strict: true,
    });
    if (!values.out) throw new AuditUsageError('Missing --out.');
    if (values.format && !['jsonl', 'csv'].includes(values.format)) throw new AuditUsageError(`--format must be jsonl or csv, not '${values.format}'.`);
    const url = env.VIGIL_URL;
    const token = env.VIGIL_TOKEN;
    if (!url || !token) throw new AuditUsageError(`Missing ${url ? 'VIGIL_TOKEN' : 'VIGIL_URL'}.`);
    await exportAudit(url, token, values.out, {
      format: values.format, from: values.from, to: values.to, actor: values.actor, action: values.action, targetType: values['target-type'], targetId: values['target-id'],
    });
    out(
      values.format === 'csv'
        ? `Audit log exported to ${values.out} (CSV, for spreadsheets; export JSON Lines to verify).`
        : `Audit log exported to ${values.out}; check it any time with: vigil audit verify ${values.out} --fingerprint <fingerprint from the audit page>`,
    );
    return 0;
  }
  throw new AuditUsageError(`Unknown command: audit ${command ?? ''}`.trim());
}
