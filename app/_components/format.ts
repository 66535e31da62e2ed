// The portal's one way to write numbers and instants (pure, client-safe). Every page's own
// formatter builds on these, so a table, a chart axis and a tooltip say the same thing:
//   counts    12,345                  (en-US separators)
//   shares    85.2 %                  (a no-break space: a chart axis never wraps "100.0 %")
//   instants  2026-11-28 14:03 UTC    (ISO order, 24 h, the time zone always stated)
//   days      2026-11-28              (chart axes over days; UTC, like the buckets)

/** Between a number and its unit: a no-break space, so labels never wrap inside a value. */
export const UNIT_SPACE = '\u00a0';

/** Human-readable byte count. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}${UNIT_SPACE}B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)}${UNIT_SPACE}${units[unit]}`;
}

export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** A count with thousands separators: "12,345"; "—" without one. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en-US');
}

/** A share (0.852) as a percentage: "85.2 %"; "—" without one. */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}${UNIT_SPACE}%`;
}

/** A chart axis tick for a share: as many decimals as the tick needs, at most two ("0.25 %", "100 %"). */
export function formatAxisPercent(value: number): string {
  return `${Number((value * 100).toFixed(2))}${UNIT_SPACE}%`;
}

/** A rough duration for prose: "~40 min", "~5 h", "~2 days"; "—" without one. */
export function formatApproxDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const minutes = seconds / 60;
  if (minutes < 90) return `~${Math.max(1, Math.round(minutes))}${UNIT_SPACE}min`;
  const hours = minutes / 60;
  if (hours < 48) return `~${Math.round(hours)}${UNIT_SPACE}h`;
  const days = Math.round(hours / 24);
  return `~${days}${UNIT_SPACE}days`;
}

export function shape(dims: (number | string | null)[] | null): string {
  return dims ? `[${dims.map((d) => d ?? '?').join(', ')}]` : 'unknown';
}

type Instant = Date | string | number;

const PARTS = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let format = PARTS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    PARTS.set(key, format);
  }
  return format;
}

/**
 * An instant as "2026-11-28 14:03 UTC", or in `timeZone` with its abbreviation
 * ("2026-11-28 15:03 GMT+1"); `seconds` adds ":07". Null and undefined read "—".
 */
export function formatDateTime(value: Instant | null | undefined, options: { timeZone?: string; seconds?: boolean } = {}): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  const timeZone = options.timeZone ?? 'UTC';
  const part = Object.fromEntries(partsIn(timeZone, options.seconds ?? false).formatToParts(date).map((p) => [p.type, p.value]));
  const time = `${part.hour}:${part.minute}${options.seconds ? `:${part.second}` : ''}`;
  return `${part.year}-${part.month}-${part.day} ${time} ${timeZone === 'UTC' ? 'UTC' : part.timeZoneName}`;
}

/** The UTC day of an instant: "2026-11-28" (chart axes over days, date-only fields). */
export function formatDay(value: Instant): string {
  return new Date(value).toISOString().slice(0, 10);
}

/** The UTC hour an hourly bucket starts: "2026-11-28 14:00" (chart axes over hours; the chart says UTC). */
export function formatHour(value: Instant): string {
  return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
}

/** The viewer's time zone (the browser's), e.g. "Europe/Berlin"; UTC where none is known. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
