import { PageSkeleton } from '@/app/_components/page-skeleton';

export default function KpisLoading() {
  return <PageSkeleton label="business KPIs" shape="dashboard" />;
}
