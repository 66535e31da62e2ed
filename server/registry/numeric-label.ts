// A regression model's labels (its ground truth, and a logged prediction sent as a label) are
// text holding a decimal number. Ingestion refuses any other text for a regression model;
// monitoring and shadow replay read them back with the same rule. Pure.

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A label or logged prediction as a number; null unless it is a finite decimal. */
export function numericValue(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Why a regression label is refused, in the words the label APIs answer with. */
export const NOT_A_NUMBER = 'a regression label must be a finite decimal number (e.g. "1520.5" or "-3e2")';
