import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-tremor-label font-semibold uppercase tracking-wider text-indigo-600">404 · Not found</p>
      <h1 className="mt-2 text-2xl font-semibold text-tremor-content-strong">There is nothing here</h1>
      <p className="mt-2 max-w-md text-tremor-default text-tremor-content">The page does not exist or you may not see it.</p>
      <Link href="/" className="btn-secondary mt-6">Back to overview</Link>
    </main>
  );
}
