import { eq, inArray } from 'drizzle-orm';
import type { Database, Tx } from '@/db/client';
import { kpiDefinitions, kpiPoints, registeredModels } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { enqueue } from '@/server/jobs/enqueue';
import {
  MAX_KPI_POINTS_PER_BATCH,
  MAX_REPORTED_PROBLEMS,
  namesInBatch,
  samePoint,
  validateKpiPoints,
  type KnownKpi,
  type KpiPointProblem,
  type KpiPointRow,
} from './kpi-point-validation';

// Storing a batch of KPI points: validated whole, stored whole or not at all, and
// idempotent on the client's ids (a replayed point is counted, not stored twice).

// 8 columns per row keeps each INSERT well under PostgreSQL's 65,535 bind parameters.
const INSERT_CHUNK = 2_000;

export interface KpiIngestResult {
  received: number;
  inserted: number;
  /** Points already stored with the same id and the same content. */
  duplicates: number;
}

function refuse(code: 'bad_request' | 'conflict', problems: KpiPointProblem[], what: string): never {
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length > shown.length ? `; the first ${shown.length} are listed` : '';
  throw new AppError(code, `${problems.length} point(s) ${what}; nothing was stored${more}.`, shown);
}

async function lookups(tx: Tx, points: readonly unknown[]) {
  const names = namesInBatch(points);
  const kpis = new Map<string, KnownKpi>();
  if (names.kpis.length > 0) {
    const rows = await tx
      .select({ id: kpiDefinitions.id, name: kpiDefinitions.name, aggregation: kpiDefinitions.aggregation, modelId: kpiDefinitions.modelId, modelName: registeredModels.name })
      .from(kpiDefinitions)
      .leftJoin(registeredModels, eq(registeredModels.id, kpiDefinitions.modelId))
      .where(inArray(kpiDefinitions.name, names.kpis))
      // A definition cannot change meaning (aggregation, model) while its points go in.
      .for('share', { of: kpiDefinitions });
    for (const row of rows) kpis.set(row.name, row);
  }
  const models = new Map<string, string>();
  if (names.models.length > 0) {
    for (const row of await tx.select({ id: registeredModels.id, name: registeredModels.name }).from(registeredModels).where(inArray(registeredModels.name, names.models))) models.set(row.name, row.id);
  }
  return { kpis, models };
}

async function insertNew(tx: Tx, rows: KpiPointRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const stored = await tx
      .insert(kpiPoints)
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflictDoNothing({ target: kpiPoints.id })
      .returning({ id: kpiPoints.id });
    for (const { id } of stored) inserted.add(id);
  }
  return inserted;
}

/** Replays must say what was stored; a different point under a stored id refuses the batch. */
async function checkReplays(tx: Tx, rows: KpiPointRow[], inserted: Set<string>, indexOf: Map<string, number>): Promise<void> {
  const replayed = rows.filter((r) => !inserted.has(r.id));
  const conflicts: KpiPointProblem[] = [];
  for (let i = 0; i < replayed.length; i += INSERT_CHUNK) {
    const chunk = replayed.slice(i, i + INSERT_CHUNK);
    const stored = new Map((await tx.select().from(kpiPoints).where(inArray(kpiPoints.id, chunk.map((r) => r.id)))).map((r) => [r.id, r]));
    for (const sent of chunk) {
      const existing = stored.get(sent.id);
      if (existing && !samePoint(existing, sent)) {
        conflicts.push({ index: indexOf.get(sent.id)!, field: 'id', message: `id '${sent.id}' is already stored with different content (${existing.time.toISOString()}, value ${existing.value ?? `${existing.numerator}/${existing.denominator}`}); ids must not be reused` });
      }
    }
  }
  if (conflicts.length > 0) refuse('conflict', conflicts.sort((a, b) => a.index - b.index), 'reuse an id stored with different content');
}

/**
 * Validates and stores a batch of 1–10,000 points in one transaction. Refusals carry every
 * point's problem (400), or every reused id (409); either way nothing is stored.
 */
export async function ingestKpiPoints(database: Database, actor: Actor, points: readonly unknown[], now = new Date()): Promise<KpiIngestResult> {
  if (points.length === 0) throw new AppError('bad_request', 'Send at least one point.');
  if (points.length > MAX_KPI_POINTS_PER_BATCH) throw new AppError('payload_too_large', `At most ${MAX_KPI_POINTS_PER_BATCH.toLocaleString('en-US')} points per batch; got ${points.length.toLocaleString('en-US')}. Split the batch.`);
  return database.transaction(async (tx) => {
    const { rows, problems } = validateKpiPoints(points, { ...(await lookups(tx, points)), now });
    if (problems.length > 0) refuse('bad_request', problems, 'are invalid');
    const inserted = await insertNew(tx, rows);
    await checkReplays(tx, rows, inserted, new Map(rows.map((r, i) => [r.id, i])));
    if (inserted.size > 0) {
      const kpiIds = [...new Set(rows.filter((r) => inserted.has(r.id)).map((r) => r.kpiId))];
      const names = await tx.select({ name: kpiDefinitions.name }).from(kpiDefinitions).where(inArray(kpiDefinitions.id, kpiIds));
      await recordAudit(tx, actor, { action: 'kpi_points.ingested', details: { received: rows.length, inserted: inserted.size, kpis: names.map((n) => n.name).sort() } });
      await enqueue(tx, 'kpiAlerts', {});
    }
    return { received: rows.length, inserted: inserted.size, duplicates: rows.length - inserted.size };
  });
}
