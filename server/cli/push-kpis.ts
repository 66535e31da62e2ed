import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { MAX_KPI_POINTS_PER_BATCH } from '@/server/kpis/kpi-point-validation';
import { CsvError, parseCsv } from '@/server/reference/csv';
import { ApiError, type ApiClient } from './api-client';

// `vigil kpis push file.csv`: KPI points from a CSV (a BI export, a nightly job) posted in
// batches of 10,000. Rows without an id get one derived from their content, so running
// the same file again stores nothing twice; the server checks every value.

const COLUMNS = ['kpi', 'time', 'value', 'numerator', 'denominator', 'model', 'segment', 'id'] as const;
type Column = (typeof COLUMNS)[number];
const NUMBERS = new Set<Column>(['value', 'numerator', 'denominator']);

interface Row {
  line: number;
  point: Record<string, string | number>;
}

export interface KpiPushReport {
  points: number;
  inserted: number;
  duplicates: number;
  /** Problems of the first refused batch, by CSV line; empty when everything went in. */
  problems: string[];
}

function columnsOf(header: string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.forEach((name, index) => {
    const column = name.trim().toLowerCase() as Column;
    if (!COLUMNS.includes(column)) throw new Error(`Unknown column '${name}' in the header; use ${COLUMNS.join(', ')}.`);
    if (columns.has(column)) throw new Error(`Column '${column}' appears twice in the header.`);
    columns.set(column, index);
  });
  for (const required of ['kpi', 'time'] as const) if (!columns.has(required)) throw new Error(`The header needs a '${required}' column (kpi,time,value[,model,segment,id]).`);
  if (!columns.has('value') && !(columns.has('numerator') && columns.has('denominator'))) throw new Error("The header needs a 'value' column, or 'numerator' and 'denominator' for rate KPIs.");
  return columns;
}

/** Numbers as numbers; anything else is sent as written, so the server names the problem. */
function cell(column: Column, text: string): string | number {
  if (!NUMBERS.has(column)) return text;
  const number = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

/** A stable id from the row's content and how many identical rows came before it. */
function derivedId(point: Record<string, string | number>, seen: Map<string, number>): string {
  const content = COLUMNS.filter((c) => c !== 'id').map((c) => `${c}=${point[c] ?? ''}`).join('\u001f');
  const occurrence = seen.get(content) ?? 0;
  seen.set(content, occurrence + 1);
  return `csv-${createHash('sha256').update(`${content}\u001f#${occurrence}`).digest('hex').slice(0, 40)}`;
}

export function parseKpiCsv(text: string): Row[] {
  const records = parseCsv(text);
  const header = records.next();
  if (header.done) throw new Error('The file is empty; it needs a header such as kpi,time,value.');
  const columns = columnsOf(header.value.fields);
  const seen = new Map<string, number>();
  const rows: Row[] = [];
  for (const { line, fields } of records) {
    if (fields.length !== header.value.fields.length) throw new Error(`line ${line}: ${fields.length} fields, the header has ${header.value.fields.length}.`);
    const point: Record<string, string | number> = {};
    for (const [column, index] of columns) if (fields[index] !== '') point[column] = cell(column, fields[index]!);
    point.id ??= derivedId(point, seen);
    rows.push({ line, point });
  }
  return rows;
}

function describeProblems(error: ApiError, chunk: Row[]): string[] {
  const details = Array.isArray(error.details) ? (error.details as { index?: number; field?: string | null; message?: string }[]) : [];
  if (details.length === 0) return [error.message];
  const listed = details.map((d) => `line ${d.index === undefined ? '?' : chunk[d.index]!.line}${d.field ? ` (${d.field})` : ''}: ${d.message ?? ''}`);
  return /the first \d+ are listed/.test(error.message) ? [...listed, error.message] : listed;
}

/**
 * Posts the file's points in batches of 10,000, in order; stops at the first batch the
 * server refuses (nothing of that batch is stored) and reports its problems by line.
 */
export async function pushKpis(api: ApiClient, file: string, progress: (line: string) => void = () => {}): Promise<KpiPushReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
  let rows: Row[];
  try {
    rows = parseKpiCsv(text);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof CsvError ? error.message : (error as Error).message}`);
  }
  if (rows.length === 0) throw new Error(`${file} has a header but no points.`);
  const report: KpiPushReport = { points: rows.length, inserted: 0, duplicates: 0, problems: [] };
  const batches = Math.ceil(rows.length / MAX_KPI_POINTS_PER_BATCH);
  for (let b = 0; b < batches; b++) {
    const chunk = rows.slice(b * MAX_KPI_POINTS_PER_BATCH, (b + 1) * MAX_KPI_POINTS_PER_BATCH);
    try {
      const result = await api.request<{ inserted: number; duplicates: number }>('POST', '/api/v1/kpis', { json: { points: chunk.map((r) => r.point) } });
      report.inserted += result.inserted;
      report.duplicates += result.duplicates;
      progress(`Batch ${b + 1}/${batches} (lines ${chunk[0]!.line}–${chunk.at(-1)!.line}): ${result.inserted.toLocaleString('en-US')} stored, ${result.duplicates.toLocaleString('en-US')} already there`);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) throw error;
      report.problems = [`Batch ${b + 1}/${batches} (lines ${chunk[0]!.line}–${chunk.at(-1)!.line}) was refused; nothing of it was stored:`, ...describeProblems(error, chunk)];
      break;
    }
  }
  return report;
}
