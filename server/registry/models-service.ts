import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Executor } from '@/db/client';
import { modelCardRevisions, registeredModels, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { normalizeEmail } from '@/server/users/user-queries';
import type { createModelSchema, modelCardSchema, updateCardSchema } from './model-schemas';

const EMPTY_CARD: z.infer<typeof modelCardSchema> = { intendedUse: '', limitations: '', trainingData: '', ethicalConsiderations: '', decisions: '' };

export async function requireModel(executor: Executor, name: string) {
  const [model] = await executor.select().from(registeredModels).where(eq(registeredModels.name, name));
  if (!model) throw new AppError('not_found', `No model named '${name}'.`);
  return model;
}

async function resolveOwner(executor: Executor, actor: Actor, ownerEmail: string | undefined): Promise<string | null> {
  if (!ownerEmail) return actor.type === 'user' ? actor.id : null;
  const [owner] = await executor.select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(ownerEmail)));
  if (!owner) throw new AppError('unprocessable', `No user with the email ${ownerEmail} to own this model.`);
  return owner.id;
}

export async function createModel(database: Database, actor: Actor, input: z.infer<typeof createModelSchema>) {
  return database.transaction(async (tx) => {
    const ownerId = await resolveOwner(tx, actor, input.ownerEmail);
    const [model] = await tx
      .insert(registeredModels)
      .values({
        name: input.name,
        description: input.description,
        taskType: input.taskType,
        ownerId,
        tags: [...new Set(input.tags)].sort(),
        repository: input.repository ?? null,
        features: input.features,
        label: input.label,
        protectedAttributes: input.protectedAttributes,
      })
      .onConflictDoNothing()
      .returning();
    if (!model) throw new AppError('conflict', `A model named '${input.name}' already exists.`);
    const card = { ...EMPTY_CARD, ...input.card };
    await tx.insert(modelCardRevisions).values({ modelId: model.id, revision: 1, content: card, editedBy: actor.label });
    await recordAudit(tx, actor, {
      action: 'model.registered',
      target: { type: 'model', id: model.id, label: model.name },
      after: { name: model.name, taskType: model.taskType, tags: model.tags, repository: model.repository, features: model.features.map((f) => f.name), label: model.label.name, protectedAttributes: model.protectedAttributes },
    });
    return model;
  });
}

export async function updateModelCard(database: Database, actor: Actor, input: z.infer<typeof updateCardSchema>) {
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.model);
    // Serialise concurrent edits of one card so revision numbers never collide.
    await tx.execute(sql`select id from registered_models where id = ${model.id} for update`);
    const [current] = await tx
      .select()
      .from(modelCardRevisions)
      .where(eq(modelCardRevisions.modelId, model.id))
      .orderBy(desc(modelCardRevisions.revision))
      .limit(1);
    const changed = Object.fromEntries(
      (Object.keys(input.card) as (keyof typeof input.card)[])
        .filter((k) => current?.content[k] !== input.card[k])
        .map((k) => [k, { before: current?.content[k] ?? '', after: input.card[k] }]),
    );
    if (Object.keys(changed).length === 0) return { revision: current?.revision ?? 0, changed: [] as string[] };
    const revision = (current?.revision ?? 0) + 1;
    await tx.insert(modelCardRevisions).values({ modelId: model.id, revision, content: input.card, editedBy: actor.label });
    await tx.update(registeredModels).set({ updatedAt: new Date() }).where(eq(registeredModels.id, model.id));
    await recordAudit(tx, actor, {
      action: 'model.card_edited',
      target: { type: 'model', id: model.id, label: model.name },
      details: { revision, sections: changed },
    });
    return { revision, changed: Object.keys(changed) };
  });
}

export async function currentCard(executor: Executor, modelId: string) {
  const [row] = await executor
    .select()
    .from(modelCardRevisions)
    .where(eq(modelCardRevisions.modelId, modelId))
    .orderBy(desc(modelCardRevisions.revision))
    .limit(1);
  return row ?? null;
}

