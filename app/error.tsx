'use client';

import { ErrorView } from '@/app/_components/error-view';

// Pages outside the portal's shell (sign-in, password change) that failed.
export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main>
      <ErrorView error={error} retry={retry} />
    </main>
  );
}
