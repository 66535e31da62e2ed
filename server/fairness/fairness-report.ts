import { bootstrapIntervals, resolveBootstrapSettings } from './fairness-bootstrap';
import { encodeExtended } from './fairness-numbers';
import { type FairnessInput, type FairnessOptions, type FairnessReport, type GroupingReport, type GroupReport, type ResolvedFairnessSettings, type ScopeReport } from './fairness-report-types';
import { encodeAif360Section, encodeInequality, scopeStatistics, type ScopeContext } from './fairness-scope';
import { DEFAULT_GEI_ALPHA } from './generalized-entropy';
import { codeAttribute, DEFAULT_MAX_DISTINCT_VALUES, groupByAttributes, type CodedAttribute, type Grouping } from './group-assignment';
import { confusionOf, countByGroup, pooledConfusion, type GroupCounts } from './group-counts';
import { calibrationByGroup, meanScores, ratesFromConfusion } from './group-rates';
import { groupRocAuc, pooledRocAuc, sortScoresByGroup, type GroupScoreSegments } from './group-roc-auc';
import { binEdges, binScores, type ScoreBins } from './score-bins';
import { collectLeaves, fairValueOf } from './statistic-leaves';
import { DEFAULT_THRESHOLDS, thresholdSweep } from './threshold-sweep';

// The fairness report of a binary classifier: per grouping (an attribute, or an intersection
// of attributes) the groups' rates, Fairlearn's and AIF360's disparities over all groups and
// over the judged ones (groups with at least minGroupSize rows: what gates should use), the
// inequality indices, a threshold sweep and calibration when there are scores, and bootstrap
// intervals. Pure: typed arrays in, a JSON-serializable object out.

export const DEFAULT_MIN_GROUP_SIZE = 30;

export function resolveFairnessSettings(input: FairnessInput, options: FairnessOptions = {}): ResolvedFairnessSettings {
  const names = input.attributes.map((a) => a.name);
  if (new Set(names).size !== names.length) throw new RangeError('attribute names must be unique');
  const groupings = options.groupings ?? names.map((name) => [name]);
  if (groupings.length === 0) throw new RangeError('a fairness report needs at least one grouping');
  for (const g of groupings) {
    for (const a of g) if (!names.includes(a)) throw new RangeError(`grouping ${g.join(' × ')}: no attribute "${a}"`);
  }
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;
  if (!(Number.isInteger(minGroupSize) && minGroupSize >= 1)) throw new RangeError('minGroupSize must be a positive integer');
  const alpha = options.alpha ?? DEFAULT_GEI_ALPHA;
  if (!Number.isFinite(alpha)) throw new RangeError('alpha must be a finite number');
  let thresholds: number[] | null = null;
  if (input.scores) {
    thresholds = [...new Set(options.thresholds ?? DEFAULT_THRESHOLDS)].sort((x, y) => x - y);
    if (thresholds.length === 0 || thresholds.some((t) => !Number.isFinite(t))) throw new RangeError('thresholds must be finite numbers');
  }
  return {
    groupings: groupings.map((g) => [...g]),
    privileged: { ...(options.privileged ?? {}) },
    minGroupSize,
    maxDistinctValues: options.maxDistinctValues ?? DEFAULT_MAX_DISTINCT_VALUES,
    undefinedRates: options.undefinedRates ?? 'as-fairlearn',
    bootstrap: options.bootstrap === false ? null : resolveBootstrapSettings(options.bootstrap),
    thresholds,
    alpha,
  };
}

interface GroupingData {
  grouping: Grouping;
  counts: GroupCounts;
  segments: GroupScoreSegments | null;
  bins: ScoreBins | null;
  /** Per-group ROC AUC and mean score; null without scores. */
  rocAuc: (number | null)[] | null;
  meanScore: (number | null)[] | null;
}

/** The privileged group of a grouping, or why there is none. */
function findPrivileged(grouping: Grouping, privileged: Record<string, string>): { index: number | null; reason: string | null } {
  const unset = grouping.attributes.filter((a) => privileged[a] === undefined);
  if (unset.length > 0) return { index: null, reason: `no privileged value configured for ${unset.join(', ')}` };
  const index = grouping.groups.findIndex((g) => grouping.attributes.every((a) => g.values[a] === privileged[a]));
  if (index < 0) return { index: null, reason: `privileged group ${grouping.attributes.map((a) => `${a}=${privileged[a]}`).join(' × ')} has no rows` };
  return { index, reason: null };
}

function buildScope(kind: 'all' | 'judged', scopeGroups: number[], data: GroupingData, settings: ResolvedFairnessSettings, overallAuc: number | null): { context: ScopeContext; report: ScopeReport } {
  const { grouping, counts, segments, bins } = data;
  const labels = grouping.groups.map((g) => g.label);
  const scoreSums = counts.scoreSums;
  const found = findPrivileged(grouping, settings.privileged);
  let privileged = found.index;
  let reason = found.reason;
  if (privileged !== null && !scopeGroups.includes(privileged)) {
    reason = `privileged group ${labels[privileged]} has fewer than ${settings.minGroupSize} rows`;
    privileged = null;
  } else if (privileged !== null && scopeGroups.length < 2) {
    reason = `no other group to compare with the privileged group ${labels[privileged]}`;
    privileged = null;
  }
  const isAll = scopeGroups.length === counts.groupCount;
  const context: ScopeContext = {
    groups: scopeGroups,
    labels,
    privileged,
    policy: settings.undefinedRates,
    alpha: settings.alpha,
    scores:
      segments && scoreSums && data.rocAuc && data.meanScore
        ? {
            rocAuc: data.rocAuc,
            meanScore: data.meanScore,
            overallRocAuc: isAll ? overallAuc : pooledRocAuc(segments, scopeGroups),
            overallMeanScore: scopeGroups.reduce((s, g) => s + scoreSums[g]!, 0) / pooledCount(counts.cells, scopeGroups),
          }
        : null,
  };
  const stats = scopeStatistics(counts.cells, context);
  const sweep = bins && settings.thresholds ? thresholdSweep(bins, settings.thresholds, { groups: scopeGroups, privileged }, settings.undefinedRates) : null;
  const report: ScopeReport = {
    scope: kind,
    groups: scopeGroups.map((g) => labels[g]!),
    rows: pooledCount(counts.cells, scopeGroups),
    fairlearn: stats.fairlearn,
    aif360: encodeAif360Section(stats.aif360),
    aif360Unavailable: stats.aif360 ? null : reason,
    inequality: encodeInequality(stats.inequality),
    thresholdSweep: sweep && sweep.map((p) => ({ ...p, disparateImpact: encodeExtended(p.disparateImpact) })),
  };
  return { context, report };
}

function pooledCount(cells: Float64Array, groups: readonly number[]): number {
  const cm = pooledConfusion(cells, groups);
  return cm.tp + cm.fp + cm.tn + cm.fn;
}

/** The bootstrap's view of a grouping: the same shape as the report's resampled parts. */
function resampledView(cells: Float64Array, rows: number, scopes: { all: ScopeContext; judged: ScopeContext | null }) {
  const noScores = (c: ScopeContext): ScopeContext => ({ ...c, scores: null });
  const view = (c: ScopeContext) => {
    const s = scopeStatistics(cells, noScores(c));
    return { fairlearn: s.fairlearn, aif360: s.aif360 ?? undefined, inequality: s.inequality };
  };
  return {
    groups: Array.from({ length: cells.length / 4 }, (_, g) => ({ rates: ratesFromConfusion(confusionOf(cells, g), rows) })),
    all: view(scopes.all),
    judged: scopes.judged ? view(scopes.judged) : undefined,
  };
}

function reportGrouping(data: GroupingData, settings: ResolvedFairnessSettings, rows: number, overallAuc: number | null): GroupingReport {
  const { grouping, counts, bins } = data;
  const calibration = bins ? calibrationByGroup(bins) : null;
  const groups: GroupReport[] = grouping.groups.map((g, i) => {
    const confusion = confusionOf(counts.cells, i);
    const rates = ratesFromConfusion(confusion, rows);
    return {
      label: g.label,
      values: g.values,
      confusion,
      tooSmall: rates.count < settings.minGroupSize,
      rates,
      rocAuc: data.rocAuc ? data.rocAuc[i]! : null,
      meanScore: data.meanScore ? data.meanScore[i]! : null,
      calibration: calibration ? calibration[i]! : null,
    };
  });
  const allGroups = groups.map((_, i) => i);
  const judgedGroups = allGroups.filter((i) => !groups[i]!.tooSmall);
  const all = buildScope('all', allGroups, data, settings, overallAuc);
  const judged = judgedGroups.length > 0 ? buildScope('judged', judgedGroups, data, settings, overallAuc) : null;
  let intervals: GroupingReport['intervals'] = null;
  if (settings.bootstrap) {
    const scopes = { all: all.context, judged: judged?.context ?? null };
    const paths: string[] = [];
    collectLeaves(resampledView(counts.cells, rows, scopes), '', [], paths);
    const evaluate = (cells: Float64Array) => {
      const values: number[] = [];
      collectLeaves(resampledView(cells, rows, scopes), '', values, null);
      return values;
    };
    const found = bootstrapIntervals(counts.cells, evaluate, paths.map(fairValueOf), settings.bootstrap);
    intervals = Object.fromEntries(paths.map((p, i) => [p, found[i]!]));
  }
  return {
    key: grouping.key,
    attributes: grouping.attributes,
    possibleCells: grouping.possibleCells,
    emptyCells: grouping.emptyCells,
    groups,
    all: all.report,
    judged: judged ? judged.report : null,
    intervals,
  };
}

/** Computes the fairness report of labelled predictions grouped by sensitive attributes. */
export function computeFairnessReport(input: FairnessInput, options: FairnessOptions = {}): FairnessReport {
  const settings = resolveFairnessSettings(input, options);
  const rows = input.actual.length;
  for (const a of input.attributes) {
    if (a.values.length !== rows) throw new RangeError(`attribute "${a.name}" has ${a.values.length} values for ${rows} rows`);
  }
  const scores = input.scores ?? null;
  const coded = new Map<string, CodedAttribute>();
  for (const a of input.attributes) {
    if (settings.groupings.some((g) => g.includes(a.name))) coded.set(a.name, codeAttribute(a, settings.maxDistinctValues));
  }
  const edges = settings.thresholds ? binEdges(settings.thresholds) : null;
  const data: GroupingData[] = settings.groupings.map((attrs) => {
    const grouping = groupByAttributes(attrs.map((a) => coded.get(a)!));
    const counts = countByGroup(input, grouping.group, grouping.groups.length);
    const segments = scores ? sortScoresByGroup(scores, input.actual, grouping.group, counts.cells) : null;
    return {
      grouping,
      counts,
      segments,
      bins: scores && edges ? binScores(scores, input.actual, grouping.group, grouping.groups.length, edges) : null,
      rocAuc: segments && grouping.groups.map((_, g) => groupRocAuc(segments, g)),
      meanScore: counts.scoreSums && meanScores(counts.scoreSums, counts.cells),
    };
  });
  // Every grouping partitions the rows, so the first one's groups pooled are all rows.
  const first = data[0]!;
  const allOfFirst = first.grouping.groups.map((_, g) => g);
  const overallConfusion = pooledConfusion(first.counts.cells, allOfFirst);
  const overallAuc = first.segments ? pooledRocAuc(first.segments, allOfFirst) : null;
  const scoreSum = first.counts.scoreSums ? first.counts.scoreSums.reduce((s, v) => s + v, 0) : null;
  const overallInequality = scopeStatistics(first.counts.cells, {
    groups: allOfFirst,
    labels: [],
    privileged: null,
    policy: settings.undefinedRates,
    alpha: settings.alpha,
    scores: null,
  }).inequality;
  return {
    schemaVersion: 1,
    rows,
    settings,
    overall: {
      confusion: overallConfusion,
      rates: ratesFromConfusion(overallConfusion, rows),
      rocAuc: overallAuc,
      meanScore: scoreSum === null || rows === 0 ? null : scoreSum / rows,
    },
    inequality: encodeInequality(overallInequality),
    scoresOutsideUnitInterval: first.bins ? first.bins.outsideUnitInterval : null,
    groupings: data.map((d) => reportGrouping(d, settings, rows, overallAuc)),
  };
}
