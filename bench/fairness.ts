// Fairness report benchmark: 1,000,000 labelled events with scores, two sensitive attributes
// (gender: F, M or missing; age from a number bucketed by 5 edges, 2 % missing) and their
// intersection (21 groups): every group rate, ROC AUC and calibration, Fairlearn and AIF360
// disparities over all and judged groups, the threshold sweep (19 thresholds) and 1,000
// bootstrap replicates. Prints the report's time (median of the rounds) beside the limit
// measured in the same rounds: a bare pass per grouping that only counts the confusion cells
// of each group from precomputed group indices. Target: the full report in ≤ 5 s.
// Run: npx tsx bench/fairness.ts   (BENCH_EVENTS, BENCH_ROUNDS change the size and rounds)
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { bootstrapIntervals } from '@/server/fairness/fairness-bootstrap';
import { computeFairnessReport } from '@/server/fairness/fairness-report';
import { type FairnessInput, type FairnessOptions, type FairnessReport } from '@/server/fairness/fairness-report-types';
import { codeAttribute, groupByAttributes } from '@/server/fairness/group-assignment';
import { countByGroup } from '@/server/fairness/group-counts';
import { sortScoresByGroup } from '@/server/fairness/group-roc-auc';
import { binEdges, binScores } from '@/server/fairness/score-bins';
import { DEFAULT_THRESHOLDS } from '@/server/fairness/threshold-sweep';
import { seededRandom } from '@/server/statistics/seeded-random';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const LIMIT_SECONDS = 5;

/** Seeded uniforms in [0, 1) (server/statistics/seeded-random: mulberry32). */
function uniforms(seed: number): () => number {
  const random = seededRandom(seed);
  return () => random.next();
}

function generate(n: number): FairnessInput {
  const u = uniforms(42);
  const actual = new Uint8Array(n);
  const predicted = new Uint8Array(n);
  const scores = new Float64Array(n);
  const gender: (string | null)[] = new Array<string | null>(n);
  const age = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = u();
    gender[i] = g < 0.48 ? 'F' : g < 0.96 ? 'M' : null;
    age[i] = u() < 0.02 ? Number.NaN : 18 + Math.floor(u() * 60);
    const y = u() < (gender[i] === 'M' ? 0.35 : 0.28) ? 1 : 0;
    // A logistic score carrying signal, shifted by group to make disparities.
    const z = 2 * u() - 1 + 1.5 * (y - 0.5) + (gender[i] === 'F' ? -0.15 : 0) + (age[i]! < 25 ? -0.2 : 0);
    actual[i] = y;
    scores[i] = 1 / (1 + Math.exp(-3 * z));
    predicted[i] = scores[i]! >= 0.5 ? 1 : 0;
  }
  return {
    actual,
    predicted,
    scores,
    attributes: [
      { name: 'gender', kind: 'categorical', values: gender },
      { name: 'age', kind: 'numeric', values: age, edges: [25, 35, 45, 55, 65] },
    ],
  };
}

const options: FairnessOptions = {
  groupings: [['gender'], ['age'], ['gender', 'age']],
  privileged: { gender: 'M', age: '45–55' },
  bootstrap: { replicates: 1000, seed: 1 },
};

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** The floor: per grouping, one bare loop counting confusion cells per group. */
function limit(actual: Uint8Array, predicted: Uint8Array, groups: { group: Uint32Array; count: number }[]): number {
  let checksum = 0;
  for (const { group, count } of groups) {
    const cells = new Float64Array(4 * count);
    for (let i = 0; i < group.length; i++) cells[4 * group[i]! + 2 * actual[i]! + predicted[i]!]!++;
    checksum += cells[0]!;
  }
  return checksum;
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const result = f();
  return [result, performance.now() - t];
}

function main() {
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`);
  const [input, generated] = time(() => generate(EVENTS));
  const grouped = options.groupings!.map((attrs) => groupByAttributes(attrs.map((a) => codeAttribute(input.attributes.find((c) => c.name === a)!))));
  const groups = grouped.map((g) => ({ group: g.group, count: g.groups.length }));
  console.log(`data: ${EVENTS.toLocaleString('en')} events with scores; groupings ${grouped.map((g) => `${g.key} (${g.groups.length} groups)`).join(', ')}; generated in ${(generated / 1000).toFixed(1)} s\n`);

  const reportMs: number[] = [];
  const limitMs: number[] = [];
  let report: FairnessReport | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    const [r, ms] = time(() => computeFairnessReport(input, options));
    report = r;
    reportMs.push(ms);
    limitMs.push(time(() => limit(input.actual, input.predicted, groups))[1]);
  }

  // Where the time goes (one run of each step, for all three groupings).
  const intersection = grouped[2]!;
  const steps: [string, () => unknown][] = [
    ['group assignment (code 2 attributes, intersect)', () => options.groupings!.map((attrs) => groupByAttributes(attrs.map((a) => codeAttribute(input.attributes.find((c) => c.name === a)!))))],
    ['confusion counts + score sums (3 groupings)', () => grouped.map((g) => countByGroup(input, g.group, g.groups.length))],
    ['ROC AUC scatter + radix sort per group (3 groupings)', () => grouped.map((g) => sortScoresByGroup(input.scores!, input.actual, g.group, countByGroup(input, g.group, g.groups.length).cells))],
    ['score bins for calibration + sweep (3 groupings)', () => grouped.map((g) => binScores(input.scores!, input.actual, g.group, g.groups.length, binEdges(DEFAULT_THRESHOLDS)))],
    [`bootstrap alone, ${intersection.groups.length} groups × 1000, one rate each`, () => bootstrapIntervals(countByGroup(input, intersection.group, intersection.groups.length).cells, (c) => Array.from({ length: c.length / 4 }, (_, g) => (c[4 * g + 1]! + c[4 * g + 3]!) / (c[4 * g]! + c[4 * g + 1]! + c[4 * g + 2]! + c[4 * g + 3]!)), new Float64Array(intersection.groups.length).fill(Number.NaN))],
  ];
  console.log('steps (single runs):');
  for (const [label, f] of steps) console.log(`  ${label.padEnd(58)} ${time(f)[1].toFixed(0).padStart(6)} ms`);

  const m = median(reportMs);
  const l = median(limitMs);
  const intervals = report ? report.groupings.reduce((s, g) => s + Object.keys(g.intervals ?? {}).length, 0) : 0;
  console.log(`\ncomputeFairnessReport (all metrics, both conventions, sweep, 1,000 replicates) ${(m / 1000).toFixed(3)} s   rounds: ${reportMs.map((x) => (x / 1000).toFixed(3)).join(', ')}`);
  console.log(`limit: bare confusion count per group, 3 groupings                        ${(l / 1000).toFixed(3)} s   rounds: ${limitMs.map((x) => (x / 1000).toFixed(3)).join(', ')}`);
  console.log(`report / limit: ${(m / l).toFixed(0)}×;  report ≤ ${LIMIT_SECONDS} s: ${m <= LIMIT_SECONDS * 1000 ? 'yes' : 'NO'}`);
  if (report) {
    const gi = report.groupings[2]!;
    console.log(`report: ${report.groupings.length} groupings, ${intervals} bootstrap intervals, ${JSON.stringify(report).length.toLocaleString('en')} bytes of JSON; ${gi.key}: judged DPD ${gi.judged?.fairlearn.demographicParity.differenceBetweenGroups?.toFixed(4)}, DI ${String(gi.judged?.aif360?.pooled.disparities.disparateImpact)}`);
  }
}

main();
