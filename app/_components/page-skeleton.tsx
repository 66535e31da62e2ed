// What a section shows while its next page loads (loading.tsx): the page's rough shape, so
// a click visibly did something. Announced once to screen readers; still without motion for
// those who ask for reduced motion.

const bar = 'rounded-tremor-small bg-tremor-background-subtle motion-safe:animate-pulse';

function Cards({ count }: { count: number }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
          <div className={`h-3 w-24 ${bar}`} />
          <div className={`mt-3 h-7 w-32 ${bar}`} />
        </div>
      ))}
    </div>
  );
}

function Rows({ count }: { count: number }) {
  return (
    <div className="divide-y divide-tremor-border rounded-tremor-default border border-tremor-border bg-white shadow-tremor-card">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="flex gap-4 px-4 py-3">
          <div className={`h-4 w-1/4 ${bar}`} />
          <div className={`h-4 w-1/3 ${bar}`} />
          <div className={`h-4 flex-1 ${bar}`} />
        </div>
      ))}
    </div>
  );
}

function Chart() {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <div className={`h-4 w-40 ${bar}`} />
      <div className={`mt-4 h-56 w-full ${bar}`} />
    </div>
  );
}

export function PageSkeleton({ label, shape }: { label: string; shape: 'dashboard' | 'list' | 'review' }) {
  return (
    <div role="status" aria-label={`Loading ${label}`} className="space-y-6">
      <span className="sr-only">Loading {label}…</span>
      <div aria-hidden="true" className="space-y-6">
        <div>
          <div className={`h-7 w-64 ${bar}`} />
          <div className={`mt-2 h-4 w-96 max-w-full ${bar}`} />
        </div>
        {shape === 'dashboard' && (
          <>
            <Cards count={4} />
            <Chart />
          </>
        )}
        {shape === 'list' && <Rows count={8} />}
        {shape === 'review' && (
          <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <div className="space-y-6">
              <Rows count={5} />
              <Chart />
            </div>
            <Rows count={4} />
          </div>
        )}
      </div>
    </div>
  );
}
