import type { Label } from '@/server/registry/feature-schema';
import { positiveClass } from '@/server/registry/label-classes';
import type { AttributeColumn } from './group-assignment';
import type { FairnessInput } from './fairness-report-types';
import type { AttributeRule, FairnessSettings } from './fairness-settings';

// What every population reader shares: which class counts as the favourable outcome (coded 1),
// and typed arrays with attribute columns filled per row as the settings' rules say.

export type AttributeValue = string | number | boolean | null;
export type Attributes = Record<string, AttributeValue> | null;

export interface OutcomeCoding {
  /** The class coded 1 in the report: the favourable outcome. */
  favourable: string;
  /** Scores are P(positive class); when the favourable class is the other one, the report reads 1 − score. */
  flipScores: boolean;
}

export function outcomeCoding(label: Pick<Label, 'classes'>, settings: Pick<FairnessSettings, 'favourableClass'>): OutcomeCoding {
  const positive = positiveClass(label);
  const favourable = settings.favourableClass ?? positive;
  return { favourable, flipScores: favourable !== positive };
}

/** A positive-class score as the report reads it (probability of the favourable outcome). */
export const favourableScore = (coding: OutcomeCoding, score: number): number => (coding.flipScores ? 1 - score : score);

/** The decision a positive-class score implies at a version's threshold (positive when score ≥ threshold), as favourable or not. */
export const scoreDecidesFavourable = (coding: OutcomeCoding, score: number, threshold: number): boolean => score >= threshold !== coding.flipScores;

export interface ColumnsBuilder {
  input: FairnessInput;
  setAttributes(row: number, attributes: Attributes): void;
}

/** Typed arrays for n rows, and attribute columns filled per row as the rules say. */
export function populationColumns(n: number, rules: readonly AttributeRule[], withScores: boolean): ColumnsBuilder {
  // NaN marks a missing numeric value; the grouping puts it in the "(missing)" group.
  const values = rules.map((rule) => (rule.kind === 'numeric' ? new Float64Array(n) : new Array<string | null>(n)));
  const attributes: AttributeColumn[] = rules.map((rule, i) =>
    rule.kind === 'numeric'
      ? { name: rule.name, kind: 'numeric', edges: rule.edges, values: values[i] as Float64Array }
      : { name: rule.name, kind: 'categorical', values: values[i] as (string | null)[] },
  );
  return {
    input: { actual: new Uint8Array(n), predicted: new Uint8Array(n), scores: withScores ? new Float64Array(n) : null, attributes },
    setAttributes(row, attrs) {
      rules.forEach((rule, i) => {
        const value = attrs?.[rule.name] ?? null;
        if (rule.kind === 'numeric') {
          const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
          (values[i] as Float64Array)[row] = Number.isFinite(number) ? number : Number.NaN;
        } else {
          (values[i] as (string | null)[])[row] = value === null || value === '' ? null : String(value);
        }
      });
    },
  };
}
