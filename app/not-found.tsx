import type { Metadata } from 'next';
import { NotFoundBody } from '@/app/_components/status-page';

export const metadata: Metadata = { title: 'Not found' };

// Addresses no route matches; a portal page that finds nothing answers inside the portal instead.
export default function NotFound() {
  return (
    <main>
      <NotFoundBody />
    </main>
  );
}
