'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

// Sections without a loading skeleton (those whose refusals must keep their 403 status: a
// loading boundary makes a page stream, and a streamed page answers 200) still show that a
// click was taken: a bar across the top and a polite announcement, until the address changes.

const GIVE_UP_MS = 20_000;

/** The in-app destination of a plain left click on a link, or null. */
function destination(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement) || link.target === '_blank' || link.hasAttribute('download')) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return null;
  const here = window.location.pathname + window.location.search;
  const there = url.pathname + url.search;
  return there === here ? null : there;
}

export function NavigationProgress() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [pending, setPending] = useState(false);

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (destination(event)) setPending(true);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  // Arrived (or went elsewhere): the address changed.
  useEffect(() => setPending(false), [pathname, search]);

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setPending(false), GIVE_UP_MS);
    return () => clearTimeout(timer);
  }, [pending]);

  return (
    <>
      <div role="status" className="sr-only">{pending ? 'Loading page…' : ''}</div>
      {pending && (
        <div aria-hidden="true" className="fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden bg-indigo-100">
          <div className="h-full w-1/3 bg-indigo-600 motion-safe:animate-[navigation-progress_1.2s_ease-in-out_infinite]" />
        </div>
      )}
    </>
  );
}
