'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { NavItem } from './navigation';
import { UnreadBadge } from './promotions/unread-badge';

const ICONS: Record<NavItem['icon'], string> = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1v-9.5Z',
  users: 'M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1M9.5 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm11.5 9v-1a4 4 0 0 0-3-3.87M15.5 4.13a3 3 0 0 1 0 5.75',
  key: 'M15 7a2 2 0 1 1 0 .01M7.5 21 3 16.5l7.7-7.7A6 6 0 1 1 15.2 13.3L14 14.5h-2v2h-2v2H8l-.5 2.5Z',
  ledger: 'M6 3h12a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1Zm3 5h6M9 12h6M9 16h4',
  cube: 'M12 3 20 7.5v9L12 21l-8-4.5v-9L12 3Zm0 0v9m8-4.5L12 12 4 7.5',
  webhook: 'M9 17a3 3 0 1 1-3-3m0 0 3.5-6a3 3 0 1 1 5 1M12 8l3.5 6a3 3 0 1 1-1.5 5.2M6 17h8',
  check: 'M9 12.5 11 14.5 15.5 10M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z',
  shield: 'M12 3 4.5 6v5.5c0 4.6 3.2 8.3 7.5 9.5 4.3-1.2 7.5-4.9 7.5-9.5V6L12 3Z',
  send: 'M21 3 10.5 13.5M21 3l-6.5 18-4-7.5L3 9.5 21 3Z',
  target: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-4a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0-4a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z',
  chart: 'M4 20V10m6 10V4m6 16v-7m4 7H3',
};

function isActive(pathname: string, href: string) {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items, layout }: { items: NavItem[]; layout: 'sidebar' | 'bar' }) {
  const pathname = usePathname();
  if (layout === 'bar') {
    return (
      <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-4 pb-2">
        {items.map((item) => (
          <Link
            key={item.href}
            href={item.href}
            aria-current={isActive(pathname, item.href) ? 'page' : undefined}
            className="whitespace-nowrap rounded-tremor-small px-3 py-1.5 text-tremor-default text-tremor-content-emphasis aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700"
          >
            {item.label}
          </Link>
        ))}
      </nav>
    );
  }
  const sections = [...new Set(items.map((i) => i.section))];
  return (
    <nav aria-label="Main" className="space-y-6">
      {sections.map((section) => (
        <div key={section}>
          <p className="px-3 text-tremor-label font-semibold uppercase tracking-wider text-tremor-content-subtle">{section}</p>
          <ul className="mt-2 space-y-0.5">
            {items
              .filter((i) => i.section === section)
              .map((item) => (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={isActive(pathname, item.href) ? 'page' : undefined}
                    className="flex items-center gap-3 rounded-tremor-default px-3 py-2 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-subtle aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700"
                  >
                    <svg viewBox="0 0 24 24" className="h-5 w-5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                      <path d={ICONS[item.icon]} />
                    </svg>
                    {item.label}
                    {item.badge === 'inbox' && <UnreadBadge />}
                  </Link>
                </li>
              ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
