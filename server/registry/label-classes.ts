import type { Label } from './feature-schema';

/**
 * The class a label names: a class name as is, or an integer index into the model's classes
 * ("0"/"1" for a binary model with classes [repaid, defaulted]); anything else unchanged.
 */
export function normalizeLabel(value: string, label: Pick<Label, 'classes'>): string {
  const classes = label.classes;
  if (!classes || classes.includes(value)) return value;
  if (/^\d+$/.test(value)) {
    const index = Number(value);
    if (index < classes.length) return classes[index]!;
  }
  return value;
}

/** The positive class of a binary model: the second class, or "1" without declared classes. */
export function positiveClass(label: Pick<Label, 'classes'>): string {
  return label.classes?.[1] ?? '1';
}
