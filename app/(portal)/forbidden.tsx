import type { Metadata } from 'next';
import { ForbiddenBody } from '@/app/_components/status-page';

export const metadata: Metadata = { title: 'Access denied' };

// Inside the portal's shell: the navigation shows what the viewer may open instead.
export default function PortalForbidden() {
  return <ForbiddenBody />;
}
