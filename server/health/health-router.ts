import { authorized, router } from '@/server/trpc/init';
import { healthReport } from './health-report';

export const healthRouter = router({
  report: authorized('system:read').query(({ ctx }) => healthReport(ctx.database)),
});
