// A chart's data as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when they
// hold a comma, a quote, CR or LF, quotes doubled). Raw values, not the formatted ones:
// shares as fractions, latencies in ms, times as ISO 8601 UTC; empty for no value. Pure.

export type CsvValue = string | number | boolean | Date | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
