import { authorized, router } from '@/server/trpc/init';
import { auditFilterSchema } from './audit-schemas';
import { listAuditEvents } from './list-events';
import { verifyAuditLog } from './verify-log';
import { listCheckpoints } from './list-checkpoints';

export const auditRouter = router({
  list: authorized('audit:read')
    .input(auditFilterSchema)
    .query(({ ctx, input }) => listAuditEvents(ctx.database, input)),
  verify: authorized('audit:read').query(({ ctx }) => verifyAuditLog(ctx.database)),
  checkpoints: authorized('audit:read').query(({ ctx }) => listCheckpoints(ctx.database, 20)),
});
