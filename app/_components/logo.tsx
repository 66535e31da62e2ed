export function Logo({ className = '' }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold text-tremor-content-strong ${className}`}>
      <svg viewBox="0 0 32 32" className="h-7 w-7" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="fill-indigo-600" />
        <path d="M5 16c3-5.5 6.8-8 11-8s8 2.5 11 8c-3 5.5-6.8 8-11 8s-8-2.5-11-8Z" fill="none" stroke="white" strokeWidth="2" />
        <circle cx="16" cy="16" r="3.5" fill="white" />
      </svg>
      <span className="text-lg tracking-tight">Vigil</span>
    </span>
  );
}
