import type { Metadata } from 'next';
import { ForbiddenBody } from '@/app/_components/status-page';

export const metadata: Metadata = { title: 'Access denied' };

export default function Forbidden() {
  return (
    <main>
      <ForbiddenBody />
    </main>
  );
}
