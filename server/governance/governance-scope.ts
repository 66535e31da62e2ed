import { sql, type SQL } from 'drizzle-orm';
import { configuredEnvironments } from '@/server/approvals/environments';

// What every governance figure is computed over: one model or all, and a period of whole
// UTC calendar months ending with the current one.

export interface GovernanceScope {
  /** null: the whole portfolio. */
  modelId: string | null;
  /** Start of the first month (UTC). */
  from: Date;
  now: Date;
  /** The last environment in promotion order: where "lead time to production" ends. */
  production: string;
}

export function startOfMonthsAgo(now: Date, months: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
}

export function governanceScope(modelId: string | null, months: number, now = new Date()): GovernanceScope {
  return { modelId, from: startOfMonthsAgo(now, months), now, production: configuredEnvironments().at(-1)! };
}

/** `column = model` when the scope is one model, else no condition. */
export function modelCondition(scope: GovernanceScope, column: SQL): SQL {
  return scope.modelId === null ? sql`true` : sql`${column} = ${scope.modelId}`;
}

/** `column` within the scope's period. */
export function periodCondition(scope: GovernanceScope, column: SQL): SQL {
  return sql`${column} >= ${scope.from.toISOString()}::timestamptz and ${column} < ${scope.now.toISOString()}::timestamptz`;
}
