import { authorized, router } from '@/server/trpc/init';
import { auditPageSchema } from './audit-schemas';
import { listAuditEvents } from './list-events';
import { listCheckpoints } from './list-checkpoints';
import { publicSigningKey } from './server-signing-key';
import { targetLinks } from './target-links';
import { verifyAuditLog } from './verify-log';

export const auditRouter = router({
  list: authorized('audit:read')
    .input(auditPageSchema)
    .query(async ({ ctx, input }) => {
      const page = await listAuditEvents(ctx.database, input);
      const links = await targetLinks(ctx.database, page.events);
      return { ...page, events: page.events.map((event) => ({ ...event, link: links.get(event.seq) ?? null })) };
    }),
  verify: authorized('audit:read').query(({ ctx }) => verifyAuditLog(ctx.database)),
  checkpoints: authorized('audit:read').query(({ ctx }) => listCheckpoints(ctx.database, 20)),
  /** The key that signs checkpoints and exports, with the fingerprint auditors pin. */
  signingKey: authorized('audit:read').query(() => publicSigningKey()),
});
