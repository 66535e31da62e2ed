import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { verifyAuditExport, type ExportVerification } from '@/server/audit/verify-export';
import { ApiError } from './api-client';

/** Streams `GET /api/v1/audit/export` into a file (needs a token with audit:read). */
export async function exportAudit(baseUrl: string, token: string, file: string, range: { from?: string; to?: string }): Promise<void> {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/api/v1/audit/export`);
  if (range.from) url.searchParams.set('from', range.from);
  if (range.to) url.searchParams.set('to', range.to);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch((error: Error) => {
    throw new ApiError(0, 'unreachable', `Cannot reach Vigil at ${baseUrl}: ${error.message}`);
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, body.code ?? 'error', body.message ?? response.statusText);
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(file));
}

/** Verifies an export file offline: nothing but the file is read. */
export async function verifyAuditFile(file: string): Promise<ExportVerification> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  return verifyAuditExport(lines);
}

export function describeVerification(report: ExportVerification): string {
  const lines = [
    report.ok ? 'Audit export verified.' : 'Audit export FAILED verification.',
    `  events: ${report.events} (sequence ${report.firstSeq ?? '–'} to ${report.lastSeq ?? '–'})${report.complete ? ', anchored at the genesis hash' : ', partial: its first previous hash is trusted'}`,
    `  signed checkpoints: ${report.checkpoints.checked} checked`,
  ];
  if (report.firstBreak) lines.push(`  first break at sequence ${report.firstBreak.seq}: ${report.firstBreak.reason}`);
  for (const p of report.checkpoints.problems) lines.push(`  checkpoint ${p.seq}: ${p.reason}`);
  for (const p of report.manifestProblems) lines.push(`  manifest: ${p}`);
  return lines.join('\n');
}
