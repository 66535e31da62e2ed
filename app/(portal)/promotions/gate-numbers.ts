import { formatCount, formatPercent, UNIT_SPACE } from '@/app/_components/format';
import type { GateName, GateStatus } from '@/server/approvals/gates/gate-types';

// The one mapping from a gate's stored numbers (GateResult.numbers, keyed for machines:
// `servingVersion`, `mcnemarPValue`, `auc_min`) to the chips a reviewer reads ("serving
// version: none yet", "McNemar p = 0.00002", "auc minimum: 0.75"). Every page that shows gate
// numbers goes through `gateNumberChips`; a key missing here still reads as words, never raw.
// Pure.

type Numbers = Record<string, number | string | null>;

export interface GateNumberChip {
  key: string;
  label: string;
  /** `=` for a statistic ("McNemar p = 0.04"), `:` for everything else. */
  operator: '=' | ':';
  text: string;
  /** An instant the page renders in the viewer's time zone (text holds the ISO string). */
  instant?: boolean;
}

type Formatter = (value: number | string, numbers: Numbers) => string;

const share: Formatter = (v) => (typeof v === 'number' ? formatPercent(v) : v);
const count: Formatter = (v) => (typeof v === 'number' ? formatCount(v) : v);
const plain: Formatter = (v) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : v);
const words: Formatter = (v) => (typeof v === 'string' ? v.replaceAll('_', ' ') : String(v));
const version: Formatter = (v) => `v${v}`;
const signed = (v: number, text: string) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${text}`;
const points = (v: number) => signed(v, `${(Math.abs(v) * 100).toFixed(2)}${UNIT_SPACE}pp`);
/** A p-value to two significant digits, as a decimal down to 10⁻⁶ (0.00002). */
const pValue: Formatter = (v) => (typeof v === 'number' ? String(Number(v.toPrecision(2))) : v);
/** Accuracy differences are shares (points); MAE differences are in the label's units. */
const difference: Formatter = (v, numbers) => (typeof v !== 'number' ? v : numbers.taskType === 'regression' ? signed(v, String(Number(Math.abs(v).toPrecision(3)))) : points(v));

interface Entry {
  label: string;
  format: Formatter;
  /** How a null reads (default "—"). */
  none?: string;
  operator?: '=' | ':';
  instant?: boolean;
}

const NUMBERS: Record<string, Entry> = {
  // shadow evaluation
  servingVersion: { label: 'serving version', format: version, none: 'none yet' },
  replayedServingVersion: { label: 'replayed traffic served by', format: version, none: 'unknown' },
  taskType: { label: 'task', format: words },
  events: { label: 'events', format: count },
  minEvents: { label: 'min events', format: count },
  agreementRate: { label: 'agreement', format: share },
  minAgreement: { label: 'min agreement', format: share },
  alpha: { label: 'α', format: plain, operator: '=' },
  labeledEvents: { label: 'labelled events', format: count },
  candidateAccuracy: { label: 'candidate accuracy', format: share },
  servingAccuracy: { label: 'serving accuracy', format: share },
  accuracyDifference: { label: 'accuracy difference', format: difference },
  candidateMae: { label: 'candidate MAE', format: plain },
  servingMae: { label: 'serving MAE', format: plain },
  maeDifference: { label: 'MAE difference', format: difference },
  ciLower: { label: 'CI lower', format: difference },
  ciUpper: { label: 'CI upper', format: difference },
  confidenceLevel: { label: 'confidence', format: share },
  mcnemarPValue: { label: 'McNemar p', format: pValue, operator: '=' },
  wilcoxonPValue: { label: 'Wilcoxon p', format: pValue, operator: '=' },
  requireForFirstDeployment: { label: 'required for a first deployment', format: words },
  // ONNX validation
  status: { label: 'version status', format: words },
  validatedAt: { label: 'validated', format: String, none: 'not yet', instant: true },
  // drift alerts
  openCritical: { label: 'open critical alerts', format: count },
  openWarnings: { label: 'open warnings', format: count },
  kinds: { label: 'alert kinds', format: words },
  // fairness
  population: { label: 'population', format: words },
  rows: { label: 'rows', format: count },
  disparateImpactMin: { label: 'disparate impact min', format: plain },
  disparateImpactMax: { label: 'disparate impact max', format: plain },
  maxEqualizedOddsDifference: { label: 'max equalized odds difference', format: plain },
};

/** Keys with wording of their own (the others fall back to words made from the key). */
export const WORDED_GATE_NUMBERS: ReadonlySet<string> = new Set(Object.keys(NUMBERS));

/** Identify rather than measure: the gate's link leads to them. `applicable` is legacy (see displayedGate). */
export const HIDDEN_GATE_NUMBERS: ReadonlySet<string> = new Set(['runId', 'reportId', 'applicable']);

/** Gates whose numbers are the metrics a version reports: `auc`, and its bounds `auc_min`, `auc_max`. */
function metricEntry(key: string): Entry {
  const bound = /^(.*)_(min|max)$/.exec(key);
  if (bound) return { label: `${bound[1]} ${bound[2] === 'min' ? 'minimum' : 'maximum'}`, format: plain };
  return { label: key, format: plain };
}

/** An unknown key still reads as words: `someNewCount` → "some new count". */
function fallbackEntry(key: string): Entry {
  return { label: key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ').toLowerCase(), format: plain };
}

function entryFor(gate: GateName, key: string): Entry {
  if (gate === 'training_metrics') return metricEntry(key);
  // Fairness keys per grouping are already words ("sex: disparate impact").
  if (gate === 'fairness' && key.includes(': ')) return { label: key, format: (v) => (typeof v === 'number' ? v.toFixed(3) : v) };
  return NUMBERS[key] ?? fallbackEntry(key);
}

const ORDER = Object.keys(NUMBERS);

/**
 * Stored numbers come back from jsonb with their keys reordered (shortest first), so chips
 * follow the table above; a training metric comes with its bounds, metrics by name.
 */
function chipOrder(gate: GateName, a: string, b: string): number {
  if (gate === 'training_metrics') {
    const base = (k: string) => k.replace(/_(min|max)$/, '');
    return base(a).localeCompare(base(b)) || a.length - b.length || a.localeCompare(b);
  }
  const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** A gate's numbers as chips, in a stable order whatever the storage did to the keys. */
export function gateNumberChips(gate: GateName, numbers: Numbers): GateNumberChip[] {
  return Object.entries(numbers)
    .filter(([key]) => !HIDDEN_GATE_NUMBERS.has(key))
    .sort(([a], [b]) => chipOrder(gate, a, b))
    .map(([key, value]) => {
      const entry = entryFor(gate, key);
      const text = value === null ? (entry.none ?? '—') : entry.format(value, numbers);
      return { key, label: entry.label, operator: entry.operator ?? ':', text, ...(entry.instant && value !== null ? { instant: true } : {}) };
    });
}

/** One chip as plain text: "McNemar p = 0.00002", "serving version: none yet". */
export function chipText(chip: GateNumberChip): string {
  return chip.operator === '=' ? `${chip.label} = ${chip.text}` : `${chip.label}: ${chip.text}`;
}

export const GATE_STATUS_WORDS: Record<GateStatus, string> = { pass: 'pass', fail: 'fail', missing: 'missing', not_applicable: 'not applicable' };

/**
 * How a stored gate result is shown. Results frozen before `not_applicable` existed said
 * "pass" with `applicable: 'no'`, and shadow numbers never named the serving version (null):
 * they read as what they meant.
 */
export function displayedGate<G extends { gate: GateName; status: GateStatus; numbers: Numbers }>(g: G): G {
  const legacyNotApplicable = g.status === 'pass' && g.numbers.applicable === 'no';
  const legacyUnnamedServing = g.gate === 'shadow_run' && 'runId' in g.numbers && !('replayedServingVersion' in g.numbers) && g.numbers.servingVersion === null;
  if (!legacyNotApplicable && !legacyUnnamedServing) return g;
  const numbers = { ...g.numbers };
  if (legacyUnnamedServing) delete numbers.servingVersion;
  return { ...g, status: legacyNotApplicable ? 'not_applicable' : g.status, numbers };
}
