import type { Metadata } from 'next';
import { NotFoundBody } from '@/app/_components/status-page';

export const metadata: Metadata = { title: 'Not found' };

// Inside the portal's shell: the navigation stays, so there is a way on from a dead link.
export default function PortalNotFound() {
  return <NotFoundBody />;
}
