'use client';

import { ErrorView } from '@/app/_components/error-view';

// A page of the portal that failed: the message sits inside the shell, so navigation stays.
export default function PortalError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} />;
}
