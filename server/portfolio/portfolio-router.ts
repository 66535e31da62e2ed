import { authorized, router } from '@/server/trpc/init';
import { portfolioOverview } from './portfolio-overview';

export const portfolioRouter = router({
  /** Every model's serving versions, health with reasons, traffic, performance, alerts, pending promotions and last deployment, with the counts → `PortfolioOverview`. */
  overview: authorized('models:read').query(({ ctx }) => portfolioOverview(ctx.database)),
});
