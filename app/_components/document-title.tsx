'use client';

import { useLayoutEffect } from 'react';

/**
 * The tab title of a page shown in place of another (400, 403, 404, 500): Next.js gives the
 * tab the title of the page that was asked for, even when its own not-found or forbidden
 * page shows instead, and error boundaries cannot declare metadata at all. Held while shown;
 * the next page's metadata takes over once this one is gone.
 */
export function DocumentTitle({ title }: { title: string }) {
  // A layout effect: on leaving, the watch ends in the same commit that writes the next
  // page's title, before the observer could hear of it and write this one back.
  useLayoutEffect(() => {
    const full = `${title} · Vigil`;
    const hold = () => {
      if (document.title !== full) document.title = full;
    };
    hold();
    // Next.js writes the asked-for page's title when its metadata streams in, possibly later
    // and possibly into the body (React moves <title> to the head).
    const observer = new MutationObserver(hold);
    observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [title]);
  return null;
}
