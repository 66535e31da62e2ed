import type { Feature, Label } from '@/server/registry/feature-schema';
import { normalizeLabel } from '@/server/registry/label-classes';
import { NOT_A_NUMBER, numericValue } from '@/server/registry/numeric-label';
import { CsvError, parseCsv } from './csv';

export interface RowProblem {
  line: number;
  column: string | null;
  reason: string;
}

export interface ParsedReference {
  count: number;
  width: number;
  /** Row-major count × width in schema order; categorical = category index; NaN = missing. */
  features: Float32Array;
  labels: (string | null)[];
  attributes: (Record<string, string> | null)[];
}

export const MAX_REFERENCE_ROWS = 1_000_000;
const MAX_PROBLEMS = 100;

/**
 * Validates a reference CSV whole against the model: a header with every feature and the
 * label (protected attributes optional), numbers where numeric, declared categories where
 * categorical, empty cells as missing. Returns every problem (up to 100) or the rows.
 */
export function parseReferenceCsv(text: string, model: { features: Feature[]; label: Label; protectedAttributes: string[]; taskType?: string }): { ok: true; data: ParsedReference } | { ok: false; problems: RowProblem[]; total: number } {
  const problems: RowProblem[] = [];
  let total = 0;
  const problem = (p: RowProblem) => {
    total += 1;
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  let records: ReturnType<typeof parseCsv>;
  let header: string[];
  try {
    records = parseCsv(text);
    const first = records.next();
    if (first.done) return { ok: false, problems: [{ line: 1, column: null, reason: 'the file is empty' }], total: 1 };
    header = first.value.fields.map((h) => h.trim());
  } catch (error) {
    const line = error instanceof CsvError ? error.line : 1;
    return { ok: false, problems: [{ line, column: null, reason: (error as Error).message }], total: 1 };
  }
  const index = new Map(header.map((h, i) => [h, i]));
  for (const f of model.features) if (!index.has(f.name)) problem({ line: 1, column: f.name, reason: 'feature column missing from the header' });
  if (!index.has(model.label.name)) problem({ line: 1, column: model.label.name, reason: 'label column missing from the header' });
  const known = new Set([...model.features.map((f) => f.name), model.label.name, ...model.protectedAttributes]);
  for (const h of header) if (!known.has(h)) problem({ line: 1, column: h, reason: 'unknown column (not a feature, the label or a protected attribute)' });
  if (total > 0) return { ok: false, problems, total };

  const width = model.features.length;
  const values: number[] = [];
  const labels: (string | null)[] = [];
  const attributes: (Record<string, string> | null)[] = [];
  const columns = model.features.map((f) => ({ feature: f, at: index.get(f.name)!, categories: f.type === 'categorical' ? new Map(f.categories.map((c, i) => [c, i])) : null }));
  const attributeColumns = model.protectedAttributes.filter((a) => index.has(a)).map((a) => [a, index.get(a)!] as const);
  const labelAt = index.get(model.label.name)!;
  try {
    for (const { line, fields } of records) {
      if (labels.length >= MAX_REFERENCE_ROWS) {
        problem({ line, column: null, reason: `more than ${MAX_REFERENCE_ROWS} rows` });
        break;
      }
      if (fields.length !== header.length) {
        problem({ line, column: null, reason: `${fields.length} fields where the header has ${header.length}` });
        continue;
      }
      for (const { feature, at, categories } of columns) {
        const raw = fields[at]!.trim();
        if (raw === '') {
          values.push(Number.NaN);
        } else if (categories) {
          const code = categories.get(raw);
          if (code === undefined) problem({ line, column: feature.name, reason: `'${raw}' is not one of the declared categories` });
          values.push(code ?? Number.NaN);
        } else {
          const number = Number(raw);
          if (!Number.isFinite(number)) problem({ line, column: feature.name, reason: `'${raw}' is not a finite number` });
          values.push(number);
        }
      }
      const label = normalizeLabel(fields[labelAt]!.trim(), model.label);
      if (model.label.classes && label !== '' && !model.label.classes.includes(label)) {
        problem({ line, column: model.label.name, reason: `'${label}' is not one of the classes ${model.label.classes.join(', ')}` });
      } else if (model.taskType === 'regression' && label !== '' && numericValue(label) === null) {
        problem({ line, column: model.label.name, reason: `${NOT_A_NUMBER}, got '${label}'` });
      }
      labels.push(label === '' ? null : label);
      attributes.push(attributeColumns.length ? Object.fromEntries(attributeColumns.map(([name, at]) => [name, fields[at]!.trim()])) : null);
    }
  } catch (error) {
    problem({ line: error instanceof CsvError ? error.line : 0, column: null, reason: (error as Error).message });
  }
  if (labels.length === 0 && total === 0) problem({ line: 2, column: null, reason: 'the file has a header but no rows' });
  if (total > 0) return { ok: false, problems, total };
  return { ok: true, data: { count: labels.length, width, features: Float32Array.from(values), labels, attributes } };
}
