import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-tremor-label font-semibold uppercase tracking-wider text-indigo-600">403 · Forbidden</p>
      <h1 className="mt-2 text-2xl font-semibold text-tremor-content-strong">You do not have access to this page</h1>
      <p className="mt-2 max-w-md text-tremor-default text-tremor-content">
        Your roles do not include the permission this page needs. Ask an administrator if you think that is wrong.
      </p>
      <Link href="/" className="btn-secondary mt-6">Back to overview</Link>
    </main>
  );
}
