import { PageSkeleton } from '@/app/_components/page-skeleton';

export default function PromotionsLoading() {
  return <PageSkeleton label="promotions" shape="review" />;
}
