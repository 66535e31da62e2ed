// Offline audit verification benchmark: `vigil audit verify` on an export of 1,000,000
// events. The export is synthesized in this process, not read from PostgreSQL: a valid
// chain built with the app's own body builder, hash and line encoders, a checkpoint signed
// every 10,000 events (100 checkpoints, about the worker's 5-minute ones over 8 hours), filtered by actor
// so every body is parsed to count matches, and a manifest signed with the same key. It is
// written to a temporary file, then verified from the file as the CLI does, pinned to the
// key, 3 times. Prints the median wall time beside the limit (10 s), the process's CPU time
// (what a quiet machine would take), and as a floor the time to read the file's lines
// without checking anything.
// Run: npm run bench:audit-verify   (BENCH_EVENTS changes the size)
import { sign } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '@/server/auth/actor';
import { buildAuditBody } from '@/server/audit/audit-body';
import { checkpointStatement } from '@/server/audit/checkpoint';
import { EXPORT_FORMAT, checkpointLine, eventLine, headerLine, manifestLine } from '@/server/audit/export-format';
import { chainHash, GENESIS_HASH } from '@/server/audit/hash-chain';
import { publicKeyFingerprint } from '@/server/audit/key-fingerprint';
import { generateSigningKey } from '@/server/audit/signing-key';
import { verifyAuditFile } from '@/server/cli/audit-commands';
import { fileLineBatches } from '@/server/cli/file-lines';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const CHECKPOINT_EVERY = 10_000;
const RUNS = 3;
const LIMIT_S = 10;

const key = generateSigningKey();
const filters = { actor: 'ann' };
const people = ['ann@bank.example', 'bob@bank.example', 'chen@bank.example', 'dana@bank.example', 'token:ci-deploy'];
const actors: Actor[] = people.map((label, i) => ({ type: 'user', id: `00000000-0000-4000-8000-00000000000${i}`, label, roles: ['maintainer'], origin: { ip: `10.1.2.${i + 3}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' } }));

function entry(i: number) {
  switch (i % 4) {
    case 0: return { action: 'model_version.registered', target: { type: 'model_version', id: `v-${i}`, label: `credit-risk v${i}` }, after: { status: 'registered', gitSha: (i * 2654435761).toString(16).padStart(40, '0').slice(0, 40), metrics: { auc: 0.81, accuracy: 0.77 } } };
    case 1: return { action: 'promotion.approved', target: { type: 'promotion_request', id: `p-${i}`, label: 'credit-risk v3 → production' }, details: { reviewer: people[i % 5], approvals: 2 } };
    case 2: return { action: 'user.roles_changed', target: { type: 'user', id: `u-${i % 97}`, label: `user${i % 97}@bank.example` }, before: { roles: ['viewer'] }, after: { roles: ['viewer', 'reviewer'] } };
    default: return { action: 'auth.signed_in', details: { method: 'password' } };
  }
}

/** A line writer that buffers about 1 MiB and honours backpressure. */
function lineWriter(file: string) {
  const out = createWriteStream(file);
  let buffer = '';
  return {
    async write(line: string) {
      buffer += `${line}\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    },
    async pipeFrom(other: string) {
      if (buffer) out.write(buffer);
      buffer = '';
      await pipeline(createReadStream(other), out, { end: false });
    },
    async close() {
      out.end(buffer);
      await once(out, 'finish');
    },
  };
}

async function writeExport(file: string): Promise<{ bytes: number; matching: number }> {
  const started = Date.parse('2026-01-01T00:00:00Z');
  const exportedAt = new Date().toISOString();
  // Checkpoint lines precede the events but sign heads known only after hashing: the events
  // go to a side file first, then header, checkpoints, events and manifest are joined.
  const eventsFile = `${file}.events`;
  const events = lineWriter(eventsFile);
  const checkpoints: string[] = [];
  const checkpointSeqs: number[] = [];
  let prev: Buffer = GENESIS_HASH;
  let matching = 0;
  for (let seq = 1; seq <= EVENTS; seq++) {
    const body = buildAuditBody(actors[seq % actors.length]!, entry(seq), new Date(started + seq * 1000));
    const hash = chainHash(prev, body);
    await events.write(eventLine({ seq, body, prevHash: prev, hash }));
    if (seq % actors.length === 0) matching += 1; // ann is actor 0
    if (seq % CHECKPOINT_EVERY === 0 || seq === EVENTS) {
      const statement = checkpointStatement({ keyId: key.keyId, seq, headHash: hash.toString('hex'), signedAt: exportedAt });
      checkpoints.push(checkpointLine({ seq, headHash: hash, statement, signature: sign(null, Buffer.from(statement), key.privateKey).toString('base64'), publicKey: key.publicKeyPem }));
      checkpointSeqs.push(seq);
    }
    prev = hash;
  }
  await events.close();
  const out = lineWriter(file);
  await out.write(headerLine(exportedAt, filters));
  for (const line of checkpoints) await out.write(line);
  await out.pipeFrom(eventsFile);
  rmSync(eventsFile);
  await out.write(
    manifestLine(
      { format: EXPORT_FORMAT, keyId: key.keyId, exportedAt, exportedBy: 'bench', filters, firstSeq: 1, lastSeq: EVENTS, startPrevHash: GENESIS_HASH.toString('hex'), headHash: prev.toString('hex'), events: EVENTS, matching, checkpoints: checkpointSeqs },
      key,
    ),
  );
  await out.close();
  return { bytes: statSync(file).size, matching };
}

async function readLinesOnly(file: string): Promise<number> {
  let n = 0;
  for await (const batch of fileLineBatches(file)) for (const line of batch) n += line.length > 0 ? 1 : 0;
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-audit-'));
try {
  const file = path.join(dir, 'export.jsonl');
  const built = performance.now();
  const { bytes, matching } = await writeExport(file);
  console.log(`export: ${EVENTS.toLocaleString('en-US')} events, ${Math.ceil(EVENTS / CHECKPOINT_EVERY)} checkpoints, ${(bytes / 2 ** 20).toFixed(0)} MiB, ${matching.toLocaleString('en-US')} matching actor=ann (built in ${((performance.now() - built) / 1000).toFixed(1)} s)`);
  const pin = [publicKeyFingerprint(key.publicKeyPem)];
  const times: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const report = await verifyAuditFile(file, pin);
    times.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1e6);
    if (!report.ok || report.events !== EVENTS || report.matching !== matching) throw new Error(`the benchmark export did not verify: ${JSON.stringify({ ...report, signers: undefined })}`);
  }
  const floors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await readLinesOnly(file);
    floors.push((performance.now() - started) / 1000);
  }
  const result = median(times);
  console.log(`verify (pinned, every hash, signature, match count): median ${result.toFixed(2)} s of ${RUNS} (${times.map((t) => t.toFixed(2)).join(', ')}) — limit ${LIMIT_S} s ${result < LIMIT_S ? '✓' : '✗'}`);
  console.log(`  CPU time of this process: median ${median(cpu).toFixed(2)} s (wall time beyond it is other processes on the machine); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`);
  console.log(`floor (read the lines, check nothing): median ${median(floors).toFixed(2)} s`);
  if (result >= LIMIT_S) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
