import Link from 'next/link';
import { MAX_LIST_OFFSET } from '@/server/validation/input-primitives';

type Search = Record<string, string | string[] | undefined>;

/** The URL of this page with some query parameters changed (undefined drops one): paging state lives in the URL. */
export function hrefWith(pathname: string, search: Search, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...search, ...change })) {
    if (typeof value === 'string' && value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * One page of a list paged by offset, from the `page` query parameter (1 when absent or not
 * understood). It asks for one row more than it shows: that row only says an older page exists.
 */
export function offsetPage(value: string | string[] | undefined, size: number) {
  const asked = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  const last = Math.floor(MAX_LIST_OFFSET / size) + 1;
  const page = Math.min(Math.max(asked, 1), last);
  return { page, size, offset: (page - 1) * size, limit: size + 1 };
}

export type OffsetPage = ReturnType<typeof offsetPage>;

/** Splits the fetched rows into what the page shows and whether an older page exists. */
export function pageRows<T>(rows: T[], page: OffsetPage): { rows: T[]; hasOlder: boolean } {
  return { rows: rows.slice(0, page.size), hasOlder: rows.length > page.size };
}

const WORDS = { time: ['← Newer', 'Older →'], name: ['← Previous', 'Next →'] } as const;

/** "Newer / older" links under a long list (previous / next for one in name order); either end shows no link. */
export function Pager({ label, newer, older, position, order = 'time' }: { label: string; newer: string | null; older: string | null; position?: string; order?: keyof typeof WORDS }) {
  if (!newer && !older) return null;
  const [back, forward] = WORDS[order];
  return (
    <nav aria-label={`${label}: pages`} className="mt-3 flex items-center justify-between gap-3">
      {newer ? <Link className="btn-secondary" href={newer} rel="prev">{back}</Link> : <span />}
      {position && <p className="text-tremor-label text-tremor-content">{position}</p>}
      {older ? <Link className="btn-secondary" href={older} rel="next">{forward}</Link> : <span />}
    </nav>
  );
}

/** "Showing 21–40 of 57", or where a page past the end stands. */
export function pagePosition(page: OffsetPage, total: number): string {
  if (page.offset >= total) return `Page ${page.page} is past the end: ${total} in all`;
  return `Showing ${page.offset + 1}–${Math.min(page.offset + page.size, total)} of ${total}`;
}

/**
 * The pager of an offset-paged list whose page is the `param` query parameter of `pathname`.
 * Given the list's `total`, it says which rows show ("Showing 21–40 of 57", even on a single
 * page); given only `hasOlder` (the extra row of offsetPage), the page number.
 */
export function OffsetPager({ label, pathname, search, param = 'page', page, hasOlder, total, hash, order }: { label: string; pathname: string; search: Search; param?: string; page: OffsetPage; hasOlder?: boolean; total?: number; hash?: string; order?: keyof typeof WORDS }) {
  const at = (n: number) => `${hrefWith(pathname, search, { [param]: n > 1 ? String(n) : undefined })}${hash ? `#${hash}` : ''}`;
  if (total === undefined) {
    return <Pager label={label} newer={page.page > 1 ? at(page.page - 1) : null} older={hasOlder ? at(page.page + 1) : null} position={`Page ${page.page} · ${page.size} a page`} order={order} />;
  }
  if (total === 0) return null;
  const lastPage = Math.max(1, Math.ceil(total / page.size));
  const position = pagePosition(page, total);
  const newer = page.page > 1 ? at(Math.min(page.page - 1, lastPage)) : null;
  const older = page.offset + page.size < total ? at(page.page + 1) : null;
  if (!newer && !older) return <p className="mt-3 text-tremor-label text-tremor-content">{position}</p>;
  return <Pager label={label} newer={newer} older={older} position={position} order={order} />;
}
