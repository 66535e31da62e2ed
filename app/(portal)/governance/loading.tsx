import { PageSkeleton } from '@/app/_components/page-skeleton';

export default function GovernanceLoading() {
  return <PageSkeleton label="governance" shape="dashboard" />;
}
