'use client';

import { LineChart } from '@/app/_components/charts';
import type { ThresholdPointReport } from '@/server/fairness/fairness-report-types';
import { decimal } from './fairness-format';

const DP = 'Demographic parity difference';
const EO = 'Equalized odds difference';
const ACCURACY = 'Accuracy';

/** The headline disparities and accuracy had the model predicted positive at score ≥ t. */
export function ThresholdSweepChart({ points }: { points: ThresholdPointReport[] }) {
  const data = points.map((p) => ({ threshold: p.threshold.toFixed(2), [DP]: p.demographicParityDifference, [EO]: p.equalizedOddsDifference, [ACCURACY]: p.accuracy }));
  const violating = points.filter((p) => p.fourFifthsViolated).map((p) => p.threshold.toFixed(2));
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-default text-tremor-content-emphasis">
        Fairlearn differences over the groups in scope, and accuracy over their rows, for each threshold on the score (predicted positive when score ≥ threshold).
      </p>
      <LineChart
        className="mt-3 h-64"
        data={data}
        index="threshold"
        categories={[DP, EO, ACCURACY]}
        colors={['indigo', 'rose', 'emerald']}
        valueFormatter={(v) => decimal(v)}
        yAxisWidth={56}
        minValue={0}
        maxValue={1}
        connectNulls
        xAxisLabel="Threshold"
      />
      {violating.length ? (
        <p className="mt-2 text-tremor-label text-tremor-content">Disparate impact outside the four-fifths range at thresholds {violating.join(', ')}.</p>
      ) : null}
    </div>
  );
}
