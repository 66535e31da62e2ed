'use client';

import { useEffect, useState } from 'react';

function format(date: Date, utc: boolean) {
  return date.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(utc ? { timeZone: 'UTC', timeZoneName: 'short' } : {}),
  });
}

/** Times are stored in UTC and shown in the viewer's time zone once the page is in the browser. */
export function LocalTime({ value, fallback = '—' }: { value: Date | string | null; fallback?: string }) {
  const date = value ? new Date(value) : null;
  const [text, setText] = useState(() => (date ? format(date, true) : fallback));
  const iso = date?.toISOString();
  useEffect(() => {
    if (iso) setText(format(new Date(iso), false));
  }, [iso]);
  return date ? <time dateTime={iso}>{text}</time> : <span className="text-tremor-content-subtle">{fallback}</span>;
}
