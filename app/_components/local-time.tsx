'use client';

import { useEffect, useState } from 'react';
import { formatDateTime, viewerTimeZone } from './format';

/**
 * Times are stored in UTC and shown in the viewer's time zone once the page is in the
 * browser, in the portal's one format with the zone stated ("2026-11-28 15:03 GMT+1"); the
 * server's render says UTC, and the UTC time to the second is in the tooltip either way.
 */
export function LocalTime({ value, fallback = '—' }: { value: Date | string | null; fallback?: string }) {
  const date = value ? new Date(value) : null;
  const [text, setText] = useState(() => (date ? formatDateTime(date) : fallback));
  const iso = date?.toISOString();
  useEffect(() => {
    if (iso) setText(formatDateTime(iso, { timeZone: viewerTimeZone() }));
  }, [iso]);
  return date ? (
    // One piece: a line never breaks inside "2026-12-05 18:37 UTC" (after its hyphens, say).
    <time dateTime={iso} title={formatDateTime(date, { seconds: true })} className="whitespace-nowrap">
      {text}
    </time>
  ) : (
    <span className="text-tremor-content">{fallback}</span>
  );
}
