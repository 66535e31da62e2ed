import { PageSkeleton } from '@/app/_components/page-skeleton';

// Below the model's tabs, which stay put: the next tab's charts and tables load here.
export default function ModelSectionLoading() {
  return <PageSkeleton label="model page" shape="dashboard" />;
}
