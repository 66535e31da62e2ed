'use client';

import { ErrorView } from '@/app/_components/error-view';
import './globals.css';

// The root layout itself failed: this replaces it, document and styles included.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <main>
          <ErrorView error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
