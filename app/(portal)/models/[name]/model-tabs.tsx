'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { path: '', label: 'Overview' },
  { path: '/dashboard', label: 'Dashboard' },
  { path: '/monitoring', label: 'Monitoring' },
  { path: '/shadow', label: 'Shadow evaluation' },
  { path: '/fairness', label: 'Fairness' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/deployments', label: 'Deployments' },
];

/** The sections of one model; the current one is marked for screen readers too. */
export function ModelTabs({ name }: { name: string }) {
  const pathname = usePathname();
  const base = `/models/${name}`;
  // Pages without a tab of their own sit under the tab that links to them: versions and
  // compare under Overview, a reference dataset under Monitoring.
  const active = (path: string) =>
    path === ''
      ? pathname === base || pathname.startsWith(`${base}/versions`) || pathname.startsWith(`${base}/compare`)
      : pathname.startsWith(base + path) || (path === '/monitoring' && pathname.startsWith(`${base}/reference/`));
  return (
    <nav aria-label="Model sections" className="mb-6 flex gap-1 overflow-x-auto border-b border-tremor-border">
      {TABS.map((tab) => (
        <Link
          key={tab.path}
          href={base + tab.path}
          aria-current={active(tab.path) ? 'page' : undefined}
          className="-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-tremor-default font-medium text-tremor-content hover:text-tremor-content-strong aria-[current=page]:border-indigo-600 aria-[current=page]:text-indigo-700"
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
